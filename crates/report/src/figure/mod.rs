//! The figure kinds. Each is built with chained setters and rendered with `to_svg()`,
//! which validates every input first: NaN/∞ are rejected with
//! [`Error::NonFinite`](crate::Error::NonFinite), never drawn.
//!
//! | kind | for |
//! | --- | --- |
//! | [`LinePlot`] | series with error bars, dashed reference curves, marker lines, log y |
//! | [`Scatter`] | points, optional y = x diagonal |
//! | [`Heatmap`] | one matrix with a colour bar |
//! | [`HeatmapGrid`] | many small titled matrices, shared or per-panel colour range |
//! | [`Lattices`] | ±1 spin configurations as black/white pixels |
//! | [`Bars`] | grouped bars with error bars |

pub mod bars;
pub mod colormap;
pub(crate) mod common;
pub mod heatmap;
pub mod heatmap_grid;
pub mod lattice;
pub mod line;
pub mod matrix;
pub(crate) mod raster;
pub mod scatter;

pub use bars::Bars;
pub use colormap::Colormap;
pub use common::{LegendPosition, PALETTE};
pub use heatmap::Heatmap;
pub use heatmap_grid::{GridScale, HeatmapGrid};
pub use lattice::Lattices;
pub use line::LinePlot;
pub use matrix::Matrix;
pub use scatter::Scatter;
