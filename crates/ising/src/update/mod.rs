//! Monte Carlo updates of the Ising model, each a type behind the [`Update`] trait.
//!
//! All of them sample the same Boltzmann distribution p(σ) ∝ e^{−βE(σ)}; they differ in
//! speed and autocorrelation:
//!
//! | [`Algorithm`] | type | one sweep is |
//! |---|---|---|
//! | `metropolis` | [`Metropolis`] | one Metropolis attempt per site, checkerboard order |
//! | `heatbath` | [`HeatBath`] | one heat-bath draw per site, checkerboard order |
//! | `multispin` | [`Multispin`] | as `metropolis`, 64 spins per machine word |
//! | `wolff` | [`Wolff`] | a fixed number of single clusters, calibrated during burn-in so that about N spins flip |
//! | `sw` | [`SwendsenWang`] | one Swendsen–Wang cluster decomposition of the lattice |
//!
//! ```
//! use ising::{rng::rng_from, update::{build, Algorithm}, Lattice};
//! let mut rng = rng_from(1);
//! let mut chain = build(Algorithm::Wolff, Lattice::ordered(8), 0.6).unwrap();
//! for _ in 0..10 { chain.sweep(&mut rng); }
//! assert!(chain.energy() < 0);
//! ```

mod heatbath;
mod local;
mod metropolis;
mod multispin;
mod swendsen_wang;
mod wolff;

pub use heatbath::HeatBath;
pub use metropolis::Metropolis;
pub use multispin::Multispin;
pub use swendsen_wang::SwendsenWang;
pub use wolff::Wolff;

use crate::rng::Rng;
use crate::Lattice;

/// A Markov chain over Ising configurations at fixed β.
pub trait Update: Send {
    /// Advances the chain by one sweep (see the module table) and returns how many
    /// spins were flipped.
    fn sweep(&mut self, rng: &mut Rng) -> u64;
    /// Attempted single-spin updates per sweep (N for local updates; for cluster
    /// updates the spins flipped are what count, see [`Update::sweep`]).
    fn attempts_per_sweep(&self) -> u64;
    /// A copy of the current configuration.
    fn lattice(&self) -> Lattice;
    /// Total energy −Σ s_i s_j of the current configuration.
    fn energy(&self) -> i64;
    /// Total magnetisation Σ s_i of the current configuration.
    fn magnetization(&self) -> i64;
    /// Number of sites N.
    fn sites(&self) -> usize;
    fn beta(&self) -> f64;
    /// Whether the chain may be measured: false while an update still tunes itself
    /// (Wolff's clusters per sweep). Burn-in runs until it holds ([`burn_in`]).
    fn is_calibrated(&self) -> bool {
        true
    }
}

/// The burn-in of a chain: `sweeps` sweeps, and more while the update is not calibrated.
/// A calibration sweep ends at a random time (Wolff's "until N spins flipped"), so when
/// calibration finishes late at least [`SETTLE_SWEEPS`] (or `sweeps`, if fewer) ordinary
/// sweeps follow it. Returns the sweeps run.
pub fn burn_in(update: &mut dyn Update, rng: &mut Rng, sweeps: u64) -> u64 {
    let settle = SETTLE_SWEEPS.min(sweeps);
    let (mut done, mut settled) = (0, 0);
    while done < sweeps || !update.is_calibrated() || settled < settle {
        let calibrated = update.is_calibrated();
        update.sweep(rng);
        done += 1;
        settled = if calibrated { settled + 1 } else { 0 };
    }
    done
}

/// Ordinary sweeps that end every burn-in after a late calibration.
pub const SETTLE_SWEEPS: u64 = 10;

/// The update algorithms, by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Metropolis,
    #[serde(rename = "heatbath")]
    HeatBath,
    Multispin,
    Wolff,
    #[serde(rename = "sw")]
    SwendsenWang,
    /// Wolff from β = 0.3 up (where local updates slow down near β_c and below T_c),
    /// heat-bath below. Not Metropolis there: at high temperature it flips almost every
    /// spin every sweep, so consecutive samples are anti-correlated spin by spin in a
    /// way neither τ_int(u) nor τ_int(|m|) sees (both are blind to a global flip).
    Auto,
}

impl Algorithm {
    pub const ALL: [Algorithm; 5] = [
        Algorithm::Metropolis,
        Algorithm::HeatBath,
        Algorithm::Multispin,
        Algorithm::Wolff,
        Algorithm::SwendsenWang,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Metropolis => "metropolis",
            Algorithm::HeatBath => "heatbath",
            Algorithm::Multispin => "multispin",
            Algorithm::Wolff => "wolff",
            Algorithm::SwendsenWang => "sw",
            Algorithm::Auto => "auto",
        }
    }

    /// The concrete algorithm `auto` stands for at this β and size.
    pub fn resolve(self, _size: usize, beta: f64) -> Algorithm {
        match self {
            Algorithm::Auto if beta >= 0.3 => Algorithm::Wolff,
            Algorithm::Auto => Algorithm::HeatBath,
            other => other,
        }
    }

    /// True for cluster updates, whose cost is counted per flipped spin.
    pub fn is_cluster(self) -> bool {
        matches!(self, Algorithm::Wolff | Algorithm::SwendsenWang)
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "metropolis" => Ok(Algorithm::Metropolis),
            "heatbath" | "heat-bath" => Ok(Algorithm::HeatBath),
            "multispin" => Ok(Algorithm::Multispin),
            "wolff" => Ok(Algorithm::Wolff),
            "sw" | "swendsen-wang" => Ok(Algorithm::SwendsenWang),
            "auto" => Ok(Algorithm::Auto),
            _ => Err(format!(
                "unknown algorithm '{s}' (expected metropolis, heatbath, multispin, wolff, sw or auto)"
            )),
        }
    }
}

/// Why a chain could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UpdateError {
    #[error("β must be finite and positive, got {0}")]
    BadBeta(f64),
    #[error("lattice size must be at least 2, got {0}")]
    TooSmall(usize),
    #[error("multispin needs L < 64 or L a multiple of 64, got L = {0}")]
    MultispinSize(usize),
    #[error("{0} needs an even lattice size, got L = {1} (use heatbath, wolff or sw)")]
    OddSize(Algorithm, usize),
}

/// Checks β > 0 and finite, and L ≥ 2.
pub fn validate(size: usize, beta: f64) -> Result<(), UpdateError> {
    if !(beta.is_finite() && beta > 0.0) {
        return Err(UpdateError::BadBeta(beta));
    }
    if size < 2 {
        return Err(UpdateError::TooSmall(size));
    }
    Ok(())
}

/// Checks that `alg` can run an L×L lattice at β.
///
/// Checkerboard Metropolis (plain and multi-spin) needs even L: on an odd torus some
/// states have every spin forced to flip (ΔE < 0 at each step of the sweep), so the
/// sweep maps them to their mirror image and back forever, a closed class the chain
/// can fall into and never leave (on 3×3, 8 of the 512 states). Heat-bath never
/// forces a flip and is fine on any L.
pub fn check(alg: Algorithm, size: usize, beta: f64) -> Result<Algorithm, UpdateError> {
    validate(size, beta)?;
    let alg = alg.resolve(size, beta);
    if matches!(alg, Algorithm::Metropolis | Algorithm::Multispin) && size % 2 == 1 {
        return Err(UpdateError::OddSize(alg, size));
    }
    if alg == Algorithm::Multispin && !Multispin::supports(size) {
        return Err(UpdateError::MultispinSize(size));
    }
    Ok(alg)
}

/// A chain of the given algorithm started from `lattice` (`auto` is resolved here).
pub fn build(alg: Algorithm, lattice: Lattice, beta: f64) -> Result<Box<dyn Update>, UpdateError> {
    Ok(match check(alg, lattice.size(), beta)? {
        Algorithm::Metropolis => Box::new(Metropolis::new(lattice, beta)),
        Algorithm::HeatBath => Box::new(HeatBath::new(lattice, beta)),
        Algorithm::Multispin => Box::new(Multispin::new(lattice, beta)?),
        Algorithm::Wolff => Box::new(Wolff::new(lattice, beta)),
        Algorithm::SwendsenWang => Box::new(SwendsenWang::new(lattice, beta)),
        Algorithm::Auto => unreachable!("resolve never returns Auto"),
    })
}

/// Probability `p` ∈ (0, 1] as a 64-bit threshold t with P(`next_u64() <= t`) = p up to
/// 2⁻⁶⁴, and exactly 1 for p ≥ 1, so certain acceptance needs no branch.
#[inline]
pub(crate) fn at_most(p: f64) -> u64 {
    if p >= 1.0 {
        u64::MAX
    } else {
        ((p * 18_446_744_073_709_551_616.0).ceil() as u64).saturating_sub(1)
    }
}
