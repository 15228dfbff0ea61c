//! `rgae thermometry`: a trained thermometer against the energy-only estimator and the
//! Cramér–Rao bound, per β, on held-out chains.

use std::path::PathBuf;

use anyhow::Result;
use ising::Dataset;
use nets::{model_dir, thermometry};

#[derive(clap::Args)]
#[command(about = "Thermometer quality per β beside the energy-only estimator and the Cramér–Rao bound")]
#[command(
    long_about = "Thermometer quality per β beside the energy-only estimator and the Cramér–Rao bound.\n\n\
The energy is a sufficient statistic for β, so no thermometer beats the best estimator \
built from E alone, and the thermometer is compared with the one of its own kind, both \
fitted on the training data. A classification thermometer (posterior mean over the β grid) \
is compared with the posterior mean from E: p(β_k | E) ∝ exp(−β_k E + b_k) holds exactly for \
Boltzmann data, with only the offsets b_k fitted. A regression thermometer is compared with a least-squares \
polynomial β̂(e) in the energy per spin (degree ≤ --max-degree, chosen on the model's \
held-out training chains). The other one is shown beside it: per β the two differ by up \
to ~20 %, since no estimator is best at every β at once. On --test (chains the network \
never saw) the command prints, per β, the specific heat c(β), the Cramér–Rao bound \
β/sqrt(N c), the RMSE of both energy-only estimators and of the network, and the ratio \
of the network's to its own kind's; --out writes the report as JSON."
)]
pub struct Args {
    /// Thermometer model directory.
    #[arg(long)]
    model: PathBuf,
    /// The dataset the model was trained on (for the energy-only fit).
    #[arg(long)]
    train: PathBuf,
    /// Held-out dataset (independent chains).
    #[arg(long)]
    test: PathBuf,
    /// Highest degree of the energy-only polynomial.
    #[arg(long, default_value_t = 7)]
    max_degree: usize,
    /// JSON report.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let (card, net) = model_dir::load(&args.model)?;
    let train = Dataset::read_npz(&args.train)?;
    let test = Dataset::read_npz(&args.test)?;
    let report = thermometry::evaluate(&card, &net, &train, &test, args.max_degree)?;
    print!("{}", report.markdown());
    if let Some(out) = &args.out {
        model_dir::write_json(out, &report)?;
    }
    Ok(())
}
