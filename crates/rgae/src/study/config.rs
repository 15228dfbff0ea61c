//! The study configuration: TOML, with an embedded default and a quick variant.
//!
//! ```ignore
//! let config = Config::default_study();
//! assert_eq!(config.data.size, 32);
//! ```

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

pub const DEFAULT: &str = include_str!("default.toml");
pub const QUICK: &str = include_str!("quick.toml");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub name: String,
    pub data: Data,
    pub rg: Rg,
    pub train: Train,
    pub analysis: Analysis,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    pub size: usize,
    pub betas: String,
    pub include_beta_c: bool,
    pub samples: usize,
    pub test_samples: usize,
    pub chains: usize,
    pub algorithm: String,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rg {
    pub block: usize,
    pub tie: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Train {
    pub seeds: Vec<u64>,
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
    pub patience: usize,
    pub fine_tune_factor: f64,
    pub thermometer_epochs: usize,
    pub thermometer_batch: usize,
    pub thermometer_lr: f64,
    /// The thermometers' last learning rate relative to `thermometer_lr` (cosine decay;
    /// 1 keeps it constant).
    #[serde(default = "constant_rate")]
    pub thermometer_lr_final_factor: f64,
}

fn constant_rate() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    pub correlation_betas: Vec<f64>,
    pub ae_flow_steps: usize,
    pub patch_k_max: usize,
}

impl Config {
    pub fn parse(text: &str) -> Result<Self> {
        let config: Config = toml::from_str(text).context("study config")?;
        config.validate()?;
        Ok(config)
    }

    pub fn default_study() -> Self {
        Self::parse(DEFAULT).expect("the embedded default study is valid")
    }

    pub fn quick() -> Self {
        Self::parse(QUICK).expect("the embedded quick study is valid")
    }

    /// The β grid, with β_c added (and the grid sorted) when asked.
    pub fn betas(&self) -> Result<Vec<f64>> {
        let mut betas = crate::cmd::simulate::parse_grid(&self.data.betas)?;
        if self.data.include_beta_c && !betas.iter().any(|&b| (b - ising::exact::BETA_C).abs() < 1e-9) {
            betas.push(ising::exact::BETA_C);
        }
        betas.sort_by(f64::total_cmp);
        Ok(betas)
    }

    /// The sizes thermometers are trained at: L, L/b, L/b².
    pub fn sizes(&self) -> [usize; 3] {
        let (l, b) = (self.data.size, self.rg.block);
        [l, l / b, l / (b * b)]
    }

    fn validate(&self) -> Result<()> {
        let (l, b) = (self.data.size, self.rg.block);
        if b < 2 || l % (b * b) != 0 || l / (b * b) < 2 {
            bail!(
                "data.size = {l} must be a multiple of rg.block² = {} with L/b² ≥ 2",
                b * b
            );
        }
        if self.data.samples == 0 || self.data.test_samples == 0 || self.data.chains < 2 {
            bail!("data.samples and data.test_samples must be positive and data.chains ≥ 2 (validation is split by chain)");
        }
        if self.train.seeds.is_empty() || self.train.epochs == 0 || self.train.batch == 0 {
            bail!("train.seeds, train.epochs and train.batch must not be empty or zero");
        }
        let betas = self.betas()?;
        if betas.iter().any(|b| !(b.is_finite() && *b > 0.0)) {
            bail!("every β must be finite and positive");
        }
        if betas.len() < 3 {
            bail!("the β grid needs at least 3 points (the RG flow and the entropy integral use it)");
        }
        self.data
            .algorithm
            .parse::<ising::update::Algorithm>()
            .map_err(anyhow::Error::msg)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_studies_parse() {
        let d = Config::default_study();
        assert_eq!(d.sizes(), [32, 16, 8]);
        assert!(d.train.seeds.len() >= 3);
        let betas = d.betas().unwrap();
        assert!(betas.len() >= 25 && betas.contains(&ising::exact::BETA_C));
        Config::quick();
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = DEFAULT.replace("seed = 1", "seed = 1\nsede = 2");
        assert!(Config::parse(&text).is_err());
    }
}
