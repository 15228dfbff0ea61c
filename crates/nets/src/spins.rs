//! Reconstructions back to spins. A decoder outputs x ∈ (−1, 1) per site; entropy and
//! correlations are measured on ±1 lattices, made two ways: by sign (ties, x = 0, go to +1)
//! and by sampling s = +1 with probability (1 + x)/2, so that ⟨s⟩ = x.

use ising::rng::{derive_seed, rng_from, uniform};

/// ±1 by the sign of each value (0 → +1).
pub fn by_sign(x: &[f32]) -> Vec<i8> {
    x.iter().map(|&v| if v >= 0.0 { 1 } else { -1 }).collect()
}

/// ±1 drawn independently per site with P(+1) = (1 + x)/2 (x clamped to [−1, 1]).
/// Configuration `k` (of `sites` values each) uses its own stream `derive_seed(seed, [k])`,
/// so a sample's spins do not depend on how many others are converted with it.
pub fn by_sampling(x: &[f32], sites: usize, seed: u64) -> Vec<i8> {
    assert!(
        sites > 0 && x.len() % sites == 0,
        "values must be whole configurations"
    );
    let mut out = Vec::with_capacity(x.len());
    for (k, conf) in x.chunks(sites).enumerate() {
        let mut rng = rng_from(derive_seed(seed, &[k as u64]));
        out.extend(conf.iter().map(|&v| {
            let p = (1.0 + (v as f64).clamp(-1.0, 1.0)) / 2.0;
            if uniform(&mut rng) < p {
                1
            } else {
                -1
            }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_maps_each_half_line() {
        assert_eq!(by_sign(&[-0.9, -1e-6, 0.0, 0.3]), vec![-1, -1, 1, 1]);
    }

    #[test]
    fn sampling_is_seeded_and_has_the_right_mean() {
        let n = 40_000;
        let x: Vec<f32> = (0..n).map(|i| [0.6f32, -0.2, 1.0, -1.0][i % 4]).collect();
        let a = by_sampling(&x, 4, 11);
        assert_eq!(a, by_sampling(&x, 4, 11));
        assert_ne!(a, by_sampling(&x, 4, 12));
        for (j, want) in [0.6f64, -0.2, 1.0, -1.0].iter().enumerate() {
            let mean = a.iter().skip(j).step_by(4).map(|&s| s as f64).sum::<f64>() / (n / 4) as f64;
            // σ of the mean ≤ 1/sqrt(10⁴) = 0.01; allow 4σ.
            assert!((mean - want).abs() < 0.04, "site {j}: mean {mean} vs {want}");
        }
        // Saturated values are deterministic.
        assert!(a.iter().skip(2).step_by(4).all(|&s| s == 1));
        assert!(a.iter().skip(3).step_by(4).all(|&s| s == -1));
    }
}
