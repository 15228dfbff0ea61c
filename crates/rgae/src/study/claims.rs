//! Stage 5: the paper's claims, each with a measured verdict.
//!
//! A comparison of two quantities over training seeds *holds* when the mean difference
//! points the paper's way by more than twice its standard error, *fails* when it points
//! the other way by as much, and is *inconclusive* otherwise. A claim measured at
//! several β is *mixed* when its verdict differs between them, with where each holds.

use serde::{Deserialize, Serialize};

use super::measure::{Metrics, Spread};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub measure: String,
    /// holds | fails | mixed | inconclusive
    pub verdict: String,
    pub detail: String,
}

/// Verdict of "a > b" from per-seed values (paired by seed).
fn greater(a: &Spread, b: &Spread) -> &'static str {
    let d: Vec<f64> = a.values.iter().zip(&b.values).map(|(x, y)| x - y).collect();
    let s = Spread::of(d);
    let se = if s.values.len() > 1 { s.sem() } else { 0.0 };
    if s.mean > 2.0 * se {
        "holds"
    } else if s.mean < -2.0 * se {
        "fails"
    } else {
        "inconclusive"
    }
}

fn pm(s: &Spread) -> String {
    format!("{:.4} ± {:.4}", s.mean, s.std)
}

/// Combines per-β verdicts: one word if all agree, else `mixed` with where each holds.
fn combine(per_beta: &[(f64, &'static str)]) -> (String, String) {
    let first = per_beta[0].1;
    if per_beta.iter().all(|(_, v)| *v == first) {
        return (first.into(), String::new());
    }
    let list = |want: &str| {
        per_beta
            .iter()
            .filter(|(_, v)| *v == want)
            .map(|(b, _)| format!("{b:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "holds at β = [{}]; fails at β = [{}]",
        list("holds"),
        list("fails")
    );
    if per_beta.iter().any(|(_, v)| *v == "inconclusive") {
        text += &format!("; inconclusive at β = [{}]", list("inconclusive"));
    }
    ("mixed".into(), text)
}

pub fn claims(m: &Metrics) -> Vec<Claim> {
    let mut out = Vec::new();
    let w = &m.weights;
    out.push(Claim {
        id: "C1".into(),
        statement: "RG weights are sparser (and more local) than the autoencoder's".into(),
        measure: "Hoyer sparsity of the first-layer weights, RG encoder vs AE encoder".into(),
        verdict: greater(&w.rg.hoyer, &w.ae.hoyer).into(),
        detail: format!(
            "Hoyer: RG {} vs AE {}; locality: RG {} vs AE {} ({})",
            pm(&w.rg.hoyer),
            pm(&w.ae.hoyer),
            pm(&w.rg.locality),
            pm(&w.ae.locality),
            greater(&w.rg.locality, &w.ae.locality)
        ),
    });

    let per_beta: Vec<(f64, &'static str)> = m
        .correlations
        .iter()
        .map(|c| (c.beta, greater(&c.distance[1].1, &c.distance[0].1)))
        .collect();
    let (verdict, where_) = combine(&per_beta);
    let detail = m
        .correlations
        .iter()
        .map(|c| {
            format!(
                "β = {:.3}: RG-AE {} vs AE {}",
                c.beta,
                pm(&c.distance[0].1),
                pm(&c.distance[1].1)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    out.push(Claim {
        id: "C2".into(),
        statement: "RG keeps more of the spin correlations".into(),
        measure: "relative distance of the reconstructions' correlation matrices to the original's (smaller keeps more)"
            .into(),
        verdict,
        detail: format!("{detail}. {where_}"),
    });

    let l = &m.losses;
    out.push(Claim {
        id: "C3".into(),
        statement: "the autoencoder reaches a lower reconstruction loss than the RG autoencoder".into(),
        measure: "test mean squared reconstruction error".into(),
        verdict: greater(&l.rg_ae_test, &l.ae_test).into(),
        detail: format!("AE {} vs RG-AE {}", pm(&l.ae_test), pm(&l.rg_ae_test)),
    });

    let patch = |row: &super::measure::EntropyRow, name: &str| {
        row.patch
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .expect("representation present")
    };
    let denoise: Vec<(f64, &'static str)> = m
        .entropy
        .iter()
        .map(|row| {
            (
                row.beta,
                greater(
                    &replicate(&patch(row, "original"), &patch(row, "AE reconstruction")),
                    &patch(row, "AE reconstruction"),
                ),
            )
        })
        .collect();
    let raise: Vec<(f64, &'static str)> = m
        .entropy
        .iter()
        .map(|row| {
            // Both measured once, on the data: compare with their jackknife errors.
            let (coarse, original) = (patch(row, "RG coarse"), patch(row, "original"));
            let d = coarse.mean - original.mean;
            let sigma = coarse.std.hypot(original.std);
            let verdict = if d > 2.0 * sigma {
                "holds"
            } else if d < -2.0 * sigma {
                "fails"
            } else {
                "inconclusive"
            };
            (row.beta, verdict)
        })
        .collect();
    let (v1, w1) = combine(&denoise);
    let (v2, w2) = combine(&raise);
    let verdict = if v1 == v2 { v1.clone() } else { "mixed".into() };
    out.push(Claim {
        id: "C4".into(),
        statement: "the autoencoder lowers the entropy (de-noises) while RG coarse-graining raises it".into(),
        measure: "patch entropy rate per spin: AE reconstruction vs original; RG-coarse vs original".into(),
        verdict,
        detail: format!("AE lowers entropy: {v1} {w1}; RG raises entropy per spin: {v2} {w2}"),
    });

    let head = |name: &str| {
        m.transfer
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.rmse.clone())
            .expect("head present")
    };
    let (rg, ae) = (head("head_rg_frozen"), head("head_ae_frozen"));
    out.push(Claim {
        id: "C5".into(),
        statement: "a thermometer learns less efficiently on the RG encoder than on the AE encoder".into(),
        measure: "test RMSE of β from thermometer heads on the frozen encoders".into(),
        verdict: greater(&rg, &ae).into(),
        detail: format!(
            "frozen RG {} vs frozen AE {}; fine-tuned RG {} vs AE {}",
            pm(&rg),
            pm(&ae),
            pm(&head("head_rg_tuned")),
            pm(&head("head_ae_tuned"))
        ),
    });
    out
}

/// A data-only quantity (measured once) repeated to pair with per-seed values.
fn replicate(single: &Spread, like: &Spread) -> Spread {
    Spread::of(vec![single.mean; like.values.len()])
}
