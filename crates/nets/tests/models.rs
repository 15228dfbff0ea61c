//! Each model's gradients against finite differences, the RG encoder against majority
//! rule, and the validation split by chain.

mod common;

use common::{betas, ising_data, options, spec};
use nets::arch::{Arch, Head};
use nets::data::split_by_chain;
use nets::gradcheck::Config;
use nets::predict::predict;
use nets::train::{self, Kind, Request};
use nets::{train_device, Net};
use rg::block::{majority, Tie};

fn tiny_archs() -> Vec<Arch> {
    let reg = Head::Regression { mean: 0.4, std: 0.1 };
    let cls = Head::Classification {
        grid: vec![0.2, 0.4, 0.6],
    };
    vec![
        Arch::ThermoMlp {
            size: 4,
            hidden: [6, 5],
            head: reg.clone(),
        },
        Arch::ThermoMlp {
            size: 4,
            hidden: [6, 5],
            head: cls.clone(),
        },
        Arch::ThermoCnn {
            channels: 3,
            hidden: 4,
            head: reg.clone(),
        },
        Arch::ThermoCnn {
            channels: 3,
            hidden: 4,
            head: cls,
        },
        Arch::DenseAe { size: 4, block: 2 },
        Arch::ConvAe {
            block: 2,
            channels: 2,
        },
        Arch::RgEncoder { size: 4, block: 2 },
        Arch::RgAe { size: 4, block: 2 },
        Arch::Transfer {
            size: 4,
            block: 2,
            hidden: 5,
            head: reg,
        },
    ]
}

#[test]
fn gradients_match_finite_differences() {
    for (i, arch) in tiny_archs().iter().enumerate() {
        let net = Net::build(arch, 100 + i as u64, &train_device()).unwrap();
        let check = net.gradcheck(&Config::new(16, 7 + i as u64));
        assert!(
            check.checked >= 15,
            "{}: only {} entries checked",
            arch.kind(),
            check.checked
        );
        assert!(
            check.kinks * 5 <= check.checked,
            "{}: {} kinks",
            arch.kind(),
            check.kinks
        );
        assert!(check.failures.is_empty(), "{}: {:?}", arch.kind(), check.failures);
        eprintln!(
            "{}: {} entries ({} at kinks), worst error/tolerance {:.3}",
            arch.kind(),
            check.checked,
            check.kinks,
            check.worst_ratio
        );
    }
}

#[test]
fn gradient_check_catches_a_wrong_gradient() {
    // The check must be able to fail: autodiff gradients off by 5% are caught.
    for arch in tiny_archs() {
        let net = Net::build(&arch, 1, &train_device()).unwrap();
        let check = net.gradcheck(&Config {
            ad_scale: 1.05,
            ..Config::new(16, 3)
        });
        assert!(!check.failures.is_empty(), "{}: {:?}", arch.kind(), check);
    }
}

#[test]
fn frozen_parameters_get_no_gradient() {
    let arch = Arch::RgAe { size: 4, block: 2 };
    let net = Net::build(&arch, 1, &train_device()).unwrap().freeze_encoder();
    let check = net.gradcheck(&Config {
        batch: 2,
        per_param: 50,
        ..Config::new(16, 3)
    });
    // Only the decoder's weight (16×... entries) and bias are checked.
    assert_eq!(check.checked, 50 + 16);
    assert!(check.failures.is_empty(), "{:?}", check.failures);
}

#[test]
fn split_is_by_chain_and_seeded() {
    let data = ising_data(4, &betas(), 5, 6, 8);
    let s = split_by_chain(&data, 0.2, 1);
    assert_eq!(s.train.len() + s.val.len(), data.len());
    assert_eq!(s.val_chains, betas().len()); // one of five chains per β
    for &v in &s.val {
        for &t in &s.train {
            assert!(!(data.beta[v] == data.beta[t] && data.chain[v] == data.chain[t]));
        }
    }
    assert_eq!(s, split_by_chain(&data, 0.2, 1));
    assert_ne!(s.val, split_by_chain(&data, 0.2, 2).val);
}

#[test]
fn rg_encoder_reproduces_majority_rule_on_held_out_data() {
    let (l, b) = (16, 2);
    let grid: Vec<f64> = (0..7).map(|i| 0.2 + 0.1 * i as f64).collect();
    let data = ising_data(l, &grid, 4, 200, 21);
    let test = ising_data(l, &grid, 2, 30, 22);
    let mut opts = options(60, 4);
    opts.lr = 1e-2;
    let req = Request {
        spec: spec(Kind::RgEncoder),
        data: &data,
        data_path: "train".into(),
        options: opts,
        encoder: None,
        out: None,
        resume: false,
    };
    let (net, card) = train::train(req).unwrap();
    eprintln!(
        "best epoch {:?} of {}",
        card.history.best_epoch,
        card.history.epochs.len()
    );
    let pred = predict(&net, &card.arch, &test, 256).unwrap();
    let m = (l / b) * (l / b);
    let (mut agree, mut total, mut ties) = (0usize, 0usize, 0usize);
    let mut rng = ising::rng::rng_from(0);
    for i in 0..test.len() {
        // Tie::First marks nothing here: ties are recognised from the block sums.
        let maj = majority(test.config(i), l, b, Tie::Plus, &mut rng);
        let neg = majority(
            &test.config(i).iter().map(|s| -s).collect::<Vec<_>>(),
            l,
            b,
            Tie::Plus,
            &mut rng,
        );
        for c in 0..m {
            if maj[c] == neg[c] {
                ties += 1; // zero block sum: both signs give +1
                continue;
            }
            total += 1;
            let y = pred.output[i * m + c];
            if (y >= 0.0) == (maj[c] > 0) {
                agree += 1;
            }
        }
    }
    let rate = agree as f64 / total as f64;
    eprintln!("RG encoder: {agree}/{total} = {rate:.5} agree ({ties} ties left out)");
    assert!(ties > 0 && total > 10_000);
    assert!(rate >= 0.99, "agreement {rate}");
}
