//! A model on disk: a directory with
//!
//! | file | content |
//! |---|---|
//! | `model.safetensors` | the weights (best validation epoch), tensor names = parameter names, dense weights `[in, out]` |
//! | `card.json` | the model card: architecture, data, seed, options, per-epoch losses |
//! | `losses.csv` | `epoch,train_loss,val_loss,seconds` |
//! | `checkpoint/` | last-epoch weights, optimizer state and loop state, for `--resume` |
//!
//! Every file is written to a temporary name and renamed, so an interrupted run leaves the
//! previous epoch's files intact.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::arch::Arch;
use crate::net::Net;
use crate::train::{History, TrainOptions};
use crate::{infer_device, NetError};

pub const CARD: &str = "card.json";
pub const WEIGHTS: &str = "model.safetensors";
pub const LOSSES: &str = "losses.csv";
pub const CHECKPOINT: &str = "checkpoint";
pub const FORMAT: &str = "rgae-nets/1";

/// What the model was trained on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataInfo {
    pub path: String,
    pub size: usize,
    pub samples: usize,
    pub betas: Vec<f64>,
    pub train_samples: usize,
    pub val_samples: usize,
    pub train_chains: usize,
    pub val_chains: usize,
    /// The dataset's own provenance (`meta` of the `.npz`).
    pub meta: serde_json::Value,
}

/// Where a transferred encoder came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncoderInfo {
    pub from: String,
    pub kind: String,
    pub frozen: bool,
    /// Learning rate of the encoder relative to the rest when fine-tuned.
    pub lr_factor: f64,
}

/// The JSON model card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    pub format: String,
    pub kind: String,
    pub arch: Arch,
    pub params: usize,
    pub seed: u64,
    pub options: TrainOptions,
    pub data: DataInfo,
    pub encoder: Option<EncoderInfo>,
    pub backend: String,
    /// `training` while epochs run, `done` at the end.
    pub status: String,
    pub history: History,
}

pub fn io_err(path: &Path, e: impl std::fmt::Display) -> NetError {
    NetError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), NetError> {
    use std::io::Write;
    ising::dataset::write_atomically(path, |f| f.write_all(bytes).map_err(|e| e.to_string()))
        .map_err(|e| io_err(path, e))
}

pub fn read_file(path: &Path) -> Result<Vec<u8>, NetError> {
    std::fs::read(path).map_err(|e| io_err(path, e))
}

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), NetError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| io_err(path, e))?;
    s.push('\n');
    write_file(path, s.as_bytes())
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, NetError> {
    let bytes = read_file(path)?;
    serde_json::from_slice(&bytes).map_err(|e| io_err(path, e))
}

/// Paths inside a model directory.
#[derive(Clone, Debug)]
pub struct ModelDir {
    pub root: PathBuf,
}

impl ModelDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
    pub fn card(&self) -> PathBuf {
        self.root.join(CARD)
    }
    pub fn weights(&self) -> PathBuf {
        self.root.join(WEIGHTS)
    }
    pub fn losses(&self) -> PathBuf {
        self.root.join(LOSSES)
    }
    pub fn checkpoint(&self) -> PathBuf {
        self.root.join(CHECKPOINT)
    }
    pub fn last_weights(&self) -> PathBuf {
        self.checkpoint().join("last.safetensors")
    }
    pub fn optimizer(&self) -> PathBuf {
        self.checkpoint().join("optimizer.bpk")
    }
    pub fn state(&self) -> PathBuf {
        self.checkpoint().join("state.json")
    }

    pub fn create(&self) -> Result<(), NetError> {
        std::fs::create_dir_all(self.checkpoint()).map_err(|e| io_err(&self.checkpoint(), e))
    }

    pub fn read_card(&self) -> Result<ModelCard, NetError> {
        let card: ModelCard = read_json(&self.card())?;
        if card.format != FORMAT {
            return Err(io_err(
                &self.card(),
                format!("unknown model format '{}'", card.format),
            ));
        }
        Ok(card)
    }

    /// Loss curve as CSV.
    pub fn write_losses(&self, history: &History) -> Result<(), NetError> {
        let mut s = String::from("epoch,train_loss,val_loss,seconds\n");
        for e in &history.epochs {
            s.push_str(&format!(
                "{},{:.9e},{:.9e},{:.3}\n",
                e.epoch, e.train_loss, e.val_loss, e.seconds
            ));
        }
        write_file(&self.losses(), s.as_bytes())
    }

    /// The model card and the trained network on the inference device.
    pub fn load(&self) -> Result<(ModelCard, Net), NetError> {
        let card = self.read_card()?;
        let mut net = Net::build(&card.arch, 0, &infer_device())?;
        net.load_safetensors(read_file(&self.weights())?)
            .map_err(|e| io_err(&self.weights(), e))?;
        Ok((card, net))
    }
}

/// Loads a model directory (card + weights) for inference.
pub fn load(dir: &Path) -> Result<(ModelCard, Net), NetError> {
    ModelDir::new(dir).load()
}
