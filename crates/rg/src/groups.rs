//! Error bars from groups of samples: the samples (in their stored order) are cut into
//! contiguous groups, per-group sums are kept, and a statistic of the pooled sums is
//! jackknifed over the groups. Contiguous groups much longer than the autocorrelation
//! time of the samples are close to independent, so the jackknife error accounts for
//! autocorrelation the way binning does.
//!
//! ```
//! use rg::groups::{group_ranges, jackknife_sums};
//! let x: Vec<f64> = (0..100).map(|i| (i % 10) as f64).collect();
//! let sums: Vec<Vec<f64>> = group_ranges(x.len(), 10)
//!     .into_iter()
//!     .map(|r| vec![r.len() as f64, x[r].iter().sum()])
//!     .collect();
//! let mean = jackknife_sums(&sums, |s| s[1] / s[0]);
//! assert!((mean.mean - 4.5).abs() < 1e-12);
//! ```

use std::ops::Range;

use ising::stats::Estimate;

/// `groups` contiguous ranges covering `0..n` as evenly as possible (fewer if n < groups).
pub fn group_ranges(n: usize, groups: usize) -> Vec<Range<usize>> {
    let g = groups.clamp(1, n.max(1));
    (0..g)
        .map(|i| (i * n / g)..((i + 1) * n / g))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Jackknife over groups of additive sums: `f` receives the element-wise sum of the
/// groups left in (all, then each leave-one-out set). Returns the full-sample value of
/// `f` with the jackknife error (no bias correction: the full-sample value is what the
/// tables report; the error is the jackknife spread).
pub fn jackknife_sums<F>(groups: &[Vec<f64>], f: F) -> Estimate
where
    F: Fn(&[f64]) -> f64,
{
    let k = groups.len();
    assert!(k >= 1, "need at least one group");
    let width = groups[0].len();
    let mut total = vec![0.0; width];
    for g in groups {
        assert_eq!(g.len(), width, "groups must have equal widths");
        total.iter_mut().zip(g).for_each(|(t, v)| *t += v);
    }
    let full = f(&total);
    if k < 2 {
        return Estimate::new(full, f64::NAN);
    }
    let mut rest = vec![0.0; width];
    let leave: Vec<f64> = groups
        .iter()
        .map(|g| {
            rest.iter_mut()
                .zip(total.iter().zip(g))
                .for_each(|(r, (t, v))| *r = t - v);
            f(&rest)
        })
        .collect();
    Estimate::new(full, jackknife_error(&leave))
}

/// Jackknife error from leave-one-out values: sqrt((k−1)/k Σ (θ_i − θ̄)²).
pub fn jackknife_error(leave_one_out: &[f64]) -> f64 {
    let k = leave_one_out.len() as f64;
    if leave_one_out.len() < 2 {
        return f64::NAN;
    }
    let avg = leave_one_out.iter().sum::<f64>() / k;
    let ss: f64 = leave_one_out.iter().map(|v| (v - avg) * (v - avg)).sum();
    (ss * (k - 1.0) / k).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ising::rng::{rng_from, uniform};

    #[test]
    fn ranges_cover_everything_once() {
        let r = group_ranges(103, 10);
        assert_eq!(r.len(), 10);
        assert_eq!(r[0].start, 0);
        assert_eq!(r[9].end, 103);
        assert!(r.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(group_ranges(3, 10).len(), 3);
    }

    #[test]
    fn jackknife_of_a_mean_is_the_standard_error() {
        // For the mean of equal groups the jackknife error equals sd(group means)/sqrt(k).
        let mut rng = rng_from(5);
        let x: Vec<f64> = (0..2000).map(|_| uniform(&mut rng)).collect();
        let ranges = group_ranges(x.len(), 20);
        let sums: Vec<Vec<f64>> = ranges
            .iter()
            .map(|r| vec![r.len() as f64, x[r.clone()].iter().sum()])
            .collect();
        let est = jackknife_sums(&sums, |s| s[1] / s[0]);
        let means: Vec<f64> = sums.iter().map(|s| s[1] / s[0]).collect();
        let se = (ising::stats::variance(&means) / means.len() as f64).sqrt();
        assert!((est.error - se).abs() < 1e-12 * se.max(1.0));
        assert!((est.mean - ising::stats::mean(&x)).abs() < 1e-12);
    }
}
