//! `rgae predict`: run a trained model over a dataset.

use std::path::PathBuf;

use anyhow::Result;
use ising::dataset::check_writable;
use ising::Dataset;
use nets::{model_dir, predict};

#[derive(clap::Args)]
#[command(about = "Run a trained model over a dataset: β per configuration, or reconstructions and codes")]
#[command(
    long_about = "Run a trained model over a dataset: β per configuration, or reconstructions and codes.\n\n\
Writes an .npz with beta, chain, energy (from the data) and, by model: beta_hat [N] \
(thermometers; probs [N,K] and grid [K] for classification heads); recon [N,L,L] in \
(−1,1) with recon_sign and recon_sample (±1 spins by sign, and drawn with P(+1) = (1+x)/2 \
from --seed) for autoencoders; blocks, blocks_sign, blocks_sample for the RG encoder; \
code [N,width] for encoder-bearing models; meta (JSON: model card summary, data meta)."
)]
pub struct Args {
    /// Model directory (from rgae train).
    #[arg(long)]
    model: PathBuf,
    /// Dataset (.npz).
    #[arg(long)]
    data: PathBuf,
    /// Output (.npz).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the sampled spins.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Configurations per forward pass.
    #[arg(long, default_value_t = 512)]
    batch: usize,
    /// Overwrite the output if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<()> {
    check_writable(&args.out, args.force)?;
    let (card, net) = model_dir::load(&args.model)?;
    let data = Dataset::read_npz(&args.data)?;
    let pred = predict::predict(&net, &card.arch, &data, args.batch)?;
    let meta = serde_json::json!({
        "model": args.model.display().to_string(),
        "kind": card.kind,
        "arch": card.arch,
        "seed": card.seed,
        "sample_seed": args.seed,
        "data": args.data.display().to_string(),
        "data_meta": data.meta,
    });
    predict::write_npz(&args.out, &pred, &card.arch, &data, args.seed, &meta)?;
    let mut line = format!("{} configurations through {}", data.len(), card.kind);
    if let Some(b) = &pred.beta_hat {
        let mse = b
            .iter()
            .zip(&data.beta)
            .map(|(p, t)| (p - t).powi(2))
            .sum::<f64>()
            / b.len().max(1) as f64;
        line += &format!(", β RMSE {:.4}", mse.sqrt());
    }
    println!("{line}; written to {}", args.out.display());
    Ok(())
}
