#![allow(dead_code)] // each test binary that includes this module uses a different subset
//! Helpers shared by the statistical tests.

use ising::observables::Series;
use ising::rng::rng_from;
use ising::update::{build, Algorithm};
use ising::Lattice;

/// Per-sweep u and m of one chain after `burn_in` sweeps (random start below β_c,
/// ordered above).
pub fn measure(alg: Algorithm, size: usize, beta: f64, burn_in: u64, sweeps: u64, seed: u64) -> Series {
    let mut rng = rng_from(seed);
    let start = if beta > ising::exact::BETA_C {
        Lattice::ordered(size)
    } else {
        Lattice::random(size, &mut rng)
    };
    let mut chain = build(alg, start, beta).unwrap();
    ising::update::burn_in(chain.as_mut(), &mut rng, burn_in);
    let n = chain.sites() as f64;
    let mut series = Series::default();
    for _ in 0..sweeps {
        chain.sweep(&mut rng);
        series.push(chain.energy() as f64 / n, chain.magnetization() as f64 / n);
    }
    series
}

pub fn abs(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| v.abs()).collect()
}

pub fn squares(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| v * v).collect()
}
