//! Entropy estimators against exact results: i.i.d. spins (1 bit), constant lattices
//! (0 bits), Onsager's entropy from his energy, and the three estimates on sampled
//! L = 64 configurations at β = 0.3 and β_c.

mod common;

use std::f64::consts::LN_2;

use ising::exact::{onsager_energy, BETA_C};
use ising::rng::rng_from;
use ising::stats::Estimate;
use ising::Lattice;
use rg::entropy::{
    compression_entropy, kaufman_entropy, mean_energy, patch_entropy, row_context_entropy,
    thermodynamic_entropy,
};

#[test]
fn iid_spins_have_one_bit_and_constant_lattices_none() {
    let mut rng = rng_from(31);
    let random: Vec<i8> = (0..100)
        .flat_map(|_| Lattice::random(64, &mut rng).into_spins())
        .collect();
    let p = patch_entropy(&random, 64, 4, 10);
    for level in &p.levels {
        // Within 1 % of 1 bit, and within 4σ: the estimators are unbiased here.
        assert!(
            (level.naive.mean - 1.0).abs() < 0.01,
            "naive k={}: {}",
            level.k,
            level.naive
        );
        assert!(
            (level.conditional.mean - 1.0).abs() < 0.01,
            "conditional k={}: {}",
            level.k,
            level.conditional
        );
        assert!(
            level.conditional.sigmas_from(1.0) < 4.0,
            "k={}: {}",
            level.k,
            level.conditional
        );
    }
    let c = compression_entropy(&random, 64, 5, 1).unwrap();
    assert!((c.bits_per_spin.mean - 1.0).abs() < 0.01, "{c:?}");
    // The calibration is the compressor's cost on random bits: a little over 1.
    assert!(
        c.random_bits_per_spin > 1.0 && c.random_bits_per_spin < 1.03,
        "{c:?}"
    );

    let constant = vec![1i8; 100 * 64 * 64];
    let p = patch_entropy(&constant, 64, 4, 10);
    for level in &p.levels {
        assert!(level.block.mean.abs() < 1e-12, "k={}: {}", level.k, level.block);
        assert!(
            level.conditional.mean.abs() < 1e-12,
            "k={}: {}",
            level.k,
            level.conditional
        );
    }
    let c = compression_entropy(&constant, 64, 5, 1).unwrap();
    assert!(c.bits_per_spin.mean < 0.002, "{c:?}");
}

#[test]
fn thermodynamic_entropy_from_onsager_energy_matches_onsager_entropy() {
    // SCIENCE.md: s(0.3) = 0.579209, s(β_c) = 0.306470, s(0.6) = 0.064681 (nats, 6 digits).
    // Quadrature on a step-0.01 grid: third order where u is smooth; u − u_c ~ t ln|t|
    // near β_c limits the error there to ~3e-5, so 1e-4 is the tolerance.
    let mut betas: Vec<f64> = (1..=60).map(|i| i as f64 * 0.01).collect();
    betas.push(BETA_C);
    betas.sort_by(|a, b| a.total_cmp(b));
    let u: Vec<Estimate> = betas
        .iter()
        .map(|&b| Estimate::new(onsager_energy(b), 0.0))
        .collect();
    let s = thermodynamic_entropy(&betas, &u).unwrap();
    let at = |beta: f64| s[betas.iter().position(|&b| (b - beta).abs() < 1e-12).unwrap()].mean;
    for (beta, exact) in [(0.3, 0.579209), (BETA_C, 0.306470), (0.6, 0.064681)] {
        assert!(
            (at(beta) - exact).abs() < 1e-4,
            "s({beta}) = {} vs {exact}",
            at(beta)
        );
    }
}

/// Sampled L = 64 data on a β grid from 0.02 to β_c: (β, configurations, energies).
fn grid_samples() -> Vec<(f64, Vec<i8>, Vec<f64>)> {
    let mut betas: Vec<f64> = (1..=22).map(|i| i as f64 * 0.02).collect();
    betas.push(BETA_C);
    betas
        .into_iter()
        .map(|b| {
            let main = (b - 0.3).abs() < 1e-12 || b == BETA_C;
            // Many configurations where the patch and compression entropies are tested.
            let (per_chain, between) = if main { (400, 3) } else { (100, 2) };
            let (s, e) = common::sample(64, b, 4, per_chain, between, 11);
            (b, s, e)
        })
        .collect()
}

#[test]
fn three_entropy_estimates_agree_at_0_3_and_beta_c() {
    let data = grid_samples();
    let betas: Vec<f64> = data.iter().map(|d| d.0).collect();
    let u: Vec<Estimate> = data.iter().map(|d| mean_energy(&d.2, 20)).collect();
    let thermo = thermodynamic_entropy(&betas, &u).unwrap();
    for (i, (beta, spins, _)) in data.iter().enumerate() {
        if !((beta - 0.3).abs() < 1e-12 || *beta == BETA_C) {
            continue;
        }
        let s = Estimate::new(thermo[i].mean / LN_2, thermo[i].error / LN_2);
        let exact = kaufman_entropy(64, *beta) / LN_2;
        // (c) against Kaufman's exact L = 64 entropy: statistics only (the step-0.02
        // quadrature error is < 2e-4 bits, an order below the error bar).
        assert!(
            s.sigmas_from(exact) < 3.0,
            "β = {beta}: thermodynamic {s} vs exact {exact}"
        );

        // (a) patch: h_4 is an upper bound (conditioning on part of the past), so
        // h_4 ≥ s − 3σ. It differs from s by two stated systematic terms:
        // - truncation at k = 4, measured by the extrapolation in k: |h_4 − h_∞|;
        // - the finite-size shift s_L − s_∞ (exact: Kaufman − Onsager; 0 at β = 0.3,
        //   −0.006 bits at β_c). On a torus at β_c the energy, hence the entropy, moves
        //   by O(1/L) through long-wavelength modes that no 4×4 template resolves, so
        //   local patches read an entropy between s_L and s_∞ (checked at L = 8…64).
        // Tolerance: 3σ (jackknife, both) + |h_4 − h_∞| + |s_L − s_∞|.
        let p = patch_entropy(spins, 64, 4, 20);
        let h4 = p.levels[3].conditional;
        let ext = p.levels[3].extrapolated.unwrap();
        let fss = (exact - ising::exact::onsager_entropy(*beta) / LN_2).abs();
        let sigma = (h4.error.powi(2) + s.error.powi(2)).sqrt();
        assert!(
            h4.mean >= s.mean - 3.0 * sigma,
            "β = {beta}: patch bound {h4} below thermodynamic {s}"
        );
        let tol = 3.0 * sigma + (h4.mean - ext.mean).abs() + fss;
        assert!(
            (h4.mean - s.mean).abs() <= tol,
            "β = {beta}: patch {h4} vs thermodynamic {s} (tolerance {tol:.4})"
        );
        let sigma_ext = (ext.error.powi(2) + s.error.powi(2)).sqrt();
        let tol_ext = 3.0 * sigma_ext + 0.5 * (h4.mean - ext.mean).abs() + fss;
        assert!(
            (ext.mean - s.mean).abs() <= tol_ext,
            "β = {beta}: extrapolated patch {ext} vs thermodynamic {s} (tolerance {tol_ext:.4})"
        );

        // (b) compression: an upper bound (any code is), and a loose one: LZMA models a
        // row with a short context, so its rate lies in the band of row-context
        // entropies H(s | k left neighbours), k = 14 … 1 (+0.02 bits for the adaptive
        // coder's learning cost), not near the 2D entropy.
        let c = compression_entropy(spins, 64, 10, 3).unwrap().bits_per_spin;
        let sc = (c.error.powi(2) + s.error.powi(2)).sqrt();
        assert!(
            c.mean >= s.mean - 3.0 * sc,
            "β = {beta}: compression {c} below thermodynamic {s}"
        );
        let row_far = row_context_entropy(spins, 64, 14, 20);
        let row_near = row_context_entropy(spins, 64, 1, 20);
        assert!(
            c.mean >= row_far.mean - 3.0 * row_far.error && c.mean <= row_near.mean + 0.02,
            "β = {beta}: compression {c} outside the row-context band [{row_far}, {row_near}]"
        );
        eprintln!(
            "β = {beta:.6}: exact(L=64) {exact:.4}  thermodynamic {s:.4}  patch h_2..h_4 {:.4} {:.4} {h4:.4} \
             extrapolated {ext:.4}  compression {c:.4}  row-context k=1 {row_near:.4} k=14 {row_far:.4}",
            p.levels[1].conditional, p.levels[2].conditional
        );
        // The gap to the 2D entropy is what the compressor misses: vertical correlations.
        assert!(
            c.mean - s.mean > 0.05,
            "β = {beta}: compression {c} suspiciously close to {s}"
        );
    }
}
