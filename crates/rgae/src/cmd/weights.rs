//! `rgae weights`: shape measures of a trained model's first layer, and the matrix itself.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use ndarray::Array2;
use nets::model_dir;

#[derive(clap::Args)]
#[command(
    about = "Measures of a trained model's first-layer weights (sparsity, locality, RG-kernel similarity)"
)]
#[command(
    long_about = "Measures of a trained model's first-layer weights (sparsity, locality, RG-kernel similarity).\n\n\
Takes the dense first layer L² → units (encoder.weight of autoencoders, RG encoders and \
transfer heads; hidden1.weight of the MLP thermometer), transposes it to one row per \
unit and one column per site, and computes rg::weights measures (Hoyer sparsity, Gini, \
locality, cosine to the block-sum and decimation kernels, subspace share, singular \
values) with blocks of the model's b (--block for models without one). Writes \
weights.json and the matrix [units, L²] as weights.npy into --out (default: the model \
directory) and prints the JSON."
)]
pub struct Args {
    /// Model directory (from rgae train).
    #[arg(long)]
    model: PathBuf,
    /// Where to write weights.json and weights.npy (default: the model directory).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Block size for models without one (the MLP thermometer).
    #[arg(long, default_value_t = 2)]
    block: usize,
}

pub fn run(args: Args) -> Result<()> {
    let (card, net) = model_dir::load(&args.model)?;
    let name = net.first_layer();
    let w = net.weight(name).context("model has no first-layer weight")?;
    if w.shape.len() != 2 {
        bail!(
            "{}: first layer {name} is not dense ({:?}); weight measures need a dense L² → units map",
            card.kind,
            w.shape
        );
    }
    let (sites, units) = (w.shape[0], w.shape[1]);
    let size = card.data.size;
    if size * size != sites {
        bail!("{name} has {sites} inputs, not L² = {}", size * size);
    }
    let block = card.arch.block().unwrap_or(args.block);
    // Stored [in, out]; rg::weights wants one row per unit.
    let rows: Vec<f64> = (0..units)
        .flat_map(|u| (0..sites).map(move |s| (u, s)))
        .map(|(u, s)| w.values[s * units + u] as f64)
        .collect();
    let measures = rg::weights::weight_measures(&rows, units, size, block);
    let out = args.out.unwrap_or_else(|| args.model.clone());
    std::fs::create_dir_all(&out)?;
    let json = serde_json::json!({
        "model": args.model.display().to_string(),
        "kind": card.kind,
        "layer": name,
        "shape": [units, sites],
        "measures": measures,
    });
    let text = serde_json::to_string_pretty(&json)? + "\n";
    let jpath = out.join("weights.json");
    nets::model_dir::write_file(&jpath, text.as_bytes())?;
    let npy = out.join("weights.npy");
    let arr = Array2::from_shape_vec((units, sites), rows.iter().map(|&x| x as f32).collect())?;
    ising::dataset::write_atomically(&npy, |f| {
        ndarray_npy::WriteNpyExt::write_npy(&arr, f).map_err(|e| e.to_string())
    })
    .map_err(|e| anyhow::anyhow!("{}: {e}", npy.display()))?;
    print!("{text}");
    eprintln!("written {} and {}", jpath.display(), npy.display());
    Ok(())
}
