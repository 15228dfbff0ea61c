//! Block-spin rules: Z₂ symmetry of the random tie rule, and the exact vote
//! probabilities at infinite temperature. Tolerances are 4 binomial standard errors
//! (a fixed seed makes each test deterministic; 4σ keeps a correct rule's chance of
//! failing below 10⁻⁴ for any seed).

use ising::rng::{below, rng_from};
use ising::Lattice;
use rg::block::{majority, Tie};

/// Fraction of `hits` in `n` trials is p within 4 binomial standard errors.
fn assert_binomial(hits: usize, n: usize, p: f64, what: &str) {
    let f = hits as f64 / n as f64;
    let sigma = (p * (1.0 - p) / n as f64).sqrt();
    assert!(
        (f - p).abs() < 4.0 * sigma,
        "{what}: {f} vs {p} (σ = {sigma:.2e})"
    );
}

/// A 64×64 lattice whose every 2×2 block holds two up and two down spins.
fn all_tied(rng: &mut ising::rng::Rng) -> Vec<i8> {
    let l = 64;
    let mut s = vec![0i8; l * l];
    for by in 0..l / 2 {
        for bx in 0..l / 2 {
            // Choose which 2 of the 4 sites are up: one of the 6 pairs.
            let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
            let (a, b) = pairs[below(rng, 6)];
            for k in 0..4 {
                let (x, y) = (2 * bx + k % 2, 2 * by + k / 2);
                s[y * l + x] = if k == a || k == b { 1 } else { -1 };
            }
        }
    }
    s
}

#[test]
fn random_tie_rule_gives_each_sign_half_the_time() {
    let mut rng = rng_from(2024);
    let (mut plus, mut n, mut equal_neighbours, mut pairs) = (0, 0, 0, 0);
    for _ in 0..100 {
        let s = all_tied(&mut rng);
        let c = majority(&s, 64, 2, Tie::Random, &mut rng);
        plus += c.iter().filter(|&&v| v == 1).count();
        n += c.len();
        // Ties in different blocks are decided independently: neighbours agree half the time.
        for y in 0..32 {
            for x in 0..31 {
                equal_neighbours += (c[y * 32 + x] == c[y * 32 + x + 1]) as usize;
                pairs += 1;
            }
        }
    }
    assert_eq!(n, 102_400);
    assert_binomial(plus, n, 0.5, "P(+1 | tie)");
    assert_binomial(equal_neighbours, pairs, 0.5, "P(equal neighbouring tie-breaks)");
}

#[test]
fn tie_rules_at_infinite_temperature_have_the_exact_vote_probabilities() {
    // Four fair spins: sum > 0 with probability 5/16, = 0 with 6/16. So P(block = +1) is
    // 1/2 under the random and first-spin rules (Z₂-symmetric) and 11/16 under `plus`.
    let mut rng = rng_from(77);
    let lattices: Vec<Lattice> = (0..60).map(|_| Lattice::random(64, &mut rng)).collect();
    for (tie, p) in [(Tie::Random, 0.5), (Tie::First, 0.5), (Tie::Plus, 11.0 / 16.0)] {
        let (mut plus, mut n) = (0, 0);
        for lat in &lattices {
            let c = majority(lat.spins(), 64, 2, tie, &mut rng);
            plus += c.iter().filter(|&&v| v == 1).count();
            n += c.len();
        }
        assert_binomial(plus, n, p, tie.name());
    }
}

#[test]
fn flipping_the_lattice_flips_every_decided_block() {
    // Z₂ equivariance: with the same tie draws, majority(−s) = −majority(s) on every
    // block without a tie, and tied blocks get the same fair draw either way.
    let mut rng = rng_from(5);
    let lat = Lattice::random(32, &mut rng);
    let flipped: Vec<i8> = lat.spins().iter().map(|&v| -v).collect();
    let a = majority(lat.spins(), 32, 2, Tie::Random, &mut rng_from(9));
    let b = majority(&flipped, 32, 2, Tie::Random, &mut rng_from(9));
    let first = majority(lat.spins(), 32, 2, Tie::First, &mut rng);
    let first_flipped = majority(&flipped, 32, 2, Tie::First, &mut rng);
    let mut ties = 0;
    for c in 0..a.len() {
        let (bx, by) = (c % 16, c / 16);
        let sum: i32 = (0..4)
            .map(|k| lat.spins()[(2 * by + k / 2) * 32 + 2 * bx + k % 2] as i32)
            .sum();
        if sum == 0 {
            ties += 1;
            assert_eq!(a[c], b[c]);
        } else {
            assert_eq!(a[c], -b[c]);
        }
        assert_eq!(first[c], -first_flipped[c]);
    }
    assert!(ties > 0);
}
