//! Inference: β per configuration for thermometers, reconstructions (as values and as spins)
//! and codes for autoencoders, block spins for the RG encoder; written as `.npz`.

use std::path::Path;

use burn::prelude::*;
use burn::tensor::activation::softmax;
use ising::Dataset;
use ndarray::{Array1, Array2, Array3};
use ndarray_npy::NpzWriter;

use crate::arch::{Arch, Head};
use crate::net::Net;
use crate::{infer_device, spins, NetError};

/// Outputs for every configuration of a dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// β̂ per configuration (thermometers).
    pub beta_hat: Option<Vec<f64>>,
    /// Class probabilities `[N, K]` over the grid (classification thermometers).
    pub probs: Option<Vec<f32>>,
    /// Raw network output `[N, output_width]`.
    pub output: Vec<f32>,
    pub output_width: usize,
    /// Code `[N, code_width]` (encoder-bearing models).
    pub code: Option<Vec<f32>>,
    pub code_width: usize,
}

fn to_vec(t: Tensor<2>) -> Vec<f32> {
    t.into_data()
        .convert::<f32>()
        .try_into_vec::<f32>()
        .expect("f32 tensor")
}

/// Runs `net` (on the inference device) over all configurations in chunks of `batch`.
pub fn predict(net: &Net, arch: &Arch, data: &Dataset, batch: usize) -> Result<Prediction, NetError> {
    if let Some(size) = arch.size() {
        if size != data.size {
            return Err(NetError::Data(format!(
                "the model is for L = {size} but the data has L = {}",
                data.size
            )));
        }
    }
    if let Some(b) = arch.block() {
        if data.size % b != 0 {
            return Err(NetError::Data(format!(
                "block size {b} does not divide L = {}",
                data.size
            )));
        }
    }
    let device = infer_device();
    let net = net.valid();
    let sites = data.size * data.size;
    let n = data.len();
    let mut output = Vec::new();
    let mut code = Vec::new();
    let mut probs = Vec::new();
    let mut output_width = 0;
    let mut code_width = 0;
    for start in (0..n).step_by(batch.max(1)) {
        let end = (start + batch.max(1)).min(n);
        let x: Vec<f32> = data.spins[start * sites..end * sites]
            .iter()
            .map(|&s| s as f32)
            .collect();
        let x = Tensor::<2>::from_data(TensorData::new(x, [end - start, sites]), &device);
        let y = net.forward(x.clone());
        output_width = y.dims()[1];
        if let Some(Head::Classification { .. }) = arch.head() {
            probs.extend(to_vec(softmax(y.clone(), 1)));
        }
        output.extend(to_vec(y));
        if let Some(c) = net.encode(x) {
            code_width = c.dims()[1];
            code.extend(to_vec(c));
        }
    }
    let beta_hat = arch.head().map(|head| match head {
        Head::Regression { mean, std } => output.iter().map(|&y| mean + std * y as f64).collect(),
        Head::Classification { grid } => probs
            .chunks(grid.len())
            .map(|p| p.iter().zip(grid).map(|(&p, &b)| p as f64 * b).sum())
            .collect(),
    });
    Ok(Prediction {
        beta_hat,
        probs: matches!(arch.head(), Some(Head::Classification { .. })).then_some(probs),
        output,
        output_width,
        code: (code_width > 0).then_some(code),
        code_width,
    })
}

/// Writes a prediction as `.npz` (atomically). Arrays: `beta`, `chain`, `energy` (copied
/// from the data); thermometers: `beta_hat` [N], and `probs` [N, K] with `grid` [K] for
/// classification; autoencoders: `recon` f32 [N, L, L], `recon_sign` and `recon_sample`
/// int8 [N, L, L]; RG encoder: `blocks`, `blocks_sign`, `blocks_sample` on the coarse
/// lattice; encoder-bearing models: `code` f32 [N, width]; `meta`: UTF-8 JSON.
pub fn write_npz(
    path: &Path,
    pred: &Prediction,
    arch: &Arch,
    data: &Dataset,
    sample_seed: u64,
    meta: &serde_json::Value,
) -> Result<(), NetError> {
    let n = data.len();
    let l = data.size;
    let err = |e: ndarray_npy::WriteNpzError| e.to_string();
    let shape_err = |e: ndarray::ShapeError| e.to_string();
    ising::dataset::write_atomically(path, |file| {
        let mut npz = NpzWriter::new_compressed(file);
        npz.add_array("beta", &Array1::from(data.beta.clone()))
            .map_err(err)?;
        npz.add_array("chain", &Array1::from(data.chain.clone()))
            .map_err(err)?;
        npz.add_array("energy", &Array1::from(data.energy.clone()))
            .map_err(err)?;
        if let Some(b) = &pred.beta_hat {
            npz.add_array("beta_hat", &Array1::from(b.clone())).map_err(err)?;
        }
        if let (Some(p), Some(Head::Classification { grid })) = (&pred.probs, arch.head()) {
            let a = Array2::from_shape_vec((n, grid.len()), p.clone()).map_err(shape_err)?;
            npz.add_array("probs", &a).map_err(err)?;
            npz.add_array("grid", &Array1::from(grid.clone())).map_err(err)?;
        }
        let lattice_out = match arch {
            Arch::DenseAe { .. } | Arch::ConvAe { .. } | Arch::RgAe { .. } => Some(("recon", l)),
            Arch::RgEncoder { block, .. } => Some(("blocks", l / block)),
            _ => None,
        };
        if let Some((name, side)) = lattice_out {
            let sites = side * side;
            let a = Array3::from_shape_vec((n, side, side), pred.output.clone()).map_err(shape_err)?;
            npz.add_array(name, &a).map_err(err)?;
            let s =
                Array3::from_shape_vec((n, side, side), spins::by_sign(&pred.output)).map_err(shape_err)?;
            npz.add_array(format!("{name}_sign"), &s).map_err(err)?;
            let s = Array3::from_shape_vec(
                (n, side, side),
                spins::by_sampling(&pred.output, sites, sample_seed),
            )
            .map_err(shape_err)?;
            npz.add_array(format!("{name}_sample"), &s).map_err(err)?;
        }
        if let Some(c) = &pred.code {
            let a = Array2::from_shape_vec((n, pred.code_width), c.clone()).map_err(shape_err)?;
            npz.add_array("code", &a).map_err(err)?;
        }
        let meta = serde_json::to_vec(meta).map_err(|e| e.to_string())?;
        npz.add_array("meta", &Array1::from(meta)).map_err(err)?;
        npz.finish().map_err(err)?;
        Ok(())
    })
    .map_err(|e| NetError::File {
        path: path.to_path_buf(),
        reason: e,
    })
}
