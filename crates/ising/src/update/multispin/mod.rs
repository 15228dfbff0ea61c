//! Multi-spin-coded checkerboard Metropolis: 64 spins of one lattice per `u64`, updated
//! with bitwise logic, each spin with its own independent uniform random number.
//!
//! The two checkerboard colours are updated in turn; L must be even (see
//! [`super::check`]). Bit = 1 means spin up. Two engines share the bit logic below:
//!
//! - [`strips`] for L a multiple of 128: each colour a contiguous array, eight words
//!   (512 spins) per AVX-512 register, the random generator stepped in registers;
//! - [`general`] for the other sizes: L < 64 (one word per row) and L a multiple of 64
//!   (words interleaved along x).
//!
//! Randomness: a flip with ΔE = 4 or 8 is accepted when an independent uniform u of
//! that spin is below e^{−βΔE}. The 64 uniforms of a word are bit-sliced: random word
//! r_i supplies bit i (most significant first) of every spin's u, and a spin's
//! comparison is settled at the first bit where u and the threshold differ. This is
//! an exact comparison of a 64-bit uniform per spin with the threshold (no sharing of
//! random bits between spins or words). A fixed number of levels settles almost every
//! spin, and the rare rest continue bit by bit.
//!
//! ```
//! use ising::{rng::rng_from, update::{Multispin, Update}, Lattice};
//! let mut chain = Multispin::new(Lattice::ordered(128), 0.2).unwrap();
//! chain.sweep(&mut rng_from(9));
//! assert!(chain.magnetization() < 128 * 128);
//! ```

mod general;
mod strips;

use super::{Update, UpdateError};
use crate::rng::Rng;
use crate::Lattice;
use general::General;
use strips::Strips;

pub struct Multispin {
    size: usize,
    beta: f64,
    engine: Engine,
}

enum Engine {
    Strips(Strips),
    General(General),
}

impl Multispin {
    /// Whether multispin takes an L×L lattice.
    pub fn supports(size: usize) -> bool {
        General::supports(size)
    }

    pub fn new(lattice: Lattice, beta: f64) -> Result<Self, UpdateError> {
        let size = lattice.size();
        if size % 2 == 1 {
            return Err(UpdateError::OddSize(super::Algorithm::Multispin, size));
        }
        if !Self::supports(size) {
            return Err(UpdateError::MultispinSize(size));
        }
        let engine = if Strips::supports(size) {
            Engine::Strips(Strips::new(&lattice, beta))
        } else {
            Engine::General(General::new(&lattice, beta))
        };
        Ok(Self { size, beta, engine })
    }
}

/// p ∈ (0, 1) as the 64-bit binary fraction ⌊p·2⁶⁴⌋, for the comparison u < p.
fn fraction(p: f64) -> u64 {
    (p * 18_446_744_073_709_551_616.0) as u64
}

/// Bit i (from the top) of the threshold e^{−βΔE} for ΔE = 4 and 8, as all-ones/zero
/// masks: the levels of the bit-sliced comparison.
fn threshold_levels(beta: f64) -> ([u64; 64], [u64; 64]) {
    let level = |t: u64| std::array::from_fn(|i| if (t >> (63 - i)) & 1 == 1 { !0 } else { 0 });
    (
        level(fraction((-4.0 * beta).exp())),
        level(fraction((-8.0 * beta).exp())),
    )
}

/// Splits a word's bits (within `mask`) by ΔE: (ΔE = 4, ΔE = 8, ΔE ≤ 0).
#[inline(always)]
fn classify(s: u64, up: u64, down: u64, left: u64, right: u64, mask: u64) -> (u64, u64, u64) {
    // Antiparallel-bond indicators, then a bit-sliced count of them.
    let (a1, a2, a3, a4) = (s ^ up, s ^ down, s ^ left, s ^ right);
    let (odd12, both12) = (a1 ^ a2, a1 & a2);
    let (odd34, both34) = (a3 ^ a4, a3 & a4);
    let none = mask & !(a1 | a2 | a3 | a4);
    let one = mask & (odd12 ^ odd34) & !both12 & !both34;
    // Two or more antiparallel bonds: ΔE ≤ 0, always flip.
    (one, none, mask & !(none | one))
}

impl Update for Multispin {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        match &mut self.engine {
            Engine::Strips(e) => e.sweep(rng),
            Engine::General(e) => e.sweep(rng),
        }
    }

    fn attempts_per_sweep(&self) -> u64 {
        (self.size * self.size) as u64
    }

    fn lattice(&self) -> Lattice {
        match &self.engine {
            Engine::Strips(e) => e.lattice(),
            Engine::General(e) => e.lattice(),
        }
    }

    fn energy(&self) -> i64 {
        match &self.engine {
            Engine::Strips(e) => e.energy(),
            Engine::General(e) => e.energy(),
        }
    }

    fn magnetization(&self) -> i64 {
        match &self.engine {
            Engine::Strips(e) => e.magnetization(),
            Engine::General(e) => e.magnetization(),
        }
    }

    fn sites(&self) -> usize {
        self.size * self.size
    }

    fn beta(&self) -> f64 {
        self.beta
    }
}
