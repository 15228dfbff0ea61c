//! From a dataset to training examples: inputs, targets for each objective, and the
//! validation split by chain.

use std::collections::BTreeMap;

use burn::prelude::*;
use ising::rng::{below, derive_seed, rng_from};
use ising::Dataset;
use rg::block::{majority, Tie};
use serde::{Deserialize, Serialize};

use crate::arch::{Arch, Head};
use crate::NetError;

/// Spins as f32, `N × L²` row-major.
pub fn inputs(data: &Dataset) -> Vec<f32> {
    data.spins.iter().map(|&s| s as f32).collect()
}

/// Position of `beta` in `grid` (exact match, as β values in a dataset are grid values).
pub fn grid_index(grid: &[f64], beta: f64) -> Option<usize> {
    grid.iter().position(|&g| g == beta)
}

/// Sorted distinct β of a dataset.
pub fn beta_grid(data: &Dataset) -> Vec<f64> {
    let mut g = data.betas();
    g.sort_by(|a, b| a.total_cmp(b));
    g
}

/// Regression head whose normalisation is the mean and standard deviation of β over the
/// given samples.
pub fn regression_head(data: &Dataset, indices: &[usize]) -> Head {
    let n = indices.len().max(1) as f64;
    let mean = indices.iter().map(|&i| data.beta[i]).sum::<f64>() / n;
    let var = indices
        .iter()
        .map(|&i| (data.beta[i] - mean).powi(2))
        .sum::<f64>()
        / n;
    Head::Regression {
        mean,
        std: var.sqrt(),
    }
}

/// Which loss a model trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Loss {
    /// Mean squared error over all outputs.
    Mse,
    /// Cross-entropy of softmax(outputs) against one-hot targets.
    CrossEntropy,
}

/// Inputs and targets of a set of examples, ready to batch.
#[derive(Clone, Debug)]
pub struct Examples {
    pub width: usize,
    pub x: Vec<f32>,
    pub target_width: usize,
    pub y: Vec<f32>,
    pub loss: Loss,
}

impl Examples {
    pub fn len(&self) -> usize {
        self.x.len() / self.width
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Rows `idx` as tensors `([B, width], [B, target_width])`.
    pub fn batch(&self, idx: &[usize], device: &Device) -> (Tensor<2>, Tensor<2>) {
        let (w, tw) = (self.width, self.target_width);
        let mut x = Vec::with_capacity(idx.len() * w);
        let mut y = Vec::with_capacity(idx.len() * tw);
        for &i in idx {
            x.extend_from_slice(&self.x[i * w..(i + 1) * w]);
            y.extend_from_slice(&self.y[i * tw..(i + 1) * tw]);
        }
        (
            Tensor::from_data(TensorData::new(x, [idx.len(), w]), device),
            Tensor::from_data(TensorData::new(y, [idx.len(), tw]), device),
        )
    }
}

/// The loss of `output` against `target`, a scalar tensor.
pub fn loss(kind: Loss, output: Tensor<2>, target: Tensor<2>) -> Tensor<1> {
    match kind {
        Loss::Mse => (output - target).square().mean(),
        Loss::CrossEntropy => {
            let [b, _] = output.dims();
            let logp = burn::tensor::activation::log_softmax(output, 1);
            (logp * target).sum().mul_scalar(-1.0 / b as f64)
        }
    }
}

/// Training examples for `arch` from the samples `indices` of `data`.
///
/// Targets: thermometers — normalised β (regression) or one-hot over the grid
/// (classification); autoencoders — the input itself; RG encoder — the majority-rule block
/// spins of the input (b×b blocks, ties ±1 at random from `tie_seed`, one stream per
/// sample so that the targets of a sample do not depend on which others are selected).
pub fn examples(arch: &Arch, data: &Dataset, indices: &[usize], tie_seed: u64) -> Result<Examples, NetError> {
    let l = data.size;
    if let Some(size) = arch.size() {
        if size != l {
            return Err(NetError::Data(format!(
                "the model is for L = {size} but the data has L = {l}"
            )));
        }
    }
    if let Some(b) = arch.block() {
        if l % b != 0 {
            return Err(NetError::Data(format!("block size {b} does not divide L = {l}")));
        }
    }
    let width = l * l;
    let mut x = Vec::with_capacity(indices.len() * width);
    for &i in indices {
        x.extend(data.config(i).iter().map(|&s| s as f32));
    }
    let (target_width, y, loss) = match arch {
        Arch::ThermoMlp { head, .. } | Arch::ThermoCnn { head, .. } | Arch::Transfer { head, .. } => {
            match head {
                Head::Regression { mean, std } => {
                    let y = indices
                        .iter()
                        .map(|&i| ((data.beta[i] - mean) / std) as f32)
                        .collect();
                    (1, y, Loss::Mse)
                }
                Head::Classification { grid } => {
                    let k = grid.len();
                    let mut y = vec![0.0f32; indices.len() * k];
                    for (r, &i) in indices.iter().enumerate() {
                        let c = grid_index(grid, data.beta[i]).ok_or_else(|| {
                            NetError::Data(format!("β = {} is not on the model's grid", data.beta[i]))
                        })?;
                        y[r * k + c] = 1.0;
                    }
                    (k, y, Loss::CrossEntropy)
                }
            }
        }
        Arch::DenseAe { .. } | Arch::ConvAe { .. } | Arch::RgAe { .. } => (width, x.clone(), Loss::Mse),
        Arch::RgEncoder { block, .. } => {
            let m = (l / block).pow(2);
            let mut y = Vec::with_capacity(indices.len() * m);
            for &i in indices {
                let mut rng = rng_from(derive_seed(tie_seed, &[i as u64]));
                y.extend(
                    majority(data.config(i), l, *block, Tie::Random, &mut rng)
                        .iter()
                        .map(|&s| s as f32),
                );
            }
            (m, y, Loss::Mse)
        }
    };
    Ok(Examples {
        width,
        x,
        target_width,
        y,
        loss,
    })
}

/// A split of sample indices into training and validation sets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub train: Vec<usize>,
    pub val: Vec<usize>,
    /// Number of (β, chain) groups in each part.
    pub train_chains: usize,
    pub val_chains: usize,
}

/// Splits by Markov chain, so that correlated samples never straddle the split: the
/// samples are grouped by (β, chain), and at each β a seeded random `val_fraction` of its
/// chains (at least one when the β has two or more chains) goes to validation. A β with a
/// single chain stays wholly in training. Indices keep dataset order within each part.
pub fn split_by_chain(data: &Dataset, val_fraction: f64, seed: u64) -> Split {
    let mut groups: BTreeMap<(u64, u32), Vec<usize>> = BTreeMap::new();
    for i in 0..data.len() {
        groups
            .entry((data.beta[i].to_bits(), data.chain[i]))
            .or_default()
            .push(i);
    }
    let mut per_beta: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    for &(b, c) in groups.keys() {
        per_beta.entry(b).or_default().push(c);
    }
    let mut val_groups = Vec::new();
    for (bi, (b, chains)) in per_beta.iter().enumerate() {
        let mut chains = chains.clone();
        let mut rng = rng_from(derive_seed(seed, &[bi as u64]));
        for k in (1..chains.len()).rev() {
            chains.swap(k, below(&mut rng, k + 1));
        }
        let n = chains.len();
        let take = if n >= 2 && val_fraction > 0.0 {
            ((n as f64 * val_fraction).round() as usize).clamp(1, n - 1)
        } else {
            0
        };
        val_groups.extend(chains[..take].iter().map(|&c| (*b, c)));
    }
    let mut is_val = vec![false; data.len()];
    for g in &val_groups {
        for &i in &groups[g] {
            is_val[i] = true;
        }
    }
    let train: Vec<usize> = (0..data.len()).filter(|&i| !is_val[i]).collect();
    let val: Vec<usize> = (0..data.len()).filter(|&i| is_val[i]).collect();
    Split {
        train,
        val,
        train_chains: groups.len() - val_groups.len(),
        val_chains: val_groups.len(),
    }
}
