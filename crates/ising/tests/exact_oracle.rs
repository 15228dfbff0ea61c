//! Every update against exact results: the transfer-matrix sums at L = 4 and 6,
//! Kaufman's finite-lattice energy at L = 64 (and, for multispin's strip layout, at
//! L = 128 and 256), Onsager's energy at L = 128.
//! Each comparison allows 4 binned standard errors (binning accounts for the
//! autocorrelation: bins reach thousands of sweeps, far beyond τ_int).

mod common;

use common::{abs, measure, squares};
use ising::exact::{self, BETA_C};
use ising::stats::binned;
use ising::update::Algorithm;

fn check_against_exact(size: usize, sweeps: u64) {
    let mut report = Vec::new();
    for (a, alg) in Algorithm::ALL.into_iter().enumerate() {
        for (b, beta) in [0.3, BETA_C, 0.6].into_iter().enumerate() {
            let exact = exact::finite(size, beta).unwrap();
            let s = measure(alg, size, beta, 1000, sweeps, 100 + 10 * a as u64 + b as u64);
            let checks = [
                ("u", binned(&s.energy), exact.energy),
                ("|m|", binned(&abs(&s.magnetization)), exact.abs_magnetization),
                ("m²", binned(&squares(&s.magnetization)), exact.m2),
            ];
            for (name, est, value) in checks {
                let z = est.sigmas_from(value);
                let line = format!("L={size} {alg} β={beta:.4} {name}: {est} vs exact {value:.5} ({z:.1}σ)");
                if z > 4.0 {
                    report.push(line);
                }
            }
        }
    }
    assert!(report.is_empty(), "outside 4σ:\n{}", report.join("\n"));
}

#[test]
fn every_update_matches_exact_sums_at_l4() {
    check_against_exact(4, 1 << 17);
}

#[test]
fn every_update_matches_exact_sums_at_l6() {
    check_against_exact(6, 1 << 16);
}

#[test]
fn every_update_matches_onsager_energy_at_l128() {
    // Finite-size corrections at L = 128 away from β_c are below 10⁻¹⁰ (Kaufman).
    let mut report = Vec::new();
    for (a, alg) in Algorithm::ALL.into_iter().enumerate() {
        for beta in [0.3, 0.6] {
            let s = measure(alg, 128, beta, 300, 2048, 7 + a as u64);
            let est = binned(&s.energy);
            let z = est.sigmas_from(exact::onsager_energy(beta));
            if z > 4.0 {
                report.push(format!(
                    "{alg} β={beta}: u = {est} vs Onsager {:.6} ({z:.1}σ)",
                    exact::onsager_energy(beta)
                ));
            }
        }
    }
    assert!(report.is_empty(), "outside 4σ:\n{}", report.join("\n"));
}

#[test]
fn every_update_matches_kaufman_energy_at_criticality_l64() {
    // L = 64 runs multispin on its interleaved layout with one word per row and mixed-colour words.
    let exact = exact::kaufman(64, BETA_C).energy;
    let mut report = Vec::new();
    for (a, alg) in Algorithm::ALL.into_iter().enumerate() {
        // Local updates have τ ≈ 170 sweeps here (SCIENCE.md): run ~400 τ.
        let sweeps = if alg.is_cluster() { 4096 } else { 1 << 16 };
        let s = measure(alg, 64, BETA_C, 2000, sweeps, 31 + a as u64);
        let est = binned(&s.energy);
        let z = est.sigmas_from(exact);
        if z > 4.0 {
            report.push(format!("{alg}: u = {est} vs Kaufman {exact:.6} ({z:.1}σ)"));
        }
    }
    assert!(report.is_empty(), "outside 4σ:\n{}", report.join("\n"));
}

#[test]
fn multispin_strip_layout_matches_kaufman_energy_at_l128_and_l256() {
    // L a multiple of 128 runs multispin on its AVX-512-shaped strip layout. τ_int(u) of
    // local updates is a few hundred sweeps here; 2¹⁶ sweeps are ≥ 100 τ, and the binned
    // error accounts for the rest.
    let mut report = Vec::new();
    for (size, beta, seed) in [(128, BETA_C, 41), (256, 0.42, 42), (256, 0.47, 43)] {
        let exact = exact::kaufman(size, beta).energy;
        let s = measure(Algorithm::Multispin, size, beta, 5000, 1 << 16, seed);
        let est = binned(&s.energy);
        let z = est.sigmas_from(exact);
        if z > 4.0 {
            report.push(format!(
                "L={size} β={beta:.4}: u = {est} vs Kaufman {exact:.6} ({z:.1}σ)"
            ));
        }
    }
    assert!(report.is_empty(), "outside 4σ:\n{}", report.join("\n"));
}
