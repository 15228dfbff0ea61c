//! Training on small real Ising data: losses fall, runs are reproducible, frozen weights
//! stay put, save → load → predict is exact, and resume continues exactly.

mod common;

use common::{betas, ising_data, options, spec, tmpdir};
use nets::data::{examples, split_by_chain};
use nets::model_dir::{self, ModelDir};
use nets::predict::predict;
use nets::train::{self, EncoderSource, HeadKind, Kind, Request};
use nets::Net;

fn request<'a>(
    kind: Kind,
    data: &'a ising::Dataset,
    epochs: usize,
    seed: u64,
    out: Option<&'a std::path::Path>,
) -> Request<'a> {
    Request {
        spec: spec(kind),
        data,
        data_path: "test".into(),
        options: options(epochs, seed),
        encoder: None,
        out,
        resume: false,
    }
}

/// Validation loss of the untrained model (same seed) for comparison.
fn initial_val_loss(kind: Kind, data: &ising::Dataset, seed: u64) -> f64 {
    let opts = options(1, seed);
    let split = split_by_chain(
        data,
        opts.val_fraction,
        ising::rng::derive_seed(seed, &[train::stream::SPLIT]),
    );
    let arch = spec(kind).arch(data, &split.train);
    let ex = examples(
        &arch,
        data,
        &split.val,
        ising::rng::derive_seed(seed, &[train::stream::TIES]),
    )
    .unwrap();
    let net = Net::build(
        &arch,
        ising::rng::derive_seed(seed, &[train::stream::INIT]),
        &nets::train_device(),
    )
    .unwrap();
    net.mean_loss(&ex)
}

#[test]
fn losses_fall_for_every_model() {
    let data = ising_data(8, &betas(), 4, 24, 1);
    for (kind, epochs, factor) in [
        (Kind::ThermoMlp, 8, 0.5),
        (Kind::ThermoCnn, 25, 0.5),
        (Kind::DenseAe, 8, 0.7),
        (Kind::ConvAe, 8, 0.7),
        (Kind::RgEncoder, 8, 0.5),
    ] {
        let before = initial_val_loss(kind, &data, 5);
        let (_, card) = train::train(request(kind, &data, epochs, 5, None)).unwrap();
        let h = &card.history;
        let first = h.epochs[0].train_loss;
        let last = h.epochs.last().unwrap().train_loss;
        let best = h.best_val_loss.unwrap();
        eprintln!("{kind:?}: val {before:.4} → {best:.4}; train {first:.4} → {last:.4}");
        assert!(
            best < factor * before,
            "{kind:?}: validation loss {before} → {best}"
        );
        assert!(last < first, "{kind:?}: training loss {first} → {last}");
    }
}

fn weights_bytes(net: &Net) -> Vec<u8> {
    net.to_safetensors().unwrap()
}

#[test]
fn same_seed_gives_bit_identical_weights() {
    let data = ising_data(8, &betas(), 4, 16, 2);
    for kind in [Kind::ThermoCnn, Kind::DenseAe] {
        let (a, ca) = train::train(request(kind, &data, 3, 9, None)).unwrap();
        let (b, cb) = train::train(request(kind, &data, 3, 9, None)).unwrap();
        let (c, _) = train::train(request(kind, &data, 3, 10, None)).unwrap();
        assert_eq!(
            weights_bytes(&a),
            weights_bytes(&b),
            "{kind:?}: same seed, different weights"
        );
        assert_eq!(
            ca.history
                .epochs
                .iter()
                .map(|e| e.val_loss.to_bits())
                .collect::<Vec<_>>(),
            cb.history
                .epochs
                .iter()
                .map(|e| e.val_loss.to_bits())
                .collect::<Vec<_>>()
        );
        assert_ne!(
            weights_bytes(&a),
            weights_bytes(&c),
            "{kind:?}: the seed has no effect"
        );
    }
}

#[test]
fn frozen_encoder_is_bit_identical_after_training() {
    let data = ising_data(8, &betas(), 4, 16, 3);
    let dir = tmpdir("frozen");
    let rg_dir = dir.join("rg");
    let (rg, _) = train::train(request(Kind::RgEncoder, &data, 4, 1, Some(&rg_dir))).unwrap();
    let source = rg.weight("encoder.weight").unwrap();
    let source_bias = rg.weight("encoder.bias").unwrap();

    for (kind, freeze) in [
        (Kind::RgAe, false),
        (Kind::Transfer, true),
        (Kind::Transfer, false),
    ] {
        let mut req = request(kind, &data, 3, 2, None);
        req.encoder = Some(EncoderSource {
            dir: rg_dir.clone(),
            freeze,
        });
        let (net, card) = train::train(req).unwrap();
        let enc = card.encoder.as_ref().unwrap();
        let w = net.weight("encoder.weight").unwrap();
        let b = net.weight("encoder.bias").unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        if enc.frozen {
            assert!(kind == Kind::RgAe || freeze);
            assert_eq!(
                bits(&w.values),
                bits(&source.values),
                "{kind:?}: frozen encoder moved"
            );
            assert_eq!(bits(&b.values), bits(&source_bias.values));
            assert!(!w.require_grad);
        } else {
            // Fine-tuned at a tenth of the rate: it moves, but the head moves more.
            assert_ne!(
                bits(&w.values),
                bits(&source.values),
                "{kind:?}: fine-tuned encoder did not move"
            );
        }
        // The rest was trained.
        let head = if kind == Kind::RgAe {
            "decoder.weight"
        } else {
            "hidden.weight"
        };
        let fresh = Net::build(
            &card.arch,
            ising::rng::derive_seed(2, &[train::stream::INIT]),
            &nets::infer_device(),
        )
        .unwrap();
        assert_ne!(
            bits(&net.weight(head).unwrap().values),
            bits(&fresh.weight(head).unwrap().values)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn save_load_predict_is_exact() {
    let data = ising_data(8, &betas(), 4, 12, 4);
    let test = ising_data(8, &betas(), 2, 6, 40);
    let dir = tmpdir("roundtrip");
    for (i, (kind, head)) in [
        (Kind::ThermoCnn, HeadKind::Classification),
        (Kind::ThermoMlp, HeadKind::Regression),
        (Kind::DenseAe, HeadKind::Regression),
        (Kind::ConvAe, HeadKind::Regression),
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.join(format!("m{i}"));
        let mut req = request(kind, &data, 2, 3, Some(&out));
        req.spec.head = head;
        let (net, card) = train::train(req).unwrap();
        let (card2, loaded) = model_dir::load(&out).unwrap();
        assert_eq!(card, card2);
        let p1 = predict(&net, &card.arch, &test, 7).unwrap();
        let p2 = predict(&loaded, &card.arch, &test, 50).unwrap();
        assert_eq!(p1, p2, "{kind:?}: prediction changed after save → load");
        assert_eq!(p1.output.len(), test.len() * p1.output_width);
        if let Some(b) = &p1.beta_hat {
            assert!(b.iter().all(|x| x.is_finite()));
        }
        // The directory has the card, the loss curve and the weights.
        let d = ModelDir::new(&out);
        let csv = std::fs::read_to_string(d.losses()).unwrap();
        assert_eq!(csv.lines().count(), 1 + card.history.epochs.len());
        assert_eq!(card.status, "done");
        let npz = out.join("p.npz");
        nets::predict::write_npz(&npz, &p1, &card.arch, &test, 1, &serde_json::json!({})).unwrap();
        assert!(npz.exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn resume_continues_exactly() {
    let data = ising_data(8, &betas(), 4, 12, 5);
    let dir = tmpdir("resume");
    let (a, ca) = train::train(request(Kind::ThermoMlp, &data, 4, 6, Some(&dir.join("a")))).unwrap();
    // "Interrupted" after 2 epochs, then resumed to 4.
    let b_dir = dir.join("b");
    train::train(request(Kind::ThermoMlp, &data, 2, 6, Some(&b_dir))).unwrap();
    let mut req = request(Kind::ThermoMlp, &data, 4, 6, Some(&b_dir));
    req.resume = true;
    let (b, cb) = train::train(req).unwrap();
    let mut ha = ca.history.clone();
    let mut hb = cb.history.clone();
    for e in ha.epochs.iter_mut().chain(hb.epochs.iter_mut()) {
        e.seconds = 0.0;
    }
    assert_eq!(ha, hb);
    assert_eq!(hb.epochs.len(), 4);
    assert_eq!(weights_bytes(&a), weights_bytes(&b));
    // Resuming with different options is refused.
    let mut req = request(Kind::ThermoMlp, &data, 5, 6, Some(&b_dir));
    req.resume = true;
    req.options.lr = 0.5;
    assert!(train::train(req).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_resumed_decaying_schedule_keeps_its_length() {
    let data = ising_data(8, &betas(), 4, 12, 5);
    let dir = tmpdir("schedule");
    let mut first = request(Kind::ThermoMlp, &data, 2, 6, Some(&dir));
    first.options.lr_final_factor = 0.1;
    train::train(first).unwrap();
    let mut more = request(Kind::ThermoMlp, &data, 4, 6, Some(&dir));
    more.options.lr_final_factor = 0.1;
    more.resume = true;
    let (_, card) = train::train(more).unwrap();
    assert_eq!(card.history.epochs.len(), 4);
    assert_eq!(card.history.schedule_epochs, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
