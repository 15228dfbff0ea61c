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
use super::{threshold, Update};
use crate::rng::{Rng, RngCore};
use crate::Lattice;

/// Single-spin Metropolis in checkerboard order.
pub struct Metropolis {
    lattice: Lattice,
    beta: f64,
    /// Acceptance threshold by k = (s·h + 4)/2, where ΔE = 2 s h = 4k − 8.
    accept: [u64; 5],
}

impl Metropolis {
    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let accept = std::array::from_fn(|k| threshold((-beta * (4.0 * k as f64 - 8.0)).exp()));
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
        checkerboard_sweep(&mut self.lattice, |spins, i, h| {
            let k = ((spins[i] as i32 * h + 4) >> 1) as usize;
            // ΔE ≤ 0 (k ≤ 2) is always accepted: no random number is drawn for it.
            if k <= 2 || rng.next_u64() < accept[k] {
                spins[i] = -spins[i];
                flipped += 1;
            }
        });
        flipped
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}
