//! The thermometer's yardsticks. p(σ | β) ∝ e^{−βE(σ)} is an exponential family with
//! sufficient statistic E, so no thermometer beats the best estimator built from E alone.
//!
//! - [`EnergyRegression`]: that estimator as a 1-D least-squares polynomial β̂(e) in the
//!   energy per spin e, fitted on the training split (degree chosen on held-out training
//!   chains);
//! - [`cramer_rao`]: the bound sd(β̂) ≥ β / sqrt(N c(β)) = 1 / (N sd(e)) for unbiased
//!   estimators, with c the specific heat per spin measured from the same samples;
//! - [`report`]: RMSE of a thermometer per β beside both.

use serde::{Deserialize, Serialize};

/// β̂(e) = Σ_k c_k z^k with z = (e − center)/scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnergyRegression {
    pub center: f64,
    pub scale: f64,
    pub coeffs: Vec<f64>,
}

/// Solves the symmetric system `a x = b` (n×n, row-major) by Gaussian elimination with
/// partial pivoting; `None` if singular.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[piv * n + col].abs() < 1e-300 {
            return None;
        }
        if piv != col {
            for k in 0..n {
                a.swap(col * n + k, piv * n + k);
            }
            b.swap(col, piv);
        }
        for row in col + 1..n {
            let f = a[row * n + col] / a[col * n + col];
            for k in col..n {
                a[row * n + k] -= f * a[col * n + k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row * n + k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row * n + row];
    }
    Some(x)
}

impl EnergyRegression {
    /// Least-squares polynomial of `degree` through (e, β).
    pub fn fit(energy: &[f64], beta: &[f64], degree: usize) -> Option<Self> {
        let n = energy.len();
        if n == 0 || n != beta.len() {
            return None;
        }
        let center = energy.iter().sum::<f64>() / n as f64;
        let scale = (energy.iter().map(|e| (e - center).powi(2)).sum::<f64>() / n as f64)
            .sqrt()
            .max(1e-12);
        let m = degree + 1;
        let mut ata = vec![0.0; m * m];
        let mut atb = vec![0.0; m];
        let mut pow = vec![0.0; m];
        for (&e, &b) in energy.iter().zip(beta) {
            let z = (e - center) / scale;
            pow[0] = 1.0;
            for k in 1..m {
                pow[k] = pow[k - 1] * z;
            }
            for i in 0..m {
                atb[i] += pow[i] * b;
                for j in 0..m {
                    ata[i * m + j] += pow[i] * pow[j];
                }
            }
        }
        solve(ata, atb).map(|coeffs| Self {
            center,
            scale,
            coeffs,
        })
    }

    /// Fits degrees 1..=`max_degree` on (`fit_e`, `fit_b`) and keeps the one with the
    /// smallest mean squared error on (`check_e`, `check_b`), refitted on both.
    pub fn fit_selected(
        fit_e: &[f64],
        fit_b: &[f64],
        check_e: &[f64],
        check_b: &[f64],
        max_degree: usize,
    ) -> Option<Self> {
        let mut best: Option<(f64, usize)> = None;
        for d in 1..=max_degree {
            if let Some(r) = Self::fit(fit_e, fit_b, d) {
                let mse = if check_e.is_empty() {
                    r.mse(fit_e, fit_b)
                } else {
                    r.mse(check_e, check_b)
                };
                if best.is_none_or(|(m, _)| mse < m) {
                    best = Some((mse, d));
                }
            }
        }
        let (_, d) = best?;
        let e: Vec<f64> = fit_e.iter().chain(check_e).copied().collect();
        let b: Vec<f64> = fit_b.iter().chain(check_b).copied().collect();
        Self::fit(&e, &b, d)
    }

    pub fn degree(&self) -> usize {
        self.coeffs.len() - 1
    }

    pub fn predict(&self, e: f64) -> f64 {
        let z = (e - self.center) / self.scale;
        self.coeffs.iter().rev().fold(0.0, |acc, &c| acc * z + c)
    }

    pub fn mse(&self, energy: &[f64], beta: &[f64]) -> f64 {
        energy
            .iter()
            .zip(beta)
            .map(|(&e, &b)| (self.predict(e) - b).powi(2))
            .sum::<f64>()
            / energy.len().max(1) as f64
    }
}

/// Cramér–Rao bound on sd(β̂) at one β from energies per spin `e` of `sites`-spin
/// configurations: 1/sqrt(Var E) = β/sqrt(N c), with c = β² N Var(e). Returns (bound, c).
pub fn cramer_rao(beta: f64, energy: &[f64], sites: usize) -> (f64, f64) {
    let n = energy.len() as f64;
    let mean = energy.iter().sum::<f64>() / n;
    let var = energy.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let c = beta * beta * sites as f64 * var;
    (beta / (sites as f64 * c).sqrt(), c)
}

/// One β of a thermometer report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BetaRow {
    pub beta: f64,
    pub samples: usize,
    /// Specific heat per spin from the held-out samples.
    pub specific_heat: f64,
    pub cramer_rao: f64,
    pub rmse_energy: f64,
    pub rmse_net: f64,
    pub bias_net: f64,
    /// rmse_net / rmse_energy.
    pub ratio: f64,
}

fn rmse(pred: &[f64], truth: f64) -> f64 {
    (pred.iter().map(|p| (p - truth).powi(2)).sum::<f64>() / pred.len().max(1) as f64).sqrt()
}

/// RMSE per β of the network (`beta_net`) and of the energy-only estimator on the same
/// held-out samples, beside the Cramér–Rao bound.
pub fn report(
    beta: &[f64],
    energy: &[f64],
    beta_net: &[f64],
    regression: &EnergyRegression,
    sites: usize,
) -> Vec<BetaRow> {
    let mut grid: Vec<f64> = beta.to_vec();
    grid.sort_by(|a, b| a.total_cmp(b));
    grid.dedup();
    grid.iter()
        .map(|&b| {
            let idx: Vec<usize> = (0..beta.len()).filter(|&i| beta[i] == b).collect();
            let e: Vec<f64> = idx.iter().map(|&i| energy[i]).collect();
            let net: Vec<f64> = idx.iter().map(|&i| beta_net[i]).collect();
            let en: Vec<f64> = e.iter().map(|&x| regression.predict(x)).collect();
            let (cr, c) = cramer_rao(b, &e, sites);
            let rmse_net = rmse(&net, b);
            let rmse_energy = rmse(&en, b);
            BetaRow {
                beta: b,
                samples: idx.len(),
                specific_heat: c,
                cramer_rao: cr,
                rmse_energy,
                rmse_net,
                bias_net: net.iter().sum::<f64>() / net.len() as f64 - b,
                ratio: rmse_net / rmse_energy,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polynomial_fit_recovers_a_cubic() {
        let e: Vec<f64> = (0..200).map(|i| -2.0 + i as f64 * 0.01).collect();
        let b: Vec<f64> = e
            .iter()
            .map(|x| 0.3 - 0.5 * x + 0.1 * x * x - 0.02 * x * x * x)
            .collect();
        let r = EnergyRegression::fit(&e, &b, 3).unwrap();
        for (&x, &y) in e.iter().zip(&b) {
            assert!((r.predict(x) - y).abs() < 1e-9);
        }
        // Selection on a held-out half picks a degree that fits exactly.
        let s = EnergyRegression::fit_selected(&e[..100], &b[..100], &e[100..], &b[100..], 6).unwrap();
        assert!(s.degree() >= 3 && s.mse(&e, &b) < 1e-15, "degree {}", s.degree());
        // A straight line cannot.
        assert!(EnergyRegression::fit(&e, &b, 1).unwrap().mse(&e, &b) > 1e-6);
    }

    #[test]
    fn cramer_rao_is_one_over_sd_of_total_energy() {
        let e = [-1.0, -1.2, -0.8, -1.1, -0.9];
        let sites = 16;
        let (cr, c) = cramer_rao(0.4, &e, sites);
        let var: f64 = e.iter().map(|x: &f64| (x + 1.0).powi(2)).sum::<f64>() / 4.0;
        assert!((cr - 1.0 / (sites as f64 * var.sqrt())).abs() < 1e-12);
        assert!((c - 0.16 * 16.0 * var).abs() < 1e-12);
    }
}

/// A thermometer's report on held-out data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub kind: String,
    pub sites: usize,
    pub energy_degree: usize,
    pub rows: Vec<BetaRow>,
    /// Largest rmse_net / rmse_energy over β.
    pub worst_ratio: f64,
    pub rmse_net: f64,
    pub rmse_energy: f64,
}

/// Evaluates a trained thermometer on `test` (held-out chains) beside the energy-only
/// estimator fitted on `train` (degree ≤ `max_degree`, chosen on held-out training chains
/// split as in training) and the Cramér–Rao bound.
pub fn evaluate(
    card: &crate::model_dir::ModelCard,
    net: &crate::Net,
    train: &ising::Dataset,
    test: &ising::Dataset,
    max_degree: usize,
) -> Result<Report, crate::NetError> {
    if card.arch.head().is_none() {
        return Err(crate::NetError::Other(format!(
            "a {} model is not a thermometer",
            card.kind
        )));
    }
    let pred = crate::predict::predict(net, &card.arch, test, 512)?;
    let beta_net = pred.beta_hat.expect("thermometer");
    let split = crate::data::split_by_chain(
        train,
        card.options.val_fraction,
        ising::rng::derive_seed(card.seed, &[crate::train::stream::SPLIT]),
    );
    let pick = |idx: &[usize], v: &[f64]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let regression = EnergyRegression::fit_selected(
        &pick(&split.train, &train.energy),
        &pick(&split.train, &train.beta),
        &pick(&split.val, &train.energy),
        &pick(&split.val, &train.beta),
        max_degree,
    )
    .ok_or_else(|| crate::NetError::Data("cannot fit β(E) on the training data".into()))?;
    let sites = test.size * test.size;
    let rows = report(&test.beta, &test.energy, &beta_net, &regression, sites);
    let all_e: Vec<f64> = test.energy.iter().map(|&e| regression.predict(e)).collect();
    let total = |p: &[f64]| {
        (p.iter()
            .zip(&test.beta)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            / p.len() as f64)
            .sqrt()
    };
    Ok(Report {
        kind: card.kind.clone(),
        sites,
        energy_degree: regression.degree(),
        worst_ratio: rows.iter().map(|r| r.ratio).fold(0.0, f64::max),
        rmse_net: total(&beta_net),
        rmse_energy: total(&all_e),
        rows,
    })
}

impl Report {
    /// The report as a Markdown table.
    pub fn markdown(&self) -> String {
        let mut s = String::from(
            "| β | n | c(β) | Cramér–Rao | RMSE energy-only | RMSE network | bias network | network / energy |\n|---|---|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            s += &format!(
                "| {:.4} | {} | {:.3} | {:.4} | {:.4} | {:.4} | {:+.4} | {:.3} |\n",
                r.beta,
                r.samples,
                r.specific_heat,
                r.cramer_rao,
                r.rmse_energy,
                r.rmse_net,
                r.bias_net,
                r.ratio
            );
        }
        s += &format!(
            "\nAll β: RMSE network {:.4}, energy-only {:.4} (polynomial degree {}); worst ratio {:.3}.\n",
            self.rmse_net, self.rmse_energy, self.energy_degree, self.worst_ratio
        );
        s
    }
}
