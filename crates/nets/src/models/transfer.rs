//! Transfer thermometer: a head (L/b)² → hidden → outputs (ReLU) on a dense encoder
//! L² → (L/b)² (tanh) taken from a trained RG encoder or autoencoder, either frozen or
//! fine-tuned at a lower learning rate.

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::{relu, tanh};

use crate::init::Init;

#[derive(Module, Debug)]
pub struct Transfer {
    pub encoder: Linear,
    pub hidden: Linear,
    pub output: Linear,
}

impl Transfer {
    pub fn new(init: &mut Init, size: usize, block: usize, hidden: usize, outputs: usize) -> Self {
        let code = (size / block).pow(2);
        Self {
            encoder: init.linear("encoder", size * size, code),
            hidden: init.linear("hidden", code, hidden),
            output: init.linear("output", hidden, outputs),
        }
    }

    pub fn encode(&self, x: Tensor<2>) -> Tensor<2> {
        tanh(self.encoder.forward(x))
    }

    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let h = relu(self.hidden.forward(self.encode(x)));
        self.output.forward(h)
    }
}
