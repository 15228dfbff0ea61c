//! # nets — the neural networks of rgae
//!
//! Thermometers that read β off a configuration, autoencoders, the RG encoder that embeds
//! majority-rule coarse-graining in a network, and transfer heads, all on burn 0.22 with its
//! pure-Rust `flex` CPU backend.
//!
//! - [`arch`]: architectures as data (what a model card records);
//! - [`models`]: the networks, one per file, weights addressed by name;
//! - [`net`]: one type over all kinds — build, forward, weights, SafeTensors;
//! - [`data`]: datasets → tensors, targets, the validation split by chain;
//! - [`train`]: Adam, mini-batches, early stopping, checkpoints and resume;
//! - [`model_dir`]: a trained model on disk (weights + JSON card + loss curve);
//! - [`predict`]: β estimates, reconstructions and codes;
//! - [`spins`]: reconstructions back to ±1 lattices (sign, seeded sampling);
//! - [`thermometry`]: the energy-only estimator and the Cramér–Rao bound;
//! - [`gradcheck`]: gradients against finite differences.
//!
//! Everything is deterministic from a seed: weights are drawn from seeded streams (not
//! burn's global generator), shuffling uses per-epoch derived seeds, and the flex backend is
//! built single-threaded (no `rayon` feature), so the same seed and data give bit-identical
//! weights.

pub mod arch;
pub mod data;
pub mod gradcheck;
pub mod init;
pub mod model_dir;
pub mod models;
pub mod net;
pub mod predict;
pub mod spins;
pub mod thermometry;
pub mod train;

pub use arch::{Arch, Head};
pub use net::Net;

use burn::tensor::Device;

/// Errors of this crate, each one line.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("invalid architecture: {0}")]
    Arch(String),
    #[error("model store: {0}")]
    Store(String),
    #[error("data: {0}")]
    Data(String),
    #[error("{path}: {reason}")]
    File {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("{0}")]
    Other(String),
}

/// The device training runs on: flex (pure-Rust CPU) with autodiff.
pub fn train_device() -> Device {
    Device::flex().autodiff()
}

/// The device inference runs on: flex without autodiff.
pub fn infer_device() -> Device {
    Device::flex()
}
