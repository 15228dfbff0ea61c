//! Architectures as data: what a model directory's card says a model is, enough to rebuild
//! it before its weights are loaded.

use serde::{Deserialize, Serialize};

/// How a thermometer turns its output into β.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Head {
    /// One output y, trained by MSE against (β − mean)/std; β̂ = mean + std·y.
    Regression { mean: f64, std: f64 },
    /// One logit per β of the grid, trained by cross-entropy; β̂ is the posterior mean
    /// Σ_k softmax(logits)_k β_k.
    Classification { grid: Vec<f64> },
}

impl Head {
    /// Width of the network's last layer.
    pub fn outputs(&self) -> usize {
        match self {
            Head::Regression { .. } => 1,
            Head::Classification { grid } => grid.len(),
        }
    }
}

/// The model kinds; serialized as the `arch` of a model card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Arch {
    /// Dense thermometer L² → h1 → h2 → outputs (ReLU).
    ThermoMlp {
        size: usize,
        hidden: [usize; 2],
        head: Head,
    },
    /// Fully convolutional thermometer: periodic 3×3 conv (1→c), ReLU, 1×1 conv (c→c),
    /// ReLU, global average pool, dense c → hidden (tanh) → outputs. Works at any L.
    ThermoCnn {
        channels: usize,
        hidden: usize,
        head: Head,
    },
    /// Dense autoencoder L² → (L/b)² → L², tanh on code and output.
    DenseAe { size: usize, block: usize },
    /// Convolutional autoencoder: b×b conv with stride b (1 → c channels, tanh) and a b×b
    /// transposed conv with stride b back (c → 1, tanh).
    ConvAe { block: usize, channels: usize },
    /// Dense L² → (L/b)² with tanh, trained to output majority-rule block spins.
    RgEncoder { size: usize, block: usize },
    /// A trained RG encoder, frozen, under a dense decoder (L/b)² → L² (tanh).
    RgAe { size: usize, block: usize },
    /// Thermometer head (L/b)² → hidden → outputs on a dense encoder L² → (L/b)² (tanh)
    /// taken from another model; frozen or fine-tuned.
    Transfer {
        size: usize,
        block: usize,
        hidden: usize,
        head: Head,
    },
}

impl Arch {
    /// The kind's name as used on the command line and in cards.
    pub fn kind(&self) -> &'static str {
        match self {
            Arch::ThermoMlp { .. } => "thermo-mlp",
            Arch::ThermoCnn { .. } => "thermo-cnn",
            Arch::DenseAe { .. } => "dense-ae",
            Arch::ConvAe { .. } => "conv-ae",
            Arch::RgEncoder { .. } => "rg-encoder",
            Arch::RgAe { .. } => "rg-ae",
            Arch::Transfer { .. } => "transfer",
        }
    }

    /// The thermometer head, for models that read β.
    pub fn head(&self) -> Option<&Head> {
        match self {
            Arch::ThermoMlp { head, .. } | Arch::ThermoCnn { head, .. } | Arch::Transfer { head, .. } => {
                Some(head)
            }
            _ => None,
        }
    }

    /// The lattice size the model is tied to (`None`: any L).
    pub fn size(&self) -> Option<usize> {
        match self {
            Arch::ThermoMlp { size, .. }
            | Arch::DenseAe { size, .. }
            | Arch::RgEncoder { size, .. }
            | Arch::RgAe { size, .. }
            | Arch::Transfer { size, .. } => Some(*size),
            Arch::ThermoCnn { .. } | Arch::ConvAe { .. } => None,
        }
    }

    /// The block size b of coarse-graining models.
    pub fn block(&self) -> Option<usize> {
        match self {
            Arch::DenseAe { block, .. }
            | Arch::ConvAe { block, .. }
            | Arch::RgEncoder { block, .. }
            | Arch::RgAe { block, .. }
            | Arch::Transfer { block, .. } => Some(*block),
            _ => None,
        }
    }

    /// Whether the model has a dense `encoder` L² → (L/b)² that another model can take.
    pub fn has_dense_encoder(&self) -> bool {
        matches!(
            self,
            Arch::DenseAe { .. } | Arch::RgEncoder { .. } | Arch::RgAe { .. } | Arch::Transfer { .. }
        )
    }

    /// Checks that the shape parameters are consistent.
    pub fn validate(&self) -> Result<(), String> {
        if let (Some(l), Some(b)) = (self.size(), self.block()) {
            if b == 0 || l == 0 || l % b != 0 {
                return Err(format!("block size {b} must divide the lattice size {l}"));
            }
        }
        if let Some(Head::Classification { grid }) = self.head() {
            if grid.len() < 2 {
                return Err("a classification head needs at least two β values".into());
            }
        }
        if let Some(Head::Regression { std, .. }) = self.head() {
            if std.is_nan() || *std <= 0.0 {
                return Err("a regression head needs a positive β spread (one β in the data?)".into());
            }
        }
        Ok(())
    }
}
