//! Reading secrets and answers.
//!
//! Passphrases are read from the terminal (`/dev/tty`, echo off) or from `--passphrase-fd`
//! straight into a pre-sized zeroizing buffer that never reallocates, so no stray copies are
//! left on the heap. (rpassword grows a `String` char by char and returns a plain `String`;
//! an instrumented allocator found freed, un-zeroed copies of the passphrase — so we do not
//! use it for secrets. This reader is small: termios off/on and a byte loop.)

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, IsTerminal, Write};
use std::os::unix::io::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use super::error::{CliError, CliResult, Exit};
use crate::t;
use sandyk::crypto::memory::LockedBytes;
use sandyk::crypto::secret::Secret;

/// Longest secret accepted (bytes). The buffer is allocated once at this size.
pub const MAX_SECRET: usize = 4096;

/// Where secrets come from.
pub struct SecretSource {
    fd: Option<RawFd>,
}

static ECHO_OFF: AtomicBool = AtomicBool::new(false);
static mut SAVED_TERMIOS: Option<(RawFd, libc::termios)> = None;

extern "C" fn restore_and_exit(_sig: libc::c_int) {
    // Only async-signal-safe calls here: tcsetattr, write, _exit.
    // SAFETY: SAVED_TERMIOS is written before the handler is installed and not after.
    unsafe {
        if ECHO_OFF.load(Ordering::SeqCst) {
            if let Some((fd, t)) = *std::ptr::addr_of!(SAVED_TERMIOS) {
                libc::tcsetattr(fd, libc::TCSANOW, &t);
            }
        }
        let nl = b"\n";
        libc::write(2, nl.as_ptr() as *const libc::c_void, 1);
        libc::_exit(130);
    }
}

/// Echo off on a terminal, restored on drop (and on Ctrl-C).
struct NoEcho {
    fd: RawFd,
    saved: libc::termios,
}

impl NoEcho {
    fn new(fd: RawFd) -> io::Result<NoEcho> {
        // SAFETY: termios calls on a valid terminal descriptor.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) != 0 {
                return Err(io::Error::last_os_error());
            }
            let saved = t;
            SAVED_TERMIOS = Some((fd, saved));
            ECHO_OFF.store(true, Ordering::SeqCst);
            libc::signal(
                libc::SIGINT,
                restore_and_exit as *const () as libc::sighandler_t,
            );
            libc::signal(
                libc::SIGTERM,
                restore_and_exit as *const () as libc::sighandler_t,
            );
            t.c_lflag &= !(libc::ECHO | libc::ECHONL);
            t.c_lflag |= libc::ICANON;
            if libc::tcsetattr(fd, libc::TCSANOW, &t) != 0 {
                ECHO_OFF.store(false, Ordering::SeqCst);
                return Err(io::Error::last_os_error());
            }
            Ok(NoEcho { fd, saved })
        }
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        // SAFETY: restoring the attributes saved from the same descriptor.
        unsafe {
            libc::tcsetattr(self.fd, libc::TCSANOW, &self.saved);
            ECHO_OFF.store(false, Ordering::SeqCst);
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
        }
    }
}

/// Read one line from `fd`, byte by byte (so later lines stay for later reads), into a
/// pre-sized buffer in locked, non-dumpable pages ([`LockedBytes`]) that never reallocates
/// and is wiped on drop. The line ending (`\n` or `\r\n`) is not part of the secret.
fn read_line_fd(fd: RawFd) -> CliResult<LockedBytes> {
    let mut buf = LockedBytes::with_capacity(MAX_SECRET);
    let mut got_any = false;
    loop {
        let mut b = 0u8;
        // SAFETY: reading one byte into a valid local.
        let n = unsafe { libc::read(fd, &mut b as *mut u8 as *mut libc::c_void, 1) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(CliError::failure(t!(
                "err-passphrase-read",
                detail = super::error::io_detail(&e)
            ))
            .hint(t!("hint-passphrase-fd")));
        }
        if n == 0 {
            if !got_any {
                return Err(
                    CliError::usage(t!("err-passphrase-eof")).hint(t!("hint-passphrase-fd"))
                );
            }
            break;
        }
        got_any = true;
        if b == b'\n' {
            break;
        }
        if buf.push(b).is_err() {
            return Err(CliError::usage(t!(
                "err-passphrase-too-long",
                max = MAX_SECRET as i64
            )));
        }
        b = 0;
        let _ = std::hint::black_box(b);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(buf)
}

fn tty() -> CliResult<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| CliError::usage(t!("err-no-terminal")).hint(t!("hint-passphrase-fd")))
}

impl SecretSource {
    pub fn new(fd: Option<RawFd>) -> SecretSource {
        SecretSource { fd }
    }

    pub fn is_fd(&self) -> bool {
        self.fd.is_some()
    }

    /// Read one secret: the next line of `--passphrase-fd`, or from the terminal.
    pub fn read(&mut self, prompt: &str) -> CliResult<Secret> {
        let bytes = match self.fd {
            Some(fd) => read_line_fd(fd)?,
            None => {
                let mut tty = tty()?;
                write!(tty, "{prompt}: ")?;
                tty.flush()?;
                let guard = NoEcho::new(tty.as_raw_fd())
                    .map_err(|_| CliError::usage(t!("err-no-terminal")))?;
                let r = read_line_fd(tty.as_raw_fd());
                drop(guard);
                writeln!(tty)?;
                r?
            }
        };
        let s = Secret::from_slice(&bytes);
        drop(bytes);
        if s.is_empty() {
            return Err(
                CliError::usage(t!("err-empty-passphrase")).hint(t!("hint-empty-passphrase"))
            );
        }
        Ok(s)
    }

    /// Read a new secret. On a terminal: asked twice and compared in constant time; a
    /// mistyped confirmation is asked again (three tries), then the whole entry is refused.
    pub fn read_new(&mut self, prompt: &str, confirm: &str) -> CliResult<Secret> {
        let s = self.read(prompt)?;
        if self.fd.is_none() {
            for left in (0..3).rev() {
                let again = self.read(confirm)?;
                if s.ct_eq(&again) {
                    return Ok(s);
                }
                if left > 0 {
                    eprintln!("{}", t!("passphrase-mismatch-again", left = left as i64));
                }
            }
            return Err(CliError::usage(t!("err-passphrase-mismatch")));
        }
        Ok(s)
    }
}

/// Strength of a new passphrase: zxcvbn score 0–4 and a crack-time estimate in words.
///
/// zxcvbn copies the passphrase into Strings of its own (lower-cased forms, the tokens of
/// every match, the result's match sequence). All of them are heap blocks: the binary's
/// wiping allocator (`crypto::memory::WipeAlloc`) overwrites each when it is freed, and
/// every one is freed before this function returns — the estimate is reduced to two plain
/// numbers inside the inner block and dropped there. Nothing zxcvbn keeps across calls
/// (its dictionaries) derives from the input.
pub fn strength(s: &Secret) -> (u8, String) {
    let (score, secs) = {
        let text = s.as_str().unwrap_or("");
        let est = zxcvbn::zxcvbn(text, &[]);
        let score = u8::from(est.score());
        let secs =
            std::time::Duration::from(est.crack_times().offline_slow_hashing_1e4_per_second())
                .as_secs();
        drop(est);
        (score, secs)
    };
    (score, crate::cli::i18n::duration_words(secs))
}

/// The word list for generated passphrases in `lang`, and how many words a passphrase takes
/// from it (at least 90 bits): English, the EFF large list (7,776 words, 12.9 bits each, 7
/// words: 90.5 bits); Russian, 4,096 words (12 bits, 8 words: 96 bits); Kyrgyz, 2,048 words
/// (11 bits, 9 words: 99 bits). Sources, rules and licences: src/cli/wordlists/README.md.
pub fn word_list(lang: sandyk::i18n::Lang) -> (&'static [&'static str], usize) {
    use sandyk::i18n::Lang;
    use std::sync::OnceLock;
    static RU: OnceLock<Vec<&'static str>> = OnceLock::new();
    static KY: OnceLock<Vec<&'static str>> = OnceLock::new();
    fn lines(text: &'static str) -> Vec<&'static str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
    match lang {
        Lang::En => (&diceware_wordlists::EFF_LONG_WORDLIST[..], 7),
        Lang::Ru => (
            RU.get_or_init(|| lines(include_str!("wordlists/ru.txt"))),
            8,
        ),
        Lang::Ky => (
            KY.get_or_init(|| lines(include_str!("wordlists/ky.txt"))),
            9,
        ),
    }
}

/// What a generated passphrase in `lang` is worth: (words, list size, bits of entropy).
pub fn generated_strength(lang: sandyk::i18n::Lang) -> (usize, usize, f64) {
    let (list, n) = word_list(lang);
    (n, list.len(), n as f64 * (list.len() as f64).log2())
}

/// A generated passphrase in the user's language (see [`word_list`]).
pub fn generate_passphrase() -> Zeroizing<String> {
    let (list, n) = word_list(crate::cli::i18n::lang());
    generate_words(list, n)
}

/// A generated passphrase of `n` words drawn uniformly and independently from `list`.
///
/// The string is allocated once at its largest possible length (`n` of the longest word plus
/// the spaces), so it never reallocates and leaves no freed partial copy behind.
pub fn generate_words(list: &[&str], n: usize) -> Zeroizing<String> {
    assert!(!list.is_empty() && list.len() <= 65536);
    let longest = list.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut out = Zeroizing::new(String::with_capacity(n * (longest + 1)));
    let cap = out.capacity();
    for i in 0..n {
        // Rejection sampling for a uniform index.
        let idx = loop {
            let mut b = [0u8; 2];
            sandyk::crypto::random_bytes(&mut b);
            let v = u16::from_le_bytes(b) as usize;
            if v < 65536 - (65536 % list.len()) {
                break v % list.len();
            }
        };
        if i > 0 {
            out.push(' ');
        }
        out.push_str(list[idx]);
    }
    debug_assert_eq!(out.capacity(), cap, "the word buffer reallocated");
    out
}

/// Ask a yes/no question on the terminal. Without a terminal, the answer is no; so is
/// anything that is not clearly yes (keyboard-layout slips of yes count as yes: see
/// [`yes_no`]).
pub fn confirm(question: &str) -> CliResult<bool> {
    let Ok(mut tty) = OpenOptions::new().read(true).write(true).open("/dev/tty") else {
        return Ok(false);
    };
    // Every confirmation guards something that cannot be undone (delete, wipe, seal, a weak
    // passphrase): only a whole word is yes. A single letter is one slip from the other
    // answer (`j`/`n` are neighbours, and so are `д`/`ж`; `y` is `н` typed on the wrong
    // layout), so it is asked once more, in words; anything else is no.
    for attempt in 0..2 {
        write!(tty, "{question} [{}]: ", t!("yes-no-words"))?;
        tty.flush()?;
        let mut line = String::new();
        io::BufReader::new(&tty).read_line(&mut line)?;
        let answer = yes_no(&line);
        let one_letter = line.trim().chars().count() == 1;
        if answer == Answer::Yes && !one_letter {
            return Ok(true);
        }
        if attempt == 0 && ((answer == Answer::Yes && one_letter) || answer == Answer::Ambiguous) {
            writeln!(tty, "{}", t!("confirm-whole-word"))?;
            continue;
        }
        break;
    }
    Ok(false)
}

/// What a yes/no answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Nothing typed (Enter alone): never taken as yes or no where it matters.
    Empty,
    /// `н` alone: Russian "нет" abbreviated, or "y" typed on a Cyrillic layout.
    Ambiguous,
    Unclear,
}

/// Yes or no in Russian, Kyrgyz or English, whatever the interface language, including the
/// same keys typed on the other keyboard layout: `lf`/`l` (да/д on a Latin layout), `нуы`
/// (yes on Cyrillic), `ytn` (нет on Latin), `нщ`/`т` (no/n on Cyrillic), `jj,f`/`j` (ооба/о
/// on Latin), `;jr` (жок on Latin). `н` alone is [`Answer::Ambiguous`], and so is `y` when
/// the interface is Russian or Kyrgyz.
pub fn yes_no(s: &str) -> Answer {
    let a = s.trim().to_lowercase();
    let a = a.trim_end_matches(['.', '!']);
    const YES: &[&str] = &[
        "д",
        "да",
        "y",
        "yes",
        "ооба",
        "о",
        "lf",
        "l",
        "нуы",
        "jj,f",
        "j",
        "ага",
        "угу",
        "конечно",
    ];
    const NO: &[&str] = &[
        "нет", "n", "no", "жок", "ж", "ytn", "нщ", "т", ";jr", ";", "не",
    ];
    if a.is_empty() {
        Answer::Empty
    } else if a == "н" || (a == "y" && crate::cli::i18n::lang() != sandyk::i18n::Lang::En) {
        // `y` in a Russian or Kyrgyz session is as likely `н` (нет) typed on a Latin layout.
        Answer::Ambiguous
    } else if YES.contains(&a) {
        Answer::Yes
    } else if NO.contains(&a) {
        Answer::No
    } else {
        Answer::Unclear
    }
}

/// One answer typed at a prompt of the guided form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Line(String),
    /// Ctrl-D on an empty line.
    Eof,
    /// Ctrl-C.
    Interrupted,
}

static SIGINT_SEEN: AtomicBool = AtomicBool::new(false);
/// The terminal is gone (SIGHUP: the window was closed, the laptop's lid, an SSH link
/// dropped; or a read failing with EIO) or the system asked the program to end (SIGTERM).
static HUNG_UP: AtomicBool = AtomicBool::new(false);

extern "C" fn note_sigint(sig: libc::c_int) {
    if sig == libc::SIGINT {
        SIGINT_SEEN.store(true, Ordering::SeqCst);
    } else {
        HUNG_UP.store(true, Ordering::SeqCst);
    }
}

/// Whether the terminal hung up (or SIGTERM came) under a [`CatchInterrupt`]: nothing can be
/// asked or shown any more; the form keeps what was typed as a draft without asking.
pub fn hung_up() -> bool {
    HUNG_UP.load(Ordering::SeqCst)
}

/// Whether Ctrl-C came under a [`CatchInterrupt`] since the last call (for a wait that is
/// not a read: `wipe --countdown`).
pub fn take_interrupt() -> bool {
    SIGINT_SEEN.swap(false, Ordering::SeqCst)
}

/// The signals a [`CatchInterrupt`] turns into an interrupted read.
const CAUGHT: [libc::c_int; 3] = [libc::SIGINT, libc::SIGHUP, libc::SIGTERM];

/// While alive, Ctrl-C does not kill the program: it interrupts the read in progress, which
/// [`read_input`] returns as [`Input::Interrupted`] (the form then offers to keep a draft).
/// A hang-up or SIGTERM does the same and sets [`hung_up`]: their default action killed the
/// program mid-form and lost what had been typed (found by an adversarial probe).
pub struct CatchInterrupt {
    old: [libc::sigaction; 3],
}

impl CatchInterrupt {
    pub fn new() -> CatchInterrupt {
        // SAFETY: installing a handler that only stores to atomics; no SA_RESTART, so a
        // blocked read returns EINTR.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = note_sigint as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            let mut old: [libc::sigaction; 3] = std::mem::zeroed();
            for (sig, old) in CAUGHT.iter().zip(old.iter_mut()) {
                libc::sigaction(*sig, &sa, old);
            }
            SIGINT_SEEN.store(false, Ordering::SeqCst);
            CatchInterrupt { old }
        }
    }
}

impl Drop for CatchInterrupt {
    fn drop(&mut self) {
        // SAFETY: restoring the dispositions saved in `new`.
        unsafe {
            for (sig, old) in CAUGHT.iter().zip(self.old.iter()) {
                libc::sigaction(*sig, old, std::ptr::null_mut());
            }
        }
    }
}

/// Show `prompt` on stderr and read one line from stdin, byte by byte (nothing is buffered
/// past the line, so prompts and lines stay in step). Ctrl-C (under [`CatchInterrupt`]) and
/// Ctrl-D on an empty line are returned as such.
pub fn read_input(prompt: &str) -> CliResult<Input> {
    if hung_up() {
        return Ok(Input::Interrupted);
    }
    // Written without `eprint!`, which panics when the terminal has gone away.
    let mut err = io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut buf: Vec<u8> = Vec::new();
    loop {
        if hung_up() {
            return Ok(Input::Interrupted);
        }
        // A Ctrl-C that arrived before the read started.
        if SIGINT_SEEN.swap(false, Ordering::SeqCst) {
            let _ = writeln!(err);
            return Ok(Input::Interrupted);
        }
        let mut b = 0u8;
        // SAFETY: reading one byte into a valid local.
        let n = unsafe { libc::read(0, &mut b as *mut u8 as *mut libc::c_void, 1) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            // The terminal was hung up while no signal reached us (not our controlling
            // terminal): the same as SIGHUP.
            if e.raw_os_error() == Some(libc::EIO) {
                HUNG_UP.store(true, Ordering::SeqCst);
                continue;
            }
            return Err(e.into());
        }
        if n == 0 {
            if buf.is_empty() {
                eprintln!();
                return Ok(Input::Eof);
            }
            break;
        }
        if b == b'\n' {
            break;
        }
        buf.push(b);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Input::Line(String::from_utf8_lossy(&buf).into_owned()))
}

/// Standard input without the standard library's buffer: a duplicate of fd 0 read
/// directly. `std::io::stdin()` keeps an 8 KiB buffer for the life of the process that is
/// never freed, so the wiping allocator never wipes it: incident text read through it would
/// stay in memory until exit. Every read of stdin in the binary goes through this (or
/// [`read_stdin_line`]), never through `io::stdin()`, so no bytes are stranded in that
/// buffer either.
pub fn raw_stdin() -> io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
}

/// One line of stdin, read byte by byte (so nothing past the line is consumed), without the
/// trailing line ending. None at end of input.
fn read_stdin_line() -> io::Result<Option<String>> {
    let mut f = raw_stdin()?;
    let mut bytes = Vec::new();
    let mut got_any = false;
    loop {
        let mut b = [0u8; 1];
        match io::Read::read(&mut f, &mut b) {
            Ok(0) => break,
            Ok(_) => {
                got_any = true;
                if b[0] == b'\n' {
                    break;
                }
                bytes.push(b[0]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    if !got_any {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Read one line of (non-secret) text from the terminal, with a prompt on stderr.
/// Returns None at end of input.
pub fn ask_line(prompt: &str) -> CliResult<Option<String>> {
    eprint!("{prompt}: ");
    io::stderr().flush()?;
    Ok(read_stdin_line()?)
}

/// Whether stdin is a terminal (for the interactive form).
pub fn stdin_is_tty() -> bool {
    io::stdin().is_terminal()
}

pub fn interrupted() -> CliError {
    CliError::new(Exit::Interrupted, t!("err-interrupted"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sandyk::i18n::Lang;

    #[test]
    fn word_lists_are_typeable_distinct_and_as_strong_as_stated() {
        for (lang, size, n, bits) in [
            (Lang::En, 7776, 7, 90.4),
            (Lang::Ru, 4096, 8, 96.0),
            (Lang::Ky, 2048, 9, 99.0),
        ] {
            let (list, words) = word_list(lang);
            assert_eq!((list.len(), words), (size, n), "{lang:?}");
            let (w, s, b) = generated_strength(lang);
            assert_eq!((w, s), (n, size));
            assert!(b >= bits && b >= 90.0, "{lang:?}: {b} bits");
            let mut seen = std::collections::HashSet::new();
            for word in list {
                assert!(seen.insert(*word), "{lang:?}: {word} twice");
            }
            if lang == Lang::En {
                continue;
            }
            let mut prefixes = std::collections::HashSet::new();
            for word in list {
                let chars: Vec<char> = word.chars().collect();
                assert!((4..=7).contains(&chars.len()), "{word}");
                // а–я without ё and ъ (and so without ң, ө, ү): a Russian layout types all.
                assert!(
                    chars.iter().all(|c| ('а'..='я').contains(c) && *c != 'ъ'),
                    "{lang:?}: {word}"
                );
                let p: String = chars[..4].iter().collect();
                assert!(
                    prefixes.insert(p),
                    "{lang:?}: {word} shares its first four letters"
                );
            }
        }
    }

    #[test]
    fn generated_words_come_from_the_list() {
        let (list, n) = word_list(Lang::Ru);
        let p = generate_words(list, n);
        let words: Vec<&str> = p.split(' ').collect();
        assert_eq!(words.len(), 8);
        assert!(words.iter().all(|w| list.contains(w)));
        // Two draws differ (2^-96 chance of a false failure).
        assert_ne!(*p, *generate_words(list, n));
    }
}
