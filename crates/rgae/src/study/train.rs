//! Stage 3: the networks of one training seed.
//!
//! Per seed: thermometers at L, L/b and L/b² (fully convolutional, classification over
//! the β grid with the posterior-mean β: the dense MLP thermometer overfits the few
//! thousand training lattices and stays far from the energy-only yardstick), the dense
//! autoencoder, the RG encoder (trained to output majority-rule block spins), the RG
//! autoencoder (that encoder frozen under a trained decoder), and thermometer heads on
//! the frozen or fine-tuned RG and AE encoders (transfer learning).

use std::path::Path;

use anyhow::Result;
use ising::Dataset;
use nets::train::{train, EncoderSource, HeadKind, Kind, Request, Spec, TrainOptions};
use serde::{Deserialize, Serialize};

use super::config::Config;
use super::data::set_file;

/// One trained model: its folder (relative to the stage folder) and how training went.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Trained {
    pub name: String,
    pub kind: String,
    pub dir: String,
    pub params: usize,
    pub epochs: usize,
    pub best_val_loss: f64,
    pub seconds: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SeedModels {
    pub seed: u64,
    pub models: Vec<Trained>,
}

/// Name of the thermometer for lattice size `size`.
pub fn thermometer(size: usize) -> String {
    format!("thermo_L{size}")
}

/// The transfer heads: (name, encoder model, frozen).
pub const HEADS: [(&str, &str, bool); 4] = [
    ("head_rg_frozen", "rg_encoder", true),
    ("head_rg_tuned", "rg_encoder", false),
    ("head_ae_frozen", "ae", true),
    ("head_ae_tuned", "ae", false),
];

pub fn train_seed(config: &Config, seed: u64, data_dir: &Path, dir: &Path) -> Result<SeedModels> {
    let t = &config.train;
    let options = |thermometer: bool| TrainOptions {
        epochs: if thermometer {
            t.thermometer_epochs
        } else {
            t.epochs
        },
        batch: if thermometer { t.thermometer_batch } else { t.batch },
        lr: if thermometer { t.thermometer_lr } else { t.lr },
        lr_final_factor: if thermometer {
            t.thermometer_lr_final_factor
        } else {
            1.0
        },
        seed,
        patience: t.patience,
        encoder_lr_factor: t.fine_tune_factor,
        ..TrainOptions::default()
    };
    let mut models = Vec::new();
    let mut fit = |name: &str,
                   kind: Kind,
                   data: &Dataset,
                   data_file: &str,
                   encoder: Option<(&str, bool)>|
     -> Result<()> {
        let out = dir.join(name);
        let is_thermometer = kind == Kind::ThermoCnn;
        let spec = if is_thermometer {
            Spec {
                channels: 16,
                head: HeadKind::Classification,
                ..Spec::new(kind)
            }
        } else {
            Spec {
                block: config.rg.block,
                ..Spec::new(kind)
            }
        };
        let start = std::time::Instant::now();
        let (_, card) = train(Request {
            spec,
            data,
            data_path: data_file.into(),
            options: options(is_thermometer),
            encoder: encoder.map(|(from, freeze)| EncoderSource {
                dir: dir.join(from),
                freeze,
            }),
            out: Some(&out),
            resume: false,
        })?;
        models.push(Trained {
            name: name.into(),
            kind: card.kind.clone(),
            dir: name.into(),
            params: card.params,
            epochs: card.history.epochs.len(),
            best_val_loss: card.history.best_val_loss.unwrap_or(f64::NAN),
            seconds: start.elapsed().as_secs_f64(),
        });
        Ok(())
    };
    for size in config.sizes() {
        let file = set_file("train", size);
        let data = Dataset::read_npz(&data_dir.join(&file))?;
        fit(&thermometer(size), Kind::ThermoCnn, &data, &file, None)?;
    }
    let file = set_file("train", config.data.size);
    let data = Dataset::read_npz(&data_dir.join(&file))?;
    fit("ae", Kind::DenseAe, &data, &file, None)?;
    fit("rg_encoder", Kind::RgEncoder, &data, &file, None)?;
    fit("rg_ae", Kind::RgAe, &data, &file, Some(("rg_encoder", true)))?;
    for (name, from, frozen) in HEADS {
        fit(name, Kind::Transfer, &data, &file, Some((from, frozen)))?;
    }
    Ok(SeedModels { seed, models })
}
