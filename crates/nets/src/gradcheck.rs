//! Gradients against finite differences.
//!
//! The scalar checked is S(θ) = Σ r ⊙ f_θ(x) for a fixed random input x and random weights
//! r, so every output contributes. For sampled entries θ_j of every trainable parameter,
//! autodiff's ∂S/∂θ_j is compared with the central difference
//! (S(θ + ε e_j) − S(θ − ε e_j)) / 2ε, evaluated in f32 on the same backend.

use burn::module::{ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::prelude::*;
use burn::tensor::Gradients;
use ising::rng::{below, rng_from, uniform};

use crate::net::{Net, Network};
use crate::train_device;

/// Result of a gradient check.
#[derive(Clone, Debug, Default)]
pub struct GradCheck {
    pub checked: usize,
    /// Largest |autodiff − finite difference| / (atol + rtol·max(|autodiff|, |fd|)).
    pub worst_ratio: f64,
    /// `name[index]: autodiff vs finite difference` for entries over tolerance.
    pub failures: Vec<String>,
    /// Entries skipped because S has a kink (a ReLU switching) within ±ε: there the
    /// one-sided differences disagree and no finite difference is a derivative.
    pub kinks: usize,
}

struct Grads<'a> {
    grads: &'a Gradients,
    stack: Vec<String>,
    out: Vec<(String, ParamId, Vec<usize>, Vec<f32>)>,
}

impl ModuleVisitor for Grads<'_> {
    fn enter_module(&mut self, name: &str, _: &str) {
        self.stack.push(name.into());
    }
    fn exit_module(&mut self, _: &str, _: &str) {
        self.stack.pop();
    }
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let t = param.val();
        if let Some(g) = t.grad(self.grads) {
            let shape = g.dims().to_vec();
            let v = g.into_data().convert::<f32>().try_into_vec::<f32>().expect("f32");
            self.out.push((self.stack.join("."), param.id, shape, v));
        }
    }
}

/// Adds `delta` to entry `index` of parameter `id`.
struct Nudge {
    id: ParamId,
    index: usize,
    delta: f32,
}

impl ModuleMapper for Nudge {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        if param.id != self.id {
            return param;
        }
        let id = param.id;
        let t = param.val();
        let dims = t.dims();
        let n: usize = dims.iter().product();
        let mut d = vec![0.0f32; n];
        d[self.index] = self.delta;
        let delta = Tensor::<D>::from_data(TensorData::new(d, dims), &t.device());
        Param::initialized(id, (t + delta).detach())
    }
}

fn scalar<M: Network>(m: &M, x: &Tensor<2>, r: &Tensor<2>) -> f64 {
    let s: f32 = (m.forward_flat(x.clone()) * r.clone()).sum().into_scalar();
    s as f64
}

/// What [`check_module`] checks.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Spins per configuration (L²).
    pub sites: usize,
    /// Random ±1 configurations in the input batch.
    pub batch: usize,
    /// Sampled entries per parameter tensor (all of them if fewer).
    pub per_param: usize,
    pub eps: f32,
    /// An entry passes if |ad − fd| ≤ atol + rtol·max(|ad|, |fd|).
    pub atol: f64,
    pub rtol: f64,
    pub seed: u64,
    /// Multiplies the autodiff gradient before comparing: 1 for a real check; anything
    /// else shows that the check can fail.
    pub ad_scale: f64,
}

impl Config {
    pub fn new(sites: usize, seed: u64) -> Self {
        Self {
            sites,
            batch: 3,
            per_param: 12,
            eps: 1e-3,
            atol: 2e-3,
            rtol: 1e-2,
            seed,
            ad_scale: 1.0,
        }
    }
}

/// Checks `per_param` sampled entries of every trainable parameter of `model` (built on an
/// autodiff device) on `batch` random ±1 configurations of `sites` spins.
pub fn check_module<M: Network>(model: &M, cfg: &Config) -> GradCheck {
    let Config {
        sites,
        batch,
        per_param,
        eps,
        atol,
        rtol,
        seed,
        ad_scale,
    } = *cfg;
    let device = train_device();
    let mut rng = rng_from(seed);
    let x: Vec<f32> = (0..batch * sites)
        .map(|_| if uniform(&mut rng) < 0.5 { 1.0 } else { -1.0 })
        .collect();
    let x = Tensor::<2>::from_data(TensorData::new(x, [batch, sites]), &device);
    let out_width = model.forward_flat(x.clone()).dims()[1];
    let r: Vec<f32> = (0..batch * out_width)
        .map(|_| (2.0 * uniform(&mut rng) - 1.0) as f32)
        .collect();
    let r = Tensor::<2>::from_data(TensorData::new(r, [batch, out_width]), &device);

    let s0 = scalar(model, &x, &r);
    let s = (model.forward_flat(x.clone()) * r.clone()).sum();
    let grads = s.backward();
    let mut v = Grads {
        grads: &grads,
        stack: Vec::new(),
        out: Vec::new(),
    };
    model.visit(&mut v);

    let mut result = GradCheck::default();
    for (name, id, _shape, g) in v.out {
        for _ in 0..per_param.min(g.len()) {
            let index = below(&mut rng, g.len());
            let plus = model.clone().map(&mut Nudge {
                id,
                index,
                delta: eps,
            });
            let minus = model.clone().map(&mut Nudge {
                id,
                index,
                delta: -eps,
            });
            let (sp, sm) = (scalar(&plus, &x, &r), scalar(&minus, &x, &r));
            let fd = (sp - sm) / (2.0 * eps as f64);
            let right = (sp - s0) / eps as f64;
            let left = (s0 - sm) / eps as f64;
            if (right - left).abs() > atol + rtol * right.abs().max(left.abs()) {
                result.kinks += 1;
                continue;
            }
            let ad = g[index] as f64 * ad_scale;
            let ratio = (ad - fd).abs() / (atol + rtol * ad.abs().max(fd.abs()));
            result.worst_ratio = result.worst_ratio.max(ratio);
            result.checked += 1;
            if ratio > 1.0 {
                result.failures.push(format!(
                    "{name}[{index}]: autodiff {ad:.6e} vs finite difference {fd:.6e}"
                ));
            }
        }
    }
    result
}

impl Net {
    /// [`check_module`] on whichever model this is.
    pub fn gradcheck(&self, cfg: &Config) -> GradCheck {
        crate::net::with_net!(self, m => check_module(m, cfg))
    }
}
