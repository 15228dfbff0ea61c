//! `rgae analyze`: correlations, entropies and compression efficiency of a dataset, per β.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use ising::dataset::{check_writable, write_atomically};
use ising::Dataset;
use rg::analyze::{analyze, Analysis, Options};
use rg::correlation::{correlation_matrix, write_matrices_npz};

#[derive(clap::Args)]
#[command(
    about = "Correlations, three entropy estimates and compression efficiency of a dataset, per β (JSON)"
)]
#[command(
    long_about = "Correlations, three entropy estimates and compression efficiency of a dataset, per β.\n\n\
Per β: G(r) along the axes for r ≤ L/2, the second-moment correlation length ξ₂ and \
χ = ⟨M²⟩/N; entropy per spin in bits from k×k patch statistics (the conditional entropy \
of a spin given its raster-order predecessors in the patch, an upper bound, Miller–Madow \
corrected, with its extrapolation in k), from LZMA (preset 9e) compression of the \
bit-packed lattices calibrated so that i.i.d. spins give 1 bit, and from thermodynamic \
integration s = ln 2 + β⟨u⟩ − ∫₀^β ⟨u⟩ dβ′ over the dataset's β grid (u(0) = 0 added); \
the exact finite-lattice entropy (Kaufman) and the compression efficiency (compressed \
bits per spin / exact bits per spin). Errors: jackknife over --groups contiguous groups \
of samples per β. A table is printed, then the JSON (one line); --out also writes it to \
a file."
)]
pub struct Args {
    /// Input dataset (.npz).
    input: PathBuf,
    /// Also write the JSON to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the N×N correlation matrices (⟨s_i s_j⟩ and connected, float32) of every β
    /// to this .npz (N² per β: 67 MB each at L = 64).
    #[arg(long)]
    matrix: Option<PathBuf>,
    /// Contiguous groups of samples per β for the jackknife errors.
    #[arg(long, default_value_t = 20)]
    groups: usize,
    /// Largest patch side k for the patch entropy (1..=4).
    #[arg(long, default_value_t = 4)]
    k_max: usize,
    /// Skip the compression entropy (the slowest measure).
    #[arg(long)]
    no_compression: bool,
    /// Seed of the compressor calibration's random bits.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Overwrite --out / --matrix if they exist.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<()> {
    if args.groups < 2 {
        bail!("--groups must be at least 2 for error bars");
    }
    for path in [&args.out, &args.matrix].into_iter().flatten() {
        check_writable(path, args.force)?;
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads == 0 {
        bail!("--threads must be at least 1");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the worker threads")?;
    let data = Dataset::read_npz(&args.input)?;
    let opts = Options {
        groups: args.groups,
        k_max: args.k_max,
        compression: !args.no_compression,
        seed: args.seed,
    };
    let analysis = pool
        .install(|| analyze(&data, &opts))
        .with_context(|| args.input.display().to_string())?;
    if let Some(path) = &args.matrix {
        let mut mats = Vec::new();
        for b in &analysis.betas {
            let configs: Vec<i8> = data
                .indices_at(b.beta)
                .iter()
                .flat_map(|&i| data.config(i).iter().copied())
                .collect();
            mats.push(pool.install(|| correlation_matrix(&configs, data.sites())));
        }
        let betas: Vec<f64> = analysis.betas.iter().map(|b| b.beta).collect();
        write_matrices_npz(path, &betas, &mats)
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
    }
    print_table(&analysis);
    let json = serde_json::to_string(&analysis)?;
    if let Some(path) = &args.out {
        write_atomically(path, |f| {
            use std::io::Write;
            f.write_all(json.as_bytes())
                .and_then(|()| f.write_all(b"\n"))
                .map_err(|e| e.to_string())
        })
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
    }
    println!("{json}");
    Ok(())
}

fn print_table(a: &Analysis) {
    println!(
        "L={}{}  entropies in bits per spin; {}",
        a.size,
        if a.coarse_grained {
            format!(" (block spins of L={})", a.original_size)
        } else {
            String::new()
        },
        a.thermodynamic_note
    );
    println!(
        "{:>8} {:>6} {:>18} {:>17} {:>16} {:>17} {:>17} {:>17} {:>8} {:>6}",
        "β", "n", "⟨u⟩", "G(1)", "ξ₂", "patch", "compression", "thermodynamic", "exact", "effic."
    );
    let opt = |e: Option<ising::stats::Estimate>| e.map_or("—".to_string(), |e| format!("{e:.4}"));
    let xi = |e: ising::stats::Estimate| {
        if e.mean.is_nan() {
            "—".to_string()
        } else {
            format!("{e:.2}")
        }
    };
    for b in &a.betas {
        println!(
            "{:>8.5} {:>6} {:>18} {:>17} {:>16} {:>17} {:>17} {:>17} {:>8.4} {:>6}",
            b.beta,
            b.samples,
            format!("{:.5}", b.energy),
            format!(
                "{:.4}",
                b.correlations.g.get(1).copied().unwrap_or(b.correlations.g[0])
            ),
            xi(b.correlations.xi2),
            format!("{:.4}", b.patch_bits),
            opt(b.compression.as_ref().map(|c| c.bits_per_spin)),
            opt(b.thermodynamic_bits),
            b.exact_bits,
            b.compression_efficiency
                .map_or("—".to_string(), |e| format!("{e:.3}")),
        );
    }
    let flagged: Vec<String> = a
        .betas
        .iter()
        .filter(|b| b.compression_below_exact)
        .map(|b| format!("{:.5}", b.beta))
        .collect();
    if !flagged.is_empty() {
        println!(
            "warning: compressed below the exact entropy at β = {}: the samples are not independent \
             (see consecutive_overlap in the JSON)",
            flagged.join(", ")
        );
    }
}
