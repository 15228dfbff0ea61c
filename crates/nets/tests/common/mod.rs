//! Small real Ising data for the tests, from the `ising` crate's sampler.
#![allow(dead_code)]

use ising::sampling::{simulate, Plan};
use ising::update::Algorithm;
use ising::Dataset;
use nets::train::{Kind, Spec, TrainOptions};

/// `chains` independent Wolff chains of `per_chain` samples at each β on an L×L lattice.
pub fn ising_data(size: usize, betas: &[f64], chains: usize, per_chain: usize, seed: u64) -> Dataset {
    let plan = Plan {
        samples_per_chain: per_chain,
        ..Plan::new(Algorithm::Wolff, size, seed)
    };
    simulate(&plan, betas, chains, 1, &|_| {})
        .expect("simulation")
        .dataset
}

pub fn betas() -> Vec<f64> {
    vec![0.25, 0.35, 0.45, 0.55, 0.65]
}

pub fn options(epochs: usize, seed: u64) -> TrainOptions {
    TrainOptions {
        epochs,
        batch: 32,
        lr: 3e-3,
        seed,
        patience: 100,
        ..TrainOptions::default()
    }
}

pub fn spec(kind: Kind) -> Spec {
    let mut s = Spec::new(kind);
    s.mlp_hidden = [32, 16];
    s.head_hidden = 16;
    s.channels = 4;
    s
}

/// A fresh temporary directory under the target dir.
pub fn tmpdir(name: &str) -> std::path::PathBuf {
    let base = std::env::var_os("CARGO_TARGET_TMPDIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("nets-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
