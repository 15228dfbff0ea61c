//! `rgae` — renormalization group vs autoencoders on the 2D Ising model.
//!
//! The binary is thin glue: each subcommand lives in its own module under `cmd/` and
//! calls into the library crates (`ising`, `rg`, `nets`).

use clap::{Parser, Subcommand};

mod cmd;
mod progress;
mod study;

#[derive(Parser)]
#[command(
    name = "rgae",
    version,
    about = "Renormalization group vs autoencoders on the 2D Ising model",
    long_about = "Renormalization group vs autoencoders on the 2D Ising model.\n\n\
Samples equilibrium configurations (rgae simulate), gives exact results for comparison \
(rgae exact) and measures sampler speed (rgae bench)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Reproduce(cmd::reproduce::Args),
    Simulate(cmd::simulate::Args),
    Exact(cmd::exact::Args),
    #[command(subcommand)]
    Bench(cmd::bench::Bench),
    CoarseGrain(cmd::coarse_grain::Args),
    Mcrg(cmd::mcrg::Args),
    Analyze(cmd::analyze::Args),
    Train(cmd::train::Args),
    Predict(cmd::predict::Args),
    Weights(cmd::weights::Args),
    Thermometry(cmd::thermometry::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Reproduce(args) => cmd::reproduce::run(args),
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Exact(args) => cmd::exact::run(args),
        Command::Bench(bench) => cmd::bench::run(bench),
        Command::CoarseGrain(args) => cmd::coarse_grain::run(args),
        Command::Mcrg(args) => cmd::mcrg::run(args),
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Predict(args) => cmd::predict::run(args),
        Command::Weights(args) => cmd::weights::run(args),
        Command::Thermometry(args) => cmd::thermometry::run(args),
    };
    if let Err(err) = result {
        // One line naming the problem; details of the cause chain joined on the same line.
        eprintln!("rgae: error: {err:#}");
        std::process::exit(2);
    }
}
