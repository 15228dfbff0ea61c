//! χ² tests of how often each state is visited, against the exact Boltzmann
//! probabilities: all 2⁹ states of the 3×3 lattice for the updates that run on odd L,
//! all 2¹⁶ states of the 4×4 lattice for every update (checkerboard Metropolis, plain
//! and multi-spin, needs even L), an odd-L rejection check, and a negative control
//! showing the test rejects a chain run at a slightly wrong β.

use ising::exact::boltzmann_probabilities;
use ising::rng::rng_from;
use ising::update::{build, Algorithm, UpdateError};
use ising::Lattice;

/// Each recorded state is the end of its own chain, run this many sweeps from a random
/// start: the recorded states are exactly independent (the χ² distribution applies
/// without any autocorrelation correction) and the start is forgotten (τ_int on these
/// lattices at these β is about a sweep, so the memory left is ~e^{−32}).
const SWEEPS_PER_CHAIN: usize = 32;

fn visit_counts(alg: Algorithm, size: usize, beta: f64, samples: usize, seed: u64) -> Vec<f64> {
    let mut rng = rng_from(seed);
    let mut counts = vec![0.0; 1 << (size * size)];
    for _ in 0..samples {
        let mut chain = build(alg, Lattice::random(size, &mut rng), beta).unwrap();
        // Wolff first fixes its clusters per sweep; then the sweeps that forget the start.
        ising::update::burn_in(chain.as_mut(), &mut rng, 0);
        for _ in 0..SWEEPS_PER_CHAIN {
            chain.sweep(&mut rng);
        }
        let spins = chain.lattice();
        let state = spins
            .spins()
            .iter()
            .enumerate()
            .fold(0usize, |acc, (i, &s)| acc | (((s == 1) as usize) << i));
        counts[state] += 1.0;
    }
    counts
}

/// χ² statistic and degrees of freedom. States expected fewer than 5 times are pooled
/// by their expected count's order of magnitude, so that rare states still count.
fn chi_square(counts: &[f64], probabilities: &[f64]) -> (f64, usize) {
    let n: f64 = counts.iter().sum();
    let (mut chi2, mut cells) = (0.0, 0);
    let mut pools = [(0.0f64, 0.0f64); 64];
    for (&o, &p) in counts.iter().zip(probabilities) {
        let e = n * p;
        if e < 5.0 {
            let pool = (-(e / 5.0).log2()).clamp(0.0, 63.0) as usize;
            pools[pool].0 += o;
            pools[pool].1 += e;
        } else {
            chi2 += (o - e) * (o - e) / e;
            cells += 1;
        }
    }
    // Merge the pools from the rare end until each is expected at least 5 times.
    let (mut obs, mut exp) = (0.0, 0.0);
    for &(o, e) in pools.iter().rev() {
        obs += o;
        exp += e;
        if exp >= 5.0 {
            chi2 += (obs - exp).powi(2) / exp;
            cells += 1;
            (obs, exp) = (0.0, 0.0);
        }
    }
    (chi2, cells - 1)
}

/// Upper 10⁻⁴ quantile of χ² with k degrees of freedom (Wilson–Hilferty).
fn critical(k: usize) -> f64 {
    let k = k as f64;
    let z = 3.719; // standard normal 1 − 10⁻⁴ quantile
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

fn check_frequencies(algorithms: &[Algorithm], size: usize, beta: f64, samples: usize) {
    let p = boltzmann_probabilities(size, beta).unwrap();
    let mut report = Vec::new();
    let mut failed = false;
    for (a, &alg) in algorithms.iter().enumerate() {
        let (chi2, dof) = chi_square(&visit_counts(alg, size, beta, samples, 500 + a as u64), &p);
        failed |= chi2 >= critical(dof);
        report.push(format!(
            "L={size} {alg}: χ² = {chi2:.1} on {dof} dof (critical {:.1})",
            critical(dof)
        ));
    }
    println!("{}", report.join("\n"));
    assert!(!failed, "{}", report.join("\n"));
}

#[test]
fn odd_lattice_updates_visit_all_3x3_states_with_boltzmann_frequencies() {
    let odd_capable = [Algorithm::HeatBath, Algorithm::Wolff, Algorithm::SwendsenWang];
    check_frequencies(&odd_capable, 3, 0.25, 1 << 17);
}

#[test]
fn every_update_visits_4x4_states_with_boltzmann_frequencies() {
    check_frequencies(&Algorithm::ALL, 4, 0.3, 1 << 18);
}

#[test]
fn checkerboard_metropolis_refuses_odd_lattices() {
    for alg in [Algorithm::Metropolis, Algorithm::Multispin] {
        let err = build(alg, Lattice::ordered(3), 0.3).err();
        assert_eq!(err, Some(UpdateError::OddSize(alg, 3)));
    }
}

#[test]
fn chi_square_rejects_a_chain_at_the_wrong_beta() {
    // The same test must fail when the sampler is off: run at β·1.05, test against β.
    let p = boltzmann_probabilities(3, 0.25).unwrap();
    let (chi2, dof) = chi_square(
        &visit_counts(Algorithm::HeatBath, 3, 0.25 * 1.05, 1 << 17, 77),
        &p,
    );
    assert!(
        chi2 > critical(dof),
        "χ² = {chi2:.1} on {dof} dof did not detect a 5% error in β"
    );
}
