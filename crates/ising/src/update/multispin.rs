//! Multi-spin-coded checkerboard Metropolis: 64 spins of one lattice per `u64`, updated
//! with bitwise logic, each spin with its own independent uniform random number.
//!
//! Layout (bit = 1 means spin up):
//! - L a multiple of 64 ("strip" layout): row y holds n = L/64 words; bit j of word k
//!   is the spin at x = j·n + k, so the x-neighbours of a word are the neighbouring
//!   words (rotated by one bit at the row's seam). For even n every word holds a single
//!   checkerboard colour and all 64 bits update at once.
//! - L < 64 ("row" layout): one word per row, bits 0..L.
//!
//! The two checkerboard colours are updated in turn; L must be even (see
//! [`super::check`]).
//!
//! Randomness: a flip with ΔE = 4 or 8 is accepted when an independent uniform u of
//! that spin is below e^{−βΔE}. The 64 uniforms of a word are drawn lazily and
//! bit-sliced: random word r_i supplies bit i (most significant first) of every spin's
//! u, and a spin leaves the loop as soon as its u is known to be below or above its
//! threshold. This is an exact comparison with a 64-bit uniform per spin (same
//! distribution, no sharing between spins), and takes about log₂(64) + 2 words per
//! 64 spins instead of 64.
//!
//! ```
//! use ising::{rng::rng_from, update::{Multispin, Update}, Lattice};
//! let mut chain = Multispin::new(Lattice::ordered(128), 0.2).unwrap();
//! chain.sweep(&mut rng_from(9));
//! assert!(chain.magnetization() < 128 * 128);
//! ```

use super::{threshold, Update, UpdateError};
use crate::rng::{Rng, RngCore};
use crate::Lattice;

pub struct Multispin {
    size: usize,
    /// Words per row.
    words: usize,
    bits: Vec<u64>,
    /// `classes[c][w]`: the bits of word w that belong to update class c.
    classes: Vec<Vec<u64>>,
    beta: f64,
    /// Bit i (from the top) of the thresholds e^{−4β} and e^{−8β}, as all-ones/zero masks.
    level4: [u64; 64],
    level8: [u64; 64],
}

impl Multispin {
    /// Whether this layout supports an L×L lattice.
    pub fn supports(size: usize) -> bool {
        size % 2 == 0 && ((2..64).contains(&size) || (size >= 64 && size % 64 == 0))
    }

    pub fn new(lattice: Lattice, beta: f64) -> Result<Self, UpdateError> {
        let size = lattice.size();
        if size % 2 == 1 {
            return Err(UpdateError::OddSize(super::Algorithm::Multispin, size));
        }
        if !Self::supports(size) {
            return Err(UpdateError::MultispinSize(size));
        }
        let words = size.div_ceil(64);
        let t4 = threshold((-4.0 * beta).exp());
        let t8 = threshold((-8.0 * beta).exp());
        let level = |t: u64| std::array::from_fn(|i| if (t >> (63 - i)) & 1 == 1 { !0 } else { 0 });
        let mut chain = Self {
            size,
            words,
            bits: vec![0; words * size],
            classes: Vec::new(),
            beta,
            level4: level(t4),
            level8: level(t8),
        };
        chain.classes = chain.class_masks();
        chain.load(&lattice);
        Ok(chain)
    }

    /// Word index and bit of site (x, y).
    fn locate(&self, x: usize, y: usize) -> (usize, u32) {
        if self.size < 64 {
            (y, x as u32)
        } else {
            (y * self.words + x % self.words, (x / self.words) as u32)
        }
    }

    fn load(&mut self, lattice: &Lattice) {
        for y in 0..self.size {
            for x in 0..self.size {
                if lattice.get(x, y) == 1 {
                    let (w, b) = self.locate(x, y);
                    self.bits[w] |= 1 << b;
                }
            }
        }
    }

    /// The bits of each word in checkerboard colour 0 and in colour 1.
    fn class_masks(&self) -> Vec<Vec<u64>> {
        let mut masks = vec![vec![0u64; self.bits.len()]; 2];
        for y in 0..self.size {
            for x in 0..self.size {
                let (w, b) = self.locate(x, y);
                masks[(x + y) % 2][w] |= 1 << b;
            }
        }
        masks
    }

    /// The left and right neighbour words of word `k` in the row starting at `row`.
    #[inline(always)]
    fn sideways(&self, row: usize, k: usize) -> (u64, u64) {
        let (n, b) = (self.words, &self.bits);
        if self.size < 64 {
            let l = self.size as u32;
            let full = (1u64 << l) - 1;
            let w = b[row];
            (
                ((w << 1) | (w >> (l - 1))) & full,
                ((w >> 1) | (w << (l - 1))) & full,
            )
        } else {
            let left = if k > 0 {
                b[row + k - 1]
            } else {
                b[row + n - 1].rotate_left(1)
            };
            let right = if k + 1 < n {
                b[row + k + 1]
            } else {
                b[row].rotate_right(1)
            };
            (left, right)
        }
    }

    /// Which of the bits in `low` (ΔE = 4) and `none` (ΔE = 8) win their Metropolis draw.
    #[inline(always)]
    fn accept(&self, low: u64, none: u64, rng: &mut Rng) -> u64 {
        let mut undecided = low | none;
        let mut accepted = 0;
        let mut level = 0;
        while undecided != 0 && level < 64 {
            let r = rng.next_u64();
            let t = (low & self.level4[level]) | (none & self.level8[level]);
            accepted |= undecided & !r & t;
            undecided &= !(r ^ t);
            level += 1;
        }
        accepted
    }

    fn update_class(&mut self, class: usize, rng: &mut Rng) -> u64 {
        let (l, n) = (self.size, self.words);
        let mut flipped = 0;
        for y in 0..l {
            let row = y * n;
            let up = if y == 0 { (l - 1) * n } else { row - n };
            let down = if y + 1 == l { 0 } else { row + n };
            for k in 0..n {
                let mask = self.classes[class][row + k];
                if mask == 0 {
                    continue;
                }
                let s = self.bits[row + k];
                let (left, right) = self.sideways(row, k);
                // Antiparallel-bond indicators, then a bit-sliced count of them.
                let (a1, a2) = (s ^ self.bits[up + k], s ^ self.bits[down + k]);
                let (a3, a4) = (s ^ left, s ^ right);
                let (odd12, both12) = (a1 ^ a2, a1 & a2);
                let (odd34, both34) = (a3 ^ a4, a3 & a4);
                let none = !(a1 | a2 | a3 | a4);
                let one = (odd12 ^ odd34) & !both12 & !both34;
                // Two or more antiparallel bonds: ΔE ≤ 0, always flip.
                let free = !(none | one);
                let flip = mask & (free | self.accept(mask & one, mask & none, rng));
                self.bits[row + k] = s ^ flip;
                flipped += flip.count_ones() as u64;
            }
        }
        flipped
    }

    fn antiparallel_bonds(&self) -> u64 {
        let (l, n) = (self.size, self.words);
        let mut anti = 0;
        for y in 0..l {
            let row = y * n;
            let down = if y + 1 == l { 0 } else { row + n };
            for k in 0..n {
                let s = self.bits[row + k];
                let (_, right) = self.sideways(row, k);
                anti += ((s ^ right).count_ones() + (s ^ self.bits[down + k]).count_ones()) as u64;
            }
        }
        anti
    }

    fn to_lattice(&self) -> Lattice {
        let mut lattice = Lattice::ordered(self.size);
        for y in 0..self.size {
            for x in 0..self.size {
                let (w, b) = self.locate(x, y);
                if (self.bits[w] >> b) & 1 == 0 {
                    lattice.set(x, y, -1);
                }
            }
        }
        lattice
    }
}

impl Update for Multispin {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        (0..self.classes.len()).map(|c| self.update_class(c, rng)).sum()
    }

    fn attempts_per_sweep(&self) -> u64 {
        (self.size * self.size) as u64
    }

    fn lattice(&self) -> Lattice {
        self.to_lattice()
    }

    fn energy(&self) -> i64 {
        let bonds = 2 * (self.size * self.size) as i64;
        2 * self.antiparallel_bonds() as i64 - bonds
    }

    fn magnetization(&self) -> i64 {
        let up: i64 = self.bits.iter().map(|w| w.count_ones() as i64).sum();
        2 * up - (self.size * self.size) as i64
    }

    fn sites(&self) -> usize {
        self.size * self.size
    }

    fn beta(&self) -> f64 {
        self.beta
    }
}
