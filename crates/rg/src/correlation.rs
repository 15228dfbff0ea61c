//! Spin correlations of a set of L×L configurations (all at one β).
//!
//! - [`correlation_matrix`]: the N×N matrices ⟨s_i s_j⟩ and the connected
//!   ⟨s_i s_j⟩ − ⟨s_i⟩⟨s_j⟩ (N = L²; one matrix product of the ±1 sample matrix).
//! - [`summarize`]: translation- and rotation-averaged G(r) = ⟨s_x s_{x+r ê}⟩ along the
//!   two axes for r = 0…L/2, its connected form G(r) − ⟨m⟩², the second-moment
//!   correlation length and the susceptibility, each with a jackknife error over
//!   contiguous groups of samples (see [`crate::groups`]).
//!
//! Second-moment correlation length (Cooper, Freedman and Preston 1982): with
//! M(k) = Σ_x s_x e^{ik·x}, χ = ⟨|M(0)|²⟩/N and F = ⟨|M(k_min)|²⟩/N at the smallest
//! non-zero wave vector (2π/L along either axis, both averaged),
//! ξ₂ = sqrt(χ/F − 1) / (2 sin(π/L)). It needs no fit and grows ∝ L at β_c (the
//! finite-size-scaling convention). It is meant for the disordered phase and β_c: in the
//! ordered phase ⟨M²⟩ holds the spontaneous moment and ξ₂ grows like L², and far above
//! T_c, where ξ ≲ 1, χ/F − 1 ≈ (2π ξ/L)² drowns in the noise of F on a large lattice
//! (the jackknife then shows it, or ξ₂ is NaN when χ < F).
//!
//! Nearest-neighbour G(1) equals −u/2 configuration by configuration (the energy per
//! spin is −2 × the average bond), which gives an exact check against Kaufman's energy.
//!
//! ```
//! use rg::correlation::summarize;
//! // Two ordered 4×4 lattices: G(r) = 1 for every r, no fluctuations.
//! let spins = vec![1i8; 2 * 16];
//! let c = summarize(&spins, 4, 2);
//! assert_eq!(c.g.len(), 3);
//! assert!(c.g.iter().all(|e| (e.mean - 1.0).abs() < 1e-12));
//! ```

use std::f64::consts::PI;

use ising::stats::Estimate;
use ndarray::{Array1, Array2, ArrayView2};
use serde::Serialize;

use crate::groups::{group_ranges, jackknife_sums};

/// ⟨s_i⟩, ⟨s_i s_j⟩ and the connected matrix over a set of configurations.
#[derive(Clone, Debug)]
pub struct CorrelationMatrix {
    pub mean: Array1<f64>,
    pub full: Array2<f64>,
    pub connected: Array2<f64>,
}

/// N×N correlation matrices of `configs` (sample-major, `sites` spins each). Memory is
/// 2 N² f64 (268 MB at L = 64); the product runs in f32, exact for up to 2²⁴ samples.
pub fn correlation_matrix(configs: &[i8], sites: usize) -> CorrelationMatrix {
    assert!(
        sites > 0 && configs.len() % sites == 0,
        "configs must hold whole configurations"
    );
    let n = configs.len() / sites;
    assert!(n > 0, "need at least one configuration");
    assert!(n <= 1 << 24, "too many samples for exact f32 sums");
    let x: Array2<f32> = Array2::from_shape_fn((n, sites), |(a, i)| configs[a * sites + i] as f32);
    let xt: ArrayView2<f32> = x.t();
    let prod = xt.dot(&x);
    let inv = 1.0 / n as f64;
    let mean: Array1<f64> = x.sum_axis(ndarray::Axis(0)).mapv(|v| v as f64 * inv);
    let full = prod.mapv(|v| v as f64 * inv);
    let mut connected = full.clone();
    for ((i, j), c) in connected.indexed_iter_mut() {
        *c -= mean[i] * mean[j];
    }
    CorrelationMatrix {
        mean,
        full,
        connected,
    }
}

/// Writes correlation matrices of several β to one `.npz` (atomically): `beta` (shape
/// B), `mean` (B × N), `full` and `connected` (B × N × N), all float32 except `beta`.
pub fn write_matrices_npz(
    path: &std::path::Path,
    betas: &[f64],
    mats: &[CorrelationMatrix],
) -> Result<(), String> {
    assert_eq!(betas.len(), mats.len(), "one matrix set per β");
    let n = mats.first().map_or(0, |m| m.mean.len());
    ising::dataset::write_atomically(path, |file| {
        let mut npz = ndarray_npy::NpzWriter::new_compressed(file);
        let e = |e: ndarray_npy::WriteNpzError| e.to_string();
        let stack3 = |f: &dyn Fn(&CorrelationMatrix) -> &Array2<f64>| {
            ndarray::Array3::from_shape_fn((mats.len(), n, n), |(b, i, j)| f(&mats[b])[[i, j]] as f32)
        };
        npz.add_array("beta", &Array1::from(betas.to_vec())).map_err(e)?;
        npz.add_array(
            "mean",
            &Array2::from_shape_fn((mats.len(), n), |(b, i)| mats[b].mean[i] as f32),
        )
        .map_err(e)?;
        npz.add_array("full", &stack3(&|m| &m.full)).map_err(e)?;
        npz.add_array("connected", &stack3(&|m| &m.connected))
            .map_err(e)?;
        npz.finish().map_err(e)?;
        Ok(())
    })
}

/// Correlation summaries of one set of configurations.
#[derive(Clone, Debug, Serialize)]
pub struct CorrelationSummary {
    pub size: usize,
    pub samples: usize,
    /// Groups used for the jackknife errors.
    pub groups: usize,
    /// G(r) for r = 0…L/2, averaged over sites and both axes.
    pub g: Vec<Estimate>,
    /// G(r) − ⟨m⟩² (m the signed magnetisation per spin, averaged over the samples).
    pub g_connected: Vec<Estimate>,
    /// Mean magnetisation per spin ⟨m⟩ and ⟨|m|⟩.
    pub m: Estimate,
    pub abs_m: Estimate,
    /// χ = ⟨M²⟩/N (the full second moment; equals β⁻¹ times the zero-field χ above T_c).
    pub chi: Estimate,
    /// Second-moment correlation length ξ₂ (NaN when χ ≤ F, e.g. in an ordered sample).
    pub xi2: Estimate,
}

/// Per-configuration quantities that the summary averages.
fn per_config(s: &[i8], size: usize) -> Vec<f64> {
    let n = size * size;
    let half = size / 2;
    // [G(0..=L/2), m, |m|, M², |M(k_x)|², |M(k_y)|²]
    let mut out = vec![0.0; half + 1 + 5];
    for (r, slot) in out.iter_mut().enumerate().take(half + 1) {
        let mut acc = 0i64;
        for y in 0..size {
            let yr = (y + r) % size;
            for x in 0..size {
                let xr = (x + r) % size;
                let s0 = s[y * size + x] as i64;
                acc += s0 * (s[y * size + xr] as i64 + s[yr * size + x] as i64);
            }
        }
        *slot = acc as f64 / (2 * n) as f64;
    }
    let m_tot: i64 = s.iter().map(|&v| v as i64).sum();
    let (mut cx, mut sx, mut cy, mut sy) = (0.0, 0.0, 0.0, 0.0);
    let w = 2.0 * PI / size as f64;
    // Row and column sums first: M(k_x) = Σ_x e^{ikx} (column sum at x).
    for i in 0..size {
        let (c, sn) = ((w * i as f64).cos(), (w * i as f64).sin());
        let col: i64 = (0..size).map(|y| s[y * size + i] as i64).sum();
        let row: i64 = s[i * size..(i + 1) * size].iter().map(|&v| v as i64).sum();
        cx += c * col as f64;
        sx += sn * col as f64;
        cy += c * row as f64;
        sy += sn * row as f64;
    }
    let base = half + 1;
    out[base] = m_tot as f64 / n as f64;
    out[base + 1] = (m_tot as f64 / n as f64).abs();
    out[base + 2] = (m_tot * m_tot) as f64;
    out[base + 3] = cx * cx + sx * sx;
    out[base + 4] = cy * cy + sy * sy;
    out
}

/// G(r), ξ₂ and χ of `configs` (sample-major L×L), errors by jackknife over `groups`
/// contiguous groups of samples.
pub fn summarize(configs: &[i8], size: usize, groups: usize) -> CorrelationSummary {
    let sites = size * size;
    assert!(size >= 2, "lattice too small");
    assert!(
        configs.len() % sites == 0 && !configs.is_empty(),
        "configs must hold whole configurations"
    );
    let n = configs.len() / sites;
    let half = size / 2;
    let width = half + 1 + 5;
    let ranges = group_ranges(n, groups);
    // Per group: [count, sums of the per-config vector].
    let sums: Vec<Vec<f64>> = ranges
        .iter()
        .map(|r| {
            let mut acc = vec![0.0; width + 1];
            for a in r.clone() {
                acc[0] += 1.0;
                let v = per_config(&configs[a * sites..(a + 1) * sites], size);
                acc[1..].iter_mut().zip(&v).for_each(|(t, x)| *t += x);
            }
            acc
        })
        .collect();
    let base = 1 + half + 1;
    let nn = sites as f64;
    let g = (0..=half)
        .map(|r| jackknife_sums(&sums, |s| s[1 + r] / s[0]))
        .collect();
    let g_connected = (0..=half)
        .map(|r| {
            jackknife_sums(&sums, |s| {
                let m = s[base] / s[0];
                s[1 + r] / s[0] - m * m
            })
        })
        .collect();
    let m = jackknife_sums(&sums, |s| s[base] / s[0]);
    let abs_m = jackknife_sums(&sums, |s| s[base + 1] / s[0]);
    let chi = jackknife_sums(&sums, |s| s[base + 2] / s[0] / nn);
    let xi2 = jackknife_sums(&sums, |s| {
        second_moment_length(s[base + 2] / s[0], 0.5 * (s[base + 3] + s[base + 4]) / s[0], size)
    });
    CorrelationSummary {
        size,
        samples: n,
        groups: ranges.len(),
        g,
        g_connected,
        m,
        abs_m,
        chi,
        xi2,
    }
}

/// ξ₂ = sqrt(⟨M²⟩/⟨|M(k_min)|²⟩ − 1) / (2 sin(π/L)); NaN when the ratio is below 1.
pub fn second_moment_length(m2: f64, mk2: f64, size: usize) -> f64 {
    let ratio = m2 / mk2;
    if ratio.is_nan() || ratio < 1.0 {
        return f64::NAN;
    }
    (ratio - 1.0).sqrt() / (2.0 * (PI / size as f64).sin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ising::rng::rng_from;

    #[test]
    fn nn_correlation_is_minus_half_the_energy() {
        let mut rng = rng_from(11);
        let lats: Vec<ising::Lattice> = (0..5).map(|_| ising::Lattice::random(8, &mut rng)).collect();
        let spins: Vec<i8> = lats.iter().flat_map(|l| l.spins().to_vec()).collect();
        let c = summarize(&spins, 8, 5);
        let u: f64 = lats.iter().map(|l| l.energy_per_spin()).sum::<f64>() / 5.0;
        assert!((c.g[1].mean + u / 2.0).abs() < 1e-12);
        assert_eq!(c.g[0].mean, 1.0);
    }

    #[test]
    fn stripes_have_the_expected_correlations() {
        // Vertical stripes of width 1: s(x, y) = (−1)^x. G along x alternates, along y is 1.
        let l = 6;
        let s: Vec<i8> = (0..l * l)
            .map(|i| if (i % l) % 2 == 0 { 1 } else { -1 })
            .collect();
        let c = summarize(&s, l, 1);
        assert!((c.g[1].mean - 0.0).abs() < 1e-12); // (−1 + 1)/2
        assert!((c.g[2].mean - 1.0).abs() < 1e-12);
        assert!((c.g[3].mean - 0.0).abs() < 1e-12);
        assert_eq!(c.chi.mean, 0.0);
    }

    #[test]
    fn matrix_matches_direct_sums() {
        let mut rng = rng_from(2);
        let spins: Vec<i8> = (0..7)
            .flat_map(|_| ising::Lattice::random(3, &mut rng).into_spins())
            .collect();
        let cm = correlation_matrix(&spins, 9);
        for i in 0..9 {
            for j in 0..9 {
                let direct: f64 = (0..7)
                    .map(|a| (spins[a * 9 + i] * spins[a * 9 + j]) as f64)
                    .sum::<f64>()
                    / 7.0;
                assert!((cm.full[[i, j]] - direct).abs() < 1e-12);
                let c = direct - cm.mean[i] * cm.mean[j];
                assert!((cm.connected[[i, j]] - c).abs() < 1e-12);
            }
            assert_eq!(cm.full[[i, i]], 1.0);
        }
    }

    #[test]
    fn random_spins_have_unit_chi() {
        // Independent spins: ⟨M²⟩/N = 1 exactly in expectation.
        let mut rng = rng_from(4);
        let spins: Vec<i8> = (0..400)
            .flat_map(|_| ising::Lattice::random(16, &mut rng).into_spins())
            .collect();
        let c = summarize(&spins, 16, 20);
        assert!((c.chi.mean - 1.0).abs() < 4.0 * c.chi.error, "{:?}", c.chi);
        assert!(c.g[1].mean.abs() < 4.0 * c.g[1].error, "{:?}", c.g[1]);
    }

    #[test]
    fn second_moment_length_of_one_flipped_spin() {
        // All up but site 0 on 4×4: M(0) = 14 and M(k) = −2 along both axes, so
        // ξ₂ = sqrt(196/4 − 1) / (2 sin(π/4)) = sqrt(48)/√2 = sqrt(24).
        let mut s = vec![1i8; 16];
        s[0] = -1;
        let c = summarize(&s, 4, 1);
        assert!((c.xi2.mean - 24f64.sqrt()).abs() < 1e-12, "{:?}", c.xi2);
        assert!((c.chi.mean - 196.0 / 16.0).abs() < 1e-12);
    }
}
