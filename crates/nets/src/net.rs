//! One type over all model kinds: build from an [`Arch`], forward, encode, name the weights,
//! save and load them as SafeTensors.

use burn::module::{Module, ModuleVisitor, Param, ParamId};
use burn::prelude::*;
use burn::store::{ModuleSnapshot, SafetensorsStore};

use crate::arch::Arch;
use crate::init::Init;
use crate::models::{
    conv_ae::ConvAe, dense_ae::DenseAe, rg_ae::RgAe, rg_encoder::RgEncoder, thermo_cnn::ThermoCnn,
    thermo_mlp::ThermoMlp, transfer::Transfer,
};
use crate::NetError;

/// A network of any kind.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // a handful of values, moved rarely
pub enum Net {
    ThermoMlp(ThermoMlp),
    ThermoCnn(ThermoCnn),
    DenseAe(DenseAe),
    ConvAe(ConvAe),
    RgEncoder(RgEncoder),
    RgAe(RgAe),
    Transfer(Transfer),
}

/// Runs `$body` with `$m` bound to the inner model, whatever the kind.
macro_rules! with_net {
    ($net:expr, $m:ident => $body:expr) => {
        match $net {
            Net::ThermoMlp($m) => $body,
            Net::ThermoCnn($m) => $body,
            Net::DenseAe($m) => $body,
            Net::ConvAe($m) => $body,
            Net::RgEncoder($m) => $body,
            Net::RgAe($m) => $body,
            Net::Transfer($m) => $body,
        }
    };
}

/// Like [`with_net!`] but rebuilds the same variant from `$body`'s result.
macro_rules! map_net {
    ($net:expr, $m:ident => $body:expr) => {
        match $net {
            Net::ThermoMlp($m) => Net::ThermoMlp($body),
            Net::ThermoCnn($m) => Net::ThermoCnn($body),
            Net::DenseAe($m) => Net::DenseAe($body),
            Net::ConvAe($m) => Net::ConvAe($body),
            Net::RgEncoder($m) => Net::RgEncoder($body),
            Net::RgAe($m) => Net::RgAe($body),
            Net::Transfer($m) => Net::Transfer($body),
        }
    };
}
pub(crate) use with_net;

/// Collects `(path, values, shape)` of every float parameter.
#[derive(Default)]
struct Weights {
    stack: Vec<String>,
    out: Vec<NamedWeight>,
}

/// A parameter with its name, values and shape.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedWeight {
    pub name: String,
    pub id: ParamId,
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
    pub require_grad: bool,
}

impl ModuleVisitor for Weights {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.stack.push(name.to_string());
    }
    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.stack.pop();
    }
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let tensor = param.val();
        let shape = tensor.dims().to_vec();
        let values = tensor
            .to_data()
            .convert::<f32>()
            .try_into_vec::<f32>()
            .expect("f32 weights");
        self.out.push(NamedWeight {
            name: self.stack.join("."),
            id: param.id,
            shape,
            values,
            require_grad: param.is_require_grad(),
        });
    }
}

impl Net {
    /// A freshly initialised network; weights drawn from `seed`, on `device` (an autodiff
    /// device for training, a plain one for inference).
    pub fn build(arch: &Arch, seed: u64, device: &Device) -> Result<Net, NetError> {
        arch.validate().map_err(NetError::Arch)?;
        let mut init = Init::new(seed, device);
        Ok(match arch {
            Arch::ThermoMlp { size, hidden, head } => {
                Net::ThermoMlp(ThermoMlp::new(&mut init, *size, *hidden, head.outputs()))
            }
            Arch::ThermoCnn {
                channels,
                hidden,
                head,
            } => Net::ThermoCnn(ThermoCnn::new(&mut init, *channels, *hidden, head.outputs())),
            Arch::DenseAe { size, block } => Net::DenseAe(DenseAe::new(&mut init, *size, *block)),
            Arch::ConvAe { block, channels } => Net::ConvAe(ConvAe::new(&mut init, *block, *channels)),
            Arch::RgEncoder { size, block } => Net::RgEncoder(RgEncoder::new(&mut init, *size, *block)),
            Arch::RgAe { size, block } => Net::RgAe(RgAe::new(&mut init, *size, *block)),
            Arch::Transfer {
                size,
                block,
                hidden,
                head,
            } => Net::Transfer(Transfer::new(&mut init, *size, *block, *hidden, head.outputs())),
        })
    }

    /// The network's output for flat configurations `[B, L²]`: β regression `[B, 1]`, class
    /// logits `[B, K]`, reconstructions `[B, L²]` or block spins `[B, (L/b)²]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        with_net!(self, m => m.forward(x))
    }

    /// The code of an encoder-bearing model (`None` for thermometers).
    pub fn encode(&self, x: Tensor<2>) -> Option<Tensor<2>> {
        match self {
            Net::DenseAe(m) => Some(m.encode(x)),
            Net::ConvAe(m) => Some(m.encode(x)),
            Net::RgEncoder(m) => Some(m.forward(x)),
            Net::RgAe(m) => Some(m.encode(x)),
            Net::Transfer(m) => Some(m.encode(x)),
            Net::ThermoMlp(_) | Net::ThermoCnn(_) => None,
        }
    }

    /// Inference copy: no autodiff, no gradient tracking.
    pub fn valid(&self) -> Net {
        map_net!(self, m => m.valid())
    }

    /// Every float parameter by name (e.g. `encoder.weight`, stored `[in, out]`).
    pub fn weights(&self) -> Vec<NamedWeight> {
        let mut v = Weights::default();
        with_net!(self, m => m.visit(&mut v));
        v.out
    }

    /// The parameter named `name`.
    pub fn weight(&self, name: &str) -> Option<NamedWeight> {
        self.weights().into_iter().find(|w| w.name == name)
    }

    /// Name of the first layer's weight (what `rgae weights` analyses).
    pub fn first_layer(&self) -> &'static str {
        match self {
            Net::ThermoMlp(_) => "hidden1.weight",
            Net::ThermoCnn(_) => "conv1.weight",
            _ => "encoder.weight",
        }
    }

    /// Number of scalar parameters.
    pub fn num_params(&self) -> usize {
        with_net!(self, m => m.num_params())
    }

    /// Freezes the `encoder` (its parameters stop requiring gradients; the optimizer then
    /// never touches them). No effect on models without an encoder.
    pub fn freeze_encoder(self) -> Net {
        match self {
            Net::DenseAe(mut m) => {
                m.encoder = m.encoder.no_grad();
                Net::DenseAe(m)
            }
            Net::RgAe(mut m) => {
                m.encoder = m.encoder.no_grad();
                Net::RgAe(m)
            }
            Net::Transfer(mut m) => {
                m.encoder = m.encoder.no_grad();
                Net::Transfer(m)
            }
            Net::RgEncoder(mut m) => {
                m.encoder = m.encoder.no_grad();
                Net::RgEncoder(m)
            }
            other => other,
        }
    }

    /// Ids of the encoder's parameters (for a separate learning rate when fine-tuning).
    pub fn encoder_param_ids(&self) -> Vec<ParamId> {
        self.weights()
            .into_iter()
            .filter(|w| w.name.starts_with("encoder."))
            .map(|w| w.id)
            .collect()
    }

    /// All weights as SafeTensors bytes (tensor names = parameter names).
    pub fn to_safetensors(&self) -> Result<Vec<u8>, NetError> {
        with_net!(self, m => to_safetensors(m))
    }

    /// Loads every weight from SafeTensors bytes; all names must be present with the right
    /// shapes. Gradient tracking of each parameter is kept as it is in `self`.
    pub fn load_safetensors(&mut self, bytes: Vec<u8>) -> Result<(), NetError> {
        with_net!(self, m => load_safetensors(m, bytes))
    }

    /// Loads only `encoder.*` from SafeTensors bytes of another model (transfer learning:
    /// weights move by name). Fails if the encoder is missing or its shape differs.
    pub fn load_encoder(&mut self, bytes: Vec<u8>) -> Result<(), NetError> {
        let mut store = SafetensorsStore::from_bytes(Some(bytes))
            .with_regex(r"^encoder\.")
            .allow_partial(true);
        let result =
            with_net!(self, m => m.load_from(&mut store)).map_err(|e| NetError::Store(e.to_string()))?;
        let applied = result
            .applied
            .iter()
            .filter(|p| p.starts_with("encoder."))
            .count();
        if !result.errors.is_empty() || applied != 2 {
            return Err(NetError::Store(format!(
                "could not take the encoder: applied {:?}, errors {:?}",
                result.applied,
                result.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
            )));
        }
        Ok(())
    }
}

/// A model's forward pass on flat configurations `[B, L²]`.
pub trait Network: Module + ModuleSnapshot {
    fn forward_flat(&self, x: Tensor<2>) -> Tensor<2>;
}

macro_rules! impl_network {
    ($($t:ty),*) => {$(
        impl Network for $t {
            fn forward_flat(&self, x: Tensor<2>) -> Tensor<2> {
                self.forward(x)
            }
        }
    )*};
}
impl_network!(ThermoMlp, ThermoCnn, DenseAe, ConvAe, RgEncoder, RgAe, Transfer);

/// A module's weights as SafeTensors bytes.
pub fn to_safetensors<M: Module>(m: &M) -> Result<Vec<u8>, NetError> {
    // One metadata key only: burn's default metadata is a hash map whose order varies
    // between runs, which would make identical weights give different files.
    let mut store = SafetensorsStore::from_bytes(None)
        .clear_metadata()
        .metadata("format", "pt");
    m.save_into(&mut store)
        .map_err(|e| NetError::Store(e.to_string()))?;
    store.get_bytes().map_err(|e| NetError::Store(e.to_string()))
}

/// Loads all of a module's weights from SafeTensors bytes (every name must be present with
/// its shape).
pub fn load_safetensors<M: Module>(m: &mut M, bytes: Vec<u8>) -> Result<(), NetError> {
    let mut store = SafetensorsStore::from_bytes(Some(bytes));
    let result = m
        .load_from(&mut store)
        .map_err(|e| NetError::Store(e.to_string()))?;
    if !result.errors.is_empty() || !result.missing.is_empty() {
        return Err(NetError::Store(format!(
            "weights do not fit the model: missing {:?}, errors {:?}",
            result.missing.iter().map(|m| &m.0).collect::<Vec<_>>(),
            result.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
        )));
    }
    Ok(())
}

impl Net {
    /// Mean loss over a set of examples in inference mode (see [`crate::train::mean_loss`]).
    pub fn mean_loss(&self, examples: &crate::data::Examples) -> f64 {
        with_net!(self, m => crate::train::mean_loss(m, examples))
    }
}
