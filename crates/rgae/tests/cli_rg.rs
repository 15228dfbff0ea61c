//! The RG subcommands end to end: `coarse-grain`, `mcrg` and `analyze` on small inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ising::rng::{derive_seed, rng_from};
use ising::{Dataset, Lattice};
use rg::block::{majority, Tie};

fn rgae(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rgae"))
        .args(args)
        .output()
        .expect("rgae runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rgae-cli-rg-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Random 8×8 configurations at two β with distinct labels, and some meta.
fn small_dataset(path: &Path, size: usize, per_beta: usize) -> Dataset {
    let mut rng = rng_from(4);
    let mut d = Dataset::empty(size, serde_json::json!({"kind": "ising-samples", "L": size}));
    for (b, beta) in [0.25, 0.5].into_iter().enumerate() {
        for i in 0..per_beta {
            let lat = Lattice::random(size, &mut rng);
            d.push(
                lat.spins(),
                beta,
                b as u32,
                10 * i as u64,
                lat.energy_per_spin(),
                lat.magnetization_per_spin(),
            );
        }
    }
    d.write_npz(path, true).unwrap();
    d
}

fn last_json(out: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().expect("some output")).expect("last line is JSON")
}

#[test]
fn coarse_grain_keeps_shapes_and_labels_and_records_the_transform() {
    let dir = temp_dir("cg");
    let input = dir.join("in.npz");
    let output = dir.join("out.npz");
    let data = small_dataset(&input, 8, 6);
    let out = rgae(&[
        "coarse-grain",
        "--rule",
        "majority",
        "--block",
        "2",
        "--steps",
        "1",
        "--seed",
        "9",
        input.to_str().unwrap(),
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let coarse = Dataset::read_npz(&output).unwrap();
    assert_eq!(coarse.size, 4);
    assert_eq!(coarse.len(), data.len());
    assert_eq!(coarse.spins.len(), data.len() * 16);
    assert_eq!(
        (&coarse.beta, &coarse.chain, &coarse.sweep),
        (&data.beta, &data.chain, &data.sweep)
    );
    assert_eq!(
        (&coarse.energy, &coarse.magnetization),
        (&data.energy, &data.magnetization)
    );
    assert_eq!(coarse.meta["kind"], "ising-samples");
    let t = &coarse.meta["transforms"];
    assert_eq!(t.as_array().unwrap().len(), 1);
    assert_eq!(t[0]["rule"], "majority");
    assert_eq!(
        (t[0]["from_size"].as_u64(), t[0]["to_size"].as_u64()),
        (Some(8), Some(4))
    );
    assert_eq!(t[0]["tie"], "random");
    // Sample i's ties come from derive_seed(seed, [i]): the library gives the same spins.
    for i in 0..data.len() {
        let mut rng = rng_from(derive_seed(9, &[i as u64]));
        assert_eq!(
            coarse.config(i),
            majority(data.config(i), 8, 2, Tie::Random, &mut rng).as_slice()
        );
    }

    // A second step appends a second record.
    let twice = dir.join("twice.npz");
    let out = rgae(&[
        "coarse-grain",
        "--rule",
        "decimation",
        output.to_str().unwrap(),
        twice.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d2 = Dataset::read_npz(&twice).unwrap();
    assert_eq!(d2.size, 2);
    assert_eq!(d2.meta["transforms"].as_array().unwrap().len(), 2);
    assert_eq!(d2.meta["transforms"][1]["rule"], "decimation");

    // Existing output without --force: one-line error, non-zero exit, file untouched.
    let before = std::fs::read(&output).unwrap();
    let out = rgae(&["coarse-grain", input.to_str().unwrap(), output.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&output).unwrap(), before);

    // A block that does not divide L: error, and no output file appears.
    let bad = dir.join("bad.npz");
    let out = rgae(&[
        "coarse-grain",
        "--block",
        "3",
        input.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not divisible"));
    assert!(!bad.exists());
    // Block averages are not ±1 spins.
    let out = rgae(&[
        "coarse-grain",
        "--rule",
        "average",
        input.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(!bad.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mcrg_prints_a_table_and_json() {
    let out = rgae(&[
        "mcrg",
        "--size",
        "16",
        "--levels",
        "2",
        "--samples",
        "400",
        "--batches",
        "4",
        "--seed",
        "3",
        "--threads",
        "2",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("λ_t") && stdout.contains("16→8") && stdout.contains("8→4"),
        "{stdout}"
    );
    let json = last_json(&out);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(json["samples"], 400);
    // Even this short run puts λ_t near 2 and λ_h near 3.67 at β_c.
    let lt = results[1]["lambda_t"]["mean"].as_f64().unwrap();
    let lh = results[1]["lambda_h"]["mean"].as_f64().unwrap();
    assert!(
        lt > 1.5 && lt < 2.5 && lh > 3.3 && lh < 4.0,
        "λ_t = {lt}, λ_h = {lh}"
    );

    // From a dataset instead of sampling: β = 0.5 of the two, 60 configurations.
    let dir = temp_dir("mcrg");
    let input = dir.join("in.npz");
    small_dataset(&input, 16, 60);
    let out = rgae(&[
        "mcrg",
        "--input",
        input.to_str().unwrap(),
        "--beta",
        "0.5",
        "--levels",
        "2",
        "--batches",
        "4",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = last_json(&out);
    assert_eq!(
        (json["samples"].as_u64(), json["beta"].as_f64()),
        (Some(60), Some(0.5))
    );
    // The configurations are i.i.d. (β = 0 in fact): λ_h well below its critical value.
    assert!(json["results"][0]["lambda_h"]["mean"].as_f64().unwrap() < 3.0);
    let out = rgae(&[
        "mcrg",
        "--input",
        input.to_str().unwrap(),
        "--beta",
        "0.7",
        "--levels",
        "2",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no samples at β = 0.7"));
    std::fs::remove_dir_all(&dir).unwrap();

    let out = rgae(&["mcrg", "--size", "12", "--levels", "3"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not divisible"));
}

#[test]
fn analyze_reports_every_beta_in_json() {
    let dir = temp_dir("an");
    let input = dir.join("in.npz");
    small_dataset(&input, 8, 60);
    let json_path = dir.join("a.json");
    let matrix = dir.join("m.npz");
    let out = rgae(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        json_path.to_str().unwrap(),
        "--matrix",
        matrix.to_str().unwrap(),
        "--groups",
        "10",
        "--k-max",
        "3",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = last_json(&out);
    let from_file: serde_json::Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(json, from_file);
    let betas = json["betas"].as_array().unwrap();
    assert_eq!(betas.len(), 2);
    for b in betas {
        // The configurations are i.i.d. random: one bit per spin by patches and compression.
        let patch = b["patch_bits"]["mean"].as_f64().unwrap();
        let comp = b["compression"]["bits_per_spin"]["mean"].as_f64().unwrap();
        assert!((patch - 1.0).abs() < 0.03, "patch {patch}");
        assert!((comp - 1.0).abs() < 0.1, "compression {comp}");
        assert_eq!(b["correlations"]["g"].as_array().unwrap().len(), 5);
        assert!(b["thermodynamic_bits"]["mean"].is_f64());
    }
    assert!(matrix.exists());
    // Refuses to overwrite without --force.
    let out = rgae(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        json_path.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}
