//! Multispin's strip layout for L a multiple of 128, built for wide vector registers.
//!
//! The lattice is cut into 64 horizontal strips of h = L/64 rows; bit j of word (r, x)
//! is the spin at (x, j·h + r). A word thus holds 64 spins of one column, h rows apart,
//! and for even h all of one checkerboard colour, (x + r) mod 2. Each colour is stored
//! as its own array of h word rows of L/2 words (word (r, x) at index x/2), so that:
//!
//! - the up and down neighbours of a run of words are the same run in the other colour's
//!   rows r ∓ 1 (at the strip seams r = 0 and r = h − 1, rotated by one bit);
//! - the left and right neighbours are the same run and the run shifted by one word in
//!   the other colour's row r (one padding word at each end of a row holds the periodic
//!   wrap-around, refreshed before that colour is read).
//!
//! Every load is a contiguous run, so the kernel updates eight words (512 spins) at a
//! time with no gathers. The eight words take their random bits from eight interleaved
//! xoshiro256++ streams ([`Lanes`]) stepped in the kernel itself, so the generator state
//! never leaves the registers. Acceptance is the bit-sliced comparison of
//! [`super::Multispin`]: bit i of every spin's uniform comes from the i-th random word,
//! [`DEPTH`] levels always, then level by level while any spin of the eight words is
//! undecided (exact to 64 bits).
//!
//! The same source is compiled for the baseline CPU, for AVX2 and for AVX-512 (chosen at
//! run time); the three give identical numbers.

use super::{classify, threshold_levels};
use crate::rng::{Lanes, Rng};
use crate::Lattice;

/// Words updated together: one AVX-512 register.
const WIDTH: usize = 8;
/// Levels of the comparison run unconditionally; past them a spin is undecided with
/// probability 2⁻ᴰᴱᴾᵀᴴ, so the eight words need a further level in about 512·2⁻¹² ≈ 12 % of
/// kernels.
pub const DEPTH: usize = 12;

type Words = [u64; WIDTH];

/// Where the CPU lets the kernel run wider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    Baseline,
    Avx2,
    Avx512,
}

fn detect() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512vl") && has!("avx512vpopcntdq") && has!("popcnt") {
            return Isa::Avx512;
        }
        if has!("avx2") && has!("popcnt") {
            return Isa::Avx2;
        }
    }
    Isa::Baseline
}

pub struct Strips {
    size: usize,
    /// Rows per strip, h = L/64 (even).
    rows: usize,
    /// Words of one colour per word row, L/2.
    half: usize,
    /// Row pitch in the colour arrays: `half` plus a padding word at each end.
    stride: usize,
    colours: [Vec<u64>; 2],
    /// Bit i (from the top) of the thresholds e^{−4β} and e^{−8β}, as all-ones/zero masks.
    level4: [u64; 64],
    level8: [u64; 64],
    isa: Isa,
}

impl Strips {
    pub fn supports(size: usize) -> bool {
        size >= 128 && size % 128 == 0
    }

    pub fn new(lattice: &Lattice, beta: f64) -> Self {
        let size = lattice.size();
        assert!(Self::supports(size), "strip layout needs L a multiple of 128");
        let (rows, half) = (size / 64, size / 2);
        let stride = half + 2;
        let (level4, level8) = threshold_levels(beta);
        let mut strips = Self {
            size,
            rows,
            half,
            stride,
            colours: [vec![0; rows * stride], vec![0; rows * stride]],
            level4,
            level8,
            isa: detect(),
        };
        for y in 0..size {
            for x in 0..size {
                if lattice.get(x, y) == 1 {
                    let (c, index, bit) = strips.locate(x, y);
                    strips.colours[c][index] |= 1 << bit;
                }
            }
        }
        strips
    }

    /// Colour array, index in it, and bit of site (x, y).
    fn locate(&self, x: usize, y: usize) -> (usize, usize, u32) {
        let (r, bit) = (y % self.rows, (y / self.rows) as u32);
        ((x + r) % 2, r * self.stride + 1 + x / 2, bit)
    }

    fn spin(&self, x: usize, y: usize) -> bool {
        let (c, index, bit) = self.locate(x, y);
        (self.colours[c][index] >> bit) & 1 == 1
    }

    pub fn sweep(&mut self, rng: &mut Rng) -> u64 {
        #[cfg(target_arch = "x86_64")]
        match self.isa {
            // SAFETY: `isa` records what the CPU reported at construction.
            Isa::Avx512 => return unsafe { self.sweep_avx512(rng) },
            Isa::Avx2 => return unsafe { self.sweep_avx2(rng) },
            Isa::Baseline => {}
        }
        self.sweep_body(rng)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vl,avx512vpopcntdq,avx2,popcnt")]
    unsafe fn sweep_avx512(&mut self, rng: &mut Rng) -> u64 {
        self.sweep_body(rng)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    unsafe fn sweep_avx2(&mut self, rng: &mut Rng) -> u64 {
        self.sweep_body(rng)
    }

    /// Colour 0, then colour 1; returns the number of flipped spins.
    #[inline(always)]
    fn sweep_body(&mut self, rng: &mut Rng) -> u64 {
        // All randomness of the sweep flows from `rng`: the lanes are seeded from it.
        let mut lanes = Lanes::<WIDTH>::from_rng(rng);
        let mut flipped = 0;
        for colour in 0..2 {
            self.refresh_padding(1 - colour);
            let [zero, one] = &mut self.colours;
            let (current, other) = if colour == 0 { (zero, &*one) } else { (one, &*zero) };
            for r in 0..self.rows {
                flipped += update_row(
                    current,
                    other,
                    RowPlan::new(r, colour, self.rows, self.stride),
                    self.half,
                    &mut lanes,
                    &self.level4,
                    &self.level8,
                );
            }
        }
        flipped
    }

    /// Copies the periodic wrap-around words of `colour`'s rows into their padding.
    fn refresh_padding(&mut self, colour: usize) {
        let (stride, half) = (self.stride, self.half);
        for row in self.colours[colour].chunks_exact_mut(stride) {
            row[0] = row[half];
            row[half + 1] = row[1];
        }
    }

    pub fn lattice(&self) -> Lattice {
        let mut lattice = Lattice::ordered(self.size);
        for y in 0..self.size {
            for x in 0..self.size {
                if !self.spin(x, y) {
                    lattice.set(x, y, -1);
                }
            }
        }
        lattice
    }

    /// E = −Σ s_i s_j = 2·(antiparallel bonds) − 2N. Every bond joins the two colours,
    /// so the four bonds of each colour-0 word count each bond once.
    pub fn energy(&self) -> i64 {
        let (rows, half, stride) = (self.rows, self.half, self.stride);
        let [zero, one] = &self.colours;
        let mut anti = 0i64;
        for r in 0..rows {
            let plan = RowPlan::new(r, 0, rows, stride);
            for i in 0..half {
                let s = zero[plan.base + i];
                let mut up = one[plan.up + i];
                if plan.up_seam {
                    up = up.rotate_left(1);
                }
                let mut down = one[plan.down + i];
                if plan.down_seam {
                    down = down.rotate_right(1);
                }
                // The shifted neighbour wraps within the row (the padding may be stale).
                let shifted = (i as isize + plan.shift).rem_euclid(half as isize) as usize;
                let beside = one[plan.base + i];
                let far = one[r * stride + 1 + shifted];
                anti += [up, down, beside, far]
                    .iter()
                    .map(|&n| (s ^ n).count_ones() as i64)
                    .sum::<i64>();
            }
        }
        2 * anti - 2 * (self.size * self.size) as i64
    }

    pub fn magnetization(&self) -> i64 {
        let (stride, half) = (self.stride, self.half);
        let up: i64 = self
            .colours
            .iter()
            .flat_map(|c| c.chunks_exact(stride))
            .map(|row| row[1..=half].iter().map(|w| w.count_ones() as i64).sum::<i64>())
            .sum();
        2 * up - (self.size * self.size) as i64
    }
}

/// Where the neighbours of one word row of one colour are, in the other colour's array.
#[derive(Clone, Copy)]
struct RowPlan {
    /// Start of this row's words (after the padding word), in both arrays.
    base: usize,
    up: usize,
    down: usize,
    /// The second x-neighbour is the word one to the left (−1) or right (+1).
    shift: isize,
    /// Strip seams: the up row is rotated left by one bit, the down row right.
    up_seam: bool,
    down_seam: bool,
}

impl RowPlan {
    fn new(r: usize, colour: usize, rows: usize, stride: usize) -> Self {
        let row = |r: usize| r * stride + 1;
        // Word (r, x) has x = 2i + p with p = (r + colour) mod 2; its x-neighbours of the
        // other colour sit at index i and at i − 1 (p = 0) or i + 1 (p = 1).
        let p = (r + colour) % 2;
        Self {
            base: row(r),
            up: row(if r == 0 { rows - 1 } else { r - 1 }),
            down: row(if r + 1 == rows { 0 } else { r + 1 }),
            shift: if p == 0 { -1 } else { 1 },
            up_seam: r == 0,
            down_seam: r + 1 == rows,
        }
    }
}

#[inline(always)]
fn load(words: &[u64], at: usize) -> Words {
    words[at..at + WIDTH].try_into().expect("WIDTH words")
}

/// Updates the `half` words of one row of the current colour; returns the flips.
#[inline(always)]
fn update_row(
    current: &mut [u64],
    other: &[u64],
    plan: RowPlan,
    half: usize,
    lanes: &mut Lanes<WIDTH>,
    level4: &[u64; 64],
    level8: &[u64; 64],
) -> u64 {
    let mut flipped = 0;
    for i in (0..half).step_by(WIDTH) {
        let at = plan.base + i;
        let s = load(current, at);
        let mut up = load(other, plan.up + i);
        if plan.up_seam {
            up = up.map(|w| w.rotate_left(1));
        }
        let mut down = load(other, plan.down + i);
        if plan.down_seam {
            down = down.map(|w| w.rotate_right(1));
        }
        let beside = load(other, at);
        let shifted = load(other, at.wrapping_add_signed(plan.shift));
        let flip = flips(s, up, down, beside, shifted, lanes, level4, level8);
        let mut next = [0u64; WIDTH];
        for j in 0..WIDTH {
            next[j] = s[j] ^ flip[j];
            flipped += flip[j].count_ones() as u64;
        }
        current[at..at + WIDTH].copy_from_slice(&next);
    }
    flipped
}

/// The flip masks of eight words (the neighbour count is symmetric, so the order of the
/// four neighbours does not matter).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn flips(
    s: Words,
    up: Words,
    down: Words,
    left: Words,
    right: Words,
    lanes: &mut Lanes<WIDTH>,
    level4: &[u64; 64],
    level8: &[u64; 64],
) -> Words {
    let mut one = [0u64; WIDTH];
    let mut none = [0u64; WIDTH];
    let mut free = [0u64; WIDTH];
    for j in 0..WIDTH {
        (one[j], none[j], free[j]) = classify(s[j], up[j], down[j], left[j], right[j], !0);
    }
    let mut undecided: Words = std::array::from_fn(|j| one[j] | none[j]);
    let mut accepted = [0u64; WIDTH];
    let tables = (&one, &none, level4, level8);
    for level in 0..DEPTH {
        compare_level(level, tables, lanes, &mut undecided, &mut accepted);
    }
    let mut level = DEPTH;
    while level < 64 && undecided.iter().fold(0, |a, &u| a | u) != 0 {
        compare_level(level, tables, lanes, &mut undecided, &mut accepted);
        level += 1;
    }
    std::array::from_fn(|j| free[j] | accepted[j])
}

/// One level of the bit-sliced comparison u < threshold, for eight words: spins whose
/// uniform has a 0 where the threshold has a 1 are accepted, those whose bits differ
/// are settled, the rest wait for the next bit.
#[inline(always)]
fn compare_level(
    level: usize,
    (one, none, level4, level8): (&Words, &Words, &[u64; 64], &[u64; 64]),
    lanes: &mut Lanes<WIDTH>,
    undecided: &mut Words,
    accepted: &mut Words,
) {
    let r = lanes.next_words();
    let (t4, t8) = (level4[level], level8[level]);
    for j in 0..WIDTH {
        let t = (one[j] & t4) | (none[j] & t8);
        accepted[j] |= undecided[j] & !r[j] & t;
        undecided[j] &= !(r[j] ^ t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::rng_from;

    fn random_lattice(size: usize, seed: u64) -> Lattice {
        use crate::rng::RngCore;
        let mut rng = rng_from(seed);
        let mut lattice = Lattice::ordered(size);
        for y in 0..size {
            for x in 0..size {
                if rng.next_u64() & 1 == 0 {
                    lattice.set(x, y, -1);
                }
            }
        }
        lattice
    }

    #[test]
    fn layout_round_trips_and_counts_like_the_lattice() {
        for size in [128, 256] {
            let lattice = random_lattice(size, size as u64);
            let strips = Strips::new(&lattice, 0.4);
            assert_eq!(strips.lattice(), lattice);
            assert_eq!(strips.energy(), lattice.energy());
            assert_eq!(strips.magnetization(), lattice.magnetization());
        }
    }

    #[test]
    fn every_instruction_set_gives_the_same_chain() {
        let lattice = random_lattice(256, 3);
        let run = |isa: Isa| {
            let mut strips = Strips::new(&lattice, 0.44);
            strips.isa = isa;
            let mut rng = rng_from(8);
            let flips: Vec<u64> = (0..20).map(|_| strips.sweep(&mut rng)).collect();
            (flips, strips.lattice())
        };
        let reference = run(Isa::Baseline);
        for isa in [Isa::Avx2, Isa::Avx512] {
            let available = match isa {
                Isa::Avx512 => detect() == Isa::Avx512,
                _ => detect() != Isa::Baseline,
            };
            if available {
                assert_eq!(run(isa), reference, "{isa:?}");
            }
        }
    }

    #[test]
    fn flip_counts_match_the_configuration_change() {
        let lattice = random_lattice(128, 4);
        let mut strips = Strips::new(&lattice, 0.3);
        let mut rng = rng_from(2);
        let before = strips.lattice();
        // One colour at a time can flip a spin at most once per sweep.
        let flipped = strips.sweep(&mut rng);
        let after = strips.lattice();
        let changed = (0..128 * 128).filter(|&i| before.get(i % 128, i / 128) != after.get(i % 128, i / 128));
        assert_eq!(changed.count() as u64, flipped);
        for _ in 0..5 {
            strips.sweep(&mut rng);
            let lattice = strips.lattice();
            assert_eq!(strips.energy(), lattice.energy());
            assert_eq!(strips.magnetization(), lattice.magnetization());
        }
    }
}
