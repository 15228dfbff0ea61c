//! Fully convolutional thermometer, usable at any L: a periodic 3×3 convolution 1 → c and a
//! 1×1 convolution c → c (ReLU after each) compute local features; a global average over
//! the lattice makes them intensive (an energy density is one such feature: for ±1 spins
//! relu(s_i + s_j) + relu(−s_i − s_j) = 1 + s_i s_j); a small dense head maps them to β.

use burn::nn::conv::Conv2d;
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::{relu, tanh};

use super::{pad_periodic, to_image};
use crate::init::Init;

#[derive(Module, Debug)]
pub struct ThermoCnn {
    pub conv1: Conv2d,
    pub conv2: Conv2d,
    pub hidden: Linear,
    pub output: Linear,
}

impl ThermoCnn {
    pub fn new(init: &mut Init, channels: usize, hidden: usize, outputs: usize) -> Self {
        Self {
            conv1: init.conv2d("conv1", 1, channels, 3, 1),
            conv2: init.conv2d("conv2", channels, channels, 1, 1),
            hidden: init.linear("hidden", channels, hidden),
            output: init.linear("output", hidden, outputs),
        }
    }

    /// Lattice-averaged features `[B, c]`.
    pub fn features(&self, x: Tensor<2>) -> Tensor<2> {
        let h = relu(self.conv1.forward(pad_periodic(to_image(x), 1)));
        let h = relu(self.conv2.forward(h));
        let [b, c, _, _] = h.dims();
        h.mean_dim(3).mean_dim(2).reshape([b, c])
    }

    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let h = tanh(self.hidden.forward(self.features(x)));
        self.output.forward(h)
    }
}
