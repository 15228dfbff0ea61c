//! The shared machinery of single-site updates on byte spins: a checkerboard visit of
//! all sites that hands each site its neighbour sum, and the observables.

use crate::Lattice;

/// Visits every site once, colour 0 ((x + y) even) first, then colour 1, row by row,
/// calling `update(spins, i, h)` with the current neighbour sum h ∈ {−4, …, 4}.
/// On even L the sites of one colour are independent; on odd L (heat-bath only) the
/// order is still a valid fixed-order sequential sweep (each step reads the current
/// neighbours).
#[inline]
pub(crate) fn checkerboard_sweep(lattice: &mut Lattice, mut update: impl FnMut(&mut [i8], usize, i32)) {
    let l = lattice.size();
    let spins = lattice.spins_mut();
    for colour in 0..2 {
        for y in 0..l {
            let row = y * l;
            let up = if y == 0 { (l - 1) * l } else { row - l };
            let down = if y + 1 == l { 0 } else { row + l };
            let mut x = (colour + y) % 2;
            while x < l {
                let left = if x == 0 { l - 1 } else { x - 1 };
                let right = if x + 1 == l { 0 } else { x + 1 };
                let h = spins[up + x] as i32
                    + spins[down + x] as i32
                    + spins[row + left] as i32
                    + spins[row + right] as i32;
                update(spins, row + x, h);
                x += 2;
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
