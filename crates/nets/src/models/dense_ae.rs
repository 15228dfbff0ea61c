//! Dense autoencoder L² → (L/b)² → L², tanh on the code and on the reconstruction.

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::tanh;

use crate::init::Init;

#[derive(Module, Debug)]
pub struct DenseAe {
    pub encoder: Linear,
    pub decoder: Linear,
}

impl DenseAe {
    pub fn new(init: &mut Init, size: usize, block: usize) -> Self {
        let code = (size / block).pow(2);
        Self {
            encoder: init.linear("encoder", size * size, code),
            decoder: init.linear("decoder", code, size * size),
        }
    }

    /// The code `[B, (L/b)²]`, in (−1, 1).
    pub fn encode(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.encoder.forward(x))
    }

    /// The reconstruction `[B, L²]`, in (−1, 1).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.decoder.forward(self.encode(x)))
    }
}
