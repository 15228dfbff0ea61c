//! Checkerboard heat-bath (Glauber) on byte spins: each spin is drawn afresh from its
//! conditional distribution P(s = +1 | h) = 1 / (1 + e^{−2βh}).
//!
//! ```
//! use ising::{rng::rng_from, update::{HeatBath, Update}, Lattice};
//! let mut chain = HeatBath::new(Lattice::ordered(4), 5.0);
//! chain.sweep(&mut rng_from(3));
//! assert_eq!(chain.magnetization(), 16); // deep in the ordered phase nothing moves
//! ```

use super::local::{checkerboard_sweep, lattice_observables};
use super::{at_most, Update};
use crate::rng::Rng;
use crate::Lattice;

/// Single-spin heat-bath in checkerboard order.
pub struct HeatBath {
    lattice: Lattice,
    beta: f64,
    /// Threshold of P(s = +1) by (h + 4)/2.
    up: [u64; 8],
}

impl HeatBath {
    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let up = std::array::from_fn(|k| {
            let h = 2.0 * k as f64 - 4.0;
            at_most(1.0 / (1.0 + (-2.0 * beta * h).exp()))
        });
        Self { lattice, beta, up }
    }
}

impl Update for HeatBath {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        let up = self.up;
        let mut flipped = 0;
        checkerboard_sweep(&mut self.lattice, rng, |spin, h, r| {
            let new = 2 * (r <= up[((h + 4) >> 1) as usize & 7]) as i8 - 1;
            flipped += (new != *spin) as u64;
            *spin = new;
        });
        flipped
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}
