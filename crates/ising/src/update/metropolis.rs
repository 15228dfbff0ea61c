//! Checkerboard Metropolis on byte spins: flip with probability min(1, e^{−βΔE}).
//! Needs even L (see [`super::check`]).
//!
//! ```
//! use ising::{rng::rng_from, update::{Metropolis, Update}, Lattice};
//! let mut chain = Metropolis::new(Lattice::ordered(4), 0.1);
//! chain.sweep(&mut rng_from(3));
//! assert_eq!(chain.attempts_per_sweep(), 16);
//! ```

use super::local::{checkerboard_sweep, lattice_observables};
use super::{at_most, Update};
use crate::rng::Rng;
use crate::Lattice;

/// Single-spin Metropolis in checkerboard order.
pub struct Metropolis {
    lattice: Lattice,
    beta: f64,
    /// Acceptance threshold (`r <= t`) by k = (s·h + 4)/2, where ΔE = 2 s h = 4k − 8;
    /// `u64::MAX`, certain, for ΔE ≤ 0. Padded to 8 so `k & 7` needs no bounds check.
    accept: [u64; 8],
}

impl Metropolis {
    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let accept = std::array::from_fn(|k| {
            if k < 5 {
                at_most((-beta * (4.0 * k as f64 - 8.0)).exp())
            } else {
                0
            }
        });
        Self {
            lattice,
            beta,
            accept,
        }
    }
}

impl Update for Metropolis {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        let accept = self.accept;
        let mut flipped = 0;
        checkerboard_sweep(&mut self.lattice, rng, |spin, h, r| {
            let k = ((*spin as i32 * h + 4) >> 1) as usize;
            // Branch-free: a draw for every site costs less than mispredicting
            // whether a draw is needed.
            let flip = (r <= accept[k & 7]) as i8;
            *spin *= 1 - 2 * flip;
            flipped += flip as u64;
        });
        flipped
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}
