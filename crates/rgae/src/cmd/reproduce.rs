//! `rgae reproduce`: the whole study from one command.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::study::{self, config::Config};

#[derive(clap::Args)]
#[command(about = "Run the whole RG-vs-autoencoder study and write its report")]
#[command(
    long_about = "Run the whole study of Shukla & Thakur (arXiv 2108.06157): simulate the \
2D Ising model at L, L/2, L/4 → coarse-grain (majority rule, decimation) → train thermometers, \
the autoencoder, the RG encoder, the RG autoencoder and transfer heads for each seed → measure \
→ test the paper's claims → write runs/<name>/report.html, metrics.json and figures.\n\n\
Each stage is skipped when its inputs and settings have not changed, so a rerun after an \
interruption or a tweak redoes only what it must. Without --config the embedded default study \
runs (see --print-config); --quick runs a small study that exercises every stage."
)]
pub struct Args {
    /// Study configuration (TOML); default: the embedded study.
    #[arg(long, conflicts_with = "quick")]
    config: Option<PathBuf>,
    /// Run the small embedded quick study instead.
    #[arg(long)]
    quick: bool,
    /// Print the configuration that would run, and exit.
    #[arg(long)]
    print_config: bool,
    /// Folder that holds the runs.
    #[arg(long, default_value = "runs")]
    runs: PathBuf,
    /// Worker threads for sampling (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

pub fn run(args: Args) -> Result<()> {
    let (text, config) = match (&args.config, args.quick) {
        (Some(path), _) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let config = Config::parse(&text).with_context(|| format!("{}", path.display()))?;
            (text, config)
        }
        (None, true) => (study::config::QUICK.to_string(), Config::quick()),
        (None, false) => (study::config::DEFAULT.to_string(), Config::default_study()),
    };
    if args.print_config {
        print!("{text}");
        return Ok(());
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let (root, runner) = study::run(&config, &args.runs, threads)?;
    eprint!("{}", runner.table());
    println!("report: {}", root.join("report.html").display());
    Ok(())
}
