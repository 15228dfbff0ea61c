//! `rgae` — renormalization group vs autoencoders on the 2D Ising model.
//!
//! The binary is thin glue: each subcommand lives in its own module under `cmd/` and
//! calls into the library crates (`ising`, `rg`, `nets`).

use clap::{Parser, Subcommand};

mod cmd;
mod progress;

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
    Simulate(cmd::simulate::Args),
    Exact(cmd::exact::Args),
    #[command(subcommand)]
    Bench(cmd::bench::Bench),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Exact(args) => cmd::exact::run(args),
        Command::Bench(bench) => cmd::bench::run(bench),
    };
    if let Err(err) = result {
        // One line naming the problem; details of the cause chain joined on the same line.
        eprintln!("rgae: error: {err:#}");
        std::process::exit(2);
    }
}
