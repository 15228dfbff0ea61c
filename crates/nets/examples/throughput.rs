//! Training throughput (samples per second) of the dense autoencoder 1024 → 256 → 1024
//! and of the CNN thermometer at L = 32, batch 256, Adam — the burn + flex side of
//! `bench/torch_compare.py`, which runs the identical models in PyTorch.
//!
//! ```text
//! cargo run --release -p nets --example throughput -- [--steps 30] [--profile]
//! ```
//! Prints one JSON line per model. `--profile` also times forward, backward and the
//! optimizer step separately.

use std::time::Instant;

use burn::optim::{AdamConfig, GradientsParams};
use burn::prelude::*;
use ising::rng::{rng_from, uniform};
use nets::data::{loss, Loss};
use nets::net::Network;
use nets::{train_device, Arch, Head, Net};

fn batch(
    rng: &mut ising::rng::Rng,
    b: usize,
    sites: usize,
    out: usize,
    device: &Device,
) -> (Tensor<2>, Tensor<2>) {
    let x: Vec<f32> = (0..b * sites)
        .map(|_| if uniform(rng) < 0.5 { 1.0 } else { -1.0 })
        .collect();
    let y: Vec<f32> = (0..b * out).map(|_| uniform(rng) as f32).collect();
    (
        Tensor::from_data(TensorData::new(x, [b, sites]), device),
        Tensor::from_data(TensorData::new(y, [b, out]), device),
    )
}

fn run<M: Network>(name: &str, mut model: M, target_is_input: bool, out: usize, steps: usize, profile: bool) {
    let device = train_device();
    let (b, sites) = (256, 1024);
    let mut rng = rng_from(1);
    let mut optim = AdamConfig::new().with_epsilon(1e-8).init();
    let data: Vec<_> = (0..4).map(|_| batch(&mut rng, b, sites, out, &device)).collect();
    let (mut tf, mut tb, mut ts) = (0.0, 0.0, 0.0);
    let mut step = |model: M, i: usize, timing: bool| -> M {
        let (x, y) = data[i % data.len()].clone();
        let y = if target_is_input { x.clone() } else { y };
        let t0 = Instant::now();
        let l = loss(Loss::Mse, model.forward_flat(x), y);
        if timing {
            let _: f32 = l.clone().into_scalar();
        }
        let t1 = Instant::now();
        let grads = GradientsParams::from_grads(l.backward(), &model);
        let t2 = Instant::now();
        let m = optim.step(1e-3, model, grads);
        let t3 = Instant::now();
        if timing {
            tf += (t1 - t0).as_secs_f64();
            tb += (t2 - t1).as_secs_f64();
            ts += (t3 - t2).as_secs_f64();
        }
        m
    };
    for i in 0..3 {
        model = step(model, i, false); // warm-up
    }
    let start = Instant::now();
    for i in 0..steps {
        model = step(model, i, profile);
    }
    let secs = start.elapsed().as_secs_f64();
    let mut line = format!(
        "{{\"framework\":\"burn-flex\",\"model\":\"{name}\",\"batch\":{b},\"steps\":{steps},\"samples_per_s\":{:.1}",
        (steps * b) as f64 / secs
    );
    if profile {
        let per = |t: f64| t / steps as f64 * 1e3;
        line += &format!(
            ",\"ms_forward\":{:.3},\"ms_backward\":{:.3},\"ms_step\":{:.3}",
            per(tf),
            per(tb),
            per(ts)
        );
    }
    println!("{line}}}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let steps = args
        .iter()
        .position(|a| a == "--steps")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.parse().expect("--steps N"))
        .unwrap_or(30);
    let profile = args.iter().any(|a| a == "--profile");
    let device = train_device();
    let ae = Net::build(&Arch::DenseAe { size: 32, block: 2 }, 1, &device).unwrap();
    let cnn = Net::build(
        &Arch::ThermoCnn {
            channels: 16,
            hidden: 64,
            head: Head::Regression { mean: 0.0, std: 1.0 },
        },
        1,
        &device,
    )
    .unwrap();
    if let Net::DenseAe(m) = ae {
        run("dense-ae-1024-256", m, true, 1024, steps, profile);
    }
    if let Net::ThermoCnn(m) = cnn {
        run("thermo-cnn-L32-c16", m, false, 1, steps, profile);
    }
}
