//! Thermodynamic estimators from per-sample energy and magnetisation, each with a
//! jackknife error over blocks of the chains, and τ_int per observable.
//!
//! Conventions (SCIENCE.md): c = β² N (⟨u²⟩ − ⟨u⟩²), χ = β N (⟨m²⟩ − ⟨|m|⟩²),
//! U₄ = 1 − ⟨m⁴⟩ / (3⟨m²⟩²).
//!
//! ```
//! use ising::observables::{Series, Thermo};
//! let chain = Series { energy: vec![-2.0; 64], magnetization: vec![1.0; 64] };
//! let t = Thermo::from_chains(0.6, 16, &[chain]);
//! assert_eq!(t.energy.mean, -2.0);
//! assert_eq!(t.abs_magnetization.mean, 1.0);
//! ```

use crate::stats::{jackknife, tau_int, Estimate};

/// The per-sample series of one chain: energy and magnetisation per spin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub energy: Vec<f64>,
    pub magnetization: Vec<f64>,
}

impl Series {
    pub fn push(&mut self, energy: f64, magnetization: f64) {
        self.energy.push(energy);
        self.magnetization.push(magnetization);
    }

    pub fn len(&self) -> usize {
        self.energy.len()
    }

    pub fn is_empty(&self) -> bool {
        self.energy.is_empty()
    }

    /// The larger τ_int of u and |m| (in units of the sample spacing).
    pub fn tau_max(&self) -> f64 {
        let abs: Vec<f64> = self.magnetization.iter().map(|m| m.abs()).collect();
        tau_int(&self.energy).tau.max(tau_int(&abs).tau)
    }
}

/// Moment sums of one block of samples.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    n: f64,
    u: f64,
    u2: f64,
    abs_m: f64,
    m2: f64,
    m4: f64,
}

impl Sums {
    fn of(energy: &[f64], magnetization: &[f64]) -> Self {
        let mut s = Sums {
            n: energy.len() as f64,
            ..Default::default()
        };
        for (&u, &m) in energy.iter().zip(magnetization) {
            s.u += u;
            s.u2 += u * u;
            s.abs_m += m.abs();
            s.m2 += m * m;
            s.m4 += m * m * m * m;
        }
        s
    }

    fn total(blocks: &[Sums]) -> Self {
        blocks.iter().fold(Sums::default(), |a, b| Sums {
            n: a.n + b.n,
            u: a.u + b.u,
            u2: a.u2 + b.u2,
            abs_m: a.abs_m + b.abs_m,
            m2: a.m2 + b.m2,
            m4: a.m4 + b.m4,
        })
    }
}

/// Thermodynamics at one β with errors.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thermo {
    pub beta: f64,
    pub samples: usize,
    /// ⟨u⟩, energy per spin.
    pub energy: Estimate,
    pub specific_heat: Estimate,
    pub abs_magnetization: Estimate,
    pub m2: Estimate,
    pub m4: Estimate,
    /// χ = β N (⟨m²⟩ − ⟨|m|⟩²).
    pub susceptibility: Estimate,
    pub binder: Estimate,
    /// τ_int of u and of |m| in units of the sample spacing, averaged over chains.
    pub tau_energy: f64,
    pub tau_abs_magnetization: f64,
}

/// Jackknife blocks in total (spread over the chains).
const BLOCKS: usize = 32;

impl Thermo {
    /// Estimates from independent chains at the same β on a lattice of `sites` spins.
    pub fn from_chains(beta: f64, sites: usize, chains: &[Series]) -> Self {
        let per_chain = BLOCKS.div_ceil(chains.len().max(1));
        let blocks: Vec<Sums> = chains
            .iter()
            .flat_map(|c| {
                let len = c.len().div_ceil(per_chain).max(1);
                c.energy
                    .chunks(len)
                    .zip(c.magnetization.chunks(len))
                    .map(|(u, m)| Sums::of(u, m))
            })
            .collect();
        let n = sites as f64;
        let stat = |f: fn(&Sums, f64, f64) -> f64| {
            jackknife(&blocks, |b| {
                let s = Sums::total(b);
                f(&s, beta, n)
            })
        };
        let abs_m: Vec<Vec<f64>> = chains
            .iter()
            .map(|c| c.magnetization.iter().map(|m| m.abs()).collect())
            .collect();
        let mean_tau = |xs: Vec<f64>| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
        Self {
            beta,
            samples: chains.iter().map(Series::len).sum(),
            energy: stat(|s, _, _| s.u / s.n),
            specific_heat: stat(|s, b, n| b * b * n * (s.u2 / s.n - (s.u / s.n).powi(2))),
            abs_magnetization: stat(|s, _, _| s.abs_m / s.n),
            m2: stat(|s, _, _| s.m2 / s.n),
            m4: stat(|s, _, _| s.m4 / s.n),
            susceptibility: stat(|s, b, n| b * n * (s.m2 / s.n - (s.abs_m / s.n).powi(2))),
            binder: stat(|s, _, _| 1.0 - (s.m4 / s.n) / (3.0 * (s.m2 / s.n).powi(2))),
            tau_energy: mean_tau(chains.iter().map(|c| tau_int(&c.energy).tau).collect()),
            tau_abs_magnetization: mean_tau(abs_m.iter().map(|a| tau_int(a).tau).collect()),
        }
    }
}
