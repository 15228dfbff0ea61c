//! Progress bars for long work (drawn on stderr, hidden when it is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting `total` units of `what` with rate and ETA.
pub fn bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{msg}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {what} ({{per_sec}}, ETA {{eta}})"
        ))
        .expect("valid progress template"),
    );
    bar
}
