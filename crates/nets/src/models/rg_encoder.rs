//! RG encoder: dense L² → (L/b)² with tanh, trained to output the majority-rule block
//! spins of its input — the coarse-graining step embedded in a network.

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::tanh;

use crate::init::Init;

#[derive(Module, Debug)]
pub struct RgEncoder {
    pub encoder: Linear,
}

impl RgEncoder {
    pub fn new(init: &mut Init, size: usize, block: usize) -> Self {
        Self {
            encoder: init.linear("encoder", size * size, (size / block).pow(2)),
        }
    }

    /// Block-spin estimates `[B, (L/b)²]` in (−1, 1), row-major on the coarse lattice.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.encoder.forward(x))
    }
}
