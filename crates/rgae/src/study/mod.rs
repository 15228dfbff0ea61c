//! The study of `rgae reproduce`: simulate → coarse-grain → train (per seed) →
//! measure → claims → report, each a [`stage::Runner`] stage under `runs/<name>/`,
//! skipped when its inputs and settings have not changed.

pub mod claims;
pub mod config;
pub mod data;
pub mod measure;
pub mod report;
pub mod stage;
pub mod train;

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use config::Config;
use stage::Runner;

/// What the measure stage leaves: the metrics and the claims.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Findings {
    pub metrics: measure::Metrics,
    pub claims: Vec<claims::Claim>,
}

/// Runs the whole study into `runs_dir/<config.name>/` and returns its folder.
pub fn run(config: &Config, runs_dir: &Path, threads: usize) -> Result<(PathBuf, Runner)> {
    let root = runs_dir.join(&config.name);
    let runner = Runner::new(root.clone())?;
    let data = runner.stage("1-simulate", &config.data, |dir| {
        data::simulate_sets(config, dir, threads)
    })?;
    let coarse = runner.stage("2-coarse-grain", &(&data.key, &config.rg), |dir| {
        data::coarse_grain(config, &data.dir, dir)
    })?;
    // Training is single-threaded per network: the seeds train side by side, `threads`
    // at a time, each its own stage.
    let mut seeds = Vec::new();
    for group in config.train.seeds.chunks(threads.max(1)) {
        let done: Vec<Result<_>> = std::thread::scope(|scope| {
            let handles: Vec<_> = group
                .iter()
                .map(|&seed| {
                    let (runner, data) = (&runner, &data);
                    scope.spawn(move || {
                        let settings = (&data.key, &config.rg, &config.train, seed);
                        runner.stage(&format!("3-train-seed{seed}"), &settings, |dir| {
                            train::train_seed(config, seed, &data.dir, dir)
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("training thread panicked"))
                .collect()
        });
        for d in done {
            seeds.push(d?);
        }
    }
    let seed_keys: Vec<&String> = seeds.iter().map(|s| &s.key).collect();
    let findings = runner.stage(
        "4-measure",
        &(&data.key, &coarse.key, &seed_keys, &config.analysis),
        |_| {
            let inputs = measure::Inputs {
                config,
                data_dir: &data.dir,
                coarse_dir: &coarse.dir,
                coarse: &coarse.summary,
                seeds: seeds.iter().map(|s| (s.dir.as_path(), &s.summary)).collect(),
            };
            let metrics = measure::measure(&inputs)?;
            let claims = claims::claims(&metrics);
            Ok(Findings { metrics, claims })
        },
    )?;
    let first_seed = (seeds[0].dir.as_path(), &seeds[0].summary);
    runner.stage("5-report", &(&findings.key, &config), |dir| {
        report::write(
            config,
            &data.summary,
            &data.dir,
            &findings.summary,
            first_seed,
            dir,
            &root,
        )
    })?;
    Ok((root, runner))
}
