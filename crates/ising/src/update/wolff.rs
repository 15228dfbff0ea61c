//! Wolff single-cluster update: grow one cluster from a random seed, adding equal
//! neighbours with probability p = 1 − e^{−2β}, and flip it.
//!
//! A "sweep" is a fixed number of clusters chosen so that about N spins flip per sweep,
//! which puts autocorrelation times in sweep-equivalents comparable with local updates.
//! The number is fixed, not a stopping rule: measuring whenever the flipped total
//! passes N would tie the measurement times to the cluster sizes and bias every
//! average (the exact-oracle tests catch exactly that). The first
//! [`Wolff::CALIBRATION_SWEEPS`] sweeps, which belong to any burn-in, calibrate it from
//! the mean cluster size of their second half.
//!
//! ```
//! use ising::{rng::rng_from, update::{Update, Wolff}, Lattice};
//! let mut chain = Wolff::new(Lattice::ordered(8), 0.44);
//! assert!(chain.sweep(&mut rng_from(5)) >= 64);
//! ```

use super::local::lattice_observables;
use super::{at_most, Update};
use crate::rng::{BulkRng, Rng};
use crate::Lattice;

pub struct Wolff {
    lattice: Lattice,
    beta: f64,
    add: u64,
    stack: Vec<(u32, u32)>,
    /// Clusters per sweep once calibrated.
    clusters_per_sweep: Option<u64>,
    calibration: Vec<u64>,
}

impl Wolff {
    /// Sweeps that calibrate the number of clusters per sweep (part of any burn-in).
    pub const CALIBRATION_SWEEPS: usize = 20;

    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let add = at_most(1.0 - (-2.0 * beta).exp());
        Self {
            lattice,
            beta,
            add,
            stack: Vec::new(),
            clusters_per_sweep: None,
            calibration: Vec::new(),
        }
    }

    /// Grows and flips one cluster; returns its size.
    pub fn flip_cluster(&mut self, rng: &mut Rng) -> u64 {
        self.grow(&mut BulkRng::from_rng(rng))
    }

    /// Grows one cluster with a branch-free inner loop: every neighbour draws a random
    /// word and is written back and pushed unconditionally, with the stack top advanced
    /// only when it joins. Whether a neighbour joins is a coin flip (p ≈ 0.59 at β_c),
    /// which a branch would mispredict about half the time; the spare random words cost
    /// less. Which sites join, and with what probability, is exactly as in the textbook
    /// loop: an equal, unvisited neighbour joins with probability p, once.
    fn grow(&mut self, rng: &mut BulkRng) -> u64 {
        let l = self.lattice.size() as u32;
        let add = self.add;
        let spins = self.lattice.spins_mut();
        // Each site is pushed at most once, and one slot past the top is written spare.
        self.stack.resize(spins.len() + 1, (0, 0));
        let stack = &mut self.stack[..];
        let seed = ((rng.next_u64() as u128 * spins.len() as u128) >> 64) as u32;
        let s = spins[seed as usize];
        // Flipping on entry marks a site as visited: it no longer equals `s`.
        // The stack holds (x, y), so no division is needed to find the neighbours.
        spins[seed as usize] = -s;
        stack[0] = (seed % l, seed / l);
        let mut top = 1;
        let mut size = 1;
        while top > 0 {
            top -= 1;
            let (x, y) = stack[top];
            let (left, right) = (
                if x == 0 { l - 1 } else { x - 1 },
                if x + 1 == l { 0 } else { x + 1 },
            );
            let (up, down) = (
                if y == 0 { l - 1 } else { y - 1 },
                if y + 1 == l { 0 } else { y + 1 },
            );
            for (nx, ny) in [(right, y), (left, y), (x, down), (x, up)] {
                let j = (ny * l + nx) as usize;
                let current = spins[j];
                let joins = (current == s) & (rng.next_u64() <= add);
                spins[j] = if joins { -s } else { current };
                stack[top] = (nx, ny);
                top += joins as usize;
                size += joins as u64;
            }
        }
        size
    }
}

impl Update for Wolff {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        let n = self.lattice.sites() as u64;
        let mut bulk = BulkRng::from_rng(rng);
        if let Some(count) = self.clusters_per_sweep {
            return (0..count).map(|_| self.grow(&mut bulk)).sum();
        }
        // Calibration sweep: flip until N spins, remembering the cluster sizes.
        let mut flipped = 0;
        while flipped < n {
            let size = self.grow(&mut bulk);
            flipped += size;
            self.calibration.push(size);
        }
        self.calibration.push(0); // sweep separator
        let sweeps = self.calibration.iter().filter(|&&s| s == 0).count();
        if sweeps == Self::CALIBRATION_SWEEPS {
            // Mean size over the second half, after the start has been forgotten.
            let half: Vec<u64> = self
                .calibration
                .split(|&s| s == 0)
                .skip(sweeps / 2)
                .flatten()
                .copied()
                .collect();
            let mean = half.iter().sum::<u64>() as f64 / half.len().max(1) as f64;
            self.clusters_per_sweep = Some((n as f64 / mean).round().max(1.0) as u64);
            self.calibration = Vec::new();
        }
        flipped
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}
