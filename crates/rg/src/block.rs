//! Block-spin transforms: the real-space renormalization-group maps of this study.
//!
//! The L×L periodic lattice (row-major `[y][x]`, as in [`ising::Lattice`]) is cut into
//! (L/b)² blocks of b×b spins; block `(X, Y)` holds the sites `x ∈ [bX, bX+b)`,
//! `y ∈ [bY, bY+b)`. Each rule maps a block to one coarse spin:
//!
//! | [`Rule`] | coarse spin | output |
//! |---|---|---|
//! | `majority` | sign of the block sum; a zero sum (even b only) is broken by the [`Tie`] rule | ±1 |
//! | `decimation` | the block's first (top-left) spin | ±1 |
//! | `average` | the block mean, in [−1, 1] | real ([`block_average`]) |
//!
//! Ties: `random` (default) draws the sign from a seeded generator, which keeps the
//! transform Z₂-symmetric (a configuration and its flip map to flipped block spins with
//! equal probability); `first` takes the block's top-left spin (also Z₂-symmetric, but
//! deterministic); `plus` returns +1 and breaks the symmetry — kept only to show that.
//!
//! Block averages are real numbers, not ±1 spins, so they cannot be stored in a
//! [`Dataset`]: `rgae coarse-grain` writes datasets for `majority` and `decimation` only,
//! and [`block_average`] is a library function for the analysis (and for networks that
//! take real-valued inputs). [`upsample`] is the fixed "RG decoder": nearest-neighbour
//! expansion of a coarse lattice back to the fine shape.
//!
//! A [`Transform`] is `steps` repetitions of one rule with one block size; applying it
//! to a [`Dataset`] keeps every label array (β, chain, sweep, energy and magnetisation
//! of the original configuration) and appends a record of itself to `meta["transforms"]`.
//!
//! ```
//! use ising::rng::rng_from;
//! use rg::block::{majority, decimate, upsample, Tie};
//! // 4×4 lattice: top-left block all +1, top-right all −1, bottom blocks mixed.
//! let s: Vec<i8> = vec![
//!      1,  1, -1, -1,
//!      1,  1, -1, -1,
//!      1, -1, -1,  1,
//!      1,  1,  1, -1,
//! ];
//! let mut rng = rng_from(1);
//! assert_eq!(majority(&s, 4, 2, Tie::Plus, &mut rng), vec![1, -1, 1, 1]);
//! assert_eq!(majority(&s, 4, 2, Tie::First, &mut rng), vec![1, -1, 1, -1]);
//! assert_eq!(decimate(&s, 4, 2), vec![1, -1, 1, -1]);
//! assert_eq!(upsample(&[1i8, -1, 1, -1], 2, 2)[..4], [1, 1, -1, -1]);
//! ```

use std::fmt;
use std::str::FromStr;

use ising::rng::{derive_seed, rng_from, Rng, RngCore};
use ising::Dataset;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// How a b×b block becomes one coarse spin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Sign of the block sum, ties broken by a [`Tie`] rule.
    Majority,
    /// The top-left spin of the block.
    Decimation,
    /// The block mean (real-valued; library only, see the module docs).
    Average,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Majority => "majority",
            Rule::Decimation => "decimation",
            Rule::Average => "average",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Rule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "majority" => Ok(Rule::Majority),
            "decimation" | "decimate" => Ok(Rule::Decimation),
            "average" | "block-average" => Ok(Rule::Average),
            _ => Err(format!(
                "unknown block rule '{s}' (expected majority, decimation or average)"
            )),
        }
    }
}

/// How a majority block with zero sum (possible for even b) is decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tie {
    /// ±1 with probability ½ each from a seeded generator (Z₂-symmetric).
    #[default]
    Random,
    /// The block's top-left spin (Z₂-symmetric, deterministic).
    First,
    /// Always +1 (breaks the Z₂ symmetry; for comparison only).
    Plus,
}

impl Tie {
    pub fn name(self) -> &'static str {
        match self {
            Tie::Random => "random",
            Tie::First => "first",
            Tie::Plus => "plus",
        }
    }
}

impl fmt::Display for Tie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Tie {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "random" => Ok(Tie::Random),
            "first" => Ok(Tie::First),
            "plus" => Ok(Tie::Plus),
            _ => Err(format!("unknown tie rule '{s}' (expected random, first or plus)")),
        }
    }
}

/// Why a transform cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    #[error("block size must be at least 2, got {0}")]
    BlockTooSmall(usize),
    #[error("lattice size {size} is not divisible by {block}^{steps} = {total}")]
    NotDivisible {
        size: usize,
        block: usize,
        steps: u32,
        total: usize,
    },
    #[error("the average rule gives real-valued blocks, which a ±1 dataset cannot hold; use majority or decimation")]
    RealValued,
    #[error("steps must be at least 1")]
    NoSteps,
}

fn check_shape(spins_len: usize, size: usize, b: usize) {
    assert!(b >= 1, "block size must be positive");
    assert_eq!(spins_len, size * size, "spin count must be size²");
    assert_eq!(
        size % b,
        0,
        "lattice size {size} is not divisible by block size {b}"
    );
}

/// Sum of block `(bx, by)` of a size×size lattice.
#[inline]
fn block_sum(spins: &[i8], size: usize, b: usize, bx: usize, by: usize) -> i32 {
    let mut sum = 0i32;
    for y in by * b..by * b + b {
        let row = &spins[y * size + bx * b..y * size + bx * b + b];
        sum += row.iter().map(|&s| s as i32).sum::<i32>();
    }
    sum
}

/// Majority rule on blocks of b×b: the sign of each block sum, zero sums decided by
/// `tie` (`rng` is drawn from only for [`Tie::Random`], once per tied block, in block
/// order). Returns the (size/b)² coarse spins, row-major.
pub fn majority(spins: &[i8], size: usize, b: usize, tie: Tie, rng: &mut Rng) -> Vec<i8> {
    check_shape(spins.len(), size, b);
    let n = size / b;
    let mut out = Vec::with_capacity(n * n);
    for by in 0..n {
        for bx in 0..n {
            let sum = block_sum(spins, size, b, bx, by);
            out.push(match sum.signum() {
                1 => 1,
                -1 => -1,
                _ => match tie {
                    Tie::Random => {
                        if rng.next_u64() >> 63 == 0 {
                            1
                        } else {
                            -1
                        }
                    }
                    Tie::First => spins[by * b * size + bx * b],
                    Tie::Plus => 1,
                },
            });
        }
    }
    out
}

/// Decimation: keeps the top-left spin of every b×b block.
pub fn decimate(spins: &[i8], size: usize, b: usize) -> Vec<i8> {
    check_shape(spins.len(), size, b);
    let n = size / b;
    (0..n * n)
        .map(|c| spins[(c / n) * b * size + (c % n) * b])
        .collect()
}

/// Block average: the mean of each b×b block, a real number in [−1, 1] (row-major).
/// Works on ±1 spins or on already averaged (real) lattices, so repeated steps compose.
pub fn block_average<T: Copy + Into<f64>>(values: &[T], size: usize, b: usize) -> Vec<f64> {
    check_shape(values.len(), size, b);
    let n = size / b;
    let norm = 1.0 / (b * b) as f64;
    let mut out = vec![0.0; n * n];
    for y in 0..size {
        for x in 0..size {
            out[(y / b) * n + x / b] += values[y * size + x].into();
        }
    }
    out.iter_mut().for_each(|v| *v *= norm);
    out
}

/// Nearest-neighbour upsampling, the fixed "RG decoder": every coarse value is copied
/// to the b×b block it came from, giving a (size·b)² lattice.
pub fn upsample<T: Copy>(coarse: &[T], size: usize, b: usize) -> Vec<T> {
    assert_eq!(coarse.len(), size * size, "value count must be size²");
    let fine = size * b;
    (0..fine * fine)
        .map(|i| coarse[(i / fine / b) * size + (i % fine) / b])
        .collect()
}

/// `steps` repetitions of one block rule with one block size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transform {
    pub rule: Rule,
    pub block: usize,
    pub steps: u32,
    pub tie: Tie,
    /// Seed of the random tie-breaks (used with [`Tie::Random`] only).
    pub seed: u64,
}

impl Transform {
    /// Majority rule with random ties, one step.
    pub fn majority(block: usize, seed: u64) -> Self {
        Self {
            rule: Rule::Majority,
            block,
            steps: 1,
            tie: Tie::Random,
            seed,
        }
    }

    /// Total linear reduction b^steps.
    pub fn factor(&self) -> usize {
        self.block.pow(self.steps)
    }

    /// Checks that the transform applies to an L×L lattice and returns the output size.
    pub fn output_size(&self, size: usize) -> Result<usize, BlockError> {
        if self.block < 2 {
            return Err(BlockError::BlockTooSmall(self.block));
        }
        if self.steps == 0 {
            return Err(BlockError::NoSteps);
        }
        let total = self.block.checked_pow(self.steps).unwrap_or(usize::MAX);
        if total > size || size % total != 0 {
            return Err(BlockError::NotDivisible {
                size,
                block: self.block,
                steps: self.steps,
                total,
            });
        }
        Ok(size / total)
    }

    /// Applies the (±1-valued) transform to one configuration, drawing random ties from
    /// `rng`. Returns the coarse spins and their linear size.
    pub fn apply(&self, spins: &[i8], size: usize, rng: &mut Rng) -> Result<(Vec<i8>, usize), BlockError> {
        if self.rule == Rule::Average {
            return Err(BlockError::RealValued);
        }
        self.output_size(size)?;
        let mut cur = spins.to_vec();
        let mut l = size;
        for _ in 0..self.steps {
            cur = match self.rule {
                Rule::Majority => majority(&cur, l, self.block, self.tie, rng),
                Rule::Decimation => decimate(&cur, l, self.block),
                Rule::Average => unreachable!(),
            };
            l /= self.block;
        }
        Ok((cur, l))
    }

    /// Applies the transform to any rule, giving real values (block averages for
    /// `average`; ±1 as f64 for the others).
    pub fn apply_real(
        &self,
        spins: &[i8],
        size: usize,
        rng: &mut Rng,
    ) -> Result<(Vec<f64>, usize), BlockError> {
        if self.rule != Rule::Average {
            let (s, l) = self.apply(spins, size, rng)?;
            return Ok((s.into_iter().map(f64::from).collect(), l));
        }
        let out = self.output_size(size)?;
        let mut cur = block_average(spins, size, self.block);
        let mut l = size / self.block;
        for _ in 1..self.steps {
            cur = block_average(&cur, l, self.block);
            l /= self.block;
        }
        debug_assert_eq!(l, out);
        Ok((cur, l))
    }

    /// Applies the transform to every configuration of a dataset. Sample `i` draws its
    /// random ties from `derive_seed(seed, [i])`, so the result does not depend on the
    /// number of threads. Labels are kept; `meta["transforms"]` gets this transform
    /// appended (with the input and output sizes).
    pub fn apply_dataset(&self, data: &Dataset) -> Result<Dataset, BlockError> {
        if self.rule == Rule::Average {
            return Err(BlockError::RealValued);
        }
        let out_size = self.output_size(data.size)?;
        let coarse: Vec<Vec<i8>> = (0..data.len())
            .into_par_iter()
            .map(|i| {
                let mut rng = rng_from(derive_seed(self.seed, &[i as u64]));
                self.apply(data.config(i), data.size, &mut rng).map(|(s, _)| s)
            })
            .collect::<Result<_, _>>()?;
        let mut meta = data.meta.clone();
        if !meta.is_object() {
            meta = serde_json::json!({ "original_meta": meta });
        }
        let record = self.record(data.size, out_size);
        let map = meta.as_object_mut().expect("meta is an object");
        match map.get_mut("transforms") {
            Some(serde_json::Value::Array(list)) => list.push(record),
            _ => {
                map.insert("transforms".into(), serde_json::Value::Array(vec![record]));
            }
        }
        let mut out = Dataset::empty(out_size, meta);
        out.spins = coarse.concat();
        out.beta = data.beta.clone();
        out.chain = data.chain.clone();
        out.sweep = data.sweep.clone();
        out.energy = data.energy.clone();
        out.magnetization = data.magnetization.clone();
        Ok(out)
    }

    /// The JSON record appended to `meta["transforms"]`.
    pub fn record(&self, from_size: usize, to_size: usize) -> serde_json::Value {
        let mut v = serde_json::json!({
            "op": "coarse-grain",
            "rule": self.rule.name(),
            "block": self.block,
            "steps": self.steps,
            "from_size": from_size,
            "to_size": to_size,
        });
        if self.rule == Rule::Majority && self.block % 2 == 0 {
            v["tie"] = self.tie.name().into();
            if self.tie == Tie::Random {
                v["seed"] = self.seed.into();
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern4() -> Vec<i8> {
        vec![
            1, 1, -1, -1, //
            1, 1, -1, -1, //
            1, -1, -1, 1, //
            1, 1, 1, -1,
        ]
    }

    #[test]
    fn majority_on_hand_made_blocks() {
        let s = pattern4();
        let mut rng = rng_from(3);
        // Block sums: +4, −4, +2, 0 (tie; its first spin is −1).
        assert_eq!(majority(&s, 4, 2, Tie::Plus, &mut rng), vec![1, -1, 1, 1]);
        assert_eq!(majority(&s, 4, 2, Tie::First, &mut rng), vec![1, -1, 1, -1]);
        let r = majority(&s, 4, 2, Tie::Random, &mut rng);
        assert_eq!(&r[..3], &[1, -1, 1]);
        assert!(r[3] == 1 || r[3] == -1);
    }

    #[test]
    fn majority_b3_never_ties_and_counts_votes() {
        // 3×3 blocks on a 6×6 lattice; block (0,0) has 5 up (wins +), block (1,0) 4 up.
        let mut s = vec![-1i8; 36];
        for &(x, y) in &[(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)] {
            s[y * 6 + x] = 1;
        }
        for &(x, y) in &[(3, 0), (4, 0), (5, 0), (3, 1)] {
            s[y * 6 + x] = 1;
        }
        let mut rng = rng_from(0);
        assert_eq!(majority(&s, 6, 3, Tie::Plus, &mut rng), vec![1, -1, -1, -1]);
    }

    #[test]
    fn decimation_keeps_top_left() {
        let s: Vec<i8> = (0..36).map(|i| if i % 7 == 0 { 1 } else { -1 }).collect();
        // Top-left of blocks of 3: sites 0, 3, 18, 21 → only 0 and 21 are ≡ 0 mod 7.
        assert_eq!(decimate(&s, 6, 3), vec![1, -1, -1, 1]);
    }

    #[test]
    fn block_average_and_upsample() {
        let s = pattern4();
        assert_eq!(block_average(&s, 4, 2), vec![1.0, -1.0, 0.5, 0.0]);
        assert_eq!(block_average(&s, 4, 4), vec![0.125]);
        let up = upsample(&[1i8, -1, -1, 1], 2, 2);
        assert_eq!(up, vec![1, 1, -1, -1, 1, 1, -1, -1, -1, -1, 1, 1, -1, -1, 1, 1]);
        // Upsampling then majority is the identity.
        let mut rng = rng_from(0);
        assert_eq!(majority(&up, 4, 2, Tie::Plus, &mut rng), vec![1, -1, -1, 1]);
    }

    #[test]
    fn steps_compose_and_sizes_are_checked() {
        let mut rng = rng_from(9);
        let lat = ising::Lattice::random(12, &mut rng);
        let t = Transform {
            rule: Rule::Decimation,
            block: 2,
            steps: 2,
            tie: Tie::Random,
            seed: 0,
        };
        let (two, l) = t.apply(lat.spins(), 12, &mut rng).unwrap();
        assert_eq!(l, 3);
        assert_eq!(two, decimate(&decimate(lat.spins(), 12, 2), 6, 2));
        let bad = Transform { steps: 3, ..t };
        assert!(matches!(
            bad.output_size(12),
            Err(BlockError::NotDivisible { .. })
        ));
        let avg = Transform {
            rule: Rule::Average,
            ..t
        };
        let (a, la) = avg.apply_real(lat.spins(), 12, &mut rng).unwrap();
        assert_eq!(la, 3);
        assert_eq!(a, block_average(lat.spins(), 12, 4));
        assert_eq!(avg.apply(lat.spins(), 12, &mut rng), Err(BlockError::RealValued));
    }
}
