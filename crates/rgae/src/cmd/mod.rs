//! One module per subcommand: its clap `Args` and its `run`.

pub mod bench;
pub mod exact;
pub mod simulate;
