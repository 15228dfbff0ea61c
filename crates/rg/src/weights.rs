//! Shape measures of a dense linear map from an L×L lattice: how sparse, how local and
//! how block-like the learned weights are, compared with the RG kernels.
//!
//! The matrix `W` is row-major with one row per unit and one column per lattice site
//! (site index y·L + x). Blocks are b×b as in [`crate::block`]: block c = (X, Y) holds
//! x ∈ [bX, bX + b), y ∈ [bY, bY + b), c = Y·(L/b) + X.
//!
//! | measure | definition | ideal block-sum kernel |
//! |---|---|---|
//! | Hoyer sparsity | (√n − ‖w‖₁/‖w‖₂)/(√n − 1) per row, averaged (0 dense, 1 one-hot) | (√N − b)/(√N − 1) |
//! | Gini coefficient | of the sorted \|w\| per row (Hurley–Rickard), averaged | 1 − b²/N |
//! | locality | share of each row's \|w\| inside its best aligned b×b block, averaged | 1 |
//! | locality (any window) | the same over every periodic b×b window, not only aligned ones | 1 |
//! | cosine to block-sum | mean over rows of max over blocks c of \|cos(w, 1_c)\| | 1 |
//! | cosine to decimation | mean over rows of max over blocks of \|cos(w, e_{first(c)})\| | 1/b |
//! | subspace share | ‖W P‖²/‖W‖², P the projector on the kernel's row space | 1 |
//! | singular values | of W, descending | b (×(L/b)²) |
//!
//! The cosine measures take the best-matching block for every unit and ignore signs, so
//! a network whose units are permuted or sign-flipped copies of the kernel scores 1.
//! The subspace share is invariant to any invertible mixing of the units.
//!
//! ```
//! use rg::weights::{block_sum_kernel, weight_measures};
//! let k = block_sum_kernel(4, 2); // 4 units × 16 sites
//! let m = weight_measures(&k, 4, 4, 2);
//! assert!((m.cosine_block_sum - 1.0).abs() < 1e-12);
//! assert!((m.locality - 1.0).abs() < 1e-12);
//! assert!((m.singular_values[0] - 2.0).abs() < 1e-12);
//! ```

use nalgebra::DMatrix;
use serde::Serialize;

/// Measures of one weight matrix (see the module table).
#[derive(Clone, Debug, Serialize)]
pub struct WeightMeasures {
    pub units: usize,
    pub size: usize,
    pub block: usize,
    pub hoyer: f64,
    pub gini: f64,
    pub locality: f64,
    pub locality_any_window: f64,
    pub cosine_block_sum: f64,
    pub cosine_decimation: f64,
    pub subspace_block_sum: f64,
    pub subspace_decimation: f64,
    /// Singular values, descending.
    pub singular_values: Vec<f64>,
}

/// Hoyer's sparsity of a vector: 0 for equal magnitudes, 1 for a single non-zero.
/// NaN for the zero vector; 0 for a vector of length 1 by convention.
pub fn hoyer(w: &[f64]) -> f64 {
    let n = w.len() as f64;
    let l1: f64 = w.iter().map(|v| v.abs()).sum();
    let l2: f64 = w.iter().map(|v| v * v).sum::<f64>().sqrt();
    if l2 == 0.0 {
        return f64::NAN;
    }
    if w.len() == 1 {
        return 0.0;
    }
    (n.sqrt() - l1 / l2) / (n.sqrt() - 1.0)
}

/// Gini coefficient of |w| (Hurley and Rickard 2009): 0 for equal magnitudes, → 1 for
/// a single non-zero among many. NaN for the zero vector.
pub fn gini(w: &[f64]) -> f64 {
    let mut c: Vec<f64> = w.iter().map(|v| v.abs()).collect();
    let l1: f64 = c.iter().sum();
    if l1 == 0.0 {
        return f64::NAN;
    }
    c.sort_by(|a, b| a.total_cmp(b));
    let n = c.len() as f64;
    1.0 - 2.0
        * c.iter()
            .enumerate()
            .map(|(k, &v)| v / l1 * (n - (k as f64 + 1.0) + 0.5) / n)
            .sum::<f64>()
}

/// Sites of block c on an L×L lattice with b×b blocks, optionally shifted by (dx, dy)
/// with periodic wrap.
fn window_sites(size: usize, b: usize, x0: usize, y0: usize) -> impl Iterator<Item = usize> {
    (0..b).flat_map(move |i| (0..b).map(move |j| ((y0 + i) % size) * size + (x0 + j) % size))
}

/// The ideal block-sum kernel: (L/b)² rows, row c has 1 on the sites of block c.
pub fn block_sum_kernel(size: usize, b: usize) -> Vec<f64> {
    assert!(b >= 1 && size % b == 0, "size must be a multiple of the block");
    let n = size / b;
    let mut k = vec![0.0; n * n * size * size];
    for c in 0..n * n {
        for s in window_sites(size, b, (c % n) * b, (c / n) * b) {
            k[c * size * size + s] = 1.0;
        }
    }
    k
}

/// The decimation kernel: (L/b)² rows, row c has 1 on the first (top-left) site of block c.
pub fn decimation_kernel(size: usize, b: usize) -> Vec<f64> {
    assert!(b >= 1 && size % b == 0, "size must be a multiple of the block");
    let n = size / b;
    let mut k = vec![0.0; n * n * size * size];
    for c in 0..n * n {
        k[c * size * size + (c / n) * b * size + (c % n) * b] = 1.0;
    }
    k
}

/// All measures of `w` (`units` rows × L² columns, row-major) for b×b blocks.
pub fn weight_measures<T: Copy + Into<f64>>(
    w: &[T],
    units: usize,
    size: usize,
    block: usize,
) -> WeightMeasures {
    let sites = size * size;
    assert!(units >= 1, "need at least one unit");
    assert_eq!(w.len(), units * sites, "weights must be units × L²");
    assert!(
        block >= 1 && size % block == 0,
        "size must be a multiple of the block"
    );
    let w: Vec<f64> = w.iter().map(|&v| v.into()).collect();
    let rows: Vec<&[f64]> = w.chunks(sites).collect();
    let nb = size / block;
    let mean = |f: &dyn Fn(&[f64]) -> f64| {
        let vals: Vec<f64> = rows.iter().map(|r| f(r)).filter(|v| !v.is_nan()).collect();
        if vals.is_empty() {
            f64::NAN
        } else {
            vals.iter().sum::<f64>() / vals.len() as f64
        }
    };
    let share = |r: &[f64], x0: usize, y0: usize| -> f64 {
        window_sites(size, block, x0, y0).map(|s| r[s].abs()).sum::<f64>()
    };
    let locality = mean(&|r: &[f64]| {
        let total: f64 = r.iter().map(|v| v.abs()).sum();
        if total == 0.0 {
            return f64::NAN;
        }
        (0..nb * nb)
            .map(|c| share(r, (c % nb) * block, (c / nb) * block))
            .fold(0.0, f64::max)
            / total
    });
    let locality_any_window = mean(&|r: &[f64]| {
        let total: f64 = r.iter().map(|v| v.abs()).sum();
        if total == 0.0 {
            return f64::NAN;
        }
        (0..sites)
            .map(|s| share(r, s % size, s / size))
            .fold(0.0, f64::max)
            / total
    });
    let b2 = (block * block) as f64;
    let cosine_block_sum = mean(&|r: &[f64]| {
        let norm: f64 = r.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return f64::NAN;
        }
        (0..nb * nb)
            .map(|c| {
                window_sites(size, block, (c % nb) * block, (c / nb) * block)
                    .map(|s| r[s])
                    .sum::<f64>()
                    .abs()
            })
            .fold(0.0, f64::max)
            / (norm * b2.sqrt())
    });
    let firsts: Vec<usize> = (0..nb * nb)
        .map(|c| (c / nb) * block * size + (c % nb) * block)
        .collect();
    let cosine_decimation = mean(&|r: &[f64]| {
        let norm: f64 = r.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return f64::NAN;
        }
        firsts.iter().map(|&s| r[s].abs()).fold(0.0, f64::max) / norm
    });
    let total_sq: f64 = w.iter().map(|v| v * v).sum();
    // Block-sum row space: projection of a row is its block means spread over the block,
    // so ‖row P‖² = Σ_c (Σ_{s∈c} w_s)² / b².
    let sub_bs: f64 = rows
        .iter()
        .map(|r| {
            (0..nb * nb)
                .map(|c| {
                    let s: f64 = window_sites(size, block, (c % nb) * block, (c / nb) * block)
                        .map(|s| r[s])
                        .sum();
                    s * s / b2
                })
                .sum::<f64>()
        })
        .sum();
    let sub_dec: f64 = rows
        .iter()
        .map(|r| firsts.iter().map(|&s| r[s] * r[s]).sum::<f64>())
        .sum();
    let (subspace_block_sum, subspace_decimation) = if total_sq > 0.0 {
        (sub_bs / total_sq, sub_dec / total_sq)
    } else {
        (f64::NAN, f64::NAN)
    };
    WeightMeasures {
        units,
        size,
        block,
        hoyer: mean(&hoyer),
        gini: mean(&gini),
        locality,
        locality_any_window,
        cosine_block_sum,
        cosine_decimation,
        subspace_block_sum,
        subspace_decimation,
        singular_values: singular_values(&w, units, sites),
    }
}

/// Singular values (descending) of a row-major rows × cols matrix. Up to 256 on the
/// short side: nalgebra's SVD. Larger (a 1024 × 4096 encoder, say, where the SVD takes
/// ~15 s): square roots of the eigenvalues of the smaller Gram matrix W Wᵀ or Wᵀ W
/// (nalgebra's symmetric eigensolver, ~1 s), exact in exact arithmetic; in floating
/// point a singular value σ carries an absolute error ~ ε σ_max² / σ, negligible for
/// the spectrum's shape but not for values below ~10⁻⁸ σ_max, which read as 0.
pub fn singular_values(w: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let m = DMatrix::from_row_slice(rows, cols, w);
    let mut sv: Vec<f64> = if rows.min(cols) <= 256 {
        m.singular_values().iter().copied().collect()
    } else {
        let gram = if rows <= cols {
            &m * m.transpose()
        } else {
            m.transpose() * &m
        };
        gram.symmetric_eigenvalues()
            .iter()
            .map(|&l| l.max(0.0).sqrt())
            .collect()
    };
    sv.sort_by(|a, b| b.total_cmp(a));
    sv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hoyer_and_gini_extremes() {
        let dense = vec![1.0; 16];
        let mut onehot = vec![0.0; 16];
        onehot[3] = -2.0;
        assert!(hoyer(&dense).abs() < 1e-12);
        assert!((hoyer(&onehot) - 1.0).abs() < 1e-12);
        assert!(gini(&dense).abs() < 1e-12);
        // One non-zero among n: G = 1 − 1/n.
        assert!((gini(&onehot) - (1.0 - 1.0 / 16.0)).abs() < 1e-12);
        // Hurley–Rickard on (0, 0, 1, 3): n = 4, sorted shares (0, 0, 1/4, 3/4),
        // G = 1 − 2[(1/4)(1.5/4) + (3/4)(0.5/4)] = 1 − 2(0.1875) = 0.625.
        assert!((gini(&[3.0, 0.0, 1.0, 0.0]) - 0.625).abs() < 1e-12);
    }

    #[test]
    fn kernels_score_as_the_table_says() {
        let (l, b) = (6, 3);
        let n = l * l;
        let units = (l / b) * (l / b);
        let bs = weight_measures(&block_sum_kernel(l, b), units, l, b);
        let expected_hoyer = ((n as f64).sqrt() - b as f64) / ((n as f64).sqrt() - 1.0);
        assert!((bs.hoyer - expected_hoyer).abs() < 1e-12);
        assert!((bs.gini - (1.0 - (b * b) as f64 / n as f64)).abs() < 1e-12);
        assert!((bs.locality - 1.0).abs() < 1e-12 && (bs.locality_any_window - 1.0).abs() < 1e-12);
        assert!((bs.cosine_block_sum - 1.0).abs() < 1e-12);
        assert!((bs.cosine_decimation - 1.0 / b as f64).abs() < 1e-12);
        assert!((bs.subspace_block_sum - 1.0).abs() < 1e-12);
        assert!(bs.singular_values.iter().all(|&s| (s - b as f64).abs() < 1e-10));
        let dec = weight_measures(&decimation_kernel(l, b), units, l, b);
        assert!((dec.hoyer - 1.0).abs() < 1e-12);
        assert!((dec.cosine_decimation - 1.0).abs() < 1e-12);
        assert!((dec.cosine_block_sum - 1.0 / b as f64).abs() < 1e-12);
        assert!((dec.subspace_decimation - 1.0).abs() < 1e-12);
        assert!((dec.subspace_block_sum - 1.0 / (b * b) as f64).abs() < 1e-12);
    }

    #[test]
    fn shifted_blocks_are_local_only_in_any_window() {
        // Block-sum kernel shifted by one site: aligned blocks catch 2×2 of the 3×3 mass.
        let (l, b) = (6, 3);
        let nb = l / b;
        let mut w = vec![0.0; nb * nb * l * l];
        for c in 0..nb * nb {
            for s in window_sites(l, b, (c % nb) * b + 1, (c / nb) * b + 1) {
                w[c * l * l + s] = -0.5; // sign must not matter
            }
        }
        let m = weight_measures(&w, nb * nb, l, b);
        assert!((m.locality - 4.0 / 9.0).abs() < 1e-12);
        assert!((m.locality_any_window - 1.0).abs() < 1e-12);
        // Permuting the units changes nothing.
        let mut p = w.clone();
        p.rotate_left(l * l);
        let mp = weight_measures(&p, nb * nb, l, b);
        assert!((mp.cosine_block_sum - m.cosine_block_sum).abs() < 1e-12);
    }

    #[test]
    fn gram_route_agrees_with_the_svd() {
        // 300 × 310 (the Gram route) against the same matrix's plain SVD.
        let mut rng = ising::rng::rng_from(4);
        let (r, c) = (300, 310);
        let w: Vec<f64> = (0..r * c).map(|_| ising::rng::uniform(&mut rng) - 0.5).collect();
        let fast = singular_values(&w, r, c);
        let mut svd: Vec<f64> = DMatrix::from_row_slice(r, c, &w)
            .singular_values()
            .iter()
            .copied()
            .collect();
        svd.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(fast.len(), 300);
        for (a, b) in fast.iter().zip(&svd) {
            assert!((a - b).abs() < 1e-9 * svd[0], "{a} vs {b}");
        }
    }

    #[test]
    fn singular_values_of_a_known_matrix() {
        // diag(3, 2) padded: singular values 3, 2.
        let w = vec![0.0, 3.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0];
        let sv = singular_values(&w, 2, 4);
        assert!((sv[0] - 3.0).abs() < 1e-12 && (sv[1] - 2.0).abs() < 1e-12);
    }
}
