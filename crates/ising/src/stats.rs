//! Error analysis of correlated Monte Carlo series: binning, jackknife and the
//! integrated autocorrelation time with Sokal's automatic window.
//!
//! ```
//! use ising::stats::{binning_error, tau_int};
//! let series: Vec<f64> = (0..4096).map(|i| ((i * 7919) % 1000) as f64).collect();
//! let tau = tau_int(&series);
//! assert!(tau.tau > 0.0);
//! assert!(binning_error(&series) > 0.0);
//! ```

/// A value with its one-standard-deviation error.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Estimate {
    pub mean: f64,
    pub error: f64,
}

impl Estimate {
    pub fn new(mean: f64, error: f64) -> Self {
        Self { mean, error }
    }

    /// Distance to `value` in units of the error (infinite for a zero error unless equal).
    pub fn sigmas_from(&self, value: f64) -> f64 {
        let d = (self.mean - value).abs();
        if d == 0.0 {
            0.0
        } else {
            d / self.error
        }
    }
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = f.precision().unwrap_or(5);
        write!(f, "{:.digits$} ± {:.digits$}", self.mean, self.error)
    }
}

pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Unbiased sample variance (n − 1 in the denominator).
pub fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// Integrated autocorrelation time and the window it was summed to.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TauInt {
    /// τ_int = ½ + Σ_{t=1}^{W} ρ(t), in units of the series' spacing.
    pub tau: f64,
    /// The window W chosen by Sokal's criterion.
    pub window: usize,
    /// False if the series was too short for the criterion to be met (W hit n/4),
    /// in which case `tau` is a lower bound.
    pub reliable: bool,
}

/// Sokal's window constant: the smallest W with W ≥ C·τ_int(W).
pub const SOKAL_C: f64 = 6.0;

/// τ_int of a series by Sokal's automatic windowing (see SCIENCE.md).
/// A constant series has τ_int = ½ by convention.
pub fn tau_int(x: &[f64]) -> TauInt {
    let n = x.len();
    let m = mean(x);
    let d: Vec<f64> = x.iter().map(|v| v - m).collect();
    let c0 = d.iter().map(|v| v * v).sum::<f64>() / n as f64;
    if n < 8 || c0 == 0.0 {
        return TauInt {
            tau: 0.5,
            window: 0,
            reliable: c0 == 0.0,
        };
    }
    let mut tau = 0.5;
    let max_window = n / 4;
    for w in 1..=max_window {
        let ct = d[..n - w].iter().zip(&d[w..]).map(|(a, b)| a * b).sum::<f64>() / (n - w) as f64;
        tau += ct / c0;
        if w as f64 >= SOKAL_C * tau {
            return TauInt {
                tau: tau.max(0.5),
                window: w,
                reliable: true,
            };
        }
    }
    TauInt {
        tau: tau.max(0.5),
        window: max_window,
        reliable: false,
    }
}

/// Error of the mean from τ_int: σ = sqrt(2 τ_int Var(x) / n).
pub fn tau_error(x: &[f64]) -> f64 {
    (2.0 * tau_int(x).tau * variance(x) / x.len() as f64).sqrt()
}

/// Error of the mean by binning: the naive error of bin means, at the coarsest binning
/// level that still has at least 32 bins (bins of 2^k samples). For a series much
/// longer than its autocorrelation time this plateaus at the true error.
pub fn binning_error(x: &[f64]) -> f64 {
    binning_levels(x).last().copied().unwrap_or(f64::NAN)
}

/// Naive errors of the mean at bin sizes 1, 2, 4, … while at least 32 bins remain.
pub fn binning_levels(x: &[f64]) -> Vec<f64> {
    let mut bins = x.to_vec();
    let mut levels = Vec::new();
    while bins.len() >= 32 {
        levels.push((variance(&bins) / bins.len() as f64).sqrt());
        bins = bins.chunks_exact(2).map(|p| 0.5 * (p[0] + p[1])).collect();
    }
    levels
}

/// Mean with its binning error.
pub fn binned(x: &[f64]) -> Estimate {
    Estimate::new(mean(x), binning_error(x))
}

/// Jackknife estimate of `f` over blocks: `f` gets the blocks left in (all blocks, then
/// each leave-one-out set) and returns the statistic. The estimate is bias-corrected.
pub fn jackknife<B, F>(blocks: &[B], f: F) -> Estimate
where
    B: Clone,
    F: Fn(&[B]) -> f64,
{
    let k = blocks.len();
    let full = f(blocks);
    if k < 2 {
        return Estimate::new(full, f64::NAN);
    }
    let mut rest: Vec<B> = Vec::with_capacity(k - 1);
    let leave_out: Vec<f64> = (0..k)
        .map(|i| {
            rest.clear();
            rest.extend(blocks[..i].iter().cloned());
            rest.extend(blocks[i + 1..].iter().cloned());
            f(&rest)
        })
        .collect();
    let avg = mean(&leave_out);
    let var = leave_out.iter().map(|v| (v - avg) * (v - avg)).sum::<f64>() * (k - 1) as f64 / k as f64;
    Estimate::new(k as f64 * full - (k - 1) as f64 * avg, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{rng_from, uniform};

    /// AR(1) process x_t = a x_{t−1} + noise has τ_int = ½ (1 + a)/(1 − a).
    fn ar1(a: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = rng_from(seed);
        let mut x = 0.0;
        (0..n)
            .map(|_| {
                x = a * x + (uniform(&mut rng) - 0.5);
                x
            })
            .collect()
    }

    #[test]
    fn tau_int_of_ar1_matches_theory() {
        let a = 0.9;
        let exact = 0.5 * (1.0 + a) / (1.0 - a); // 9.5
        let series = ar1(a, 400_000, 11);
        let t = tau_int(&series);
        assert!(t.reliable);
        // Sokal's estimate of the variance of τ: 2(2W + 1)/n · τ²; 4σ plus the window's
        // truncation bias (≈ τ e^{−W/τ}, under 1%).
        let sigma = (2.0 * (2.0 * t.window as f64 + 1.0) / series.len() as f64).sqrt() * exact;
        assert!(
            (t.tau - exact).abs() < 4.0 * sigma + 0.01 * exact,
            "{t:?} vs {exact}"
        );
    }

    #[test]
    fn binning_agrees_with_tau_error() {
        let series = ar1(0.8, 1 << 18, 12);
        let (b, t) = (binning_error(&series), tau_error(&series));
        // Both estimate the same σ; their own relative uncertainty is a few percent.
        assert!((b / t - 1.0).abs() < 0.1, "binning {b} vs tau {t}");
    }

    #[test]
    fn independent_series_has_tau_one_half() {
        let mut rng = rng_from(13);
        let series: Vec<f64> = (0..100_000).map(|_| uniform(&mut rng)).collect();
        let t = tau_int(&series);
        assert!((t.tau - 0.5).abs() < 0.05, "{t:?}");
    }

    #[test]
    fn jackknife_of_mean_is_standard_error() {
        let x: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let est = jackknife(&x, mean);
        assert!((est.mean - 49.5).abs() < 1e-9);
        let se = (variance(&x) / 100.0).sqrt();
        assert!((est.error - se).abs() < 1e-9);
    }
}
