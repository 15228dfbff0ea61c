//! Seeded construction of layers.
//!
//! Every parameter is drawn from one [`ising::rng::Rng`] stream in the order the model
//! builds its layers, so the initial weights depend on the seed alone (not on burn's global
//! generator, which is shared between threads). Each parameter also gets a [`ParamId`]
//! derived from its path in the model (`"encoder.linear.weight"`): ids then survive a
//! save → load round trip, which the optimizer state needs to resume training, and the
//! same name means the same id in every model that has that layer.

use burn::module::{Param, ParamId};
use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::{Initializer, Linear, LinearConfig, PaddingConfig2d};
use burn::prelude::*;
use ising::rng::{rng_from, uniform, Rng};

/// Stable parameter id from a parameter path (64-bit FNV-1a).
pub fn param_id(path: &str) -> ParamId {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ParamId::from(h)
}

/// Builds layers with uniform U(−k, k) weights, k = 1/√fan_in (PyTorch's default for
/// linear and convolution layers), drawn from a seeded generator.
pub struct Init {
    rng: Rng,
    device: Device,
}

impl Init {
    pub fn new(seed: u64, device: &Device) -> Self {
        Self {
            rng: rng_from(seed),
            device: device.clone(),
        }
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    fn uniform<const D: usize>(&mut self, shape: [usize; D], fan_in: usize) -> Tensor<D> {
        let k = 1.0 / (fan_in as f64).sqrt();
        let n: usize = shape.iter().product();
        let values: Vec<f32> = (0..n)
            .map(|_| ((2.0 * uniform(&mut self.rng) - 1.0) * k) as f32)
            .collect();
        Tensor::from_data(TensorData::new(values, shape), &self.device)
    }

    /// A parameter with a path-derived id, tracked for gradients on an autodiff device.
    pub fn param<const D: usize>(&self, path: &str, value: Tensor<D>) -> Param<Tensor<D>> {
        let value = if self.device.is_autodiff() {
            value.require_grad()
        } else {
            value
        };
        Param::initialized(param_id(path), value)
    }

    /// Dense layer `d_in → d_out`; the weight is stored `[d_in, d_out]`.
    pub fn linear(&mut self, path: &str, d_in: usize, d_out: usize) -> Linear {
        let mut layer = LinearConfig::new(d_in, d_out)
            .with_initializer(Initializer::Zeros)
            .init(&self.device);
        let w = self.uniform([d_in, d_out], d_in);
        let b = self.uniform([d_out], d_in);
        layer.weight = self.param(&format!("{path}.weight"), w);
        layer.bias = Some(self.param(&format!("{path}.bias"), b));
        layer
    }

    /// 2-D convolution without padding (periodic padding is done by the model).
    pub fn conv2d(&mut self, path: &str, c_in: usize, c_out: usize, kernel: usize, stride: usize) -> Conv2d {
        let mut layer = Conv2dConfig::new([c_in, c_out], [kernel, kernel])
            .with_stride([stride, stride])
            .with_padding(PaddingConfig2d::Valid)
            .with_initializer(Initializer::Zeros)
            .init(&self.device);
        let fan_in = c_in * kernel * kernel;
        let w = self.uniform([c_out, c_in, kernel, kernel], fan_in);
        let b = self.uniform([c_out], fan_in);
        layer.weight = self.param(&format!("{path}.weight"), w);
        layer.bias = Some(self.param(&format!("{path}.bias"), b));
        layer
    }

    /// Transposed 2-D convolution, kernel = stride (each input site paints one block).
    pub fn conv_transpose2d(
        &mut self,
        path: &str,
        c_in: usize,
        c_out: usize,
        kernel: usize,
        stride: usize,
    ) -> ConvTranspose2d {
        let mut layer = ConvTranspose2dConfig::new([c_in, c_out], [kernel, kernel])
            .with_stride([stride, stride])
            .with_initializer(Initializer::Zeros)
            .init(&self.device);
        // PyTorch computes fan_in of a transposed convolution from weight.size(1) = c_out.
        let fan_in = c_out * kernel * kernel;
        let w = self.uniform([c_in, c_out, kernel, kernel], fan_in);
        let b = self.uniform([c_out], fan_in);
        layer.weight = self.param(&format!("{path}.weight"), w);
        layer.bias = Some(self.param(&format!("{path}.bias"), b));
        layer
    }
}
