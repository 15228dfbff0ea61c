//! Convolutional autoencoder: a b×b convolution with stride b (1 → c channels, tanh) makes
//! the code on the coarse lattice, a b×b transposed convolution with stride b (c → 1, tanh)
//! paints each block back. With c = 1 it is the weight-shared, block-local counterpart of
//! the dense autoencoder. Works at any L divisible by b.

use burn::nn::conv::{Conv2d, ConvTranspose2d};
use burn::prelude::*;
use burn::tensor::activation::tanh;

use super::to_image;
use crate::init::Init;

#[derive(Module, Debug)]
pub struct ConvAe {
    pub encoder: Conv2d,
    pub decoder: ConvTranspose2d,
}

impl ConvAe {
    pub fn new(init: &mut Init, block: usize, channels: usize) -> Self {
        Self {
            encoder: init.conv2d("encoder", 1, channels, block, block),
            decoder: init.conv_transpose2d("decoder", channels, 1, block, block),
        }
    }

    fn code_image(&self, x: Tensor<2>) -> Tensor<4> {
        tanh(self.encoder.forward(to_image(x)))
    }

    /// The code `[B, c·(L/b)²]` (channel-major), in (−1, 1).
    pub fn encode(&self, x: Tensor<2>) -> Tensor<2> {
        let h = self.code_image(x);
        let [b, c, hh, ww] = h.dims();
        h.reshape([b, c * hh * ww])
    }

    /// The reconstruction `[B, L²]`, in (−1, 1).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let [b, n] = x.dims();
        let y = tanh(self.decoder.forward(self.code_image(x)));
        y.reshape([b, n])
    }
}
