//! The shared machinery of single-site updates on byte spins: a checkerboard visit of
//! all sites that hands each site its neighbour sum, and the observables.

use crate::rng::{Lanes4, Rng};
use crate::Lattice;

/// Visits every site once, colour 0 ((x + y) even) first, then colour 1, row by row,
/// calling `update(spin, h, r)` with the current neighbour sum h ∈ {−4, …, 4} and a
/// fresh uniform 64-bit random word r. The words come a row at a time from four
/// interleaved generators seeded from `rng` at the start of the sweep, which takes the
/// generator's latency off the per-site critical path.
/// On even L the sites of one colour are independent; on odd L (heat-bath only) the
/// order is still a valid fixed-order sequential sweep (each step reads the current
/// neighbours).
///
/// The rows above and below are copied before a row is updated: during one colour's
/// pass their sites of the other colour, the only ones read, do not change.
#[inline]
pub(crate) fn checkerboard_sweep(
    lattice: &mut Lattice,
    rng: &mut Rng,
    mut update: impl FnMut(&mut i8, i32, u64),
) {
    let l = lattice.size();
    let spins = lattice.spins_mut();
    let (mut up, mut down, mut field) = (vec![0i8; l], vec![0i8; l], vec![0i8; l]);
    let mut lanes = Lanes4::from_rng(rng);
    let mut random = vec![0u64; l.div_ceil(2).next_multiple_of(4)];
    for colour in 0..2 {
        for y in 0..l {
            let above = if y == 0 { l - 1 } else { y - 1 };
            let below = if y + 1 == l { 0 } else { y + 1 };
            up.copy_from_slice(&spins[above * l..(above + 1) * l]);
            down.copy_from_slice(&spins[below * l..(below + 1) * l]);
            let row = &mut spins[y * l..(y + 1) * l];
            let first = (colour + y) % 2;
            lanes.fill(&mut random);
            // Neighbour sums of the whole row first (a vectorisable pass): the sites of
            // the other colour, the only ones they read, do not change in this pass.
            let last = l - 1;
            field[0] = up[0] + down[0] + row[last] + row[1 % l];
            field[last] = up[last] + down[last] + row[last - 1] + row[0];
            let inner = field[1..last].iter_mut().zip(&up[1..last]).zip(&down[1..last]);
            for (((f, &u), &d), (&a, &b)) in inner.zip(row[..last - 1].iter().zip(&row[2..])) {
                *f = u + d + a + b;
            }
            // On odd L the sites x = 0 and x = L − 1 share a colour: the last one must
            // see the first one's new value, so its field is taken afresh after it.
            let count = (l - first).div_ceil(2);
            let seam = l % 2 == 1 && first == 0;
            let bulk = count - seam as usize;
            let mut x = first;
            for &r in &random[..bulk] {
                update(&mut row[x], field[x] as i32, r);
                x += 2;
            }
            if seam {
                let h = up[last] + down[last] + row[last - 1] + row[0];
                update(&mut row[last], h as i32, random[bulk]);
            }
        }
    }
}

/// Implements the observable part of [`super::Update`] for a type with a `lattice` field.
macro_rules! lattice_observables {
    () => {
        fn lattice(&self) -> $crate::Lattice {
            self.lattice.clone()
        }
        fn energy(&self) -> i64 {
            self.lattice.energy()
        }
        fn magnetization(&self) -> i64 {
            self.lattice.magnetization()
        }
        fn sites(&self) -> usize {
            self.lattice.sites()
        }
        fn beta(&self) -> f64 {
            self.beta
        }
    };
}
pub(crate) use lattice_observables;
