//! Random numbers: one generator type, and seeds derived deterministically from one
//! user seed so that a run is bit-identical whatever the thread count.
//!
//! ```
//! use ising::rng::{derive_seed, rng_from};
//! let a = rng_from(derive_seed(42, &[3, 1]));
//! let b = rng_from(derive_seed(42, &[3, 1]));
//! assert_eq!(format!("{a:?}"), format!("{b:?}"));
//! ```

pub use rand_core::RngCore;
use rand_core::SeedableRng;

/// The generator used everywhere: xoshiro256++ (fast, 256-bit state, passes BigCrush).
pub type Rng = rand_xoshiro::Xoshiro256PlusPlus;

/// SplitMix64 finaliser: a bijective mixer, used to spread structured seeds.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seed of a sub-stream named by a path of indices (e.g. `[beta_index, chain]`).
/// Distinct paths give unrelated seeds; the same path always gives the same seed.
pub fn derive_seed(seed: u64, path: &[u64]) -> u64 {
    path.iter().fold(splitmix(seed), |acc, &p| {
        splitmix(acc ^ splitmix(p.wrapping_add(0x5851_F42D)))
    })
}

/// A generator seeded from a 64-bit seed (expanded by SplitMix64 inside `seed_from_u64`).
pub fn rng_from(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

/// Uniform double in [0, 1) with 53 random bits.
#[inline]
pub fn uniform(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform integer in 0..n (n > 0), by Lemire's multiply-shift; bias below n / 2⁶⁴.
#[inline]
pub fn below(rng: &mut Rng, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// N xoshiro256++ generators stepped in lock-step, for bulk random words in hot loops
/// (multi-spin coding): the N independent dependency chains run in parallel in the CPU,
/// and the lane loop vectorises. Each lane is exactly the stream of
/// `rand_xoshiro::Xoshiro256PlusPlus` from the same 256-bit state (tested below).
#[derive(Clone, Debug)]
pub struct Lanes<const N: usize> {
    s: [[u64; N]; 4],
}

/// Four lanes: one AVX2 register per state word.
pub type Lanes4 = Lanes<4>;

impl<const N: usize> Lanes<N> {
    /// Lanes seeded from N draws of `rng`, each expanded to 256 bits by SplitMix64.
    pub fn from_rng(rng: &mut Rng) -> Self {
        let mut lanes = Self { s: [[0; N]; 4] };
        for lane in 0..N {
            let mut z = rng.next_u64();
            for word in 0..4 {
                z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
                lanes.s[word][lane] = splitmix(z);
            }
        }
        lanes
    }

    /// The next output of every lane. Inlined so that a caller compiled with wider vector
    /// instructions keeps the state in registers.
    #[inline(always)]
    pub fn next_words(&mut self) -> [u64; N] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u64; N];
        for j in 0..N {
            out[j] = s0[j].wrapping_add(s3[j]).rotate_left(23).wrapping_add(s0[j]);
            let t = s1[j] << 17;
            s2[j] ^= s0[j];
            s3[j] ^= s1[j];
            s1[j] ^= s2[j];
            s0[j] ^= s3[j];
            s2[j] ^= t;
            s3[j] = s3[j].rotate_left(45);
        }
        out
    }
}

impl Lanes<4> {
    /// Fills `out` (length a multiple of 4) with lane 0, 1, 2, 3, 0, 1, … outputs.
    /// Uses AVX2 where the CPU has it (same numbers either way: integer arithmetic).
    pub fn fill(&mut self, out: &mut [u64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { self.fill_avx2(out) };
            return;
        }
        self.fill_portable(out);
    }

    /// The same generator as [`Lanes4::fill_portable`] in AVX2 registers, one lane per
    /// 64-bit element.
    ///
    /// # Safety
    /// The CPU must support AVX2 ([`Lanes4::fill`] checks).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    pub unsafe fn fill_avx2(&mut self, out: &mut [u64]) {
        use std::arch::x86_64::*;
        macro_rules! rotl {
            ($x:expr, $k:literal) => {
                _mm256_or_si256(
                    _mm256_slli_epi64::<$k>($x),
                    _mm256_srli_epi64::<{ 64 - $k }>($x),
                )
            };
        }
        let load = |a: &[u64; 4]| _mm256_loadu_si256(a.as_ptr() as *const __m256i);
        let (mut s0, mut s1, mut s2, mut s3) = (
            load(&self.s[0]),
            load(&self.s[1]),
            load(&self.s[2]),
            load(&self.s[3]),
        );
        for chunk in out.chunks_exact_mut(4) {
            let result = _mm256_add_epi64(rotl!(_mm256_add_epi64(s0, s3), 23), s0);
            _mm256_storeu_si256(chunk.as_mut_ptr() as *mut __m256i, result);
            let t = _mm256_slli_epi64::<17>(s1);
            s2 = _mm256_xor_si256(s2, s0);
            s3 = _mm256_xor_si256(s3, s1);
            s1 = _mm256_xor_si256(s1, s2);
            s0 = _mm256_xor_si256(s0, s3);
            s2 = _mm256_xor_si256(s2, t);
            s3 = rotl!(s3, 45);
        }
        let store = |v: __m256i, a: &mut [u64; 4]| _mm256_storeu_si256(a.as_mut_ptr() as *mut __m256i, v);
        store(s0, &mut self.s[0]);
        store(s1, &mut self.s[1]);
        store(s2, &mut self.s[2]);
        store(s3, &mut self.s[3]);
    }

    /// [`Lanes4::fill`] without the CPU dispatch, for callers compiled with their own
    /// target features.
    #[inline(always)]
    pub fn fill_portable(&mut self, out: &mut [u64]) {
        for chunk in out.chunks_exact_mut(4) {
            chunk.copy_from_slice(&self.next_words());
        }
    }
}

/// Random words served one at a time from a block filled by [`Lanes4`]: for hot loops
/// that draw an unpredictable number of words (cluster growth). Seed one per sweep from
/// the chain's generator so that all randomness still flows from it.
pub struct BulkRng {
    lanes: Lanes4,
    block: [u64; 256],
    used: usize,
}

impl BulkRng {
    pub fn from_rng(rng: &mut Rng) -> Self {
        Self {
            lanes: Lanes4::from_rng(rng),
            block: [0; 256],
            used: 256,
        }
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        if self.used == self.block.len() {
            self.lanes.fill(&mut self.block);
            self.used = 0;
        }
        let r = self.block[self.used];
        self.used += 1;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_seeds_differ_by_path() {
        let a = derive_seed(1, &[0, 1]);
        let b = derive_seed(1, &[1, 0]);
        let c = derive_seed(2, &[0, 1]);
        assert!(a != b && a != c && b != c);
        assert_eq!(a, derive_seed(1, &[0, 1]));
    }

    #[test]
    fn lanes_reproduce_the_reference_generator() {
        use rand_core::SeedableRng;
        let mut lanes = Lanes4::from_rng(&mut rng_from(3));
        let mut reference: Vec<Rng> = (0..4)
            .map(|lane| {
                let mut seed = [0u8; 32];
                for word in 0..4 {
                    seed[8 * word..8 * word + 8].copy_from_slice(&lanes.s[word][lane].to_le_bytes());
                }
                Rng::from_seed(seed)
            })
            .collect();
        let mut portable = lanes.clone();
        let mut out = vec![0u64; 64];
        lanes.fill(&mut out);
        for (i, &v) in out.iter().enumerate() {
            assert_eq!(v, reference[i % 4].next_u64());
        }
        // And the portable path gives the same numbers as the dispatched one.
        let mut again = vec![0u64; 64];
        portable.fill_portable(&mut again);
        assert_eq!(out, again);
    }

    #[test]
    fn eight_lanes_reproduce_the_reference_generator() {
        use rand_core::SeedableRng;
        let mut lanes = Lanes::<8>::from_rng(&mut rng_from(5));
        let mut reference: Vec<Rng> = (0..8)
            .map(|lane| {
                let mut seed = [0u8; 32];
                for word in 0..4 {
                    seed[8 * word..8 * word + 8].copy_from_slice(&lanes.s[word][lane].to_le_bytes());
                }
                Rng::from_seed(seed)
            })
            .collect();
        for _ in 0..16 {
            let out = lanes.next_words();
            for (lane, &v) in out.iter().enumerate() {
                assert_eq!(v, reference[lane].next_u64());
            }
        }
    }

    #[test]
    fn uniform_mean_is_one_half() {
        let mut rng = rng_from(7);
        let n = 200_000;
        let mean = (0..n).map(|_| uniform(&mut rng)).sum::<f64>() / n as f64;
        // σ of the mean = sqrt(1/12 / n) ≈ 6.5e-4; allow 4σ.
        assert!((mean - 0.5).abs() < 4.0 * (1.0f64 / 12.0 / n as f64).sqrt());
    }
}
