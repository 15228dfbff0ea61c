//! The networks, one per file. Inputs are always flat spin configurations `[batch, L²]`
//! (row-major, ±1 as f32); convolutional models reshape internally.
//!
//! Layer names are the weights' names: `encoder.weight` is the dense encoder L² → (L/b)²
//! wherever it appears (autoencoder, RG encoder, RG autoencoder, transfer head), which is
//! what lets a trained encoder move from one model into another.

pub mod conv_ae;
pub mod dense_ae;
pub mod rg_ae;
pub mod rg_encoder;
pub mod thermo_cnn;
pub mod thermo_mlp;
pub mod transfer;

use burn::prelude::*;

/// Side of the square lattice whose flattened configurations have `sites` entries.
pub fn side(sites: usize) -> usize {
    let l = (sites as f64).sqrt().round() as usize;
    assert_eq!(l * l, sites, "input width {sites} is not a square lattice");
    l
}

/// `[B, L²]` → `[B, 1, L, L]`.
pub fn to_image(x: Tensor<2>) -> Tensor<4> {
    let [b, n] = x.dims();
    let l = side(n);
    x.reshape([b, 1, l, l])
}

/// Periodic padding by `p` sites on every side of the last two dimensions (the lattice has
/// periodic boundary conditions, so a convolution must wrap around).
pub fn pad_periodic(x: Tensor<4>, p: usize) -> Tensor<4> {
    if p == 0 {
        return x;
    }
    let [_, _, h, w] = x.dims();
    assert!(p <= h && p <= w, "periodic padding {p} larger than the lattice");
    let top = x.clone().narrow(2, h - p, p);
    let bottom = x.clone().narrow(2, 0, p);
    let x = Tensor::cat(vec![top, x, bottom], 2);
    let left = x.clone().narrow(3, w - p, p);
    let right = x.clone().narrow(3, 0, p);
    Tensor::cat(vec![left, x, right], 3)
}
