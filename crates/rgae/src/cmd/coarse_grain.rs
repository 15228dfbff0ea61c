//! `rgae coarse-grain`: a block-spin transform applied to every configuration of a
//! dataset, labels kept, the transform recorded in `meta["transforms"]`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use ising::dataset::check_writable;
use ising::Dataset;
use rg::block::{BlockError, Rule, Tie, Transform};

#[derive(clap::Args)]
#[command(
    about = "Apply a block-spin transform (majority or decimation) to every configuration of a dataset"
)]
#[command(
    long_about = "Apply a block-spin transform (majority or decimation) to every configuration of a dataset.\n\n\
The lattice is cut into b×b blocks; each becomes one spin: the sign of the block sum \
(majority; a zero sum, possible for even b, is decided by --tie) or the block's top-left \
spin (decimation). --steps repeats the transform, so L must be divisible by b^steps. \
Every label array (beta, chain, sweep, energy, magnetization — the last two of the \
original configuration) is kept, and the transform is appended to meta[\"transforms\"]. \
Random tie-breaks of sample i use a stream derived from --seed and i, so the output does \
not depend on the thread count. The block average is real-valued and has no ±1 dataset \
form; it is available as a library function (rg::block::block_average)."
)]
pub struct Args {
    /// Input dataset (.npz).
    input: PathBuf,
    /// Output dataset (.npz).
    output: PathBuf,
    /// majority | decimation.
    #[arg(long, default_value = "majority")]
    rule: Rule,
    /// Block size b (2 or 3 are the usual choices).
    #[arg(long, default_value_t = 2)]
    block: usize,
    /// Number of repeated blocking steps.
    #[arg(long, default_value_t = 1)]
    steps: u32,
    /// Tie rule for majority blocks with zero sum: random (seeded, Z₂-symmetric),
    /// first (the block's top-left spin) or plus (always +1; breaks the symmetry).
    #[arg(long, default_value = "random")]
    tie: Tie,
    /// Seed of the random tie-breaks.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Overwrite the output if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<()> {
    let transform = Transform {
        rule: args.rule,
        block: args.block,
        steps: args.steps,
        tie: args.tie,
        seed: args.seed,
    };
    if args.rule == Rule::Average {
        return Err(BlockError::RealValued.into());
    }
    check_writable(&args.output, args.force)?;
    let data = Dataset::read_npz(&args.input)?;
    let out_size = transform.output_size(data.size).with_context(|| {
        format!(
            "{}: {}×{} configurations",
            args.input.display(),
            data.size,
            data.size
        )
    })?;
    let out = transform.apply_dataset(&data)?;
    out.write_npz(&args.output, args.force)?;
    println!(
        "{} configurations {}×{} → {}×{} ({} b={} steps={}{}) written to {}",
        out.len(),
        data.size,
        data.size,
        out_size,
        out_size,
        args.rule,
        args.block,
        args.steps,
        if args.rule == Rule::Majority && args.block % 2 == 0 {
            format!(" tie={}", args.tie)
        } else {
            String::new()
        },
        args.output.display()
    );
    Ok(())
}
