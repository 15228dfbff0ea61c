//! Exact results to check the Monte Carlo against.
//!
//! - [`finite`]: every thermodynamic average of a small periodic L×L lattice
//!   (2 ≤ L ≤ [`MAX_EXACT_SIZE`]) by a row transfer matrix that tracks the magnetisation;
//! - [`boltzmann_probabilities`]: the probability of each of the 2^{L²} states, L ≤ 4;
//! - [`kaufman`]: Kaufman's exact partition function of the finite periodic lattice,
//!   any L, with u and c from it;
//! - Onsager's infinite lattice: [`onsager_energy`], [`onsager_magnetization`],
//!   [`onsager_free_energy`], [`onsager_entropy`], and [`BETA_C`].
//!
//! ```
//! use ising::exact;
//! // 2×2 periodic lattice: Z = 4 cosh 8β + 12 (SCIENCE.md).
//! let b = 0.3_f64;
//! let t = exact::finite(2, b).unwrap();
//! assert!((t.ln_z_per_spin * 4.0 - (4.0 * (8.0 * b).cosh() + 12.0).ln()).abs() < 1e-12);
//! assert!((exact::onsager_energy(exact::BETA_C) + 2f64.sqrt()).abs() < 1e-12);
//! ```

use std::f64::consts::{LN_2, PI};

use crate::lattice::energy_of;

/// β_c = ½ ln(1 + √2).
pub const BETA_C: f64 = 0.440_686_793_509_771_5;

/// Largest L that [`finite`] solves (its cost grows as 4^L L³).
pub const MAX_EXACT_SIZE: usize = 7;

/// Exact averages of a finite periodic lattice at one β.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Finite {
    pub size: usize,
    pub beta: f64,
    /// ⟨u⟩ per spin.
    pub energy: f64,
    pub specific_heat: f64,
    pub abs_magnetization: f64,
    pub m2: f64,
    pub m4: f64,
    pub binder: f64,
    /// χ = β N (⟨m²⟩ − ⟨|m|⟩²).
    pub susceptibility: f64,
    pub ln_z_per_spin: f64,
}

/// Why an exact result is not available.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExactError {
    #[error("exact enumeration needs 2 ≤ L ≤ {MAX_EXACT_SIZE}, got L = {0}")]
    Size(usize),
    #[error("β must be finite and positive, got {0}")]
    Beta(f64),
}

fn check(size: usize, beta: f64, max: usize) -> Result<(), ExactError> {
    if !(beta.is_finite() && beta > 0.0) {
        return Err(ExactError::Beta(beta));
    }
    if !(2..=max).contains(&size) {
        return Err(ExactError::Size(size));
    }
    Ok(())
}

/// Exact thermodynamics of the periodic L×L lattice by a row-to-row transfer sum.
///
/// Rows are L-bit words. Summing over the first row (one representative per class of
/// cyclic shifts, weighted by the class size), the sum runs row by row over states
/// (current row, M) carrying Σw, Σw·E′ and Σw·E′², with E′ = E + 2N ≥ 0 so that no
/// weight exceeds 1. The last row closes the periodic bonds with the first.
pub fn finite(size: usize, beta: f64) -> Result<Finite, ExactError> {
    check(size, beta, MAX_EXACT_SIZE)?;
    let l = size;
    let n = l * l;
    let rows = 1usize << l;
    let full = rows as u32 - 1;
    let rot = |r: u32| ((r >> 1) | (r << (l - 1))) & full;
    // Shifted row energies, each ≥ 0: horizontal bonds in a row, vertical between rows.
    let horizontal: Vec<f64> = (0..rows as u32)
        .map(|r| 2.0 * (r ^ rot(r)).count_ones() as f64)
        .collect();
    let vertical = |a: usize, b: usize| 2.0 * (a ^ b).count_ones() as f64;
    let up: Vec<usize> = (0..rows).map(|r| (r as u32).count_ones() as usize).collect();

    // Totals over M (index = number of up spins): Σw, Σw E′, Σw E′².
    let mut total = vec![[0.0f64; 3]; n + 1];
    let mut cur = vec![[0.0f64; 3]; rows * (n + 1)];
    let mut next = cur.clone();
    for first in 0..rows {
        let Some(multiplicity) = cyclic_class(first as u32, l, rot) else {
            continue;
        };
        cur.iter_mut().for_each(|c| *c = [0.0; 3]);
        let e0 = horizontal[first];
        let w0 = (-beta * e0).exp();
        cur[first * (n + 1) + up[first]] = [w0, w0 * e0, w0 * e0 * e0];
        for _ in 1..l {
            next.iter_mut().for_each(|c| *c = [0.0; 3]);
            for a in 0..rows {
                for k in 0..=n {
                    let [w, w1, w2] = cur[a * (n + 1) + k];
                    if w == 0.0 {
                        continue;
                    }
                    for b in 0..rows {
                        let d = vertical(a, b) + horizontal[b];
                        let f = (-beta * d).exp();
                        let cell = &mut next[b * (n + 1) + k + up[b]];
                        cell[0] += f * w;
                        cell[1] += f * (w1 + d * w);
                        cell[2] += f * (w2 + 2.0 * d * w1 + d * d * w);
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        for last in 0..rows {
            let d = vertical(last, first);
            let f = (-beta * d).exp() * multiplicity as f64;
            for (k, t) in total.iter_mut().enumerate() {
                let [w, w1, w2] = cur[last * (n + 1) + k];
                t[0] += f * w;
                t[1] += f * (w1 + d * w);
                t[2] += f * (w2 + 2.0 * d * w1 + d * d * w);
            }
        }
    }
    let z: f64 = total.iter().map(|t| t[0]).sum();
    let e1 = total.iter().map(|t| t[1]).sum::<f64>() / z;
    let e2 = total.iter().map(|t| t[2]).sum::<f64>() / z;
    let moment = |p: i32| {
        total
            .iter()
            .enumerate()
            .map(|(k, t)| t[0] * ((2.0 * k as f64 - n as f64) / n as f64).abs().powi(p))
            .sum::<f64>()
            / z
    };
    let (abs_m, m2, m4) = (moment(1), moment(2), moment(4));
    let nf = n as f64;
    Ok(Finite {
        size,
        beta,
        energy: e1 / nf - 2.0,
        specific_heat: beta * beta * (e2 - e1 * e1) / nf,
        abs_magnetization: abs_m,
        m2,
        m4,
        binder: 1.0 - m4 / (3.0 * m2 * m2),
        susceptibility: beta * nf * (m2 - abs_m * abs_m),
        ln_z_per_spin: (z.ln() + 2.0 * nf * beta) / nf,
    })
}

/// If `r` is the smallest of its cyclic shifts, the number of distinct shifts; else None.
fn cyclic_class(r: u32, l: usize, rot: impl Fn(u32) -> u32) -> Option<usize> {
    let mut s = r;
    let mut distinct = 1;
    for _ in 1..l {
        s = rot(s);
        if s < r {
            return None;
        }
        if s == r {
            return Some(distinct);
        }
        distinct += 1;
    }
    Some(distinct)
}

/// Largest L for [`boltzmann_probabilities`].
pub const MAX_ENUMERATED_SIZE: usize = 4;

/// p(σ) = e^{−βE(σ)}/Z for each of the 2^{L²} states, by brute force (L ≤ 4).
/// State index bit i (row-major site i) set means spin i is up.
pub fn boltzmann_probabilities(size: usize, beta: f64) -> Result<Vec<f64>, ExactError> {
    check(size, beta, MAX_ENUMERATED_SIZE)?;
    let n = size * size;
    let mut spins = vec![0i8; n];
    let weights: Vec<f64> = (0..1usize << n)
        .map(|state| {
            for (i, s) in spins.iter_mut().enumerate() {
                *s = if (state >> i) & 1 == 1 { 1 } else { -1 };
            }
            (-beta * (energy_of(size, &spins) + 2 * n as i64) as f64).exp()
        })
        .collect();
    let z: f64 = weights.iter().sum();
    Ok(weights.into_iter().map(|w| w / z).collect())
}

/// Exact u, c and ln Z of the finite periodic lattice from Kaufman's solution.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Kaufman {
    pub size: usize,
    pub beta: f64,
    pub energy: f64,
    pub specific_heat: f64,
    pub ln_z_per_spin: f64,
}

/// ln Z / N of the periodic L×L lattice (Kaufman 1949, in the form of Ferdinand and
/// Fisher 1969): Z = ½ (2 sinh 2K)^{N/2} Σ_{i=1}^{4} Z_i with
/// Z₁,₂ = Π_r 2cosh, 2sinh(L γ_{2r+1}/2), Z₃,₄ = Π_r 2cosh, 2sinh(L γ_{2r}/2),
/// cosh γ_l = cosh 2K coth 2K − cos(πl/L), and γ₀ = 2K + ln tanh K (negative above T_c).
pub fn kaufman_ln_z_per_spin(size: usize, beta: f64) -> f64 {
    let (l, k) = (size as f64, beta);
    let gamma = |index: usize| -> f64 {
        if index == 0 {
            2.0 * k + k.tanh().ln()
        } else {
            let c = (2.0 * k).cosh() / (2.0 * k).tanh() - (PI * index as f64 / l).cos();
            c.acosh()
        }
    };
    // Each product as (sign, ln |product|).
    let mut terms = [(1.0f64, 0.0f64); 4];
    for r in 0..size {
        for (slot, index) in [(0, 2 * r + 1), (2, 2 * r)] {
            let x = 0.5 * l * gamma(index);
            let ax = x.abs();
            terms[slot].1 += ax + (-2.0 * ax).exp().ln_1p();
            terms[slot + 1].1 += ax + (-(-2.0 * ax).exp()).ln_1p();
            if x < 0.0 {
                terms[slot + 1].0 = -terms[slot + 1].0;
            }
        }
    }
    let top = terms.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = terms.iter().map(|&(s, ln)| s * (ln - top).exp()).sum();
    let n = l * l;
    (-LN_2 + 0.5 * n * (2.0 * (2.0 * k).sinh()).ln() + top + sum.ln()) / n
}

/// u = −d(ln Z/N)/dβ and c = β² d²(ln Z/N)/dβ² of Kaufman's solution, by fourth-order
/// central differences (step 10⁻⁴: truncation and rounding both below 10⁻⁷).
pub fn kaufman(size: usize, beta: f64) -> Kaufman {
    let h = 1e-4;
    let f = |b: f64| kaufman_ln_z_per_spin(size, b);
    let (m2, m1, f0, p1, p2) = (
        f(beta - 2.0 * h),
        f(beta - h),
        f(beta),
        f(beta + h),
        f(beta + 2.0 * h),
    );
    let d1 = (m2 - 8.0 * m1 + 8.0 * p1 - p2) / (12.0 * h);
    let d2 = (-m2 + 16.0 * m1 - 30.0 * f0 + 16.0 * p1 - p2) / (12.0 * h * h);
    Kaufman {
        size,
        beta,
        energy: -d1,
        specific_heat: beta * beta * d2,
        ln_z_per_spin: f0,
    }
}

/// Complete elliptic integral of the first kind K(k) = ∫₀^{π/2} dθ/√(1 − k² sin²θ),
/// by the arithmetic–geometric mean: K = π / (2 AGM(1, √(1 − k²))).
pub fn elliptic_k(k: f64) -> f64 {
    let (mut a, mut g) = (1.0f64, (1.0 - k * k).sqrt());
    for _ in 0..64 {
        if (a - g).abs() <= 1e-16 * a {
            break;
        }
        (a, g) = (0.5 * (a + g), (a * g).sqrt());
    }
    PI / (2.0 * a)
}

/// Onsager's energy per spin of the infinite lattice.
pub fn onsager_energy(beta: f64) -> f64 {
    let t = (2.0 * beta).tanh();
    let k = 2.0 * (2.0 * beta).sinh() / (2.0 * beta).cosh().powi(2);
    if (k - 1.0).abs() < 1e-12 {
        return -std::f64::consts::SQRT_2; // the K(k) singularity is multiplied by 0 here
    }
    -(1.0 / t) * (1.0 + (2.0 / PI) * (2.0 * t * t - 1.0) * elliptic_k(k))
}

/// Onsager–Yang spontaneous magnetisation (zero for β ≤ β_c).
pub fn onsager_magnetization(beta: f64) -> f64 {
    if beta <= BETA_C {
        0.0
    } else {
        (1.0 - (2.0 * beta).sinh().powi(-4)).powf(0.125)
    }
}

/// −βf per spin of the infinite lattice:
/// ln(2 cosh 2K) + (1/π) ∫₀^{π/2} ln[½(1 + √(1 − k² sin²θ))] dθ.
pub fn onsager_free_energy(beta: f64) -> f64 {
    let k = 2.0 * (2.0 * beta).sinh() / (2.0 * beta).cosh().powi(2);
    let integrand = |theta: f64| {
        let s = theta.sin();
        (0.5 * (1.0 + (1.0 - k * k * s * s).max(0.0).sqrt())).ln()
    };
    (2.0 * (2.0 * beta).cosh()).ln() + simpson(integrand, 0.0, PI / 2.0, 1 << 14) / PI
}

/// Entropy per spin (nats) of the infinite lattice, s = −βf + βu.
pub fn onsager_entropy(beta: f64) -> f64 {
    if beta == 0.0 {
        return LN_2;
    }
    onsager_free_energy(beta) + beta * onsager_energy(beta)
}

/// Composite Simpson rule with `intervals` (even) sub-intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, intervals: usize) -> f64 {
    let h = (b - a) / intervals as f64;
    let inner: f64 = (1..intervals)
        .map(|i| f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (f(a) + f(b) + inner) * h / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_closed_form() {
        for b in [0.1, 0.44, 1.0] {
            let t = finite(2, b).unwrap();
            let d = (8.0 * b).cosh() + 3.0;
            assert!((t.energy * 4.0 + 8.0 * (8.0 * b).sinh() / d).abs() < 1e-12);
            assert!((t.m2 - 0.5 * ((8.0 * b).exp() + 1.0) / d).abs() < 1e-12);
        }
    }

    #[test]
    fn transfer_sum_matches_brute_force() {
        for l in [3, 4] {
            let b = 0.37;
            let p = boltzmann_probabilities(l, b).unwrap();
            let n = l * l;
            let mut spins = vec![0i8; n];
            let (mut u, mut m4) = (0.0, 0.0);
            for (state, &pr) in p.iter().enumerate() {
                for (i, s) in spins.iter_mut().enumerate() {
                    *s = if (state >> i) & 1 == 1 { 1 } else { -1 };
                }
                u += pr * energy_of(l, &spins) as f64 / n as f64;
                let m: f64 = spins.iter().map(|&s| s as f64).sum::<f64>() / n as f64;
                m4 += pr * m.powi(4);
            }
            let t = finite(l, b).unwrap();
            assert!((t.energy - u).abs() < 1e-12, "L={l}: {} vs {u}", t.energy);
            assert!((t.m4 - m4).abs() < 1e-12);
        }
    }

    #[test]
    fn kaufman_matches_transfer_sum() {
        for l in [2, 3, 4, 5, 6] {
            for b in [0.2, BETA_C, 0.7] {
                let (k, t) = (kaufman(l, b), finite(l, b).unwrap());
                assert!((k.ln_z_per_spin - t.ln_z_per_spin).abs() < 1e-10, "L={l} β={b}");
                assert!((k.energy - t.energy).abs() < 1e-7, "L={l} β={b}");
                assert!((k.specific_heat - t.specific_heat).abs() < 1e-5, "L={l} β={b}");
            }
        }
    }

    #[test]
    fn kaufman_tends_to_onsager() {
        for b in [0.3, 0.6] {
            let k = kaufman(256, b);
            assert!((k.energy - onsager_energy(b)).abs() < 1e-6);
            // Below T_c the two ordered phases add ln 2 to ln Z: ln 2 / N per spin.
            let degeneracy = if b > BETA_C { LN_2 / (256.0 * 256.0) } else { 0.0 };
            assert!((k.ln_z_per_spin - degeneracy - onsager_free_energy(b)).abs() < 1e-9);
        }
    }

    #[test]
    fn onsager_reference_values() {
        // SCIENCE.md: u(T=3), u(T=2.5), u(T=2); m(T=2); −βf(β_c); s(β).
        assert!((onsager_energy(1.0 / 3.0) + 0.8173096).abs() < 1e-6);
        assert!((onsager_energy(1.0 / 2.5) + 1.1060792).abs() < 1e-6);
        assert!((onsager_energy(0.5) + 1.7455646).abs() < 1e-6);
        assert!((onsager_magnetization(0.5) - 0.911319).abs() < 1e-6);
        assert!((onsager_free_energy(BETA_C) - 0.929695).abs() < 1e-6);
        for (b, s) in [(0.3, 0.579209), (BETA_C, 0.306470), (0.6, 0.064681)] {
            assert!(
                (onsager_entropy(b) - s).abs() < 2e-6,
                "s({b}) = {}",
                onsager_entropy(b)
            );
        }
    }
}
