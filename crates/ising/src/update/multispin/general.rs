//! Multispin's layouts for the sizes the strip layout ([`super::strips`]) does not take:
//!
//! - L a multiple of 64 ("interleaved" layout): row y holds n = L/64 words; bit j of
//!   word k is the spin at x = j·n + k, so the x-neighbours of a word are the
//!   neighbouring words (rotated by one bit at the row's seam). For even n every word
//!   holds a single checkerboard colour and all 64 bits update at once; for n = 1
//!   (L = 64) colour masks select the bits.
//! - L < 64 ("row" layout): one word per row, bits 0..L.
//!
//! [`DEPTH`] random words settle all 64 spins of a word but for a fraction 64·2⁻¹⁰ of
//! words, which continue bit by bit; a fixed depth keeps the hot loop free of
//! unpredictable branches. The words come in bulk from four interleaved xoshiro256++
//! streams ([`Lanes4`]) reseeded from the chain's generator every sweep.
//!
//! Speed: on the interleaved layout the words of one colour are independent, so they are
//! processed four at a time from a precomputed list of (word, neighbour words), in code
//! the compiler vectorises; where the CPU has AVX2 a copy compiled for it runs.

use super::{classify, threshold_levels};
use crate::rng::{Lanes4, Rng, RngCore};
use crate::Lattice;

/// Random words drawn up front per 64 spins (bits of each spin's uniform).
pub const DEPTH: usize = 10;
/// Words processed together in the interleaved-layout kernel.
const GROUP: usize = 4;
/// Random words generated per refill: enough for 16 groups.
const BUFFER: usize = 16 * GROUP * DEPTH;

pub struct General {
    size: usize,
    /// Words per row.
    words: usize,
    bits: Vec<u64>,
    /// Per colour, the words to update with their neighbours (interleaved layout), or per
    /// colour the mask of each row (row layout).
    plan: Layout,
    /// Bit i (from the top) of the thresholds e^{−4β} and e^{−8β}, as all-ones/zero masks.
    level4: [u64; 64],
    level8: [u64; 64],
    /// The CPU has AVX2, BMI1/2 and POPCNT: run the sweep compiled for them.
    fast: bool,
}

enum Layout {
    /// L a multiple of 64: per colour, the list of words holding sites of that colour.
    Interleaved([Vec<Word>; 2]),
    /// L < 64: per colour, one mask per row.
    Row([Vec<u64>; 2]),
}

/// A word of the interleaved layout to update, with where its neighbours are.
#[derive(Clone, Copy)]
struct Word {
    index: u32,
    up: u32,
    down: u32,
    left: u32,
    right: u32,
    /// Bits of this colour in the word (all ones when L/64 is even).
    mask: u64,
    /// The left word must be rotated left by one bit (the row's seam), likewise right.
    left_seam: bool,
    right_seam: bool,
}

fn cpu_is_fast() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Levels past [`DEPTH`] for the bits still `undecided`, drawn from `rng`.
#[inline(never)]
fn settle_tail(mut undecided: u64, one: u64, none: u64, ms: &General, rng: &mut Rng) -> u64 {
    let mut accepted = 0;
    let mut level = DEPTH;
    while undecided != 0 && level < 64 {
        let r = rng.next_u64();
        let t = (one & ms.level4[level]) | (none & ms.level8[level]);
        accepted |= undecided & !r & t;
        undecided &= !(r ^ t);
        level += 1;
    }
    accepted
}

/// The flip mask of one word: `random[i·stride]` is bit i of each spin's uniform.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn flips(
    s: u64,
    up: u64,
    down: u64,
    left: u64,
    right: u64,
    mask: u64,
    random: &[u64],
    stride: usize,
    ms: &General,
    rng: &mut Rng,
) -> u64 {
    let (one, none, free) = classify(s, up, down, left, right, mask);
    let mut undecided = one | none;
    let mut accepted = 0;
    for level in 0..DEPTH {
        let r = random[level * stride];
        let t = (one & ms.level4[level]) | (none & ms.level8[level]);
        accepted |= undecided & !r & t;
        undecided &= !(r ^ t);
    }
    if undecided != 0 {
        accepted |= settle_tail(undecided, one, none, ms, rng);
    }
    free | accepted
}

impl General {
    /// Whether these layouts take an L×L lattice.
    pub fn supports(size: usize) -> bool {
        size % 2 == 0 && ((2..64).contains(&size) || (size >= 64 && size % 64 == 0))
    }

    pub fn new(lattice: &Lattice, beta: f64) -> Self {
        let size = lattice.size();
        assert!(Self::supports(size), "multispin layout for L = {size}");
        let words = size.div_ceil(64);
        let (level4, level8) = threshold_levels(beta);
        let mut chain = Self {
            size,
            words,
            bits: vec![0; words * size],
            plan: Layout::Row([Vec::new(), Vec::new()]),
            level4,
            level8,
            fast: cpu_is_fast(),
        };
        chain.plan = chain.layout();
        chain.load(lattice);
        chain
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

    fn layout(&self) -> Layout {
        let (l, n) = (self.size, self.words);
        let mut masks = [vec![0u64; self.bits.len()], vec![0u64; self.bits.len()]];
        for y in 0..l {
            for x in 0..l {
                let (w, b) = self.locate(x, y);
                masks[(x + y) % 2][w] |= 1 << b;
            }
        }
        if l < 64 {
            return Layout::Row(masks);
        }
        let words = |colour: usize| {
            let mut list = Vec::new();
            for y in 0..l {
                let row = y * n;
                let up = if y == 0 { (l - 1) * n } else { row - n };
                let down = if y + 1 == l { 0 } else { row + n };
                for k in 0..n {
                    let mask = masks[colour][row + k];
                    if mask != 0 {
                        list.push(Word {
                            index: (row + k) as u32,
                            up: (up + k) as u32,
                            down: (down + k) as u32,
                            left: (row + if k == 0 { n - 1 } else { k - 1 }) as u32,
                            right: (row + if k + 1 == n { 0 } else { k + 1 }) as u32,
                            mask,
                            left_seam: k == 0,
                            right_seam: k + 1 == n,
                        });
                    }
                }
            }
            list
        };
        Layout::Interleaved([words(0), words(1)])
    }

    /// One sweep: colour 0, then colour 1. Written once and compiled twice, for the
    /// baseline CPU and (see [`Update::sweep`]) with AVX2/BMI/POPCNT enabled.
    #[inline(always)]
    fn sweep_body(&mut self, rng: &mut Rng) -> u64 {
        // All randomness of the sweep flows from `rng`: the lanes are seeded from it.
        let mut lanes = Lanes4::from_rng(rng);
        let mut random = [0u64; BUFFER];
        let mut used = BUFFER;
        let mut flipped = 0;
        let plan = std::mem::replace(&mut self.plan, Layout::Row([Vec::new(), Vec::new()]));
        match &plan {
            Layout::Interleaved(colours) => {
                for list in colours {
                    for group in list.chunks(GROUP) {
                        if used + GROUP * DEPTH > BUFFER {
                            lanes.fill(&mut random);
                            used = 0;
                        }
                        // Word j of the group takes random[used + GROUP·level + j].
                        let r = &random[used..used + GROUP * DEPTH];
                        used += GROUP * DEPTH;
                        // Gather the group (a short group repeats its first word with an
                        // empty mask), then run the bit logic lane-wise so it vectorises.
                        let word = |j: usize| group.get(j).copied().unwrap_or(Word { mask: 0, ..group[0] });
                        let words: [Word; GROUP] = std::array::from_fn(word);
                        let b = &self.bits;
                        let load = |i: u32| b[i as usize];
                        let s: [u64; GROUP] = std::array::from_fn(|j| load(words[j].index));
                        let mut one = [0u64; GROUP];
                        let mut none = [0u64; GROUP];
                        let mut free = [0u64; GROUP];
                        for j in 0..GROUP {
                            let w = &words[j];
                            let left = if w.left_seam {
                                load(w.left).rotate_left(1)
                            } else {
                                load(w.left)
                            };
                            let right = if w.right_seam {
                                load(w.right).rotate_right(1)
                            } else {
                                load(w.right)
                            };
                            (one[j], none[j], free[j]) =
                                classify(s[j], load(w.up), load(w.down), left, right, w.mask);
                        }
                        let (mut accepted, undecided) = self.settle_group(&one, &none, r);
                        let mut out = [(0u32, 0u64); GROUP];
                        for j in 0..GROUP {
                            if undecided[j] != 0 {
                                accepted[j] |= settle_tail(undecided[j], one[j], none[j], self, rng);
                            }
                            let flip = free[j] | accepted[j];
                            out[j] = (words[j].index, s[j] ^ flip);
                            flipped += flip.count_ones() as u64;
                        }
                        for &(index, value) in &out[..group.len()] {
                            self.bits[index as usize] = value;
                        }
                    }
                }
            }
            Layout::Row(colours) => {
                let l = self.size;
                let full = (1u64 << l) - 1;
                let l = l as u32;
                for masks in colours {
                    for (y, &mask) in masks.iter().enumerate() {
                        if used + DEPTH > BUFFER {
                            lanes.fill(&mut random);
                            used = 0;
                        }
                        let r = &random[used..used + DEPTH];
                        used += DEPTH;
                        let up = self.bits[if y == 0 { self.size - 1 } else { y - 1 }];
                        let down = self.bits[if y + 1 == self.size { 0 } else { y + 1 }];
                        let s = self.bits[y];
                        let left = ((s << 1) | (s >> (l - 1))) & full;
                        let right = ((s >> 1) | (s << (l - 1))) & full;
                        let flip = flips(s, up, down, left, right, mask, r, 1, self, rng);
                        self.bits[y] = s ^ flip;
                        flipped += flip.count_ones() as u64;
                    }
                }
            }
        }
        self.plan = plan;
        flipped
    }

    /// The first [`DEPTH`] levels of the bit-sliced comparison for a group of words:
    /// `random[GROUP·level + j]` is bit `level` of the uniforms of word j. Returns
    /// (accepted, still undecided) per word.
    #[inline(always)]
    fn settle_group(
        &self,
        one: &[u64; GROUP],
        none: &[u64; GROUP],
        random: &[u64],
    ) -> ([u64; GROUP], [u64; GROUP]) {
        #[cfg(target_arch = "x86_64")]
        if self.fast {
            // SAFETY: `fast` is set only where the CPU reports AVX2.
            return unsafe { self.settle_group_avx2(one, none, random) };
        }
        let mut undecided: [u64; GROUP] = std::array::from_fn(|j| one[j] | none[j]);
        let mut accepted = [0u64; GROUP];
        for level in 0..DEPTH {
            let (t4, t8) = (self.level4[level], self.level8[level]);
            for j in 0..GROUP {
                let r = random[GROUP * level + j];
                let t = (one[j] & t4) | (none[j] & t8);
                accepted[j] |= undecided[j] & !r & t;
                undecided[j] &= !(r ^ t);
            }
        }
        (accepted, undecided)
    }

    /// [`General::settle_group`] with the four words in one AVX2 register.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn settle_group_avx2(
        &self,
        one: &[u64; GROUP],
        none: &[u64; GROUP],
        random: &[u64],
    ) -> ([u64; GROUP], [u64; GROUP]) {
        use std::arch::x86_64::*;
        assert!(random.len() >= GROUP * DEPTH);
        let one = _mm256_loadu_si256(one.as_ptr() as *const __m256i);
        let none = _mm256_loadu_si256(none.as_ptr() as *const __m256i);
        let mut undecided = _mm256_or_si256(one, none);
        let mut accepted = _mm256_setzero_si256();
        for level in 0..DEPTH {
            let t4 = _mm256_set1_epi64x(self.level4[level] as i64);
            let t8 = _mm256_set1_epi64x(self.level8[level] as i64);
            // SAFETY: in bounds by the assert above.
            let r = _mm256_loadu_si256(random.as_ptr().add(GROUP * level) as *const __m256i);
            let t = _mm256_or_si256(_mm256_and_si256(one, t4), _mm256_and_si256(none, t8));
            // andnot(a, b) = !a & b
            accepted = _mm256_or_si256(accepted, _mm256_and_si256(undecided, _mm256_andnot_si256(r, t)));
            undecided = _mm256_andnot_si256(_mm256_xor_si256(r, t), undecided);
        }
        let (mut a, mut u) = ([0u64; GROUP], [0u64; GROUP]);
        _mm256_storeu_si256(a.as_mut_ptr() as *mut __m256i, accepted);
        _mm256_storeu_si256(u.as_mut_ptr() as *mut __m256i, undecided);
        (a, u)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,bmi2,popcnt")]
    unsafe fn sweep_fast(&mut self, rng: &mut Rng) -> u64 {
        self.sweep_body(rng)
    }

    /// The right neighbour word of word `k` in the row starting at `row`.
    fn right_of(&self, row: usize, k: usize) -> u64 {
        if self.size < 64 {
            let l = self.size as u32;
            let w = self.bits[row];
            ((w >> 1) | (w << (l - 1))) & ((1u64 << l) - 1)
        } else if k + 1 < self.words {
            self.bits[row + k + 1]
        } else {
            self.bits[row].rotate_right(1)
        }
    }

    fn antiparallel_bonds(&self) -> u64 {
        let (l, n) = (self.size, self.words);
        let mut anti = 0;
        for y in 0..l {
            let row = y * n;
            let down = if y + 1 == l { 0 } else { row + n };
            for k in 0..n {
                let s = self.bits[row + k];
                anti += ((s ^ self.right_of(row, k)).count_ones() + (s ^ self.bits[down + k]).count_ones())
                    as u64;
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

impl General {
    pub fn sweep(&mut self, rng: &mut Rng) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if self.fast {
            // SAFETY: `fast` is set only where the CPU reports these features.
            return unsafe { self.sweep_fast(rng) };
        }
        self.sweep_body(rng)
    }

    pub fn lattice(&self) -> Lattice {
        self.to_lattice()
    }

    pub fn energy(&self) -> i64 {
        let bonds = 2 * (self.size * self.size) as i64;
        2 * self.antiparallel_bonds() as i64 - bonds
    }

    pub fn magnetization(&self) -> i64 {
        let up: i64 = self.bits.iter().map(|w| w.count_ones() as i64).sum();
        2 * up - (self.size * self.size) as i64
    }
}
