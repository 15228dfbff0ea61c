//! `rgae train`: train a network on a dataset into a model directory.

use std::path::PathBuf;

use anyhow::{bail, Result};
use ising::Dataset;
use nets::train::{self, EncoderSource, HeadKind, Kind, Request, Spec, TrainOptions};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ModelKind {
    /// Dense thermometer L² → 256 → 64 → 1 (or one logit per β).
    ThermoMlp,
    /// Fully convolutional thermometer with global pooling (any L).
    ThermoCnn,
    /// Dense autoencoder L² → (L/b)² → L² (tanh).
    DenseAe,
    /// Convolutional autoencoder: stride-b conv, transposed-conv decoder.
    ConvAe,
    /// Dense L² → (L/b)² trained to output majority-rule block spins.
    RgEncoder,
    /// A trained RG encoder (--encoder, always frozen) under a trained decoder.
    RgAe,
    /// Thermometer head on a trained encoder (--encoder; --freeze or fine-tuned).
    Transfer,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum HeadArg {
    /// One output, MSE against normalised β.
    Regression,
    /// One logit per β of the training grid, cross-entropy; β̂ = posterior mean.
    Classification,
}

#[derive(clap::Args)]
#[command(about = "Train a network (thermometer, autoencoder, RG encoder, transfer head) on a dataset")]
#[command(
    long_about = "Train a network (thermometer, autoencoder, RG encoder, transfer head) on a dataset.\n\n\
Adam on shuffled mini-batches; the validation split holds out whole Markov chains \
(--val-fraction of each β's chains); training stops early after --patience epochs \
without a better validation loss, and the best epoch's weights are kept. The output \
directory gets model.safetensors (weights by name, dense weights [in, out]), card.json \
(architecture, data, seed, options, losses), losses.csv and checkpoint/ (last epoch's \
weights, optimizer state), written after every epoch; --resume continues an interrupted \
run exactly. The same --seed and data give bit-identical weights."
)]
pub struct Args {
    /// What to train.
    #[arg(value_enum)]
    model: ModelKind,
    /// Training dataset (.npz from rgae simulate).
    #[arg(long)]
    data: PathBuf,
    /// Output model directory.
    #[arg(long)]
    out: PathBuf,
    /// Model directory whose dense `encoder` (L² → (L/b)²) this model takes
    /// (rg-ae, transfer; optional initialisation for dense-ae).
    #[arg(long)]
    encoder: Option<PathBuf>,
    /// Keep the taken encoder frozen (otherwise fine-tuned at --encoder-lr-factor × --lr).
    #[arg(long)]
    freeze: bool,
    #[arg(long, default_value_t = 30)]
    epochs: usize,
    #[arg(long, default_value_t = 64)]
    batch: usize,
    #[arg(long, default_value_t = 1e-3)]
    lr: f64,
    /// Learning rate of the last epoch relative to --lr: it falls along a half cosine
    /// over --epochs, so the weights settle at the end (1 keeps it constant).
    #[arg(long, default_value_t = 0.01)]
    lr_final_factor: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Epochs without a better validation loss before stopping.
    #[arg(long, default_value_t = 5)]
    patience: usize,
    /// Share of each β's chains held out for validation.
    #[arg(long, default_value_t = 0.2)]
    val_fraction: f64,
    /// Learning rate of a fine-tuned encoder relative to --lr.
    #[arg(long, default_value_t = 0.1)]
    encoder_lr_factor: f64,
    /// Block size b of coarse-graining models.
    #[arg(long, default_value_t = 2)]
    block: usize,
    /// Channels of the CNN thermometer and of the conv autoencoder's code.
    #[arg(long)]
    channels: Option<usize>,
    /// Thermometer read-out.
    #[arg(long, value_enum, default_value = "regression")]
    head: HeadArg,
    /// Continue the interrupted run in --out.
    #[arg(long)]
    resume: bool,
    /// Replace an existing model directory.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<()> {
    let kind = match args.model {
        ModelKind::ThermoMlp => Kind::ThermoMlp,
        ModelKind::ThermoCnn => Kind::ThermoCnn,
        ModelKind::DenseAe => Kind::DenseAe,
        ModelKind::ConvAe => Kind::ConvAe,
        ModelKind::RgEncoder => Kind::RgEncoder,
        ModelKind::RgAe => Kind::RgAe,
        ModelKind::Transfer => Kind::Transfer,
    };
    let mut spec = Spec::new(kind);
    spec.block = args.block;
    spec.head = match args.head {
        HeadArg::Regression => HeadKind::Regression,
        HeadArg::Classification => HeadKind::Classification,
    };
    spec.channels = args
        .channels
        .unwrap_or(if kind == Kind::ThermoCnn { 16 } else { 1 });
    if args.freeze && args.encoder.is_none() {
        bail!("--freeze needs --encoder DIR");
    }
    let exists = args.out.join(nets::model_dir::CARD).exists();
    if args.resume && !exists {
        bail!("{}: no model directory to resume", args.out.display());
    }
    if exists && !args.resume {
        if !args.force {
            bail!(
                "{}: already holds a model (pass --resume to continue it or --force to replace it)",
                args.out.display()
            );
        }
        std::fs::remove_dir_all(&args.out)?;
    }
    let data = Dataset::read_npz(&args.data)?;
    let options = TrainOptions {
        epochs: args.epochs,
        batch: args.batch,
        lr: args.lr,
        seed: args.seed,
        patience: args.patience,
        val_fraction: args.val_fraction,
        encoder_lr_factor: args.encoder_lr_factor,
        lr_final_factor: args.lr_final_factor,
        progress: true,
    };
    let (_, card) = train::train(Request {
        spec,
        data: &data,
        data_path: args.data.display().to_string(),
        options,
        encoder: args.encoder.map(|dir| EncoderSource {
            dir,
            freeze: args.freeze,
        }),
        out: Some(&args.out),
        resume: args.resume,
    })?;
    let h = &card.history;
    let last = h.epochs.last();
    println!(
        "{} ({} parameters) trained {} epochs ({}), best epoch {} val loss {:.4e}, train loss {:.4e}; written to {}",
        card.kind,
        card.params,
        h.epochs.len(),
        h.stopped.as_deref().unwrap_or("?"),
        h.best_epoch.unwrap_or(0),
        h.best_val_loss.unwrap_or(f64::NAN),
        last.map(|e| e.train_loss).unwrap_or(f64::NAN),
        args.out.display()
    );
    Ok(())
}
