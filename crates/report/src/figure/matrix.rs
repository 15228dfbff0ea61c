//! A dense row-major matrix of `f64`, the input of heatmaps.
//!
//! ```
//! use report::Matrix;
//! let m = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0]])?;
//! assert_eq!((m.rows(), m.cols(), m.get(1, 0)), (2, 2, 3.0));
//! # Ok::<(), report::Error>(())
//! ```

use crate::error::{Error, Result};

/// A `rows × cols` matrix stored row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

fn shape_err(reason: String) -> Error {
    Error::Invalid {
        figure: "matrix".into(),
        reason,
    }
}

impl Matrix {
    /// A matrix from row-major data; `data.len()` must be `rows * cols`, both ≥ 1.
    /// (Finiteness is checked by the figure that draws it, which can name it.)
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self> {
        if rows == 0 || cols == 0 {
            return Err(shape_err(format!("shape {rows} x {cols} is empty")));
        }
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(shape_err(format!(
                "shape {rows} x {cols} needs {} values, got {}",
                rows.saturating_mul(cols),
                data.len()
            )));
        }
        Ok(Matrix { rows, cols, data })
    }

    /// A matrix from equal-length rows.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self> {
        let cols = rows.first().map_or(0, Vec::len);
        if let Some(i) = rows.iter().position(|r| r.len() != cols) {
            return Err(shape_err(format!(
                "row {i} has {} values but row 0 has {cols}",
                rows[i].len()
            )));
        }
        Matrix::new(rows.len(), cols, rows.concat())
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The value at (`r`, `c`). Panics when out of bounds.
    pub fn get(&self, r: usize, c: usize) -> f64 {
        assert!(r < self.rows && c < self.cols, "index ({r}, {c}) out of bounds");
        self.data[r * self.cols + c]
    }

    /// The row-major values.
    pub fn data(&self) -> &[f64] {
        &self.data
    }

    /// Block-averages so that neither side exceeds `max_side` (blocks of `f × f` with
    /// the smallest integer `f` that fits; edge blocks average what they cover).
    /// Returns the matrix unchanged when it already fits.
    pub(crate) fn downsampled(&self, max_side: usize) -> Matrix {
        let max_side = max_side.max(1);
        let f = self.rows.max(self.cols).div_ceil(max_side);
        if f <= 1 {
            return self.clone();
        }
        let (nr, nc) = (self.rows.div_ceil(f), self.cols.div_ceil(f));
        let mut data = Vec::with_capacity(nr * nc);
        for br in 0..nr {
            for bc in 0..nc {
                let (mut sum, mut n) = (0.0, 0usize);
                for r in br * f..((br + 1) * f).min(self.rows) {
                    for c in bc * f..((bc + 1) * f).min(self.cols) {
                        sum += self.data[r * self.cols + c];
                        n += 1;
                    }
                }
                data.push(sum / n as f64);
            }
        }
        Matrix {
            rows: nr,
            cols: nc,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_checked() {
        assert!(Matrix::new(2, 2, vec![1.0; 3]).is_err());
        assert!(Matrix::new(0, 2, vec![]).is_err());
        assert!(Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_err());
        assert!(Matrix::from_rows(&[]).is_err());
    }

    #[test]
    fn downsampling_averages_blocks() {
        let m = Matrix::new(4, 4, (0..16).map(f64::from).collect()).unwrap();
        assert_eq!(m.downsampled(4), m);
        let d = m.downsampled(2);
        assert_eq!((d.rows(), d.cols()), (2, 2));
        assert_eq!(d.get(0, 0), (0.0 + 1.0 + 4.0 + 5.0) / 4.0);
        let d = m.downsampled(3); // f = 2
        assert_eq!((d.rows(), d.cols()), (2, 2));
        let odd = Matrix::new(3, 3, vec![1.0; 9]).unwrap().downsampled(2);
        assert_eq!((odd.rows(), odd.cols()), (2, 2));
        assert!(odd.data().iter().all(|v| *v == 1.0));
    }
}
