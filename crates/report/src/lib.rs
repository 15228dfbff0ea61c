//! Figures and the one-page HTML report of the rgae study.
//!
//! The study pipeline computes numbers; this crate turns them into pictures and a page:
//!
//! * **Figures** ([`figure`]): [`LinePlot`], [`Scatter`], [`Heatmap`], [`HeatmapGrid`],
//!   [`Lattices`] and [`Bars`], each built with chained setters and rendered to an SVG
//!   string by `to_svg()`. Inputs are validated first: NaN and ±∞ are **rejected** with
//!   [`Error::NonFinite`] (naming the figure, series and index), never drawn as gaps.
//! * **PNG** ([`png`]): [`svg_to_png`] rasterises any of them with resvg and the
//!   system's fonts ([`Error::NoFonts`] when there are none).
//! * **Files** ([`write`]): [`write_figure`] writes `name.svg` and `name.png`
//!   atomically; [`write_atomic`] does the same for any file (report.html, metrics.json).
//! * **Page** ([`html`]): [`Report`] → sections → paragraphs, figures, tables, verdicts,
//!   code → [`Report::to_html`], one self-contained page (inline CSS and SVG, no script,
//!   no external reference), which [`external_references`] ([`refs`]) can verify.
//!
//! ```
//! use report::{external_references, Bars, LinePlot, Report, Verdict};
//!
//! let beta = [0.3, 0.44, 0.6];
//! let energy = LinePlot::new("Energy per spin")
//!     .x_label("β")
//!     .y_label("⟨u⟩")
//!     .series_with_errors("L = 32", &beta, &[-0.66, -1.40, -1.85], &[0.01, 0.02, 0.01])
//!     .vline(0.4406868, "β_c")
//!     .to_svg()?;
//! let sparsity = Bars::new("Sparsity")
//!     .categories(["L1/L2"])
//!     .series_with_errors("RG", &[0.9], &[0.02])
//!     .series_with_errors("AE", &[0.4], &[0.05])
//!     .to_svg()?;
//!
//! let mut page = Report::new("RG vs autoencoders");
//! page.section("data", "1. Data").figure(&energy, "Energy against β.");
//! page.section("claims", "10. Claims")
//!     .figure(&sparsity, "Sparsity over 3 seeds.")
//!     .verdict("C1: RG weights are sparser", Verdict::Holds, "0.90 ± 0.02 vs 0.40 ± 0.05");
//! let html = page.to_html()?;
//! assert!(external_references(&html).is_empty());
//!
//! // Files, as the pipeline writes them (the PNG needs fonts on the machine):
//! let dir = std::env::temp_dir().join(format!("report-lib-doc-{}", std::process::id()));
//! match report::write_figure(&dir, "energy", &energy) {
//!     Ok(_) | Err(report::Error::NoFonts) => {}
//!     Err(e) => return Err(e),
//! }
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), report::Error>(())
//! ```

#![warn(missing_docs)]

pub mod error;
pub mod figure;
pub mod html;
pub mod png;
pub mod refs;
pub mod write;

pub use error::{Error, Result};
pub use figure::{
    Bars, Colormap, GridScale, Heatmap, HeatmapGrid, Lattices, LegendPosition, LinePlot, Matrix, Scatter,
    PALETTE,
};
pub use html::{Report, Section, Verdict};
pub use png::{png_size, svg_size, svg_to_png};
pub use refs::external_references;
pub use write::{write_atomic, write_figure, write_figure_scaled, PNG_SCALE};
