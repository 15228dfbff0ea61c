//! # rg — real-space renormalization group and the measures of the rgae study
//!
//! The study compares what RG coarse-graining and an autoencoder keep of an Ising
//! lattice. This crate holds the RG side and the yardsticks of the comparison:
//!
//! - [`block`]: block-spin transforms (majority with an explicit tie rule, decimation,
//!   block average; b = 2, 3; repeated steps) on configurations and whole datasets, and
//!   nearest-neighbour upsampling, the fixed "RG decoder" (`rgae coarse-grain`);
//! - [`mcrg`]: Swendsen's Monte Carlo RG — the linearised RG matrix between blocking
//!   levels and its leading eigenvalues λ_t, λ_h with jackknife errors, the check that
//!   the RG is physically right (`rgae mcrg`);
//! - [`correlation`]: ⟨s_i s_j⟩ matrices, G(r), the second-moment correlation length;
//! - [`entropy`]: entropy per spin from patch statistics, from a real compressor, and
//!   from thermodynamic integration of ⟨u⟩(β);
//! - [`analyze`]: all of those per β of a dataset (`rgae analyze`);
//! - [`weights`]: sparsity, locality and kernel similarity of a learned weight matrix;
//! - [`groups`]: jackknife errors over contiguous groups of samples.
//!
//! Pipeline: `rgae simulate` (crate `ising`) → datasets → `rgae coarse-grain` /
//! networks (crate `nets`) → `rgae analyze` and [`weights::weight_measures`] compare them.
//!
//! ```
//! use ising::rng::rng_from;
//! use rg::block::{majority, upsample, Tie};
//! let mut rng = rng_from(7);
//! let lat = ising::Lattice::random(8, &mut rng);
//! let coarse = majority(lat.spins(), 8, 2, Tie::Random, &mut rng);
//! assert_eq!(coarse.len(), 16);
//! assert_eq!(upsample(&coarse, 4, 2).len(), 64);
//! ```

pub mod analyze;
pub mod block;
pub mod correlation;
pub mod entropy;
pub mod groups;
pub mod mcrg;
pub mod weights;
