//! Wolff single-cluster update: grow one cluster from a random seed, adding equal
//! neighbours with probability p = 1 − e^{−2β}, and flip it.
//!
//! A "sweep" is a fixed number of clusters chosen so that about N spins flip per sweep,
//! which puts autocorrelation times in sweep-equivalents comparable with local updates.
//! The number is fixed, not a stopping rule: measuring whenever the flipped total
//! passes N would tie the measurement times to the cluster sizes and bias every
//! average (the exact-oracle tests catch exactly that). Until it is fixed, each sweep
//! flips clusters until N spins have flipped and records their sizes: at least
//! [`Wolff::CALIBRATION_SWEEPS`] of them, and more while the mean cluster size is still
//! growing (a random start at β_c on a large lattice orders for many sweeps, and a
//! count taken from that transient makes every later sweep many times too long). The
//! count is N over the mean size of the last ten. These sweeps belong to the burn-in:
//! [`super::burn_in`] runs until [`Update::is_calibrated`] holds.
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
    /// Per calibration sweep, (spins flipped, clusters).
    calibration: Vec<(u64, u64)>,
}

impl Wolff {
    /// The fewest sweeps that calibrate the number of clusters per sweep.
    pub const CALIBRATION_SWEEPS: usize = 20;
    /// The most: the count is taken then even if cluster sizes still grow.
    pub const MAX_CALIBRATION_SWEEPS: usize = 1000;
    /// Sweeps per window of the growth check.
    const WINDOW: usize = 10;

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

    /// Clusters per sweep, N over the mean cluster size of the last [`Self::WINDOW`]
    /// calibration sweeps, once there are enough of them and that mean has stopped
    /// growing: it is within 25 % of the window before's. At β_c a window holds a few
    /// dozen heavy-tailed clusters, so its scatter is of that order too; a noisy window
    /// only prolongs the calibration (or ends it a little early in the transient), which
    /// changes the cost of a sweep, never the equilibrium.
    fn calibrated_count(&self, n: u64) -> Option<u64> {
        let sweeps = self.calibration.len();
        if sweeps < Self::CALIBRATION_SWEEPS {
            return None;
        }
        let mean_size = |window: &[(u64, u64)]| {
            let (spins, clusters) = window.iter().fold((0, 0), |(s, c), &(f, k)| (s + f, c + k));
            spins as f64 / clusters as f64
        };
        let last = mean_size(&self.calibration[sweeps - Self::WINDOW..]);
        let before = mean_size(&self.calibration[sweeps - 2 * Self::WINDOW..sweeps - Self::WINDOW]);
        (last <= 1.25 * before || sweeps >= Self::MAX_CALIBRATION_SWEEPS)
            .then(|| (n as f64 / last).round().max(1.0) as u64)
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
        // Calibration sweep: flip until N spins, remembering how many clusters it took.
        let (mut flipped, mut clusters) = (0, 0);
        while flipped < n {
            flipped += self.grow(&mut bulk);
            clusters += 1;
        }
        self.calibration.push((flipped, clusters));
        self.clusters_per_sweep = self.calibrated_count(n);
        if self.clusters_per_sweep.is_some() {
            self.calibration = Vec::new();
        }
        flipped
    }

    fn is_calibrated(&self) -> bool {
        self.clusters_per_sweep.is_some()
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}
