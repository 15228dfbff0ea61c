//! One module per subcommand: its clap `Args` and its `run`.

pub mod analyze;
pub mod bench;
pub mod coarse_grain;
pub mod exact;
pub mod mcrg;
pub mod predict;
pub mod reproduce;
pub mod simulate;
pub mod thermometry;
pub mod train;
pub mod weights;
