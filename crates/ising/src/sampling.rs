//! Equilibrium sampling: burn-in, a pilot run that measures τ_int, samples kept every
//! ⌈2 τ_int⌉ sweeps, several independent chains per β, run in parallel.
//!
//! Every chain's random stream is seeded from `(seed, β index, chain)` alone, so the
//! output is bit-identical whatever the number of threads.
//!
//! Start: ordered for β > β_c and random otherwise. A random start quenched deep into
//! the ordered phase can freeze into long-lived stripes under local updates; an
//! ordered start is already in the right basin.
//!
//! ```
//! use ising::{sampling::{simulate, Plan}, update::Algorithm};
//! let plan = Plan { samples_per_chain: 20, ..Plan::new(Algorithm::Wolff, 8, 1) };
//! let sim = simulate(&plan, &[0.3, 0.5], 2, 1, &|_| {}).unwrap();
//! assert_eq!(sim.dataset.len(), 2 * 2 * 20);
//! ```

use rayon::prelude::*;

use crate::exact::BETA_C;
use crate::observables::{Series, Thermo};
use crate::rng::{derive_seed, rng_from, Rng};
use crate::stats::tau_int;
use crate::update::{build, burn_in, check, Algorithm, Update, UpdateError};
use crate::{Dataset, Lattice};

/// How each chain is run.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Plan {
    pub algorithm: Algorithm,
    pub size: usize,
    pub seed: u64,
    /// Sweeps discarded before the pilot run.
    pub burn_in: u64,
    /// Sweeps of the pilot run that measures τ_int (also discarded); doubled while it
    /// is shorter than 50 τ_int, up to 64 times its initial length.
    pub pilot: u64,
    pub samples_per_chain: usize,
}

impl Plan {
    pub fn new(algorithm: Algorithm, size: usize, seed: u64) -> Self {
        Self {
            algorithm,
            size,
            seed,
            burn_in: 200,
            pilot: 400,
            samples_per_chain: 100,
        }
    }
}

/// What one chain produced.
#[derive(Clone, Debug)]
pub struct Chain {
    pub beta: f64,
    pub chain: u32,
    pub algorithm: Algorithm,
    /// `samples × L²` spins.
    pub spins: Vec<i8>,
    /// Sweep index of each sample, counted from the end of the pilot run.
    pub sweeps: Vec<u64>,
    pub series: Series,
    /// τ_int (sweeps) measured on the pilot run: max over u and |m|.
    pub tau_pilot: f64,
    pub tau_reliable: bool,
    /// Sweeps between kept samples, ⌈2 τ_pilot⌉.
    pub thinning: u64,
    /// Sweeps discarded in all (burn-in plus pilot).
    pub discarded: u64,
}

/// Runs one chain; `tick` is called once per kept sample.
pub fn run_chain(
    plan: &Plan,
    beta_index: usize,
    beta: f64,
    chain: u32,
    tick: &(dyn Fn(u64) + Sync),
) -> Result<Chain, UpdateError> {
    let mut rng = rng_from(derive_seed(plan.seed, &[beta_index as u64, chain as u64]));
    let start = if beta > BETA_C {
        Lattice::ordered(plan.size)
    } else {
        Lattice::random(plan.size, &mut rng)
    };
    let algorithm = plan.algorithm.resolve(plan.size, beta);
    let mut update = build(algorithm, start, beta)?;
    let burned = burn_in(update.as_mut(), &mut rng, plan.burn_in);
    let (tau, reliable, pilot) = pilot_tau(update.as_mut(), &mut rng, plan.pilot.max(16));
    let thinning = (2.0 * tau).ceil().max(1.0) as u64;
    let n = update.sites() as f64;
    let mut out = Chain {
        beta,
        chain,
        algorithm,
        spins: Vec::with_capacity(plan.samples_per_chain * update.sites()),
        sweeps: Vec::with_capacity(plan.samples_per_chain),
        series: Series::default(),
        tau_pilot: tau,
        tau_reliable: reliable,
        thinning,
        discarded: burned + pilot,
    };
    for sample in 0..plan.samples_per_chain as u64 {
        for _ in 0..thinning {
            update.sweep(&mut rng);
        }
        out.spins.extend_from_slice(update.lattice().spins());
        out.sweeps.push((sample + 1) * thinning);
        out.series
            .push(update.energy() as f64 / n, update.magnetization() as f64 / n);
        tick(1);
    }
    Ok(out)
}

/// Runs the pilot, doubling it while shorter than 50 τ_int; returns (τ, reliable, sweeps run).
fn pilot_tau(update: &mut dyn Update, rng: &mut Rng, initial: u64) -> (f64, bool, u64) {
    let n = update.sites() as f64;
    let mut series = Series::default();
    let mut target = initial;
    loop {
        while (series.len() as u64) < target {
            update.sweep(rng);
            series.push(update.energy() as f64 / n, update.magnetization() as f64 / n);
        }
        let abs: Vec<f64> = series.magnetization.iter().map(|m| m.abs()).collect();
        let (tu, tm) = (tau_int(&series.energy), tau_int(&abs));
        let tau = tu.tau.max(tm.tau);
        let reliable = tu.reliable && tm.reliable && target as f64 >= 50.0 * tau;
        if reliable || target >= 64 * initial {
            return (tau, reliable, target);
        }
        target *= 2;
    }
}

/// Everything measured at one β.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct BetaSummary {
    pub beta: f64,
    pub algorithm: Algorithm,
    pub thermo: Thermo,
    pub tau_pilot: Vec<f64>,
    pub tau_reliable: bool,
    pub thinning: Vec<u64>,
    pub discarded: Vec<u64>,
}

/// The dataset and the per-β summaries of a simulation.
pub struct Simulation {
    pub dataset: Dataset,
    pub summaries: Vec<BetaSummary>,
}

/// Runs `chains` independent chains at each β on `threads` threads and gathers them,
/// ordered by β, then chain, then sweep.
pub fn simulate(
    plan: &Plan,
    betas: &[f64],
    chains: usize,
    threads: usize,
    tick: &(dyn Fn(u64) + Sync),
) -> Result<Simulation, UpdateError> {
    for &b in betas {
        check(plan.algorithm, plan.size, b)?;
    }
    let tasks: Vec<(usize, u32)> = (0..betas.len())
        .flat_map(|b| (0..chains as u32).map(move |c| (b, c)))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .expect("thread pool");
    let results: Result<Vec<Chain>, UpdateError> = pool.install(|| {
        tasks
            .par_iter()
            .map(|&(b, c)| run_chain(plan, b, betas[b], c, tick))
            .collect()
    });
    let results = results?;
    let mut dataset = Dataset::empty(plan.size, serde_json::Value::Null);
    let mut summaries = Vec::new();
    for per_beta in results.chunks(chains) {
        for c in per_beta {
            for (i, &sweep) in c.sweeps.iter().enumerate() {
                let spins = &c.spins[i * dataset.sites()..(i + 1) * dataset.sites()];
                dataset.push(
                    spins,
                    c.beta,
                    c.chain,
                    sweep,
                    c.series.energy[i],
                    c.series.magnetization[i],
                );
            }
        }
        let series: Vec<Series> = per_beta.iter().map(|c| c.series.clone()).collect();
        let first = &per_beta[0];
        summaries.push(BetaSummary {
            beta: first.beta,
            algorithm: first.algorithm,
            thermo: Thermo::from_chains(first.beta, dataset.sites(), &series),
            tau_pilot: per_beta.iter().map(|c| c.tau_pilot).collect(),
            tau_reliable: per_beta.iter().all(|c| c.tau_reliable),
            thinning: per_beta.iter().map(|c| c.thinning).collect(),
            discarded: per_beta.iter().map(|c| c.discarded).collect(),
        });
    }
    dataset.meta = serde_json::json!({
        "L": plan.size,
        "algorithm": plan.algorithm,
        "seed": plan.seed,
        "chains": chains,
        "samples_per_chain": plan.samples_per_chain,
        "burn_in": plan.burn_in,
        "per_beta": summaries.iter().map(|s| serde_json::json!({
            "beta": s.beta,
            "algorithm": s.algorithm,
            "discarded_sweeps": s.discarded,
            "thinning": s.thinning,
            "tau_int_pilot": s.tau_pilot,
            "tau_int_reliable": s.tau_reliable,
            "tau_int_samples": { "energy": s.thermo.tau_energy, "abs_magnetization": s.thermo.tau_abs_magnetization },
        })).collect::<Vec<_>>(),
    });
    Ok(Simulation { dataset, summaries })
}
