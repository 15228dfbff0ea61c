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
use super::{threshold, Update};
use crate::lattice::neighbours;
use crate::rng::{below, Rng, RngCore};
use crate::Lattice;

pub struct Wolff {
    lattice: Lattice,
    beta: f64,
    add: u64,
    stack: Vec<u32>,
    /// Clusters per sweep once calibrated.
    clusters_per_sweep: Option<u64>,
    calibration: Vec<u64>,
}

impl Wolff {
    /// Sweeps that calibrate the number of clusters per sweep (part of any burn-in).
    pub const CALIBRATION_SWEEPS: usize = 20;

    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let add = threshold(1.0 - (-2.0 * beta).exp());
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
        let l = self.lattice.size();
        let spins = self.lattice.spins_mut();
        let seed = below(rng, spins.len());
        let s = spins[seed];
        // Flipping on entry marks a site as visited: it no longer equals `s`.
        spins[seed] = -s;
        self.stack.push(seed as u32);
        let mut size = 1;
        while let Some(i) = self.stack.pop() {
            for j in neighbours(l, i as usize) {
                if spins[j] == s && rng.next_u64() < self.add {
                    spins[j] = -s;
                    self.stack.push(j as u32);
                    size += 1;
                }
            }
        }
        size
    }
}

impl Update for Wolff {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        let n = self.lattice.sites() as u64;
        if let Some(count) = self.clusters_per_sweep {
            return (0..count).map(|_| self.flip_cluster(rng)).sum();
        }
        // Calibration sweep: flip until N spins, remembering the cluster sizes.
        let mut flipped = 0;
        while flipped < n {
            let size = self.flip_cluster(rng);
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
