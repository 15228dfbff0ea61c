//! Equilibrium samples for the physics tests: independent chains, fixed seeds.

use ising::rng::{derive_seed, rng_from};
use ising::update::{build, burn_in as burn_in_chain, Algorithm};
use ising::Lattice;
use rayon::prelude::*;

/// Configurations (sample-major, chain after chain) and their energies per spin at β:
/// `chains` independent chains from random starts, `burn_in` sweeps, then one sample
/// every `between` sweeps. `auto` picks Wolff from β = 0.3 up, heat-bath below.
pub fn sample(
    size: usize,
    beta: f64,
    chains: usize,
    per_chain: usize,
    between: usize,
    seed: u64,
) -> (Vec<i8>, Vec<f64>) {
    let burn_in = 200;
    let parts: Vec<(Vec<i8>, Vec<f64>)> = (0..chains)
        .into_par_iter()
        .map(|c| {
            let mut rng = rng_from(derive_seed(seed, &[beta.to_bits(), c as u64]));
            let mut chain = build(Algorithm::Auto, Lattice::random(size, &mut rng), beta).unwrap();
            burn_in_chain(chain.as_mut(), &mut rng, burn_in);
            let mut spins = Vec::with_capacity(per_chain * size * size);
            let mut energies = Vec::with_capacity(per_chain);
            for _ in 0..per_chain {
                for _ in 0..between {
                    chain.sweep(&mut rng);
                }
                let lat = chain.lattice();
                energies.push(lat.energy_per_spin());
                spins.extend_from_slice(lat.spins());
            }
            (spins, energies)
        })
        .collect();
    let mut spins = Vec::new();
    let mut energies = Vec::new();
    for (s, e) in parts {
        spins.extend(s);
        energies.extend(e);
    }
    (spins, energies)
}
