//! The one error type of the crate.
//!
//! Every failure names what was wrong in words a reader of the study log can act on:
//! which figure, which series, which point. Non-finite input (NaN, ±∞) is **rejected**
//! with [`Error::NonFinite`]; no figure ever draws it as a gap or clamps it silently.

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while drawing, rasterising or writing the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input value was NaN or infinite.
    #[error(
        "figure {figure:?}: {what} has a non-finite value ({value}) at index {index}; \
         NaN and infinities are rejected, not drawn"
    )]
    NonFinite {
        /// Title of the figure being drawn.
        figure: String,
        /// Which input (e.g. `series "RG" y`).
        what: String,
        /// Index of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// Inputs that are finite but cannot be drawn (length mismatch, empty figure, y ≤ 0
    /// on a log axis, bad matrix shape, …).
    #[error("figure {figure:?}: {reason}")]
    Invalid {
        /// Title of the figure being drawn.
        figure: String,
        /// What is wrong.
        reason: String,
    },
    /// The plotting backend failed.
    #[error("figure {figure:?}: drawing failed: {reason}")]
    Draw {
        /// Title of the figure being drawn.
        figure: String,
        /// Backend message.
        reason: String,
    },
    /// No font face could be found, so text cannot be rasterised.
    #[error(
        "no fonts: no usable font face was found on this system, so figure text cannot be \
         rasterised to PNG (install a font package such as fonts-dejavu-core)"
    )]
    NoFonts,
    /// The SVG could not be parsed for rasterisation.
    #[error("svg could not be parsed: {0}")]
    Svg(String),
    /// PNG encoding or pixmap allocation failed.
    #[error("png: {0}")]
    Png(String),
    /// The HTML report is malformed (bad or duplicate section id, ragged table, …).
    #[error("report: {0}")]
    Report(String),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}
