//! The L×L periodic square lattice of byte spins (±1), row-major `[y][x]`.
//!
//! ```
//! use ising::Lattice;
//! let lat = Lattice::ordered(4);
//! assert_eq!(lat.energy_per_spin(), -2.0);
//! assert_eq!(lat.magnetization_per_spin(), 1.0);
//! ```

use crate::rng::{uniform, Rng};

/// A configuration of the periodic L×L Ising model with J = 1, h = 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lattice {
    size: usize,
    spins: Vec<i8>,
}

impl Lattice {
    /// All spins up.
    pub fn ordered(size: usize) -> Self {
        assert!(size >= 1, "lattice size must be at least 1");
        Self {
            size,
            spins: vec![1; size * size],
        }
    }

    /// Independent ±1 spins with probability ½ each (infinite temperature).
    pub fn random(size: usize, rng: &mut Rng) -> Self {
        let mut lat = Self::ordered(size);
        for s in &mut lat.spins {
            *s = if uniform(rng) < 0.5 { 1 } else { -1 };
        }
        lat
    }

    /// Wraps existing spins; panics unless `spins.len() == size²` and every spin is ±1.
    pub fn from_spins(size: usize, spins: Vec<i8>) -> Self {
        assert_eq!(spins.len(), size * size, "spin count must be size²");
        assert!(spins.iter().all(|&s| s == 1 || s == -1), "spins must be ±1");
        Self { size, spins }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of sites N = L².
    pub fn sites(&self) -> usize {
        self.spins.len()
    }

    pub fn spins(&self) -> &[i8] {
        &self.spins
    }

    pub fn spins_mut(&mut self) -> &mut [i8] {
        &mut self.spins
    }

    pub fn into_spins(self) -> Vec<i8> {
        self.spins
    }

    /// Spin at column `x`, row `y` (no wrapping).
    pub fn get(&self, x: usize, y: usize) -> i8 {
        self.spins[y * self.size + x]
    }

    pub fn set(&mut self, x: usize, y: usize, s: i8) {
        self.spins[y * self.size + x] = s;
    }

    /// Sum of the four neighbours of site `i`, periodic.
    #[inline]
    pub fn neighbour_sum(&self, i: usize) -> i32 {
        neighbours(self.size, i)
            .iter()
            .map(|&j| self.spins[j] as i32)
            .sum()
    }

    /// Total energy E = −Σ_⟨ij⟩ s_i s_j (each bond once: right and down neighbours).
    pub fn energy(&self) -> i64 {
        energy_of(self.size, &self.spins)
    }

    pub fn magnetization(&self) -> i64 {
        self.spins.iter().map(|&s| s as i64).sum()
    }

    pub fn energy_per_spin(&self) -> f64 {
        self.energy() as f64 / self.sites() as f64
    }

    pub fn magnetization_per_spin(&self) -> f64 {
        self.magnetization() as f64 / self.sites() as f64
    }
}

/// The four periodic neighbours (right, left, down, up) of site `i` on an L×L lattice.
#[inline]
pub fn neighbours(size: usize, i: usize) -> [usize; 4] {
    let (x, y) = (i % size, i / size);
    let right = if x + 1 == size { i + 1 - size } else { i + 1 };
    let left = if x == 0 { i + size - 1 } else { i - 1 };
    let down = if y + 1 == size { x } else { i + size };
    let up = if y == 0 { i + size * (size - 1) } else { i - size };
    [right, left, down, up]
}

/// Energy −Σ_⟨ij⟩ s_i s_j of a row-major L×L periodic configuration of ±1 values.
///
/// On L = 1 and L = 2 a periodic bond to the same partner is counted twice, as the
/// usual periodic convention does (for L = 2 this gives Z = 4 cosh 8β + 12).
pub fn energy_of(size: usize, spins: &[i8]) -> i64 {
    let mut bonds = 0i64;
    for i in 0..spins.len() {
        let [right, _, down, _] = neighbours(size, i);
        bonds += (spins[i] as i64) * (spins[right] as i64 + spins[down] as i64);
    }
    -bonds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_lattice_has_ground_state_energy() {
        for l in [2, 3, 8] {
            assert_eq!(Lattice::ordered(l).energy_per_spin(), -2.0);
        }
    }

    #[test]
    fn checkerboard_has_maximal_energy() {
        let l = 4;
        let spins = (0..l * l)
            .map(|i| if (i % l + i / l) % 2 == 0 { 1 } else { -1 })
            .collect();
        assert_eq!(Lattice::from_spins(l, spins).energy_per_spin(), 2.0);
    }

    #[test]
    fn neighbours_wrap_around() {
        assert_eq!(neighbours(3, 0), [1, 2, 3, 6]);
        assert_eq!(neighbours(3, 8), [6, 7, 2, 5]);
    }
}
