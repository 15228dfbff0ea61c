//! Several small heatmaps in a grid, each with a title: receptive fields of network
//! units (16 units, each an L × L image), or correlation matrices of five kinds of data
//! at three temperatures (15 panels).
//!
//! With [`GridScale::Shared`] (the default) all panels use one colour range and one
//! colour bar, so panels can be compared; with [`GridScale::PerPanel`] each panel uses
//! its own default range (for the diverging map still symmetric, so white is zero) and
//! no colour bar is drawn. Panels may have different shapes. Non-finite cells are
//! rejected with [`Error::NonFinite`](crate::Error::NonFinite).
//!
//! ```
//! use report::{HeatmapGrid, Matrix};
//!
//! let mut grid = HeatmapGrid::new("RG encoder receptive fields").columns(4);
//! for u in 0..8 {
//!     let w = (0..64).map(|i| if i % 9 == u { 1.0 } else { 0.0 }).collect();
//!     grid = grid.panel(format!("unit {u}"), Matrix::new(8, 8, w)?);
//! }
//! let svg = grid.to_svg()?;
//! assert!(svg.contains("unit 7"));
//! # Ok::<(), report::Error>(())
//! ```

use plotters::style::text_anchor::{HPos, VPos};

use super::colormap::Colormap;
use super::common::{check_finite, invalid, render_svg, RasterImage};
use super::line::check_range;
use super::matrix::Matrix;
use super::raster::{colorbar_picture, draw_colorbar_axis, draw_frame, draw_text, matrix_picture};
use crate::error::Result;

/// How the panels of a [`HeatmapGrid`] share a colour range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridScale {
    /// One range for all panels, with one colour bar.
    #[default]
    Shared,
    /// Each panel its own range, no colour bar.
    PerPanel,
}

/// A grid of heatmaps; build it with the chained setters, then call
/// [`HeatmapGrid::to_svg`].
#[derive(Debug, Clone)]
pub struct HeatmapGrid {
    title: String,
    columns: Option<usize>,
    panel_size: u32,
    colormap: Colormap,
    scale: GridScale,
    range: Option<(f64, f64)>,
    colorbar_label: String,
    panels: Vec<(String, Matrix)>,
}

impl HeatmapGrid {
    /// A new empty grid (panels 150 px, about √n columns, diverging map, shared range).
    pub fn new(title: impl Into<String>) -> Self {
        HeatmapGrid {
            title: title.into(),
            columns: None,
            panel_size: 150,
            colormap: Colormap::Diverging,
            scale: GridScale::Shared,
            range: None,
            colorbar_label: String::new(),
            panels: Vec::new(),
        }
    }

    /// Number of panels per row (default ⌈√n⌉).
    pub fn columns(mut self, columns: usize) -> Self {
        self.columns = Some(columns.max(1));
        self
    }

    /// Side of each panel's picture in pixels.
    pub fn panel_size(mut self, px: u32) -> Self {
        self.panel_size = px.max(8);
        self
    }

    /// The colour map (default [`Colormap::Diverging`]).
    pub fn colormap(mut self, colormap: Colormap) -> Self {
        self.colormap = colormap;
        self
    }

    /// Shared or per-panel colour range.
    pub fn scale(mut self, scale: GridScale) -> Self {
        self.scale = scale;
        self
    }

    /// Fixes the shared colour range (ignored with [`GridScale::PerPanel`]).
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    /// Label above the colour bar.
    pub fn colorbar_label(mut self, label: impl Into<String>) -> Self {
        self.colorbar_label = label.into();
        self
    }

    /// Adds a panel.
    pub fn panel(mut self, title: impl Into<String>, matrix: Matrix) -> Self {
        self.panels.push((title.into(), matrix));
        self
    }

    /// Renders the grid as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let t = &self.title;
        if self.panels.is_empty() {
            return Err(invalid(t, "a heatmap grid needs at least one panel"));
        }
        for (name, m) in &self.panels {
            check_finite(t, &format!("panel {name:?}"), m.data())?;
        }
        let (ranges, colorbar) = match self.scale {
            GridScale::Shared => {
                let r = match self.range {
                    Some(r) => check_range(t, "colour range", r, false)?,
                    None => {
                        let all: Vec<f64> = self
                            .panels
                            .iter()
                            .flat_map(|(_, m)| m.data().iter().copied())
                            .collect();
                        self.colormap.default_range(&all)
                    }
                };
                (
                    vec![r; self.panels.len()],
                    Some((r, self.colorbar_label.as_str())),
                )
            }
            GridScale::PerPanel => (
                self.panels
                    .iter()
                    .map(|(_, m)| self.colormap.default_range(m.data()))
                    .collect(),
                None,
            ),
        };
        let columns = self
            .columns
            .unwrap_or_else(|| (self.panels.len() as f64).sqrt().ceil() as usize);
        render_grid(&GridSpec {
            title: t,
            panels: &self.panels,
            ranges: &ranges,
            columns,
            panel: self.panel_size,
            colormap: self.colormap,
            colorbar,
        })
    }
}

/// Everything [`render_grid`] needs; shared with [`Lattices`](super::lattice::Lattices).
pub(crate) struct GridSpec<'a> {
    pub title: &'a str,
    pub panels: &'a [(String, Matrix)],
    pub ranges: &'a [(f64, f64)],
    pub columns: usize,
    pub panel: u32,
    pub colormap: Colormap,
    pub colorbar: Option<((f64, f64), &'a str)>,
}

/// Lays out titled panels in a grid, with an optional colour bar on the right.
pub(crate) fn render_grid(spec: &GridSpec) -> Result<String> {
    const TOP: i32 = 48;
    const LEFT: i32 = 16;
    const PAD: u32 = 16;
    const TITLE_H: u32 = 22;
    let n = spec.panels.len();
    let cols = spec.columns.clamp(1, n);
    let rows = n.div_ceil(cols);
    let p = spec.panel;
    let (cell_w, cell_h) = (p + PAD, TITLE_H + p + PAD);
    let grid_w = cols as u32 * cell_w;
    let grid_h = rows as u32 * cell_h;
    let mut images: Vec<RasterImage> = Vec::with_capacity(n + 1);
    let mut frames = Vec::with_capacity(n);
    for (i, ((_, m), &range)) in spec.panels.iter().zip(spec.ranges).enumerate() {
        let x = LEFT + ((i % cols) as u32 * cell_w) as i32;
        let y = TOP + ((i / cols) as u32 * cell_h + TITLE_H) as i32;
        let im = matrix_picture(m, p, p, spec.colormap, range)?.place(x, y, p, p);
        frames.push((im.x, im.y, im.w, im.h));
        images.push(im);
    }
    let bar_h = grid_h - PAD - TITLE_H;
    let bar_x = LEFT + grid_w as i32 + 8;
    let bar_y = TOP + TITLE_H as i32;
    let fig_w = match spec.colorbar {
        Some(_) => bar_x as u32 + 16 + 72,
        None => LEFT as u32 * 2 + grid_w - PAD,
    }
    .max(320);
    let fig_h = TOP as u32 + grid_h;
    if spec.colorbar.is_some() {
        images.push(colorbar_picture(spec.colormap, 16, bar_h)?.place(bar_x, bar_y, 16, bar_h));
    }
    render_svg(spec.title, fig_w, fig_h, |root| {
        draw_text(
            root,
            spec.title,
            (fig_w as i32 / 2, 12),
            20,
            (HPos::Center, VPos::Top),
            false,
        )?;
        for (i, (name, _)) in spec.panels.iter().enumerate() {
            let x = LEFT + ((i % cols) as u32 * cell_w) as i32 + p as i32 / 2;
            let y = TOP + ((i / cols) as u32 * cell_h) as i32 + TITLE_H as i32 - 6;
            draw_text(root, name, (x, y), 13, (HPos::Center, VPos::Bottom), false)?;
        }
        for &(x, y, w, h) in &frames {
            draw_frame(root, x, y, w, h)?;
        }
        if let Some((range, label)) = spec.colorbar {
            draw_colorbar_axis(root, (bar_x, bar_y, 16, bar_h), range, label)?;
        }
        Ok(images)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn m(v: f64) -> Matrix {
        Matrix::new(4, 4, vec![v; 16]).unwrap()
    }

    #[test]
    fn fifteen_panels_all_titled_and_embedded() {
        let mut g = HeatmapGrid::new("Correlations").columns(5).colorbar_label("C");
        for kind in ["original", "RG", "AE code", "RG-AE", "AE recon"] {
            for beta in ["0.40", "0.44", "0.50"] {
                g = g.panel(format!("{kind} β={beta}"), m(0.5));
            }
        }
        let svg = g.to_svg().unwrap();
        assert_eq!(svg.matches("<image").count(), 16); // 15 panels + colour bar
        assert!(svg.contains("AE recon β=0.50") && svg.contains("Correlations"));
        let per = HeatmapGrid::new("w")
            .scale(GridScale::PerPanel)
            .panel("a", m(1.0))
            .panel("b", m(-2.0))
            .to_svg()
            .unwrap();
        assert_eq!(per.matches("<image").count(), 2); // no colour bar
    }

    #[test]
    fn empty_grid_and_nan_panel_are_errors() {
        assert!(matches!(
            HeatmapGrid::new("g").to_svg().unwrap_err(),
            Error::Invalid { .. }
        ));
        let bad = Matrix::new(1, 2, vec![0.0, f64::INFINITY]).unwrap();
        let e = HeatmapGrid::new("g")
            .panel("ok", m(0.0))
            .panel("bad", bad)
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("\"bad\""), "{e}");
    }
}
