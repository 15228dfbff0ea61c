//! `rgae exact`: exact results for the periodic L×L lattice at one β, as JSON.

use anyhow::{bail, Result};
use ising::exact;

#[derive(clap::Args)]
#[command(about = "Exact finite-lattice and Onsager results at one β (JSON)")]
#[command(long_about = "Exact results at one β, as JSON: for L ≤ 7 every average \
(u, c, ⟨|m|⟩, ⟨m²⟩, ⟨m⁴⟩, U₄, χ, ln Z per spin) by a row transfer sum; for any L Kaufman's \
finite-lattice u, c and ln Z; Onsager's infinite-lattice u, m, −βf and entropy; β_c.")]
pub struct Args {
    /// Linear lattice size L.
    #[arg(long)]
    size: usize,
    /// Inverse temperature.
    #[arg(long)]
    beta: f64,
}

pub fn run(args: Args) -> Result<()> {
    if !(args.beta.is_finite() && args.beta > 0.0) {
        bail!("--beta must be finite and positive, got {}", args.beta);
    }
    if args.size < 2 {
        bail!("--size must be at least 2, got {}", args.size);
    }
    let finite = (args.size <= exact::MAX_EXACT_SIZE)
        .then(|| exact::finite(args.size, args.beta))
        .transpose()?;
    let out = serde_json::json!({
        "L": args.size,
        "beta": args.beta,
        "beta_c": exact::BETA_C,
        "finite": finite,
        "kaufman": exact::kaufman(args.size, args.beta),
        "onsager": {
            "energy": exact::onsager_energy(args.beta),
            "magnetization": exact::onsager_magnetization(args.beta),
            "minus_beta_f": exact::onsager_free_energy(args.beta),
            "entropy": exact::onsager_entropy(args.beta),
        },
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
