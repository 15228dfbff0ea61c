//! Stages 1 and 2: simulate the training and test sets at L, L/b, L/b², then
//! coarse-grain the size-L sets by majority rule and decimation, one and two steps.

use std::path::Path;

use anyhow::Result;
use ising::sampling::{simulate, BetaSummary, Plan};
use ising::update::Algorithm;
use ising::Dataset;
use rg::block::{Rule, Tie, Transform};
use serde::{Deserialize, Serialize};

use super::config::Config;

/// What the data stage measured, per size and split.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DataSummary {
    pub sets: Vec<SetSummary>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SetSummary {
    pub size: usize,
    pub split: String,
    pub file: String,
    pub samples: usize,
    pub per_beta: Vec<BetaSummary>,
}

/// File name of a simulated set.
pub fn set_file(split: &str, size: usize) -> String {
    format!("{split}_L{size}.npz")
}

/// Seed offset of the test set: its chains are independent of the training chains.
const TEST_SEED: u64 = 0x7E57;

pub fn simulate_sets(config: &Config, dir: &Path, threads: usize) -> Result<DataSummary> {
    let betas = config.betas()?;
    let algorithm: Algorithm = config.data.algorithm.parse().map_err(anyhow::Error::msg)?;
    let mut sets = Vec::new();
    for size in config.sizes() {
        for (split, samples, seed) in [
            ("train", config.data.samples, config.data.seed),
            ("test", config.data.test_samples, config.data.seed ^ TEST_SEED),
        ] {
            let plan = Plan {
                samples_per_chain: samples.div_ceil(config.data.chains),
                ..Plan::new(algorithm, size, ising::rng::derive_seed(seed, &[size as u64]))
            };
            let total = (plan.samples_per_chain * config.data.chains * betas.len()) as u64;
            let bar = crate::progress::bar(total, "samples");
            bar.set_message(format!("simulate {split} L={size}"));
            let sim = simulate(&plan, &betas, config.data.chains, threads, &|n| bar.inc(n))?;
            bar.finish_and_clear();
            let mut dataset = sim.dataset;
            if let Some(meta) = dataset.meta.as_object_mut() {
                meta.insert("rgae_version".into(), env!("CARGO_PKG_VERSION").into());
                meta.insert("split".into(), split.into());
            }
            let file = set_file(split, size);
            dataset.write_npz(&dir.join(&file), true)?;
            sets.push(SetSummary {
                size,
                split: split.into(),
                file,
                samples: dataset.len(),
                per_beta: sim.summaries,
            });
        }
    }
    Ok(DataSummary { sets })
}

/// The coarse-grained versions of the size-L sets.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CoarseSummary {
    pub files: Vec<CoarseFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CoarseFile {
    pub rule: String,
    pub steps: u32,
    pub split: String,
    pub size: usize,
    pub file: String,
}

impl CoarseSummary {
    pub fn find(&self, rule: &str, steps: u32, split: &str) -> Option<&CoarseFile> {
        self.files
            .iter()
            .find(|f| f.rule == rule && f.steps == steps && f.split == split)
    }
}

pub fn coarse_grain(config: &Config, data_dir: &Path, dir: &Path) -> Result<CoarseSummary> {
    let tie: Tie = config.rg.tie.parse().map_err(anyhow::Error::msg)?;
    let size = config.data.size;
    let mut files = Vec::new();
    for split in ["train", "test"] {
        let data = Dataset::read_npz(&data_dir.join(set_file(split, size)))?;
        for rule in [Rule::Majority, Rule::Decimation] {
            for steps in [1, 2] {
                let transform = Transform {
                    rule,
                    block: config.rg.block,
                    steps,
                    tie,
                    seed: config.data.seed ^ steps as u64,
                };
                let coarse = transform.apply_dataset(&data)?;
                let file = format!("{}_{steps}_{split}.npz", rule.name());
                coarse.write_npz(&dir.join(&file), true)?;
                files.push(CoarseFile {
                    rule: rule.name().into(),
                    steps,
                    split: split.into(),
                    size: coarse.size,
                    file,
                });
            }
        }
    }
    Ok(CoarseSummary { files })
}
