//! Pixel-level building blocks of the matrix pictures (heatmaps, heatmap grids,
//! lattices): a matrix as an embedded PNG, a colour bar, positioned text.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::colormap::Colormap;
use super::common::{encode_rgb_png, fmt_tick, nice_ticks, text_style, Area, DrawError, RasterImage};
use super::matrix::Matrix;
use crate::error::Result;

/// A matrix rendered to pixels: the PNG and its display size.
pub(crate) struct MatrixPicture {
    pub w: u32,
    pub h: u32,
    pub png: Vec<u8>,
}

impl MatrixPicture {
    /// Places the picture centred in the box at (`x`, `y`) of size `bw × bh`.
    pub fn place(self, x: i32, y: i32, bw: u32, bh: u32) -> RasterImage {
        RasterImage {
            x: x + (bw as i32 - self.w as i32) / 2,
            y: y + (bh as i32 - self.h as i32) / 2,
            w: self.w,
            h: self.h,
            png: self.png,
        }
    }
}

/// Renders `m` with `cmap` over `[lo, hi]` into at most `box_w × box_h` pixels: each
/// cell becomes a `k × k` square with the largest integer `k` that fits; a matrix with
/// more cells than pixels is first block-averaged down to fit.
pub(crate) fn matrix_picture(
    m: &Matrix,
    box_w: u32,
    box_h: u32,
    cmap: Colormap,
    (lo, hi): (f64, f64),
) -> Result<MatrixPicture> {
    let (bw, bh) = (box_w.max(1) as usize, box_h.max(1) as usize);
    // Downsample so that both sides fit (keeping the aspect ratio).
    let f = m.rows().div_ceil(bh).max(m.cols().div_ceil(bw));
    let d = if f > 1 {
        m.downsampled(m.rows().max(m.cols()).div_ceil(f))
    } else {
        m.clone()
    };
    let k = (bw / d.cols()).min(bh / d.rows()).max(1);
    let rgb: Vec<[u8; 3]> = d.data().iter().map(|&v| cmap.color_in(v, lo, hi)).collect();
    let png = encode_rgb_png(d.cols(), d.rows(), k, &rgb)?;
    Ok(MatrixPicture {
        w: (d.cols() * k) as u32,
        h: (d.rows() * k) as u32,
        png,
    })
}

/// A vertical colour bar (high at the top) as a picture `w × h` pixels.
pub(crate) fn colorbar_picture(cmap: Colormap, w: u32, h: u32) -> Result<MatrixPicture> {
    const STEPS: usize = 256;
    let rgb: Vec<[u8; 3]> = (0..STEPS)
        .map(|i| cmap.color(1.0 - i as f64 / (STEPS - 1) as f64))
        .collect();
    let png = encode_rgb_png(1, STEPS, 1, &rgb)?;
    Ok(MatrixPicture { w, h, png })
}

/// Draws text at pixel (`x`, `y`) with the given anchor; `vertical` rotates it to read
/// bottom to top.
pub(crate) fn draw_text(
    root: &Area,
    s: &str,
    (x, y): (i32, i32),
    size: u32,
    anchor: (HPos, VPos),
    vertical: bool,
) -> std::result::Result<(), DrawError> {
    if s.is_empty() {
        return Ok(());
    }
    let mut style = text_style(size, &BLACK).pos(Pos::new(anchor.0, anchor.1));
    if vertical {
        style = style.transform(FontTransform::Rotate270);
    }
    root.draw(&Text::new(s.to_string(), (x, y), style))?;
    Ok(())
}

/// A thin grey frame just outside the pixel box (`x`, `y`, `w`, `h`).
pub(crate) fn draw_frame(root: &Area, x: i32, y: i32, w: u32, h: u32) -> std::result::Result<(), DrawError> {
    root.draw(&Rectangle::new(
        [(x - 1, y - 1), (x + w as i32, y + h as i32)],
        RGBColor(120, 120, 120).stroke_width(1),
    ))?;
    Ok(())
}

/// Draws the frame, ticks and tick labels of a colour bar whose picture occupies
/// (`x`, `y`, `w`, `h`), for values `[lo, hi]`, with an optional label above it.
pub(crate) fn draw_colorbar_axis(
    root: &Area,
    (x, y, w, h): (i32, i32, u32, u32),
    (lo, hi): (f64, f64),
    label: &str,
) -> std::result::Result<(), DrawError> {
    draw_frame(root, x, y, w, h)?;
    let (ticks, step) = nice_ticks(lo, hi, 5);
    let right = x + w as i32;
    for t in ticks {
        let ty = y + ((hi - t) / (hi - lo) * f64::from(h)).round() as i32;
        root.draw(&PathElement::new(
            vec![(right, ty), (right + 4, ty)],
            BLACK.stroke_width(1),
        ))?;
        draw_text(
            root,
            &fmt_tick(t, step),
            (right + 7, ty),
            12,
            (HPos::Left, VPos::Center),
            false,
        )?;
    }
    draw_text(
        root,
        label,
        (x + w as i32 / 2, y - 8),
        12,
        (HPos::Center, VPos::Bottom),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::png::png_size;

    #[test]
    fn cells_are_integer_squares_and_large_matrices_shrink() {
        let m = Matrix::new(16, 16, vec![0.5; 256]).unwrap();
        let p = matrix_picture(&m, 100, 100, Colormap::Sequential, (0.0, 1.0)).unwrap();
        assert_eq!((p.w, p.h), (96, 96)); // k = 6
        assert_eq!(png_size(&p.png), Some((96, 96)));
        let big = Matrix::new(1024, 512, vec![0.0; 1024 * 512]).unwrap();
        let p = matrix_picture(&big, 200, 200, Colormap::Diverging, (-1.0, 1.0)).unwrap();
        assert!(p.w <= 200 && p.h <= 200, "{} x {}", p.w, p.h);
        assert!(
            (f64::from(p.h) / f64::from(p.w) - 2.0).abs() < 0.05,
            "{} x {}",
            p.w,
            p.h
        );
    }
}
