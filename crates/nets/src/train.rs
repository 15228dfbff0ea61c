//! Training: Adam on mini-batches with seeded shuffling, a validation split by chain,
//! early stopping on the validation loss, per-epoch checkpoints and resume.
//!
//! Seeds: one user seed; the split, the initial weights, each epoch's shuffle and the RG
//! encoder's tie-breaking draw from streams derived from it, so a run is reproducible and
//! a resumed run continues exactly as an uninterrupted one would.

use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::lr_scheduler::module_lr_scheduler::{ModuleLearningRate, ModuleLrSchedulerConfig};
use burn::lr_scheduler::LrSchedulerConfig;
use burn::module::{ParamGroup, ParamId};
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::Bytes;
use ising::rng::{below, derive_seed, rng_from};
use ising::Dataset;
use serde::{Deserialize, Serialize};

use crate::arch::{Arch, Head};
use crate::data::{self, Examples};
use crate::model_dir::{self, DataInfo, EncoderInfo, ModelCard, ModelDir};
use crate::net::{load_safetensors, to_safetensors, Net, Network};
use crate::{infer_device, train_device, NetError};

/// Seed streams derived from the user seed.
pub mod stream {
    pub const SPLIT: u64 = 1;
    pub const INIT: u64 = 2;
    pub const SHUFFLE: u64 = 3;
    pub const TIES: u64 = 4;
}

/// Options of a training run (recorded in the model card).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
    pub seed: u64,
    /// Stop after this many epochs without a better validation loss.
    pub patience: usize,
    /// Share of each β's chains held out for validation.
    pub val_fraction: f64,
    /// Learning rate of a transferred, not frozen, encoder relative to `lr`.
    pub encoder_lr_factor: f64,
    /// Learning rate of the last epoch relative to `lr`: the rate falls from `lr` to
    /// `lr · lr_final_factor` along a half cosine over `epochs` (1 keeps it constant; a
    /// one-epoch run trains at `lr`). Epochs added by a resumed run with a raised budget
    /// stay at the final rate.
    /// A decaying rate lets Adam settle into the minimum instead of hovering around it,
    /// which is what a thermometer's last few percent of precision need.
    #[serde(default = "constant_rate")]
    pub lr_final_factor: f64,
    /// Show a progress bar (not recorded).
    #[serde(skip, default)]
    pub progress: bool,
}

fn constant_rate() -> f64 {
    1.0
}

impl TrainOptions {
    /// The learning rate of (0-based) `epoch` on a schedule of `schedule_epochs`: a half
    /// cosine from `lr` to `lr · lr_final_factor`, evaluated per epoch so that a resumed
    /// run continues on the same schedule.
    pub fn lr_at(&self, epoch: usize, schedule_epochs: usize) -> f64 {
        let last = schedule_epochs.saturating_sub(1).max(1) as f64;
        let progress = (epoch as f64 / last).min(1.0);
        let factor = self.lr_final_factor
            + (1.0 - self.lr_final_factor) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos());
        self.lr * factor
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 30,
            batch: 64,
            lr: 1e-3,
            seed: 0,
            patience: 5,
            val_fraction: 0.2,
            encoder_lr_factor: 0.1,
            lr_final_factor: 1.0,
            progress: false,
        }
    }
}

/// Losses of one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// 1-based.
    pub epoch: usize,
    pub train_loss: f64,
    /// Mean loss on the validation split (on the training split when it is empty).
    pub val_loss: f64,
    pub seconds: f64,
}

/// The loop's state: what a checkpoint saves and the card reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub epochs: Vec<EpochRecord>,
    pub best_epoch: Option<usize>,
    pub best_val_loss: Option<f64>,
    pub bad_epochs: usize,
    /// Why training ended: `early-stopping` or `epochs` (`None` while running).
    pub stopped: Option<String>,
    /// Epochs a decaying learning-rate schedule spans: the budget of the first run, kept
    /// when a resumed run raises it (the extra epochs stay at the final rate).
    #[serde(default)]
    pub schedule_epochs: Option<usize>,
}

fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    let mut rng = rng_from(seed);
    for k in (1..n).rev() {
        p.swap(k, below(&mut rng, k + 1));
    }
    p
}

/// Mean loss of a model over a set of examples, in inference mode.
pub fn mean_loss<M: Network>(model: &M, examples: &Examples) -> f64 {
    let device = infer_device();
    let m = model.valid();
    let n = examples.len();
    let mut sum = 0.0;
    let idx: Vec<usize> = (0..n).collect();
    for chunk in idx.chunks(1024) {
        let (x, y) = examples.batch(chunk, &device);
        let l: f32 = data::loss(examples.loss, m.forward_flat(x), y).into_scalar();
        sum += l as f64 * chunk.len() as f64;
    }
    sum / n.max(1) as f64
}

/// `lr` for every parameter, or `lr · encoder_factor` for those of `encoder_ids`.
fn learning_rate(
    lr: f64,
    encoder_factor: f64,
    encoder_ids: &[ParamId],
) -> Result<ModuleLearningRate, NetError> {
    if encoder_ids.is_empty() || encoder_factor == 1.0 {
        return Ok(ModuleLearningRate::from(lr));
    }
    Ok(ModuleLrSchedulerConfig::new(LrSchedulerConfig::Constant(lr))
        .with_group(
            ParamGroup::from_ids(encoder_ids.to_vec()),
            LrSchedulerConfig::Constant(lr * encoder_factor),
        )
        .init()
        .map_err(NetError::Other)?
        .step())
}

/// What [`fit`] checkpoints to, and what it resumes from.
pub struct Checkpointing<'a> {
    pub dir: &'a ModelDir,
    /// Continue from the checkpoint in `dir` instead of starting afresh.
    pub resume: bool,
    /// Called after each epoch's files are written (the card is written there).
    pub on_epoch: &'a mut dyn FnMut(&History) -> Result<(), NetError>,
}

/// Trains `model` in place of an optimizer loop: returns the weights of the best
/// validation epoch and the history. `encoder_ids`: parameters trained at
/// `lr · encoder_lr_factor` (a fine-tuned encoder); frozen parameters (no_grad) never move.
pub fn fit<M: Network>(
    mut model: M,
    train: &Examples,
    val: &Examples,
    opts: &TrainOptions,
    encoder_ids: &[ParamId],
    mut checkpoint: Option<Checkpointing<'_>>,
) -> Result<(M, History), NetError> {
    if train.is_empty() {
        return Err(NetError::Data("no training examples".into()));
    }
    if opts.batch == 0 {
        return Err(NetError::Data("batch size must be positive".into()));
    }
    let device = train_device();
    let val_set = if val.is_empty() { train } else { val };
    let mut optim: ModuleOptimizer = AdamConfig::new().with_epsilon(1e-8).init();
    if !(opts.lr_final_factor > 0.0 && opts.lr_final_factor <= 1.0) {
        return Err(NetError::Data(format!(
            "the final learning-rate factor must lie in (0, 1], not {}",
            opts.lr_final_factor
        )));
    }
    let mut history = History::default();
    let mut best: Option<Vec<u8>> = None;
    if let Some(ck) = checkpoint.as_ref().filter(|c| c.resume) {
        let dir = ck.dir;
        history = model_dir::read_json(&dir.state())?;
        load_safetensors(&mut model, model_dir::read_file(&dir.last_weights())?)?;
        let bytes = model_dir::read_file(&dir.optimizer())?;
        optim = optim
            .from_bytes(Bytes::from_bytes_vec(bytes))
            .map_err(|e| model_dir::io_err(&dir.optimizer(), e))?;
        if dir.weights().exists() {
            best = Some(model_dir::read_file(&dir.weights())?);
        }
        // A run that used up its epochs continues when the budget is raised.
        if history.stopped.as_deref() == Some("epochs") && history.epochs.len() < opts.epochs {
            history.stopped = None;
        }
    }

    let batches_per_epoch = train.len().div_ceil(opts.batch);
    let done = history.epochs.len();
    let bar = if opts.progress && history.stopped.is_none() && done < opts.epochs {
        let bar = indicatif::ProgressBar::new(((opts.epochs - done) * batches_per_epoch) as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} batches {per_sec} eta {eta} {msg}",
            )
            .expect("valid template"),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let mut epoch = done;
    while history.stopped.is_none() {
        if epoch >= opts.epochs {
            history.stopped = Some("epochs".into());
            break;
        }
        let start = Instant::now();
        let perm = permutation(
            train.len(),
            derive_seed(opts.seed, &[stream::SHUFFLE, epoch as u64]),
        );
        // A decaying schedule keeps the length it started with (a constant one has none).
        let schedule = if opts.lr_final_factor < 1.0 {
            *history.schedule_epochs.get_or_insert(opts.epochs)
        } else {
            opts.epochs
        };
        let lr = learning_rate(opts.lr_at(epoch, schedule), opts.encoder_lr_factor, encoder_ids)?;
        let mut sum = 0.0;
        for chunk in perm.chunks(opts.batch) {
            let (x, y) = train.batch(chunk, &device);
            let loss = data::loss(train.loss, model.forward_flat(x), y);
            let value: f32 = loss.clone().into_scalar();
            if !value.is_finite() {
                return Err(NetError::Other(format!(
                    "loss became {value} in epoch {}",
                    epoch + 1
                )));
            }
            sum += value as f64 * chunk.len() as f64;
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(lr.clone(), model, grads);
            bar.inc(1);
        }
        let train_loss = sum / train.len() as f64;
        let val_loss = mean_loss(&model, val_set);
        epoch += 1;
        history.epochs.push(EpochRecord {
            epoch,
            train_loss,
            val_loss,
            seconds: start.elapsed().as_secs_f64(),
        });
        bar.set_message(format!(
            "epoch {epoch}: train {train_loss:.4e} val {val_loss:.4e}"
        ));
        let improved = history.best_val_loss.is_none_or(|b| val_loss < b);
        if improved {
            history.best_val_loss = Some(val_loss);
            history.best_epoch = Some(epoch);
            history.bad_epochs = 0;
            best = Some(to_safetensors(&model)?);
        } else {
            history.bad_epochs += 1;
            if history.bad_epochs >= opts.patience {
                history.stopped = Some("early-stopping".into());
            }
        }
        if epoch >= opts.epochs && history.stopped.is_none() {
            history.stopped = Some("epochs".into());
        }
        if let Some(ck) = checkpoint.as_mut() {
            let dir = ck.dir;
            if improved {
                model_dir::write_file(&dir.weights(), best.as_ref().expect("best weights"))?;
            }
            model_dir::write_file(&dir.last_weights(), &to_safetensors(&model)?)?;
            let bytes = optim
                .into_bytes()
                .map_err(|e| model_dir::io_err(&dir.optimizer(), e))?;
            model_dir::write_file(&dir.optimizer(), &bytes)?;
            model_dir::write_json(&dir.state(), &history)?;
            dir.write_losses(&history)?;
            (ck.on_epoch)(&history)?;
        }
    }
    bar.finish_and_clear();
    if let Some(bytes) = best {
        load_safetensors(&mut model, bytes)?;
    }
    Ok((model, history))
}

/// The model kinds as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    ThermoMlp,
    ThermoCnn,
    DenseAe,
    ConvAe,
    RgEncoder,
    RgAe,
    Transfer,
}

/// How a thermometer reads β.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HeadKind {
    #[default]
    Regression,
    Classification,
}

/// Shape choices of a model to be trained; the rest comes from the data.
#[derive(Clone, Debug)]
pub struct Spec {
    pub kind: Kind,
    pub block: usize,
    pub channels: usize,
    /// Hidden widths of the MLP thermometer.
    pub mlp_hidden: [usize; 2],
    /// Hidden width of the CNN and transfer heads.
    pub head_hidden: usize,
    pub head: HeadKind,
}

impl Spec {
    pub fn new(kind: Kind) -> Self {
        Self {
            kind,
            block: 2,
            channels: 1,
            mlp_hidden: [256, 64],
            head_hidden: 64,
            head: HeadKind::Regression,
        }
    }

    /// The architecture for lattice size `size`; a thermometer head is normalised on (or its
    /// grid taken from) the training samples.
    pub fn arch(&self, data: &Dataset, train: &[usize]) -> Arch {
        let size = data.size;
        let head = || match self.head {
            HeadKind::Regression => data::regression_head(data, train),
            HeadKind::Classification => Head::Classification {
                grid: data::beta_grid(data),
            },
        };
        match self.kind {
            Kind::ThermoMlp => Arch::ThermoMlp {
                size,
                hidden: self.mlp_hidden,
                head: head(),
            },
            Kind::ThermoCnn => Arch::ThermoCnn {
                channels: self.channels.max(1),
                hidden: self.head_hidden,
                head: head(),
            },
            Kind::DenseAe => Arch::DenseAe {
                size,
                block: self.block,
            },
            Kind::ConvAe => Arch::ConvAe {
                block: self.block,
                channels: self.channels.max(1),
            },
            Kind::RgEncoder => Arch::RgEncoder {
                size,
                block: self.block,
            },
            Kind::RgAe => Arch::RgAe {
                size,
                block: self.block,
            },
            Kind::Transfer => Arch::Transfer {
                size,
                block: self.block,
                hidden: self.head_hidden,
                head: head(),
            },
        }
    }
}

/// A transferred encoder: the model directory it comes from, and whether it stays frozen.
#[derive(Clone, Debug)]
pub struct EncoderSource {
    pub dir: PathBuf,
    pub freeze: bool,
}

/// One training run from a dataset to a trained network (and a model directory when `out`
/// is given).
pub struct Request<'a> {
    pub spec: Spec,
    pub data: &'a Dataset,
    /// How the data is named in the card.
    pub data_path: String,
    pub options: TrainOptions,
    pub encoder: Option<EncoderSource>,
    pub out: Option<&'a Path>,
    pub resume: bool,
}

/// Trains a model as requested; returns the best network (on the training device) and its
/// card. With `out`, writes the model directory as it goes (see [`crate::model_dir`]).
pub fn train(req: Request<'_>) -> Result<(Net, ModelCard), NetError> {
    let opts = &req.options;
    let data = req.data;
    if data.is_empty() {
        return Err(NetError::Data("the dataset is empty".into()));
    }
    let split = data::split_by_chain(data, opts.val_fraction, derive_seed(opts.seed, &[stream::SPLIT]));
    let arch = req.spec.arch(data, &split.train);
    arch.validate().map_err(NetError::Arch)?;

    let needs_encoder = matches!(arch, Arch::RgAe { .. } | Arch::Transfer { .. });
    if needs_encoder && req.encoder.is_none() {
        return Err(NetError::Other(format!(
            "a {} model needs --encoder DIR (a trained encoder)",
            arch.kind()
        )));
    }
    let mut net = Net::build(&arch, derive_seed(opts.seed, &[stream::INIT]), &train_device())?;
    let mut encoder_info = None;
    if let Some(src) = &req.encoder {
        if !arch.has_dense_encoder() {
            return Err(NetError::Other(format!(
                "a {} model has no dense encoder to take",
                arch.kind()
            )));
        }
        let dir = ModelDir::new(&src.dir);
        let card = dir.read_card()?;
        if !card.arch.has_dense_encoder()
            || card.arch.size() != arch.size()
            || card.arch.block() != arch.block()
        {
            return Err(NetError::Other(format!(
                "{}: its {} model has no dense encoder for L = {:?}, b = {:?}",
                src.dir.display(),
                card.kind,
                arch.size(),
                arch.block()
            )));
        }
        net.load_encoder(model_dir::read_file(&dir.weights())?)
            .map_err(|e| model_dir::io_err(&dir.weights(), e))?;
        // The RG autoencoder's encoder is the RG map itself: always frozen.
        let frozen = src.freeze || matches!(arch, Arch::RgAe { .. });
        if frozen {
            net = net.freeze_encoder();
        }
        encoder_info = Some(EncoderInfo {
            from: src.dir.display().to_string(),
            kind: card.kind,
            frozen,
            lr_factor: if frozen { 0.0 } else { opts.encoder_lr_factor },
        });
    }
    let encoder_ids = match &encoder_info {
        Some(e) if !e.frozen => net.encoder_param_ids(),
        _ => Vec::new(),
    };

    let ties = derive_seed(opts.seed, &[stream::TIES]);
    let train_ex = data::examples(&arch, data, &split.train, ties)?;
    let val_ex = data::examples(&arch, data, &split.val, ties)?;

    let mut card = ModelCard {
        format: model_dir::FORMAT.into(),
        kind: arch.kind().into(),
        arch: arch.clone(),
        params: net.num_params(),
        seed: opts.seed,
        options: opts.clone(),
        data: DataInfo {
            path: req.data_path.clone(),
            size: data.size,
            samples: data.len(),
            betas: data::beta_grid(data),
            train_samples: split.train.len(),
            val_samples: split.val.len(),
            train_chains: split.train_chains,
            val_chains: split.val_chains,
            meta: data.meta.clone(),
        },
        encoder: encoder_info,
        backend: "burn 0.22.1 flex (single-threaded)".into(),
        status: "training".into(),
        history: History::default(),
    };

    let dir = req.out.map(ModelDir::new);
    if let Some(dir) = &dir {
        if req.resume {
            let old = dir.read_card()?;
            if old.arch != card.arch || old.seed != card.seed || old.data.samples != card.data.samples {
                return Err(NetError::Other(format!(
                    "{}: the checkpoint is of a different model, seed or dataset; cannot resume",
                    dir.root.display()
                )));
            }
            // The epoch budget may be raised on resume; the rest must match.
            let mut o = old.options.clone();
            o.epochs = opts.epochs;
            o.progress = opts.progress;
            if &o != opts {
                return Err(NetError::Other(format!(
                    "{}: options differ from the checkpoint's ({:?}); cannot resume",
                    dir.root.display(),
                    old.options
                )));
            }
        } else {
            dir.create()?;
            model_dir::write_json(&dir.card(), &card)?;
        }
    }

    let card_cell = std::cell::RefCell::new(&mut card);
    let mut on_epoch = |h: &History| -> Result<(), NetError> {
        let mut c = card_cell.borrow_mut();
        c.history = h.clone();
        if let Some(dir) = &dir {
            model_dir::write_json(&dir.card(), &**c)?;
        }
        Ok(())
    };
    let ck = dir.as_ref().map(|d| Checkpointing {
        dir: d,
        resume: req.resume,
        on_epoch: &mut on_epoch,
    });

    macro_rules! run {
        ($m:expr, $variant:path) => {{
            let (m, h) = fit($m, &train_ex, &val_ex, opts, &encoder_ids, ck)?;
            ($variant(m), h)
        }};
    }
    let (net, history) = match net {
        Net::ThermoMlp(m) => run!(m, Net::ThermoMlp),
        Net::ThermoCnn(m) => run!(m, Net::ThermoCnn),
        Net::DenseAe(m) => run!(m, Net::DenseAe),
        Net::ConvAe(m) => run!(m, Net::ConvAe),
        Net::RgEncoder(m) => run!(m, Net::RgEncoder),
        Net::RgAe(m) => run!(m, Net::RgAe),
        Net::Transfer(m) => run!(m, Net::Transfer),
    };
    card.history = history;
    card.status = "done".into();
    if let Some(dir) = &dir {
        if card.history.best_epoch.is_some() && !dir.weights().exists() {
            model_dir::write_file(&dir.weights(), &net.to_safetensors()?)?;
        }
        model_dir::write_json(&dir.card(), &card)?;
        dir.write_losses(&card.history)?;
    }
    Ok((net, card))
}

#[cfg(test)]
mod schedule_tests {
    use super::TrainOptions;

    #[test]
    fn cosine_schedule_runs_from_lr_to_the_final_rate_and_stays_there() {
        let opts = TrainOptions {
            epochs: 11,
            lr: 1e-2,
            lr_final_factor: 0.01,
            ..TrainOptions::default()
        };
        assert_eq!(opts.lr_at(0, 11), 1e-2);
        assert!(
            (opts.lr_at(5, 11) - 0.505e-2).abs() < 1e-12,
            "half way: mean of the ends"
        );
        assert!((opts.lr_at(10, 11) - 1e-4).abs() < 1e-15);
        // A resumed run with a raised budget keeps the first run's schedule.
        assert!((opts.lr_at(14, 11) - 1e-4).abs() < 1e-15);
        let constant = TrainOptions::default();
        assert_eq!(constant.lr_at(7, 30), constant.lr);
    }
}
