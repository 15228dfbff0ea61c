//! Monte Carlo renormalization group (Swendsen 1979): the linearised RG map from the
//! correlations of coupling operators between successive blocking levels, and its
//! leading eigenvalues.
//!
//! **Operators.** Each operator S_α is a sum over the periodic lattice of products of
//! spins over a shape and all its images under the square's symmetry group D₄:
//! S = Σ_x Σ_{shape ∈ orbit} Π_{o ∈ shape} s(x + o). The sum is taken over every site and
//! every orbit member even when the lattice is so small that two members coincide
//! (the periodic-image convention), which keeps the definition the same at every level.
//! Even operators (products of an even number of spins; the thermal sector):
//! nn (1,0); nnn (1,1); 3rd neighbour (2,0); plaquette; (2,1) pair; (2,2) pair.
//! Odd operators (the magnetic sector): magnetisation; three spins of a plaquette;
//! three in a line; the chevron (0,0),(1,1),(2,0). [`even_operators`] and
//! [`odd_operators`] list them in this order; a truncation keeps the first n.
//!
//! **Matrices.** Blocking level 0 is the sampled lattice, level n + 1 the block spins
//! of level n. For each step n → n + 1 ("RG level n"; the first blocking is level 0,
//! as in the published run SCIENCE.md cites) and each sector:
//! A_αβ = ⟨S_α⁽ⁿ⁺¹⁾ S_β⁽ⁿ⁾⟩ − ⟨S_α⁽ⁿ⁺¹⁾⟩⟨S_β⁽ⁿ⁾⟩, B_αγ = ⟨S_α⁽ⁿ⁺¹⁾ S_γ⁽ⁿ⁺¹⁾⟩ − ⟨S_α⁽ⁿ⁺¹⁾⟩⟨S_γ⁽ⁿ⁺¹⁾⟩,
//! T = B⁻¹A (T_γβ = ∂K_γ⁽ⁿ⁺¹⁾/∂K_β⁽ⁿ⁾). The leading eigenvalue of the even T is λ_t,
//! of the odd T λ_h; y = ln λ / ln b. T is not symmetric: its eigenvalues come from a
//! real Schur decomposition (nalgebra), and the leading one is the eigenvalue of largest
//! real part (flagged if it has an imaginary part).
//!
//! **Errors.** Sums are kept exactly (integers, i128) per batch; batches are independent
//! Markov chains. The error of each eigenvalue is the jackknife over batches (each
//! leave-one-out set gives its own T and eigenvalues).
//!
//! ```
//! use rg::mcrg::{McrgSums, analyze, even_operators, odd_operators};
//! use rg::block::{Rule, Tie};
//! use ising::rng::rng_from;
//! let mut rng = rng_from(1);
//! let (even, odd) = (even_operators(3), odd_operators(2));
//! let mut sums = vec![McrgSums::new(8, 2, 2, even.len(), odd.len()); 4];
//! for batch in sums.iter_mut() {
//!     for _ in 0..50 {
//!         let lat = ising::Lattice::random(8, &mut rng);
//!         batch.measure(lat.spins(), &even, &odd, Rule::Majority, Tie::Random, &mut rng);
//!     }
//! }
//! let levels = analyze(&sums, 2);
//! assert_eq!(levels.len(), 2);
//! // At β = 0 the block spins' couplings stay zero: all eigenvalues are small.
//! assert!(levels[0].lambda_t.mean.abs() < 1.0);
//! ```

use std::time::Instant;

use ising::rng::{derive_seed, rng_from, Rng};
use ising::stats::Estimate;
use ising::update::{build, burn_in, Algorithm, UpdateError};
use ising::Lattice;
use nalgebra::DMatrix;
use rayon::prelude::*;
use serde::Serialize;

use crate::block::{decimate, majority, Rule, Tie};
use crate::groups::jackknife_error;

/// A coupling operator: a named D₄ orbit of spin shapes (offsets (dx, dy) ≥ 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: &'static str,
    pub shapes: Vec<Vec<(usize, usize)>>,
}

impl Operator {
    /// The operator made of `base` and its images under rotations and reflections,
    /// each translated to non-negative offsets; translates of one another count once.
    pub fn from_shape(name: &'static str, base: &[(i32, i32)]) -> Self {
        type Map = fn(i32, i32) -> (i32, i32);
        let maps: [Map; 8] = [
            |x, y| (x, y),
            |x, y| (-y, x),
            |x, y| (-x, -y),
            |x, y| (y, -x),
            |x, y| (-x, y),
            |x, y| (x, -y),
            |x, y| (y, x),
            |x, y| (-y, -x),
        ];
        let mut shapes: Vec<Vec<(usize, usize)>> = Vec::new();
        for map in maps {
            let pts: Vec<(i32, i32)> = base.iter().map(|&(x, y)| map(x, y)).collect();
            let mx = pts.iter().map(|p| p.0).min().unwrap_or(0);
            let my = pts.iter().map(|p| p.1).min().unwrap_or(0);
            let mut norm: Vec<(usize, usize)> = pts
                .iter()
                .map(|&(x, y)| ((x - mx) as usize, (y - my) as usize))
                .collect();
            norm.sort_unstable();
            if !shapes.contains(&norm) {
                shapes.push(norm);
            }
        }
        Self { name, shapes }
    }

    /// Number of spins in each product.
    pub fn order(&self) -> usize {
        self.shapes[0].len()
    }

    /// Largest offset in any direction.
    pub fn reach(&self) -> usize {
        self.shapes
            .iter()
            .flatten()
            .map(|&(x, y)| x.max(y))
            .max()
            .unwrap_or(0)
    }

    /// S = Σ_x Σ_shapes Π s(x + o) on a periodic L×L lattice.
    pub fn evaluate(&self, spins: &[i8], size: usize) -> i64 {
        self.evaluate_padded(&Padded::new(spins, size, self.reach()))
    }

    /// [`Operator::evaluate`] on a lattice already padded to at least this reach.
    pub fn evaluate_padded(&self, p: &Padded) -> i64 {
        assert!(p.pad >= self.reach(), "padding smaller than the operator's reach");
        let (l, w) = (p.size, p.width());
        let mut total = 0i64;
        for shape in &self.shapes {
            for y in 0..l {
                let row = |&(dx, dy): &(usize, usize)| &p.data[(y + dy) * w + dx..(y + dy) * w + dx + l];
                let acc: i32 = match shape.as_slice() {
                    [a] => row(a).iter().map(|&v| v as i32).sum(),
                    [a, b] => row(a).iter().zip(row(b)).map(|(&u, &v)| (u * v) as i32).sum(),
                    [a, b, c] => row(a)
                        .iter()
                        .zip(row(b))
                        .zip(row(c))
                        .map(|((&u, &v), &t)| (u * v * t) as i32)
                        .sum(),
                    [a, b, c, d] => row(a)
                        .iter()
                        .zip(row(b))
                        .zip(row(c))
                        .zip(row(d))
                        .map(|(((&u, &v), &t), &z)| (u * v * t * z) as i32)
                        .sum(),
                    _ => (0..l)
                        .map(|x| {
                            shape
                                .iter()
                                .map(|&(dx, dy)| p.data[(y + dy) * w + x + dx])
                                .product::<i8>() as i32
                        })
                        .sum(),
                };
                total += acc as i64;
            }
        }
        total
    }
}

/// A periodic L×L lattice copied into an (L + pad)² array whose extra rows and columns
/// repeat the first ones, so that s(x + o) for 0 ≤ o ≤ pad needs no wrap-around.
#[derive(Clone, Debug)]
pub struct Padded {
    pub size: usize,
    pub pad: usize,
    pub data: Vec<i8>,
}

impl Padded {
    pub fn new(spins: &[i8], size: usize, pad: usize) -> Self {
        assert_eq!(spins.len(), size * size, "spin count must be size²");
        let w = size + pad;
        let data = (0..w * w)
            .map(|i| spins[((i / w) % size) * size + (i % w) % size])
            .collect();
        Self { size, pad, data }
    }

    pub fn width(&self) -> usize {
        self.size + self.pad
    }
}

/// Even (thermal) operators, the first `n` of: nn, nnn, 3rd neighbour (2,0), plaquette,
/// (2,1) pair, (2,2) pair.
pub fn even_operators(n: usize) -> Vec<Operator> {
    let all = [
        Operator::from_shape("nn", &[(0, 0), (1, 0)]),
        Operator::from_shape("nnn", &[(0, 0), (1, 1)]),
        Operator::from_shape("3rd (2,0)", &[(0, 0), (2, 0)]),
        Operator::from_shape("plaquette", &[(0, 0), (1, 0), (0, 1), (1, 1)]),
        Operator::from_shape("pair (2,1)", &[(0, 0), (2, 1)]),
        Operator::from_shape("pair (2,2)", &[(0, 0), (2, 2)]),
    ];
    all.into_iter().take(n).collect()
}

/// Odd (magnetic) operators, the first `n` of: magnetisation, plaquette triple,
/// line triple, chevron.
pub fn odd_operators(n: usize) -> Vec<Operator> {
    let all = [
        Operator::from_shape("magnetization", &[(0, 0)]),
        Operator::from_shape("triple (plaquette)", &[(0, 0), (1, 0), (0, 1)]),
        Operator::from_shape("triple (line)", &[(0, 0), (1, 0), (2, 0)]),
        Operator::from_shape("chevron", &[(0, 0), (1, 1), (2, 0)]),
    ];
    all.into_iter().take(n).collect()
}

/// Number of operators available in each sector.
pub const MAX_EVEN: usize = 6;
pub const MAX_ODD: usize = 4;

/// Exact sums of one sector between levels n and n + 1.
#[derive(Clone, Debug, PartialEq)]
pub struct SectorSums {
    pub ops: usize,
    /// Σ S⁽ⁿ⁾ and Σ S⁽ⁿ⁺¹⁾.
    pub cur: Vec<i128>,
    pub next: Vec<i128>,
    /// Σ S_α⁽ⁿ⁺¹⁾ S_β⁽ⁿ⁾ (row α, column β) and Σ S_α⁽ⁿ⁺¹⁾ S_γ⁽ⁿ⁺¹⁾.
    pub a: Vec<i128>,
    pub b: Vec<i128>,
}

impl SectorSums {
    fn new(ops: usize) -> Self {
        Self {
            ops,
            cur: vec![0; ops],
            next: vec![0; ops],
            a: vec![0; ops * ops],
            b: vec![0; ops * ops],
        }
    }

    fn add(&mut self, cur: &[i64], next: &[i64]) {
        let n = self.ops;
        for i in 0..n {
            self.cur[i] += cur[i] as i128;
            self.next[i] += next[i] as i128;
            for j in 0..n {
                self.a[i * n + j] += (next[i] as i128) * (cur[j] as i128);
                self.b[i * n + j] += (next[i] as i128) * (next[j] as i128);
            }
        }
    }

    fn combine(&mut self, other: &Self, sign: i128) {
        let zip = |x: &mut Vec<i128>, y: &Vec<i128>| x.iter_mut().zip(y).for_each(|(p, q)| *p += sign * q);
        zip(&mut self.cur, &other.cur);
        zip(&mut self.next, &other.next);
        zip(&mut self.a, &other.a);
        zip(&mut self.b, &other.b);
    }

    /// T = B⁻¹A from the sums of `count` samples; None if B is singular or count < 2.
    pub fn matrix(&self, count: u64) -> Option<DMatrix<f64>> {
        if count < 2 {
            return None;
        }
        let n = self.ops;
        let c = count as i128;
        // cov = (n Σxy − Σx Σy) / n², exact in i128 before the division.
        let cov = |sxy: i128, sx: i128, sy: i128| ((c * sxy - sx * sy) as f64) / ((c * c) as f64);
        let a = DMatrix::from_fn(n, n, |i, j| cov(self.a[i * n + j], self.next[i], self.cur[j]));
        let b = DMatrix::from_fn(n, n, |i, j| cov(self.b[i * n + j], self.next[i], self.next[j]));
        let t = b.lu().solve(&a)?;
        t.iter().all(|v| v.is_finite()).then_some(t)
    }
}

/// Exact MCRG sums of one batch for all levels.
#[derive(Clone, Debug, PartialEq)]
pub struct McrgSums {
    pub size: usize,
    pub block: usize,
    pub count: u64,
    /// Per RG level n (n → n + 1): even and odd sector sums.
    pub even: Vec<SectorSums>,
    pub odd: Vec<SectorSums>,
}

impl McrgSums {
    /// Empty sums for `levels` blocking steps of an L×L lattice with blocks of b.
    pub fn new(size: usize, block: usize, levels: usize, n_even: usize, n_odd: usize) -> Self {
        Self {
            size,
            block,
            count: 0,
            even: (0..levels).map(|_| SectorSums::new(n_even)).collect(),
            odd: (0..levels).map(|_| SectorSums::new(n_odd)).collect(),
        }
    }

    pub fn levels(&self) -> usize {
        self.even.len()
    }

    /// Blocks one configuration `levels` times and adds its operator values.
    pub fn measure(
        &mut self,
        spins: &[i8],
        even: &[Operator],
        odd: &[Operator],
        rule: Rule,
        tie: Tie,
        rng: &mut Rng,
    ) {
        assert_eq!(
            spins.len(),
            self.size * self.size,
            "configuration has the wrong size"
        );
        let reach = even.iter().chain(odd).map(Operator::reach).max().unwrap_or(0);
        let eval2 = |s: &[i8], l: usize| -> (Vec<i64>, Vec<i64>) {
            let p = Padded::new(s, l, reach);
            (
                even.iter().map(|o| o.evaluate_padded(&p)).collect(),
                odd.iter().map(|o| o.evaluate_padded(&p)).collect(),
            )
        };
        let mut cur = spins.to_vec();
        let mut l = self.size;
        let (mut e_cur, mut o_cur) = eval2(&cur, l);
        for n in 0..self.levels() {
            let next = match rule {
                Rule::Majority => majority(&cur, l, self.block, tie, rng),
                Rule::Decimation => decimate(&cur, l, self.block),
                Rule::Average => panic!("MCRG needs ±1 block spins (majority or decimation)"),
            };
            l /= self.block;
            let (e_next, o_next) = eval2(&next, l);
            self.even[n].add(&e_cur, &e_next);
            self.odd[n].add(&o_cur, &o_next);
            (cur, e_cur, o_cur) = (next, e_next, o_next);
        }
        self.count += 1;
    }

    fn combine(&mut self, other: &Self, sign: i128) {
        for (x, y) in self.even.iter_mut().zip(&other.even) {
            x.combine(y, sign);
        }
        for (x, y) in self.odd.iter_mut().zip(&other.odd) {
            x.combine(y, sign);
        }
        if sign > 0 {
            self.count += other.count;
        } else {
            self.count -= other.count;
        }
    }
}

/// The eigenvalues of T, sorted by decreasing real part, as (re, im).
pub fn eigenvalues(t: &DMatrix<f64>) -> Vec<(f64, f64)> {
    let Some(schur) = nalgebra::Schur::try_new(t.clone(), 1e-14, 10_000) else {
        return vec![(f64::NAN, f64::NAN); t.nrows()];
    };
    let mut ev: Vec<(f64, f64)> = schur.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect();
    ev.sort_by(|a, b| b.0.total_cmp(&a.0));
    ev
}

/// Results of one RG level n → n + 1.
#[derive(Clone, Debug, Serialize)]
pub struct LevelResult {
    /// RG level n (the first blocking is level 0).
    pub level: usize,
    pub from_size: usize,
    pub to_size: usize,
    pub lambda_t: Estimate,
    pub y_t: Estimate,
    pub lambda_h: Estimate,
    pub y_h: Estimate,
    /// Second even eigenvalue (the leading irrelevant one), real part.
    pub lambda_2: Estimate,
    /// Full-sample eigenvalues (re, im) of both sectors, by decreasing real part.
    pub even_eigenvalues: Vec<(f64, f64)>,
    pub odd_eigenvalues: Vec<(f64, f64)>,
    /// True if a leading eigenvalue came out complex (a sign of too few samples).
    pub complex_leading: bool,
}

/// Leading eigenvalue analysis of batch sums: full-sample eigenvalues with jackknife
/// errors over the batches.
pub fn analyze(batches: &[McrgSums], block: usize) -> Vec<LevelResult> {
    assert!(!batches.is_empty(), "need at least one batch");
    let mut total = batches[0].clone();
    for b in &batches[1..] {
        total.combine(b, 1);
    }
    let leave: Vec<McrgSums> = batches
        .iter()
        .map(|b| {
            let mut t = total.clone();
            t.combine(b, -1);
            t
        })
        .collect();
    let ln_b = (block as f64).ln();
    let spectrum = |s: &SectorSums, count: u64| -> Vec<(f64, f64)> {
        match s.matrix(count) {
            Some(t) => eigenvalues(&t),
            None => vec![(f64::NAN, f64::NAN); s.ops],
        }
    };
    (0..total.levels())
        .map(|n| {
            let even = spectrum(&total.even[n], total.count);
            let odd = spectrum(&total.odd[n], total.count);
            let lo_even: Vec<Vec<(f64, f64)>> = leave.iter().map(|t| spectrum(&t.even[n], t.count)).collect();
            let lo_odd: Vec<Vec<(f64, f64)>> = leave.iter().map(|t| spectrum(&t.odd[n], t.count)).collect();
            let est = |full: f64, lo: Vec<f64>| Estimate::new(full, jackknife_error(&lo));
            let pick = |ev: &[(f64, f64)], i: usize| ev.get(i).map_or(f64::NAN, |e| e.0);
            let lambda_t = est(pick(&even, 0), lo_even.iter().map(|e| pick(e, 0)).collect());
            let lambda_2 = est(pick(&even, 1), lo_even.iter().map(|e| pick(e, 1)).collect());
            let lambda_h = est(pick(&odd, 0), lo_odd.iter().map(|e| pick(e, 0)).collect());
            let y = |l: &Estimate| Estimate::new(l.mean.ln() / ln_b, l.error / (l.mean * ln_b));
            let complex_leading = [&even, &odd]
                .iter()
                .any(|ev| ev.first().is_some_and(|e| e.1.abs() > 1e-9 * e.0.abs().max(1.0)));
            let from_size = total.size / block.pow(n as u32);
            LevelResult {
                level: n,
                from_size,
                to_size: from_size / block,
                y_t: y(&lambda_t),
                y_h: y(&lambda_h),
                lambda_t,
                lambda_h,
                lambda_2,
                even_eigenvalues: even,
                odd_eigenvalues: odd,
                complex_leading,
            }
        })
        .collect()
}

/// Why an MCRG run cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum McrgError {
    #[error("lattice size {size} is not divisible by {block}^{levels}")]
    NotDivisible {
        size: usize,
        block: usize,
        levels: usize,
    },
    #[error("the last blocking level would be {0}×{0}; at least 2×2 is needed for the operators")]
    TooSmall(usize),
    #[error("MCRG needs ±1 block spins: rule must be majority or decimation")]
    RealValued,
    #[error("need at least 2 batches and 1 sample per batch")]
    TooFewSamples,
    #[error("operator counts must be 1..={MAX_EVEN} (even) and 1..={MAX_ODD} (odd)")]
    Operators,
    #[error("{0}")]
    Update(#[from] UpdateError),
}

/// An MCRG run that samples its own configurations.
#[derive(Clone, Debug, Serialize)]
pub struct McrgConfig {
    pub size: usize,
    pub beta: f64,
    pub rule: Rule,
    pub block: usize,
    pub tie: Tie,
    pub levels: usize,
    pub batches: usize,
    pub samples_per_batch: usize,
    /// Sweeps before the first measurement of each batch's chain.
    pub burn_in: usize,
    /// Sweeps between measurements.
    pub sweeps_between: usize,
    pub algorithm: Algorithm,
    pub seed: u64,
    pub n_even: usize,
    pub n_odd: usize,
}

impl McrgConfig {
    /// Checks sizes, counts and β (everything [`run`] needs).
    pub fn validate(&self) -> Result<(), McrgError> {
        self.validate_blocking()?;
        ising::update::validate(self.size, self.beta)?;
        Ok(())
    }

    /// Checks what the analysis of given configurations needs: rule, batches,
    /// operator counts and divisibility (not β or the sampling fields).
    pub fn validate_blocking(&self) -> Result<(), McrgError> {
        if self.rule == Rule::Average {
            return Err(McrgError::RealValued);
        }
        if self.batches < 2 || self.samples_per_batch < 1 {
            return Err(McrgError::TooFewSamples);
        }
        if !(1..=MAX_EVEN).contains(&self.n_even) || !(1..=MAX_ODD).contains(&self.n_odd) {
            return Err(McrgError::Operators);
        }
        let total = self.block.checked_pow(self.levels as u32).unwrap_or(usize::MAX);
        if self.block < 2 || self.levels == 0 || total > self.size || self.size % total != 0 {
            return Err(McrgError::NotDivisible {
                size: self.size,
                block: self.block,
                levels: self.levels,
            });
        }
        if self.size / total < 2 {
            return Err(McrgError::TooSmall(self.size / total));
        }
        Ok(())
    }
}

/// Output of [`run`].
#[derive(Clone, Debug, Serialize)]
pub struct McrgResult {
    pub config: McrgConfig,
    pub even_operators: Vec<&'static str>,
    pub odd_operators: Vec<&'static str>,
    pub samples: u64,
    pub seconds: f64,
    pub levels: Vec<LevelResult>,
}

/// Samples `batches` independent chains (in parallel on the current rayon pool; batch i
/// uses seeds derived from `(seed, i)`, so results do not depend on the thread count),
/// measures every `sweeps_between` sweeps, and analyses. `progress` is called with the
/// number of samples just taken.
pub fn run(cfg: &McrgConfig, progress: &(dyn Fn(u64) + Sync)) -> Result<McrgResult, McrgError> {
    cfg.validate()?;
    let start = Instant::now();
    let even = even_operators(cfg.n_even);
    let odd = odd_operators(cfg.n_odd);
    let batches: Vec<McrgSums> = (0..cfg.batches)
        .into_par_iter()
        .map(|i| -> Result<McrgSums, McrgError> {
            let mut chain_rng = rng_from(derive_seed(cfg.seed, &[i as u64, 0]));
            let mut tie_rng = rng_from(derive_seed(cfg.seed, &[i as u64, 1]));
            let start = Lattice::random(cfg.size, &mut chain_rng);
            let mut chain = build(cfg.algorithm, start, cfg.beta)?;
            burn_in(chain.as_mut(), &mut chain_rng, cfg.burn_in as u64);
            let mut sums = McrgSums::new(cfg.size, cfg.block, cfg.levels, even.len(), odd.len());
            let chunk = 64usize;
            for s in 0..cfg.samples_per_batch {
                for _ in 0..cfg.sweeps_between.max(1) {
                    chain.sweep(&mut chain_rng);
                }
                let lat = chain.lattice();
                sums.measure(lat.spins(), &even, &odd, cfg.rule, cfg.tie, &mut tie_rng);
                if (s + 1) % chunk == 0 {
                    progress(chunk as u64);
                }
            }
            progress((cfg.samples_per_batch % chunk) as u64);
            Ok(sums)
        })
        .collect::<Result<_, _>>()?;
    let levels = analyze(&batches, cfg.block);
    Ok(McrgResult {
        config: cfg.clone(),
        even_operators: even.iter().map(|o| o.name).collect(),
        odd_operators: odd.iter().map(|o| o.name).collect(),
        samples: batches.iter().map(|b| b.count).sum(),
        seconds: start.elapsed().as_secs_f64(),
        levels,
    })
}

/// MCRG from given configurations (sample-major L×L with L = `cfg.size`, all at one β):
/// the samples are cut into `cfg.batches` contiguous groups, which the jackknife treats
/// as independent. The sampling fields of `cfg` are not used.
pub fn from_configs(configs: &[i8], cfg: &McrgConfig) -> Result<Vec<LevelResult>, McrgError> {
    let sites = cfg.size * cfg.size;
    assert!(
        configs.len() % sites == 0,
        "configs must hold whole configurations"
    );
    let samples = configs.len() / sites;
    McrgConfig {
        samples_per_batch: samples / cfg.batches.max(1),
        ..cfg.clone()
    }
    .validate_blocking()?;
    let even = even_operators(cfg.n_even);
    let odd = odd_operators(cfg.n_odd);
    let sums: Vec<McrgSums> = crate::groups::group_ranges(samples, cfg.batches)
        .into_par_iter()
        .enumerate()
        .map(|(g, r)| {
            let mut rng = rng_from(derive_seed(cfg.seed, &[g as u64]));
            let mut s = McrgSums::new(cfg.size, cfg.block, cfg.levels, even.len(), odd.len());
            for a in r {
                s.measure(
                    &configs[a * sites..(a + 1) * sites],
                    &even,
                    &odd,
                    cfg.rule,
                    cfg.tie,
                    &mut rng,
                );
            }
            s
        })
        .collect();
    Ok(analyze(&sums, cfg.block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orbits_have_the_right_sizes() {
        let sizes: Vec<usize> = even_operators(MAX_EVEN).iter().map(|o| o.shapes.len()).collect();
        assert_eq!(sizes, vec![2, 2, 2, 1, 4, 2]);
        let sizes: Vec<usize> = odd_operators(MAX_ODD).iter().map(|o| o.shapes.len()).collect();
        assert_eq!(sizes, vec![1, 4, 2, 4]);
    }

    #[test]
    fn operators_on_hand_made_lattices() {
        let l = 4;
        let ordered = vec![1i8; l * l];
        for op in even_operators(MAX_EVEN).iter().chain(&odd_operators(MAX_ODD)) {
            assert_eq!(
                op.evaluate(&ordered, l),
                (op.shapes.len() * l * l) as i64,
                "{}",
                op.name
            );
        }
        // Checkerboard: nn = −2N, nnn = +2N, (2,0) = +2N, plaquette = +N, (2,1) = −4N,
        // (2,2) = +2N; magnetisation 0.
        let cb: Vec<i8> = (0..l * l)
            .map(|i| if (i % l + i / l) % 2 == 0 { 1 } else { -1 })
            .collect();
        let n = (l * l) as i64;
        let v: Vec<i64> = even_operators(MAX_EVEN)
            .iter()
            .map(|o| o.evaluate(&cb, l))
            .collect();
        assert_eq!(v, vec![-2 * n, 2 * n, 2 * n, n, -4 * n, 2 * n]);
        assert_eq!(odd_operators(1)[0].evaluate(&cb, l), 0);
        // nn operator is minus the energy.
        let mut rng = rng_from(3);
        let lat = Lattice::random(6, &mut rng);
        assert_eq!(even_operators(1)[0].evaluate(lat.spins(), 6), -lat.energy());
    }

    #[test]
    fn sums_subtract_exactly() {
        let mut rng = rng_from(8);
        let (even, odd) = (even_operators(2), odd_operators(2));
        let mut a = McrgSums::new(8, 2, 2, 2, 2);
        let mut b = a.clone();
        for _ in 0..5 {
            a.measure(
                Lattice::random(8, &mut rng).spins(),
                &even,
                &odd,
                Rule::Majority,
                Tie::Random,
                &mut rng,
            );
            b.measure(
                Lattice::random(8, &mut rng).spins(),
                &even,
                &odd,
                Rule::Majority,
                Tie::Random,
                &mut rng,
            );
        }
        let mut c = a.clone();
        c.combine(&b, 1);
        c.combine(&b, -1);
        assert_eq!(c, a);
    }

    #[test]
    fn eigenvalues_of_a_non_symmetric_matrix() {
        // [[2, 1], [0, 0.5]] has eigenvalues 2 and 0.5; a rotation block gives ±i.
        let t = DMatrix::from_row_slice(2, 2, &[2.0, 1.0, 0.0, 0.5]);
        let ev = eigenvalues(&t);
        assert!((ev[0].0 - 2.0).abs() < 1e-12 && (ev[1].0 - 0.5).abs() < 1e-12);
        let r = DMatrix::from_row_slice(2, 2, &[0.0, -1.0, 1.0, 0.0]);
        let ev = eigenvalues(&r);
        assert!(ev
            .iter()
            .all(|e| e.0.abs() < 1e-12 && (e.1.abs() - 1.0).abs() < 1e-12));
    }
}
