//! A row of small spin configurations drawn as pixels, each with a title (sample
//! configurations across β, or a configuration beside its reconstructions).
//!
//! Spin +1 is black, −1 white. [`Lattices::spins`] takes ±1 spins and rejects any other
//! value; [`Lattices::values`] takes continuous values in [−1, 1] (an autoencoder's
//! reconstruction, a block average) drawn in shades of grey: non-finite values and values
//! outside [−1, 1] (beyond a rounding tolerance of 1e-6) are rejected.
//!
//! ```
//! use report::Lattices;
//!
//! let up = vec![1i8; 16];
//! let checker: Vec<i8> = (0..16).map(|i| if (i + i / 4) % 2 == 0 { 1 } else { -1 }).collect();
//! let svg = Lattices::new("Samples")
//!     .spins("β = 0.8", 4, &up)
//!     .spins("β = 0", 4, &checker)
//!     .to_svg()?;
//! assert!(svg.contains("β = 0.8"));
//! # Ok::<(), report::Error>(())
//! ```

use super::colormap::Colormap;
use super::common::{check_finite, invalid};
use super::heatmap_grid::{render_grid, GridSpec};
use super::matrix::Matrix;
use crate::error::{Error, Result};

/// A row of lattices; build it with the chained setters, then call [`Lattices::to_svg`].
#[derive(Debug, Clone)]
pub struct Lattices {
    title: String,
    panel_size: u32,
    columns: Option<usize>,
    panels: Vec<(String, Matrix)>,
    /// The first input error, reported by `to_svg` (keeps the setters chainable).
    error: Option<String>,
}

impl Lattices {
    /// A new empty row (panels 128 px; one row of up to 8 panels, then wrapping).
    pub fn new(title: impl Into<String>) -> Self {
        Lattices {
            title: title.into(),
            panel_size: 128,
            columns: None,
            panels: Vec::new(),
            error: None,
        }
    }

    /// Side of each panel's picture in pixels.
    pub fn panel_size(mut self, px: u32) -> Self {
        self.panel_size = px.max(4);
        self
    }

    /// Panels per row (default: all panels in one row, at most 8).
    pub fn columns(mut self, columns: usize) -> Self {
        self.columns = Some(columns.max(1));
        self
    }

    fn push(mut self, title: String, side: usize, values: Vec<f64>) -> Self {
        if self.error.is_none() {
            match Matrix::new(side, side, values) {
                Ok(m) => self.panels.push((title, m)),
                Err(Error::Invalid { reason, .. }) => {
                    self.error = Some(format!("lattice {title:?}: {reason}"));
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        self
    }

    /// Adds a `side × side` configuration of ±1 spins, row-major.
    pub fn spins(mut self, title: impl Into<String>, side: usize, spins: &[i8]) -> Self {
        let title = title.into();
        if let Some(i) = spins.iter().position(|s| *s != 1 && *s != -1) {
            if self.error.is_none() {
                self.error = Some(format!(
                    "lattice {title:?}: spin {} at index {i} is not ±1",
                    spins[i]
                ));
            }
            return self;
        }
        let values = spins.iter().map(|&s| f64::from(s)).collect();
        self.push(title, side, values)
    }

    /// Adds a `side × side` configuration of values in [−1, 1], row-major, drawn grey.
    pub fn values(mut self, title: impl Into<String>, side: usize, values: &[f64]) -> Self {
        let title = title.into();
        // Non-finite values pass through unchanged and are reported by `to_svg`.
        if let Some(i) = values.iter().position(|v| v.is_finite() && v.abs() > 1.0 + 1e-6) {
            if self.error.is_none() {
                self.error = Some(format!(
                    "lattice {title:?}: value {} at index {i} is outside [-1, 1]",
                    values[i]
                ));
            }
            return self;
        }
        let values = values
            .iter()
            .map(|&v| if v.is_finite() { v.clamp(-1.0, 1.0) } else { v })
            .collect();
        self.push(title, side, values)
    }

    /// Renders the row as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let t = &self.title;
        for (name, m) in &self.panels {
            check_finite(t, &format!("lattice {name:?}"), m.data())?;
        }
        if let Some(e) = &self.error {
            return Err(invalid(t, e.clone()));
        }
        if self.panels.is_empty() {
            return Err(invalid(t, "no lattice to draw"));
        }
        let ranges = vec![(-1.0, 1.0); self.panels.len()];
        render_grid(&GridSpec {
            title: t,
            panels: &self.panels,
            ranges: &ranges,
            columns: self.columns.unwrap_or(self.panels.len().min(8)),
            panel: self.panel_size,
            colormap: Colormap::Grays,
            colorbar: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lattices_render_each_title() {
        let s: Vec<i8> = (0..64).map(|i| if i % 3 == 0 { 1 } else { -1 }).collect();
        let v: Vec<f64> = (0..64)
            .map(|i| (f64::from(i) / 32.0 - 1.0).clamp(-1.0, 1.0))
            .collect();
        let svg = Lattices::new("Samples across β")
            .spins("β = 0.30", 8, &s)
            .values("AE reconstruction", 8, &v)
            .to_svg()
            .unwrap();
        assert!(svg.contains("β = 0.30") && svg.contains("AE reconstruction"));
        assert_eq!(svg.matches("<image").count(), 2);
    }

    #[test]
    fn bad_spins_and_values_are_errors() {
        let e = Lattices::new("x")
            .spins("a", 2, &[1, 0, 1, -1])
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("not ±1"), "{e}");
        let e = Lattices::new("x")
            .spins("a", 3, &[1, 1, 1, -1])
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("needs 9 values"), "{e}");
        let e = Lattices::new("x")
            .values("a", 1, &[f64::NAN])
            .to_svg()
            .unwrap_err();
        assert!(matches!(e, Error::NonFinite { .. }), "{e}");
        let e = Lattices::new("x").values("a", 1, &[1.5]).to_svg().unwrap_err();
        assert!(e.to_string().contains("outside"), "{e}");
        assert!(Lattices::new("x").to_svg().is_err());
    }
}
