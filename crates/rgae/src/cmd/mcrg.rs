//! `rgae mcrg`: Swendsen's Monte Carlo renormalization group — RG eigenvalues λ_t, λ_h
//! and exponents y = ln λ / ln b per blocking level, with jackknife errors over
//! independent chains.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use ising::exact::BETA_C;
use ising::update::{check, Algorithm};
use ising::Dataset;
use rg::block::{Rule, Tie};
use rg::mcrg::{from_configs, run as run_mcrg, LevelResult, McrgConfig, MAX_EVEN, MAX_ODD};

#[derive(clap::Args)]
#[command(about = "Monte Carlo RG: RG eigenvalues λ_t, λ_h and exponents y_t, y_h per blocking level")]
#[command(
    long_about = "Monte Carlo RG (Swendsen 1979): RG eigenvalues λ_t, λ_h and exponents y_t, y_h per blocking level.\n\n\
Samples --batches independent chains at β (Wolff by default), blocks every sample --levels \
times, and measures even (nn, nnn, (2,0), plaquette, (2,1), (2,2)) and odd (magnetisation, \
plaquette triple, line triple, chevron) coupling operators on every level. For each step \
n → n+1 ('level n'; the first blocking is level 0) it forms T = B⁻¹A from the connected \
correlations A = ⟨S⁽ⁿ⁺¹⁾S⁽ⁿ⁾⟩_c and B = ⟨S⁽ⁿ⁺¹⁾S⁽ⁿ⁺¹⁾⟩_c; the leading eigenvalue of the \
even (odd) sector is λ_t (λ_h), y = ln λ / ln b. Errors: jackknife over the chains. \
At β_c with b = 2 the exact values are λ_t = 2, λ_h = 2^{15/8} = 3.668. A table is printed, \
then one line of JSON. With --input the configurations of a dataset are used instead of \
sampling (contiguous groups of samples as the batches)."
)]
pub struct Args {
    /// Linear lattice size L (must be divisible by block^levels).
    #[arg(long, default_value_t = 64)]
    size: usize,
    /// Inverse temperature (default β_c).
    #[arg(long, default_value_t = BETA_C)]
    beta: f64,
    /// majority | decimation.
    #[arg(long, default_value = "majority")]
    rule: Rule,
    /// Block size b.
    #[arg(long, default_value_t = 2)]
    block: usize,
    /// Tie rule of the majority blocks: random | first | plus.
    #[arg(long, default_value = "random")]
    tie: Tie,
    /// Blocking levels (RG steps).
    #[arg(long, default_value_t = 4)]
    levels: usize,
    /// Total samples (split evenly over the batches).
    #[arg(long, default_value_t = 100_000)]
    samples: usize,
    /// Independent chains; the jackknife runs over them.
    #[arg(long, default_value_t = 16)]
    batches: usize,
    /// Sweeps discarded at the start of each chain.
    #[arg(long, default_value_t = 200)]
    burn_in: usize,
    /// Sweeps between samples.
    #[arg(long, default_value_t = 1)]
    sweeps_between: usize,
    /// Update algorithm of the chains.
    #[arg(long, default_value = "wolff")]
    algorithm: Algorithm,
    /// Even (thermal) operators used, 1..=6.
    #[arg(long, default_value_t = MAX_EVEN)]
    even: usize,
    /// Odd (magnetic) operators used, 1..=4.
    #[arg(long, default_value_t = MAX_ODD)]
    odd: usize,
    /// Master seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Use the configurations of this dataset (at --beta, or its only β) instead of sampling.
    #[arg(long)]
    input: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
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
    let start = Instant::now();
    let (size, beta, samples, levels) = match &args.input {
        None => {
            if args.samples < args.batches {
                bail!(
                    "--samples ({}) must be at least --batches ({})",
                    args.samples,
                    args.batches
                );
            }
            let cfg = McrgConfig {
                size: args.size,
                beta: args.beta,
                rule: args.rule,
                block: args.block,
                tie: args.tie,
                levels: args.levels,
                batches: args.batches,
                samples_per_batch: args.samples / args.batches,
                burn_in: args.burn_in,
                sweeps_between: args.sweeps_between,
                algorithm: args.algorithm,
                seed: args.seed,
                n_even: args.even,
                n_odd: args.odd,
            };
            cfg.validate()?;
            check(args.algorithm, args.size, args.beta)?;
            let total = (cfg.samples_per_batch * cfg.batches) as u64;
            let bar = crate::progress::bar(total, "samples");
            bar.set_message(format!("MCRG L={} β={}", args.size, args.beta));
            let result = pool.install(|| run_mcrg(&cfg, &|n| bar.inc(n)))?;
            bar.finish_and_clear();
            (args.size, args.beta, result.samples as usize, result.levels)
        }
        Some(path) => {
            let data = Dataset::read_npz(path)?;
            let betas = data.betas();
            let beta = if betas.len() == 1 {
                betas[0]
            } else {
                *betas
                    .iter()
                    .find(|&&b| (b - args.beta).abs() < 1e-9)
                    .with_context(|| {
                        format!(
                            "{}: no samples at β = {} (it holds {:?})",
                            path.display(),
                            args.beta,
                            betas
                        )
                    })?
            };
            let idx = data.indices_at(beta);
            let cfg = McrgConfig {
                size: data.size,
                beta,
                rule: args.rule,
                block: args.block,
                tie: args.tie,
                levels: args.levels,
                batches: args.batches,
                samples_per_batch: idx.len() / args.batches.max(1),
                burn_in: 0,
                sweeps_between: 1,
                algorithm: args.algorithm,
                seed: args.seed,
                n_even: args.even,
                n_odd: args.odd,
            };
            let configs: Vec<i8> = idx.iter().flat_map(|&i| data.config(i).iter().copied()).collect();
            let levels = pool.install(|| from_configs(&configs, &cfg))?;
            (data.size, beta, idx.len(), levels)
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    print_table(&args, size, beta, samples, seconds, &levels);
    let json = serde_json::json!({
        "command": "mcrg",
        "size": size,
        "beta": beta,
        "rule": args.rule,
        "block": args.block,
        "tie": args.tie,
        "levels": args.levels,
        "samples": samples,
        "batches": args.batches,
        "sweeps_between": args.sweeps_between,
        "algorithm": if args.input.is_some() { serde_json::Value::Null } else { args.algorithm.name().into() },
        "input": args.input.as_ref().map(|p| p.display().to_string()),
        "seed": args.seed,
        "even_operators": rg::mcrg::even_operators(args.even).iter().map(|o| o.name).collect::<Vec<_>>(),
        "odd_operators": rg::mcrg::odd_operators(args.odd).iter().map(|o| o.name).collect::<Vec<_>>(),
        "threads": threads,
        "seconds": seconds,
        "exact_at_beta_c": {
            "lambda_t": args.block as f64,
            "lambda_h": (args.block as f64).powf(15.0 / 8.0),
            "y_t": 1.0,
            "y_h": 1.875,
        },
        "results": levels,
    });
    println!("{json}");
    Ok(())
}

fn print_table(args: &Args, size: usize, beta: f64, samples: usize, seconds: f64, levels: &[LevelResult]) {
    println!(
        "MCRG  L={size} β={beta} {} b={}{}  {} even / {} odd operators  {samples} samples, {} batches, {seconds:.1} s",
        args.rule,
        args.block,
        if args.rule == Rule::Majority && args.block % 2 == 0 { format!(" tie={}", args.tie) } else { String::new() },
        args.even,
        args.odd,
        args.batches,
    );
    println!(
        "{:>5} {:>9} {:>18} {:>18} {:>18} {:>18} {:>9}",
        "level", "lattice", "λ_t", "y_t", "λ_h", "y_h", "λ_2"
    );
    for lv in levels {
        println!(
            "{:>5} {:>9} {:>18} {:>18} {:>18} {:>18} {:>9.4}{}",
            lv.level,
            format!("{}→{}", lv.from_size, lv.to_size),
            format!("{:.4}", lv.lambda_t),
            format!("{:.4}", lv.y_t),
            format!("{:.4}", lv.lambda_h),
            format!("{:.4}", lv.y_h),
            lv.lambda_2.mean,
            if lv.complex_leading {
                "  (complex leading eigenvalue)"
            } else {
                ""
            }
        );
    }
    let b = args.block as f64;
    println!(
        "{:>5} {:>9} {:>18} {:>18} {:>18} {:>18}",
        "exact",
        "at β_c",
        format!("{b:.4}"),
        "1.0000",
        format!("{:.4}", b.powf(15.0 / 8.0)),
        "1.8750"
    );
}
