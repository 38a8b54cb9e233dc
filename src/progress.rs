//! The one progress interface: the library reports, the binary draws (one terminal bar in
//! `cli::progress`). The library never draws anything itself.

use std::io::{self, Read};

/// Progress of a long write or read: total bytes once known, then bytes done.
pub trait Progress {
    fn start(&mut self, total: u64);
    fn advance(&mut self, bytes: u64);
    fn finish(&mut self);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&mut self, _: u64) {}
    fn advance(&mut self, _: u64) {}
    fn finish(&mut self) {}
}

/// A reader that reports the bytes read through it.
pub struct ProgressReader<'p, R> {
    pub inner: R,
    pub progress: &'p mut dyn Progress,
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

/// Adapts a progress to a callback told the running total of bytes done (as
/// `Db::attach` reports it).
pub fn position_callback(p: &mut dyn Progress) -> impl FnMut(u64) + '_ {
    let mut last = 0u64;
    move |done: u64| {
        p.advance(done.saturating_sub(last));
        last = last.max(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Count(u64, u64, bool);
    impl Progress for Count {
        fn start(&mut self, t: u64) {
            self.0 = t;
        }
        fn advance(&mut self, n: u64) {
            self.1 += n;
        }
        fn finish(&mut self) {
            self.2 = true;
        }
    }

    #[test]
    fn reader_and_position_report_bytes() {
        let mut c = Count::default();
        let mut r = ProgressReader {
            inner: &b"hello world"[..],
            progress: &mut c,
        };
        let mut out = vec![];
        r.read_to_end(&mut out).unwrap();
        assert_eq!(c.1, 11);
        let mut c = Count::default();
        let mut f = position_callback(&mut c);
        f(3);
        f(10);
        f(10);
        drop(f);
        assert_eq!(c.1, 10);
    }
}
