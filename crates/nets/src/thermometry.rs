//! The thermometer's yardsticks. p(σ | β) ∝ e^{−βE(σ)} is an exponential family with
//! sufficient statistic E, so no thermometer beats the best estimator built from E alone.
//!
//! - [`EnergyRegression`]: an estimator from E alone as a 1-D least-squares polynomial
//!   β̂(e) in the energy per spin e, fitted on the training split (degree chosen on
//!   held-out training chains): the yardstick of a regression thermometer;
//! - [`EnergyPosterior`]: the posterior mean over the training grid from E alone, with the
//!   exact Boltzmann likelihood (only the offsets b_k are fitted),
//!   p(β_k | E) ∝ e^{−β_k E + b_k}: the yardstick of a classification thermometer, which
//!   aims at the same posterior from the whole configuration;
//! - [`cramer_rao`]: the bound sd(β̂) ≥ β / sqrt(N c(β)) = 1 / (N sd(e)) for unbiased
//!   estimators, with c the specific heat per spin measured from the same samples;
//! - [`report`]: RMSE of a thermometer per β beside these.
//!
//! Why two yardsticks: no estimator has the smallest error at every β at once (the
//! constant β̂ = β₀ is perfect at β₀), so "the best estimator from E" per β depends on
//! how an estimator trades bias between β values. The polynomial minimises the squared
//! error of a smooth curve; the posterior mean minimises it averaged over the grid. The
//! two differ by up to ~17 % at single β on L = 32 data (BENCHMARKS.md). A thermometer is
//! therefore compared with the energy-only estimator of its own kind: then the only
//! difference is what it reads from the configuration.

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

/// An estimator of β from the energy per spin alone.
pub trait EnergyOnly {
    fn predict(&self, e: f64) -> f64;
    /// What it is, for reports.
    fn describe(&self) -> String;
}

impl EnergyOnly for EnergyRegression {
    fn predict(&self, e: f64) -> f64 {
        EnergyRegression::predict(self, e)
    }
    fn describe(&self) -> String {
        format!("least-squares polynomial of degree {}", self.degree())
    }
}

impl EnergyOnly for EnergyPosterior {
    fn predict(&self, e: f64) -> f64 {
        EnergyPosterior::predict(self, e)
    }
    fn describe(&self) -> String {
        format!("posterior mean over the {}-point training grid", self.grid.len())
    }
}

/// The posterior over the β grid given the energy alone. p(σ | β) = e^{−βE(σ)}/Z(β), so
/// p(β_k | E) ∝ n_k e^{−β_k E}/Z(β_k) = e^{−β_k E + b_k}: the Boltzmann weight fixes the
/// slopes and only the offsets b_k (log prior over log partition function) are fitted, by
/// maximum likelihood on the training energies (Newton's method on a concave function;
/// at the optimum this is the multiple-histogram equation of Ferrenberg and Swendsen).
/// β̂(E) = Σ_k p(β_k | E) β_k.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnergyPosterior {
    pub sites: usize,
    pub grid: Vec<f64>,
    pub offsets: Vec<f64>,
}

impl EnergyPosterior {
    /// Fits the offsets on energies per spin `energy` at `beta` (β values of the grid).
    pub fn fit(energy: &[f64], beta: &[f64], sites: usize) -> Option<Self> {
        if energy.is_empty() || energy.len() != beta.len() {
            return None;
        }
        let mut grid = beta.to_vec();
        grid.sort_by(f64::total_cmp);
        grid.dedup();
        let k = grid.len();
        let label: Vec<usize> = beta.iter().map(|b| grid.partition_point(|g| g < b)).collect();
        // Start from thermodynamic integration, ln Z(β_k) − ln Z(β_0) = −N ∫ ⟨e⟩ dβ
        // (trapezoids over the grid), so that Newton starts near the optimum: from zero
        // offsets the posterior is one-hot on the coldest β and the Hessian vanishes.
        let mut count = vec![0.0; k];
        let mut mean = vec![0.0; k];
        for (&e, &y) in energy.iter().zip(&label) {
            count[y] += 1.0;
            mean[y] += e;
        }
        let mut offsets = vec![0.0; k];
        for j in 1..k {
            let area = 0.5 * (mean[j] / count[j] + mean[j - 1] / count[j - 1]) * (grid[j] - grid[j - 1]);
            offsets[j] = offsets[j - 1] + sites as f64 * area;
        }
        for (o, n) in offsets.iter_mut().zip(&count) {
            *o += n.ln();
        }
        let mut fit = Self { sites, grid, offsets };
        if k < 2 {
            return Some(fit);
        }
        let mut current = fit.log_likelihood(energy, &label);
        for _ in 0..100 {
            let (mut step, decrement) = fit.newton_step(energy, &label)?;
            // Converged when Newton predicts a gain below 1e-10 nats per sample.
            if 0.5 * decrement < 1e-10 * energy.len() as f64 {
                return Some(fit);
            }
            // A trust region: no offset moves by more than 5 per step.
            let largest = step.iter().fold(0.0f64, |m, d| m.max(d.abs()));
            if largest > 5.0 {
                step.iter_mut().for_each(|d| *d *= 5.0 / largest);
            }
            // Damped Newton: halve the step until the likelihood does not fall.
            let mut scale = 1.0;
            loop {
                let trial = Self {
                    offsets: fit
                        .offsets
                        .iter()
                        .zip(&step)
                        .map(|(b, d)| b + scale * d)
                        .collect(),
                    ..fit.clone()
                };
                let value = trial.log_likelihood(energy, &label);
                if value >= current {
                    (fit, current) = (trial, value);
                    break;
                }
                scale *= 0.5;
                if scale < 1e-6 {
                    // No ascent along a Newton direction of a concave function: only
                    // rounding is left to gain.
                    return Some(fit);
                }
            }
        }
        Some(fit)
    }

    /// p(β_k | e) for every k.
    pub fn posterior(&self, e: f64) -> Vec<f64> {
        let n = self.sites as f64;
        let logits: Vec<f64> = self
            .grid
            .iter()
            .zip(&self.offsets)
            .map(|(b, o)| -b * n * e + o)
            .collect();
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let w: Vec<f64> = logits.iter().map(|l| (l - top).exp()).collect();
        let z: f64 = w.iter().sum();
        w.into_iter().map(|x| x / z).collect()
    }

    pub fn predict(&self, e: f64) -> f64 {
        self.posterior(e).iter().zip(&self.grid).map(|(p, b)| p * b).sum()
    }

    fn log_likelihood(&self, energy: &[f64], label: &[usize]) -> f64 {
        energy
            .iter()
            .zip(label)
            .map(|(&e, &y)| self.posterior(e)[y].max(1e-300).ln())
            .sum()
    }

    /// The Newton step for offsets 1.. (offset 0 fixed: only differences matter), and the
    /// Newton decrement gᵀΔ (twice the gain it predicts).
    fn newton_step(&self, energy: &[f64], label: &[usize]) -> Option<(Vec<f64>, f64)> {
        let k = self.grid.len();
        let m = k - 1;
        let mut gradient = vec![0.0; m];
        let mut hessian = vec![0.0; m * m];
        for (&e, &y) in energy.iter().zip(label) {
            let p = self.posterior(e);
            for a in 1..k {
                gradient[a - 1] += (y == a) as u8 as f64 - p[a];
                for b in 1..k {
                    // −∂²ℓ/∂b_a∂b_b = p_a δ_ab − p_a p_b (positive semi-definite).
                    hessian[(a - 1) * m + b - 1] += p[a] * ((a == b) as u8 as f64 - p[b]);
                }
            }
        }
        for a in 0..m {
            hessian[a * m + a] += 1e-9;
        }
        let step = solve(hessian, gradient.clone())?;
        let decrement = gradient.iter().zip(&step).map(|(g, d)| g * d).sum();
        Some((std::iter::once(0.0).chain(step).collect(), decrement))
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
    yardstick: &dyn EnergyOnly,
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
            let en: Vec<f64> = e.iter().map(|&x| yardstick.predict(x)).collect();
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

    /// Energies of an L = 4 lattice as counts proportional to their exact distribution
    /// (n·P(E | β) rounded): with n = 10⁶ the fitted offsets must reproduce the exact
    /// b_k = ln n_k − ln Z(β_k) up to that rounding (≈ 10⁻⁴).
    #[test]
    fn posterior_offsets_are_the_exact_log_partition_functions() {
        let size = 4;
        let sites = size * size;
        let betas = [0.2, 0.35, 0.5];
        let mut spins = vec![0i8; sites];
        let energies: Vec<i64> = (0..1usize << sites)
            .map(|state| {
                for (i, s) in spins.iter_mut().enumerate() {
                    *s = if (state >> i) & 1 == 1 { 1 } else { -1 };
                }
                ising::lattice::energy_of(size, &spins)
            })
            .collect();
        let (mut energy, mut beta, mut counts) = (Vec::new(), Vec::new(), Vec::new());
        for &b in &betas {
            let probs = ising::exact::boltzmann_probabilities(size, b).unwrap();
            let mut by_energy = std::collections::BTreeMap::new();
            for (p, &e) in probs.iter().zip(&energies) {
                *by_energy.entry(e).or_insert(0.0) += p;
            }
            let mut total = 0;
            for (&e, &p) in &by_energy {
                let n = (p * 1e6).round() as usize;
                energy.extend(std::iter::repeat_n(e as f64 / sites as f64, n));
                beta.extend(std::iter::repeat_n(b, n));
                total += n;
            }
            counts.push(total as f64);
        }
        let fit = EnergyPosterior::fit(&energy, &beta, sites).unwrap();
        let exact: Vec<f64> = betas
            .iter()
            .zip(&counts)
            .map(|(&b, &n)| n.ln() - sites as f64 * ising::exact::finite(size, b).unwrap().ln_z_per_spin)
            .collect();
        for k in 1..betas.len() {
            let (got, want) = (fit.offsets[k] - fit.offsets[0], exact[k] - exact[0]);
            assert!((got - want).abs() < 1e-3, "b_{k} − b_0 = {got}, exact {want}");
        }
        // Its estimate is the posterior mean: between the grid's ends, and increasing
        // as the energy falls.
        let (hot, cold) = (fit.predict(-0.5), fit.predict(-1.8));
        assert!(0.2 < hot && hot < cold && cold < 0.5);
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
    /// The energy-only estimator the rows compare with (of the thermometer's own kind).
    pub yardstick: String,
    /// The other energy-only estimator, shown beside it.
    pub other_yardstick: String,
    pub rows: Vec<BetaRow>,
    /// Per row, the RMSE of the other energy-only estimator.
    pub rmse_other: Vec<f64>,
    /// Largest rmse_net / rmse_energy over β.
    pub worst_ratio: f64,
    pub rmse_net: f64,
    pub rmse_energy: f64,
    pub rmse_energy_other: f64,
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
    if train.size != test.size {
        return Err(crate::NetError::Data(format!(
            "training data has L = {} but test data L = {}",
            train.size, test.size
        )));
    }
    let sites = test.size * test.size;
    let posterior = EnergyPosterior::fit(&train.energy, &train.beta, sites)
        .ok_or_else(|| crate::NetError::Data("cannot fit p(β | E) on the training data".into()))?;
    let (yardstick, other): (&dyn EnergyOnly, &dyn EnergyOnly) = match card.arch.head() {
        Some(crate::arch::Head::Classification { .. }) => (&posterior, &regression),
        _ => (&regression, &posterior),
    };
    let rows = report(&test.beta, &test.energy, &beta_net, yardstick, sites);
    let other_rows = report(&test.beta, &test.energy, &beta_net, other, sites);
    let total = |p: &[f64]| {
        (p.iter()
            .zip(&test.beta)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            / p.len() as f64)
            .sqrt()
    };
    let all = |y: &dyn EnergyOnly| total(&test.energy.iter().map(|&e| y.predict(e)).collect::<Vec<_>>());
    Ok(Report {
        kind: card.kind.clone(),
        sites,
        yardstick: yardstick.describe(),
        other_yardstick: other.describe(),
        worst_ratio: rows.iter().map(|r| r.ratio).fold(0.0, f64::max),
        rmse_net: total(&beta_net),
        rmse_energy: all(yardstick),
        rmse_energy_other: all(other),
        rmse_other: other_rows.iter().map(|r| r.rmse_energy).collect(),
        rows,
    })
}

impl Report {
    /// The report as a Markdown table.
    pub fn markdown(&self) -> String {
        let mut s = String::from(
            "| β | n | c(β) | Cramér–Rao | RMSE energy-only | RMSE other energy-only | RMSE network | bias network | network / energy-only |\n|---|---|---|---|---|---|---|---|---|\n",
        );
        for (r, other) in self.rows.iter().zip(&self.rmse_other) {
            s += &format!(
                "| {:.4} | {} | {:.3} | {:.4} | {:.4} | {:.4} | {:.4} | {:+.4} | {:.3} |\n",
                r.beta,
                r.samples,
                r.specific_heat,
                r.cramer_rao,
                r.rmse_energy,
                other,
                r.rmse_net,
                r.bias_net,
                r.ratio
            );
        }
        s += &format!(
            "\nEnergy-only: {} (other: {}).\nAll β: RMSE network {:.4}, energy-only {:.4} (other {:.4}); worst ratio {:.3}.\n",
            self.yardstick,
            self.other_yardstick,
            self.rmse_net,
            self.rmse_energy,
            self.rmse_energy_other,
            self.worst_ratio
        );
        s
    }
}
