//! Swendsen–Wang: activate each satisfied bond with probability p = 1 − e^{−2β}, find
//! the clusters with union–find, and flip each cluster with probability ½.
//!
//! ```
//! use ising::{rng::rng_from, update::{SwendsenWang, Update}, Lattice};
//! let mut chain = SwendsenWang::new(Lattice::ordered(8), 0.2);
//! chain.sweep(&mut rng_from(5));
//! assert!(chain.magnetization().abs() < 64);
//! ```

use super::local::lattice_observables;
use super::{at_most, Update};
use crate::rng::{BulkRng, Rng};
use crate::Lattice;

pub struct SwendsenWang {
    lattice: Lattice,
    beta: f64,
    add: u64,
    clusters: UnionFind,
    flip: Vec<bool>,
}

impl SwendsenWang {
    pub fn new(lattice: Lattice, beta: f64) -> Self {
        let n = lattice.sites();
        let add = at_most(1.0 - (-2.0 * beta).exp());
        Self {
            lattice,
            beta,
            add,
            clusters: UnionFind::new(n),
            flip: vec![false; n],
        }
    }
}

impl Update for SwendsenWang {
    fn sweep(&mut self, rng: &mut Rng) -> u64 {
        let l = self.lattice.size();
        let n = self.lattice.sites();
        self.clusters.reset();
        let mut rng = BulkRng::from_rng(rng);
        let spins = self.lattice.spins_mut();
        for y in 0..l {
            let below = if y + 1 == l { 0 } else { (y + 1) * l };
            for x in 0..l {
                let i = y * l + x;
                let right = if x + 1 == l { y * l } else { i + 1 };
                for j in [right, below + x] {
                    if spins[i] == spins[j] && rng.next_u64() <= self.add {
                        self.clusters.union(i, j);
                    }
                }
            }
        }
        // One fair coin per cluster, drawn at its root in site order (deterministic).
        for i in 0..n {
            if self.clusters.find(i) == i {
                self.flip[i] = rng.next_u64() >> 63 == 1;
            }
        }
        let mut flipped = 0;
        for (i, s) in spins.iter_mut().enumerate() {
            if self.flip[self.clusters.find(i)] {
                *s = -*s;
                flipped += 1;
            }
        }
        flipped
    }

    fn attempts_per_sweep(&self) -> u64 {
        self.lattice.sites() as u64
    }

    lattice_observables!();
}

/// Disjoint sets with union by size and path halving.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn reset(&mut self) {
        for (i, p) in self.parent.iter_mut().enumerate() {
            *p = i as u32;
        }
        self.size.fill(1);
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] as usize != i {
            let grand = self.parent[self.parent[i] as usize];
            self.parent[i] = grand;
            i = grand as usize;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
    }
}
