//! RG autoencoder: a trained RG encoder, frozen, under a dense decoder (L/b)² → L² (tanh)
//! trained to reconstruct the input. It asks how much of the configuration the
//! majority-rule coarse-graining keeps, in the same currency as the autoencoder.

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::tanh;

use crate::init::Init;

#[derive(Module, Debug)]
pub struct RgAe {
    /// Same name and shape as [`super::rg_encoder::RgEncoder::encoder`]: it is loaded from
    /// the trained RG encoder and frozen (`no_grad`) before training.
    pub encoder: Linear,
    pub decoder: Linear,
}

impl RgAe {
    pub fn new(init: &mut Init, size: usize, block: usize) -> Self {
        let code = (size / block).pow(2);
        Self {
            encoder: init.linear("encoder", size * size, code),
            decoder: init.linear("decoder", code, size * size),
        }
    }

    pub fn encode(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.encoder.forward(x))
    }

    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.decoder.forward(self.encode(x)))
    }
}
