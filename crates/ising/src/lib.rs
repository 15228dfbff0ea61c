//! # ising — the 2D Ising model engine of rgae
//!
//! H = −Σ_⟨ij⟩ s_i s_j on an L×L periodic square lattice (J = 1, h = 0), β = 1/T.
//! The crate keeps model, update and estimator apart:
//!
//! - [`Lattice`]: a configuration of byte spins;
//! - [`update`]: Monte Carlo updates behind one trait ([`update::Update`]): checkerboard
//!   Metropolis and heat-bath, multi-spin-coded Metropolis, Wolff, Swendsen–Wang;
//! - [`stats`]: binning, jackknife and the integrated autocorrelation time;
//! - [`observables`]: the thermodynamic estimators, each with an error bar;
//! - [`exact`]: exact sums for small lattices, Kaufman's finite-lattice solution,
//!   Onsager's infinite-lattice results;
//! - [`sampling`]: burn-in, measured decorrelation and independent chains;
//! - [`dataset`]: the `.npz` dataset format shared by every rgae stage.
//!
//! ```
//! use ising::{exact, Lattice};
//! assert!((exact::BETA_C - 0.4406868).abs() < 1e-7);
//! assert_eq!(Lattice::ordered(8).energy_per_spin(), -2.0);
//! ```

pub mod dataset;
pub mod exact;
pub mod lattice;
pub mod observables;
pub mod rng;
pub mod sampling;
pub mod stats;
pub mod update;

pub use dataset::{Dataset, DatasetError};
pub use lattice::Lattice;
