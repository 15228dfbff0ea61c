//! Autocorrelation: Wolff decorrelates |m| at β_c far faster than local Metropolis, and
//! Metropolis's τ_int agrees with the reference value of SCIENCE.md (≈ 43 sweeps at
//! L = 32, measured with independent C code). Also: simulation output is identical
//! with 1 and 2 threads.

mod common;

use common::{abs, measure};
use ising::exact::BETA_C;
use ising::sampling::{simulate, Plan};
use ising::stats::tau_int;
use ising::update::Algorithm;

#[test]
fn wolff_tau_is_far_below_metropolis_at_criticality() {
    let metropolis = tau_int(&abs(&measure(
        Algorithm::Metropolis,
        32,
        BETA_C,
        5000,
        1 << 17,
        1,
    )
    .magnetization));
    let wolff = tau_int(&abs(
        &measure(Algorithm::Wolff, 32, BETA_C, 500, 1 << 14, 2).magnetization
    ));
    assert!(metropolis.reliable && wolff.reliable);
    // Relative error of τ (Sokal): sqrt(2(2W + 1)/n); Metropolis's window is ~6τ ≈ 260.
    let rel = (2.0 * (2.0 * metropolis.window as f64 + 1.0) / (1u64 << 17) as f64).sqrt();
    assert!(
        (metropolis.tau - 43.0).abs() < 4.0 * rel * 43.0 + 0.1 * 43.0,
        "Metropolis τ_int(|m|) = {:.1}, reference ≈ 43 (±{:.1} statistical, ±10% reference)",
        metropolis.tau,
        rel * 43.0
    );
    assert!(
        wolff.tau < metropolis.tau / 10.0,
        "Wolff τ = {:.2}, Metropolis τ = {:.1}",
        wolff.tau,
        metropolis.tau
    );
}

#[test]
fn simulation_is_bit_identical_across_thread_counts() {
    let plan = Plan {
        samples_per_chain: 30,
        ..Plan::new(Algorithm::Auto, 16, 99)
    };
    let betas = [0.25, 0.44, 0.6];
    let one = simulate(&plan, &betas, 3, 1, &|_| {}).unwrap();
    let two = simulate(&plan, &betas, 3, 2, &|_| {}).unwrap();
    assert_eq!(one.dataset, two.dataset);
    assert_eq!(one.dataset.len(), 3 * 3 * 30);
}

#[test]
fn samples_are_thinned_by_twice_the_measured_tau() {
    let plan = Plan {
        samples_per_chain: 200,
        ..Plan::new(Algorithm::Metropolis, 16, 5)
    };
    let sim = simulate(&plan, &[BETA_C], 2, 2, &|_| {}).unwrap();
    let s = &sim.summaries[0];
    for (tau, thin) in s.tau_pilot.iter().zip(&s.thinning) {
        assert!(*thin as f64 >= 2.0 * tau, "thinning {thin} < 2 τ = {}", 2.0 * tau);
    }
    // After thinning by 2τ the kept samples' τ_int is small (≤ 1 within its error).
    assert!(s.thermo.tau_abs_magnetization < 1.5, "{:?}", s.thermo);
}

#[test]
fn wolff_sweeps_flip_about_n_spins_after_a_random_start_at_criticality() {
    // From a random start on a large lattice the clusters grow for many sweeps; a
    // count of clusters per sweep taken from that transient made later sweeps flip
    // ~26 N spins at L = 1024. Calibration now waits until the mean size stops growing.
    use ising::rng::rng_from;
    use ising::update::{build, burn_in};
    use ising::Lattice;
    let size = 1024;
    let mut rng = rng_from(17);
    let mut chain = build(Algorithm::Wolff, Lattice::random(size, &mut rng), BETA_C).unwrap();
    burn_in(chain.as_mut(), &mut rng, 0);
    let sweeps = 20;
    let flipped: u64 = (0..sweeps).map(|_| chain.sweep(&mut rng)).sum();
    let per_sweep = flipped as f64 / (sweeps * size * size) as f64;
    assert!(
        (0.4..2.5).contains(&per_sweep),
        "{per_sweep:.2} N spins flipped per sweep"
    );
}
