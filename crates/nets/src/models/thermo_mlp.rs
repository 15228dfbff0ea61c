//! Dense thermometer: L² → 256 → 64 → outputs with ReLU (one output for regression of β,
//! one logit per grid β for classification).

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::relu;

use crate::init::Init;

#[derive(Module, Debug)]
pub struct ThermoMlp {
    pub hidden1: Linear,
    pub hidden2: Linear,
    pub output: Linear,
}

impl ThermoMlp {
    pub fn new(init: &mut Init, size: usize, hidden: [usize; 2], outputs: usize) -> Self {
        Self {
            hidden1: init.linear("hidden1", size * size, hidden[0]),
            hidden2: init.linear("hidden2", hidden[0], hidden[1]),
            output: init.linear("output", hidden[1], outputs),
        }
    }

    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let h = relu(self.hidden1.forward(x));
        let h = relu(self.hidden2.forward(h));
        self.output.forward(h)
    }
}
