//! A single heatmap of a matrix with a colour bar (a correlation matrix, a weight
//! matrix).
//!
//! Row 0 is at the top, column 0 at the left. Each cell is an integer number of pixels
//! square; a matrix with more cells than the picture has pixels (a 1024 × 1024 site
//! correlation matrix in a 480 px picture) is block-averaged down first. The picture is
//! embedded in the SVG as a `data:` PNG, so the figure stays small and self-contained.
//! Non-finite cells are rejected with [`Error::NonFinite`](crate::Error::NonFinite).
//!
//! ```
//! use report::{Colormap, Heatmap, Matrix};
//!
//! let m = Matrix::from_rows(&[vec![1.0, 0.3], vec![0.3, 1.0]])?;
//! let svg = Heatmap::new("Spin correlations", m)
//!     .colormap(Colormap::Diverging)
//!     .x_label("site j")
//!     .y_label("site i")
//!     .colorbar_label("C_ij")
//!     .to_svg()?;
//! assert!(svg.contains("site j") && svg.contains("data:image/png;base64,"));
//! # Ok::<(), report::Error>(())
//! ```

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::colormap::Colormap;
use super::common::{check_finite, fmt_tick, nice_ticks, render_svg};
use super::line::check_range;
use super::matrix::Matrix;
use super::raster::{colorbar_picture, draw_colorbar_axis, draw_frame, draw_text, matrix_picture};
use crate::error::Result;

/// A heatmap; build it with the chained setters, then call [`Heatmap::to_svg`].
#[derive(Debug, Clone)]
pub struct Heatmap {
    title: String,
    matrix: Matrix,
    colormap: Colormap,
    range: Option<(f64, f64)>,
    x_label: String,
    y_label: String,
    colorbar_label: String,
    side: u32,
}

impl Heatmap {
    /// A heatmap of `matrix` (diverging colour map, picture at most 480 px a side).
    pub fn new(title: impl Into<String>, matrix: Matrix) -> Self {
        Heatmap {
            title: title.into(),
            matrix,
            colormap: Colormap::Diverging,
            range: None,
            x_label: String::new(),
            y_label: String::new(),
            colorbar_label: String::new(),
            side: 480,
        }
    }

    /// The colour map (default [`Colormap::Diverging`]).
    pub fn colormap(mut self, colormap: Colormap) -> Self {
        self.colormap = colormap;
        self
    }

    /// Fixes the value range of the colour map (values outside get the end colours).
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    /// Label under the columns.
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// Label beside the rows.
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Label above the colour bar.
    pub fn colorbar_label(mut self, label: impl Into<String>) -> Self {
        self.colorbar_label = label.into();
        self
    }

    /// The largest side of the picture in pixels (the figure adds margins).
    pub fn size(mut self, side: u32) -> Self {
        self.side = side.max(8);
        self
    }

    /// Renders the heatmap as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let t = &self.title;
        let m = &self.matrix;
        check_finite(t, "matrix", m.data())?;
        let range = match self.range {
            Some(r) => check_range(t, "colour range", r, false)?,
            None => self.colormap.default_range(m.data()),
        };
        let pic = matrix_picture(m, self.side, self.side, self.colormap, range)?;
        let (top, left) = (48i32, 70i32);
        let (w, h) = (pic.w, pic.h);
        let bar_x = left + w as i32 + 26;
        let bar = colorbar_picture(self.colormap, 16, h)?;
        let fig_w = bar_x as u32 + 16 + 72;
        let fig_h = top as u32 + h + 56;
        let image = pic.place(left, top, w, h);
        let bar_image = bar.place(bar_x, top, 16, h);
        render_svg(t, fig_w, fig_h, |root| {
            draw_text(
                root,
                t,
                (fig_w as i32 / 2, 12),
                20,
                (HPos::Center, VPos::Top),
                false,
            )?;
            draw_frame(root, left, top, w, h)?;
            // Index ticks at cell centres.
            let tick = |n: usize| {
                let (ticks, step) = nice_ticks(0.0, n.saturating_sub(1) as f64, 5);
                let step = step.max(1.0);
                ticks
                    .into_iter()
                    .filter(|v| v.fract() == 0.0)
                    .map(move |v| (v, fmt_tick(v, step)))
            };
            let (rows, cols) = (m.rows() as f64, m.cols() as f64);
            for (v, s) in tick(m.cols()) {
                let x = left + ((v + 0.5) * f64::from(w) / cols).round() as i32;
                let y = top + h as i32;
                root.draw(&PathElement::new(vec![(x, y), (x, y + 4)], BLACK.stroke_width(1)))?;
                draw_text(root, &s, (x, y + 6), 12, (HPos::Center, VPos::Top), false)?;
            }
            for (v, s) in tick(m.rows()) {
                let y = top + ((v + 0.5) * f64::from(h) / rows).round() as i32;
                root.draw(&PathElement::new(
                    vec![(left - 4, y), (left, y)],
                    BLACK.stroke_width(1),
                ))?;
                draw_text(root, &s, (left - 7, y), 12, (HPos::Right, VPos::Center), false)?;
            }
            let label_y = top + h as i32 + 38;
            draw_text(
                root,
                &self.x_label,
                (left + w as i32 / 2, label_y),
                15,
                (HPos::Center, VPos::Center),
                false,
            )?;
            draw_text(
                root,
                &self.y_label,
                (18, top + h as i32 / 2),
                15,
                (HPos::Center, VPos::Center),
                true,
            )?;
            draw_colorbar_axis(root, (bar_x, top, 16, h), range, &self.colorbar_label)?;
            Ok(vec![image, bar_image])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::png::svg_size;
    use crate::Error;

    #[test]
    fn heatmap_has_labels_image_and_size() {
        let m = Matrix::new(32, 32, (0..1024).map(|i| f64::from(i % 7) - 3.0).collect()).unwrap();
        let svg = Heatmap::new("Receptive field", m)
            .x_label("column")
            .y_label("row")
            .colorbar_label("weight")
            .size(320)
            .to_svg()
            .unwrap();
        for needle in ["Receptive field", "column", "row", "weight", "<image"] {
            assert!(svg.contains(needle), "missing {needle}");
        }
        // 32 cells × 10 px, plus margins.
        let (w, h) = svg_size(&svg).unwrap();
        assert_eq!((w, h), (70 + 320 + 26 + 16 + 72, 48 + 320 + 56));
    }

    #[test]
    fn non_finite_cell_is_rejected() {
        let m = Matrix::new(2, 2, vec![0.0, 1.0, f64::NAN, 0.0]).unwrap();
        let e = Heatmap::new("c", m).to_svg().unwrap_err();
        assert!(matches!(e, Error::NonFinite { index: 2, .. }), "{e}");
        let m = Matrix::new(1, 1, vec![0.0]).unwrap();
        assert!(Heatmap::new("c", m).range(1.0, 1.0).to_svg().is_err());
    }
}
