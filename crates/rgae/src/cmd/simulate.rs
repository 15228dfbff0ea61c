//! `rgae simulate`: equilibrium configurations at a set of β into one `.npz` dataset,
//! with a table of the thermodynamics beside the exact values.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use ising::dataset::check_writable;
use ising::exact;
use ising::sampling::{simulate, BetaSummary, Plan};
use ising::update::{check, Algorithm};

#[derive(clap::Args)]
#[command(about = "Sample equilibrium Ising configurations at a set of β into an .npz dataset")]
#[command(
    long_about = "Sample equilibrium Ising configurations at a set of β into an .npz dataset.\n\n\
Each chain burns in, runs a pilot that measures the integrated autocorrelation time τ_int \
(Sokal's window), then keeps one sample every ⌈2 τ_int⌉ sweeps. Chains are seeded from \
--seed, the β index and the chain number, so the output is identical for any --threads. \
At the end a table compares ⟨u⟩, ⟨|m|⟩ and c with exact values: exact sums for L ≤ 7, \
Kaufman's finite-lattice solution for u and c at larger L, Onsager's L = ∞ magnetisation."
)]
pub struct Args {
    /// Linear lattice size L.
    #[arg(long, default_value_t = 32)]
    size: usize,
    /// Inverse temperatures: a comma list (0.3,0.44) or start:stop:count (0.2:0.8:25).
    #[arg(
        long,
        conflicts_with = "temperatures",
        default_value = "0.2:0.8:25",
        allow_hyphen_values = true
    )]
    betas: String,
    /// Temperatures instead of β, in the same forms.
    #[arg(long, allow_hyphen_values = true)]
    temperatures: Option<String>,
    /// Samples per β (rounded up to a multiple of --chains).
    #[arg(long, default_value_t = 500)]
    samples: usize,
    /// Independent chains per β.
    #[arg(long, default_value_t = 4)]
    chains: usize,
    /// metropolis | heatbath | multispin | wolff | sw | auto (Wolff from β = 0.3 up,
    /// heat-bath below).
    #[arg(long, default_value = "auto")]
    algorithm: Algorithm,
    /// Master seed; every chain's stream derives from it.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Sweeps discarded before the τ_int pilot run.
    #[arg(long, default_value_t = 200)]
    burn_in: u64,
    /// Initial length of the pilot run (sweeps), doubled until ≥ 50 τ_int.
    #[arg(long, default_value_t = 400)]
    pilot: u64,
    /// Output dataset.
    #[arg(long, default_value = "ising.npz")]
    out: PathBuf,
    /// Overwrite the output if it exists.
    #[arg(long)]
    force: bool,
}

/// Parses "a,b,c" or "start:stop:count" (count ≥ 2 includes both ends).
pub fn parse_grid(text: &str) -> Result<Vec<f64>> {
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .with_context(|| format!("'{s}' is not a number"))
    };
    if let Some((start, rest)) = text.split_once(':') {
        let (stop, count) = rest.split_once(':').context("a range is start:stop:count")?;
        let (start, stop) = (number(start)?, number(stop)?);
        let count: usize = count
            .trim()
            .parse()
            .with_context(|| format!("count '{count}' is not an integer"))?;
        return Ok(match count {
            0 => bail!("a range needs a count of at least 1"),
            1 => vec![start],
            _ => (0..count)
                .map(|i| start + (stop - start) * i as f64 / (count - 1) as f64)
                .collect(),
        });
    }
    text.split(',').map(number).collect()
}

pub fn run(args: Args) -> Result<()> {
    let betas = match &args.temperatures {
        Some(t) => parse_grid(t)?.into_iter().map(|t| 1.0 / t).collect(),
        None => parse_grid(&args.betas)?,
    };
    if args.samples == 0 {
        bail!("--samples must be at least 1");
    }
    if args.chains == 0 {
        bail!("--chains must be at least 1");
    }
    for &b in &betas {
        if !(b.is_finite() && b > 0.0) {
            bail!("every β must be finite and positive, got {b}");
        }
        check(args.algorithm, args.size, b)?;
    }
    check_writable(&args.out, args.force)?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let plan = Plan {
        algorithm: args.algorithm,
        size: args.size,
        seed: args.seed,
        burn_in: args.burn_in,
        pilot: args.pilot,
        samples_per_chain: args.samples.div_ceil(args.chains),
    };
    let total = (plan.samples_per_chain * args.chains * betas.len()) as u64;
    let bar = crate::progress::bar(total, "samples");
    bar.set_message(format!("L={} {} β", args.size, betas.len()));
    let sim = simulate(&plan, &betas, args.chains, threads, &|n| bar.inc(n))?;
    bar.finish_and_clear();
    let mut dataset = sim.dataset;
    if let Some(meta) = dataset.meta.as_object_mut() {
        meta.insert("rgae_version".into(), env!("CARGO_PKG_VERSION").into());
        meta.insert("kind".into(), "ising-samples".into());
    }
    dataset.write_npz(&args.out, args.force)?;
    print_table(args.size, &sim.summaries);
    println!("wrote {} configurations to {}", dataset.len(), args.out.display());
    Ok(())
}

/// One row per β: measured values with errors beside the exact ones.
fn print_table(size: usize, summaries: &[BetaSummary]) {
    let small = size <= exact::MAX_EXACT_SIZE;
    let m_ref = if small { "exact" } else { "L=∞" };
    println!(
        "{:>7} {:>10} {:>20} {:>10} {:>18} {:>9} {:>18} {:>9} {:>7} {:>5}",
        "β", "algorithm", "⟨u⟩", "exact", "⟨|m|⟩", m_ref, "c", "exact", "τ_int", "thin"
    );
    for s in summaries {
        let t = &s.thermo;
        let (u, c, m) = if small {
            let e = exact::finite(size, s.beta).expect("size checked");
            (e.energy, e.specific_heat, e.abs_magnetization)
        } else {
            let k = exact::kaufman(size, s.beta);
            (k.energy, k.specific_heat, exact::onsager_magnetization(s.beta))
        };
        let tau = s.tau_pilot.iter().cloned().fold(0.0, f64::max);
        let thin = s.thinning.iter().max().copied().unwrap_or(0);
        println!(
            "{:>7.4} {:>10} {:>20} {:>10.5} {:>18} {:>9.5} {:>18} {:>9.4} {:>7.2} {:>5}",
            s.beta,
            s.algorithm.name(),
            format!("{:.5}", t.energy),
            u,
            format!("{:.4}", t.abs_magnetization),
            m,
            format!("{:.3}", t.specific_heat),
            c,
            tau,
            thin
        );
    }
}

#[cfg(test)]
mod tests {
    use super::parse_grid;

    #[test]
    fn grids_parse() {
        assert_eq!(parse_grid("0.3,0.5").unwrap(), vec![0.3, 0.5]);
        let g = parse_grid("0.2:0.8:4").unwrap();
        assert_eq!(g.len(), 4);
        assert!((g[3] - 0.8).abs() < 1e-12);
        assert!(parse_grid("0.2:x:4").is_err());
    }
}
