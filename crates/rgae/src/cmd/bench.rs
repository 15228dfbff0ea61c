//! `rgae bench`: throughput of the samplers, against a plain Metropolis reference
//! measured in the same run.

use std::time::Instant;

use anyhow::{bail, Result};
use ising::exact::BETA_C;
use ising::rng::{derive_seed, rng_from};
use ising::update::{build, burn_in, check, Algorithm};
use ising::Lattice;
use rayon::prelude::*;

#[derive(clap::Subcommand)]
#[command(about = "Measure throughput")]
pub enum Bench {
    /// Monte Carlo updates: attempted flips per ns (cluster updates: also ns per flipped spin).
    Ising(IsingArgs),
}

#[derive(clap::Args)]
#[command(long_about = "Monte Carlo throughput in attempted flips per ns (for cluster \
updates also ns per flipped spin), at β_c unless --beta is given. With --threads T, T \
independent lattices run at once and the figures are totals. A single-thread plain \
checkerboard Metropolis reference runs in the same process, so the ratio to it is stable \
on a noisy machine. The last line is JSON.")]
pub struct IsingArgs {
    #[arg(long, default_value_t = 256)]
    size: usize,
    #[arg(long, default_value = "multispin")]
    algorithm: Algorithm,
    /// Timed sweeps per lattice (default: about 2·10⁸ attempted flips per lattice).
    #[arg(long)]
    sweeps: Option<u64>,
    #[arg(long, default_value_t = 1)]
    threads: usize,
    #[arg(long, default_value_t = BETA_C)]
    beta: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Attempted flips, flipped spins and seconds of `sweeps` sweeps on each of `threads` lattices.
fn measure(
    alg: Algorithm,
    size: usize,
    beta: f64,
    sweeps: u64,
    threads: usize,
    seed: u64,
) -> Result<(f64, f64, f64)> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let mut chains = (0..threads)
        .map(|t| {
            let mut rng = rng_from(derive_seed(seed, &[t as u64]));
            let mut chain = build(alg, Lattice::random(size, &mut rng), beta)?;
            burn_in(chain.as_mut(), &mut rng, 50); // warm-up; calibrates Wolff
            Ok((chain, rng))
        })
        .collect::<Result<Vec<_>>>()?;
    let start = Instant::now();
    let flipped: u64 = pool.install(|| {
        chains
            .par_iter_mut()
            .map(|(chain, rng)| (0..sweeps).map(|_| chain.sweep(rng)).sum::<u64>())
            .sum()
    });
    let seconds = start.elapsed().as_secs_f64();
    let attempts = (sweeps * chains[0].0.attempts_per_sweep() * threads as u64) as f64;
    Ok((attempts, flipped as f64, seconds))
}

pub fn run(bench: Bench) -> Result<()> {
    let Bench::Ising(args) = bench;
    if args.threads == 0 {
        bail!("--threads must be at least 1");
    }
    let alg = check(args.algorithm, args.size, args.beta)?;
    let n = (args.size * args.size) as u64;
    let sweeps = args.sweeps.unwrap_or((200_000_000 / n).max(10));
    let reference_sweeps = (100_000_000 / n).max(10);
    let (ref_attempts, _, ref_seconds) = measure(
        Algorithm::Metropolis,
        args.size,
        args.beta,
        reference_sweeps,
        1,
        args.seed,
    )?;
    let (attempts, flipped, seconds) = measure(alg, args.size, args.beta, sweeps, args.threads, args.seed)?;
    let flips_per_ns = attempts / seconds / 1e9;
    let reference = ref_attempts / ref_seconds / 1e9;
    let ns_per_flipped = alg.is_cluster().then(|| seconds * 1e9 / flipped);
    eprintln!(
        "{alg} L={} β={:.6} threads={}: {flips_per_ns:.3} flips/ns{}; plain Metropolis reference {reference:.3} flips/ns (ratio {:.2})",
        args.size,
        args.beta,
        args.threads,
        ns_per_flipped.map_or(String::new(), |v| format!(", {v:.2} ns per flipped spin")),
        flips_per_ns / reference
    );
    let out = serde_json::json!({
        "algorithm": alg,
        "size": args.size,
        "beta": args.beta,
        "threads": args.threads,
        "sweeps": sweeps,
        "flips_per_ns": flips_per_ns,
        "ns_per_flipped_spin": ns_per_flipped,
        "reference_flips_per_ns": reference,
        "ratio_to_reference": flips_per_ns / reference,
    });
    println!("{out}");
    Ok(())
}
