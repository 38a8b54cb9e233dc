//! The terminal progress bar: the one implementation of [`sandyk::progress::Progress`] that
//! draws, and the only place that uses `indicatif`.

use std::io::{self, IsTerminal};

use sandyk::progress::Progress;

/// Below this many bytes no bar is drawn (the work is over before it would help).
pub const THRESHOLD: u64 = 4 * 1024 * 1024;

/// A progress bar on stderr, only when stderr is a terminal and the work is large.
pub struct TerminalProgress(Option<indicatif::ProgressBar>);

impl TerminalProgress {
    pub fn new() -> TerminalProgress {
        TerminalProgress(None)
    }
}

impl Default for TerminalProgress {
    fn default() -> TerminalProgress {
        TerminalProgress::new()
    }
}

impl Progress for TerminalProgress {
    fn start(&mut self, total: u64) {
        if io::stderr().is_terminal() && total >= THRESHOLD {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(total),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            ) {
                b.set_style(style);
            }
            self.0 = Some(b);
        }
    }
    fn advance(&mut self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.0.take() {
            b.finish_and_clear();
        }
    }
}
