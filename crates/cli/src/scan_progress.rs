//! A spinner on stderr while analytics plans run: rows scanned so far and
//! the time taken. indicatif draws nothing when stderr is not a terminal,
//! so pipes and redirected output stay quiet.

use std::sync::Arc;
use std::time::Duration;

use chokepoint_analytics::ScanProgress;
use datafusion::prelude::SessionContext;
use indicatif::{HumanCount, ProgressBar, ProgressStyle};

/// The spinner of one command; cleared by [`ScanSpinner::finish`] or on drop.
pub struct ScanSpinner {
    bar: ProgressBar,
}

impl ScanSpinner {
    /// Attaches a [`ScanProgress`] to `ctx` and shows it while `what` runs.
    pub fn start(ctx: &SessionContext, what: &str) -> ScanSpinner {
        let progress = ScanProgress::attach(ctx);
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} rows scanned, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(what.to_string());
        bar.set_message("0");
        let ticker = bar.clone();
        tokio::spawn(tick(ticker, progress));
        ScanSpinner { bar }
    }

    /// Clears the spinner now (before the command prints its rows).
    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for ScanSpinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

async fn tick(bar: ProgressBar, progress: Arc<ScanProgress>) {
    while !bar.is_finished() {
        bar.set_message(HumanCount(progress.rows_scanned()).to_string());
        bar.tick();
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
}
