//! The binary's language: the current language (chosen once at start-up) and the [`t!`] macro.
//!
//! The language comes from `--lang`, else `SANDYK_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`;
//! English is the fallback. `SANDYK_LANG` exists because a Kyrgyz locale (`ky_KG.UTF-8`) is
//! rarely installed: setting `LANG` to it would upset other programs. The catalog itself is the
//! library's pure [`sandyk::i18n`]; only this module keeps a global.

use std::sync::OnceLock;

use fluent_bundle::FluentValue;
pub use sandyk::i18n::{tr_in, Lang};

/// From the environment (`SANDYK_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`), English
/// if none fits.
pub fn lang_from_env() -> Lang {
    if let Some(l) = std::env::var("SANDYK_LANG")
        .ok()
        .and_then(|v| Lang::from_locale(&v))
    {
        return l;
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            return Lang::from_locale(&v).unwrap_or(Lang::En);
        }
    }
    Lang::En
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Set the language once, at start-up. Later calls are ignored.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language chosen at start-up (else from the environment).
pub fn lang() -> Lang {
    *LANG.get_or_init(lang_from_env)
}

/// A decimal number as the reader writes it: `0.3` in English, `0,3` in Russian and Kyrgyz.
pub fn decimal(v: f64, places: usize) -> String {
    sandyk::i18n::decimal(lang(), v, places)
}

/// The message `id` in the current language, falling back to English, then to the id.
pub fn tr(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    sandyk::i18n::tr(lang(), id, args)
}

/// `t!("id")` or `t!("id", name = value, ...)`.
#[macro_export]
macro_rules! t {
    ($id:expr) => { $crate::cli::i18n::tr($id, &[]) };
    ($id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::cli::i18n::tr($id, &[$((stringify!($k), ::fluent_bundle::FluentValue::from($v))),+])
    };
}

/// A date error in the current language (the `DateError` `Display` is English).
pub fn date_error(e: &sandyk::dates::DateError) -> String {
    use sandyk::dates::{DateError, InvalidDate::*};
    match e {
        DateError::Empty => t!("err-date-empty"),
        DateError::NotUnderstood => t!("err-date-not-understood"),
        DateError::InFuture => t!("err-date-future"),
        DateError::Invalid(why) => match why {
            YearOutOfRange(y) => t!("err-date-invalid-year", year = y.to_string()),
            TooFarInThePast => t!("err-date-invalid-too-far"),
            WeekdayIsToday => t!("err-date-invalid-weekday-today"),
            NoSuchDate(d) => t!("err-date-invalid-no-such-date", date = d.clone()),
            NoSuchMonth => t!("err-date-invalid-no-such-month"),
            NoSuchDay(d) => t!("err-date-invalid-no-such-day", day = d.to_string()),
            NoSuchTime(h) => t!("err-date-invalid-no-such-time", time = h.clone()),
            SkippedByClockChange => t!("err-date-invalid-clock-change"),
            TimeOutsidePartOfDay => t!("err-date-invalid-part-of-day"),
            AmbiguousHour => t!("err-date-invalid-ambiguous-hour"),
            AmbiguousMidnight => t!("err-date-invalid-midnight"),
            BadUtcOffset => t!("err-date-invalid-offset"),
            RangeEndsBeforeStart => t!("err-date-invalid-range"),
            UnknownHasNoSpan => t!("err-date-invalid-unknown-span"),
            NotRfc3339 => t!("err-date-invalid-not-rfc3339"),
            StartAfterEnd => t!("err-date-invalid-start-after-end"),
            ExactWithSpan => t!("err-date-invalid-exact-with-span"),
        },
    }
}

/// Why `text` was refused as a date, naming the word not understood when there is one
/// ("не понял слово «вчира»; может быть, «вчера»?"), else as [`date_error`].
pub fn date_error_for(text: &str, e: &sandyk::dates::DateError) -> String {
    if *e == sandyk::dates::DateError::NotUnderstood {
        if let Some(w) = sandyk::dates::unknown_word(text) {
            let word = crate::cli::output::line(&w.word);
            return match w.suggestion {
                Some(s) => t!("err-date-unknown-word-suggest", word = word, suggestion = s),
                None => t!("err-date-unknown-word", word = word),
            };
        }
    }
    date_error(e)
}

/// An invalid-input error in the current language (the `ModelError` `Display` is English).
/// Field names are the JSON names and stay as they are.
pub fn model_error(e: &sandyk::model::incident::ModelError) -> String {
    use sandyk::model::incident::ModelError::*;
    match e {
        Missing(f) => t!("err-model-missing", field = *f),
        TooLong { field, len, max } => {
            t!(
                "err-model-too-long",
                field = *field,
                len = *len as i64,
                max = *max as i64
            )
        }
        TooMany { field, len, max } => {
            t!(
                "err-model-too-many",
                field = *field,
                len = *len as i64,
                max = *max as i64
            )
        }
        UnknownCategory(c) => t!("err-model-category", category = c.clone()),
        Date { text, reason } => t!(
            "err-date",
            text = text.clone(),
            reason = date_error_for(text, reason)
        ),
        BadCoordinates => t!("err-model-coordinates"),
        Invalid(f) => t!("err-model-invalid", field = *f),
    }
}

/// How long something takes, in words, rounded down to the largest whole unit as zxcvbn does
/// ("3 hours", "больше ста лет"): for the time a passphrase would take to guess.
pub fn duration_words(seconds: u64) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    const MONTH: u64 = 31 * DAY;
    const YEAR: u64 = 12 * MONTH;
    let n = |unit: u64| (seconds / unit) as i64;
    match seconds {
        0 => t!("time-less-than-second"),
        s if s < MINUTE => t!("time-seconds", count = n(1)),
        s if s < HOUR => t!("time-minutes", count = n(MINUTE)),
        s if s < DAY => t!("time-hours", count = n(HOUR)),
        s if s < MONTH => t!("time-days", count = n(DAY)),
        s if s < YEAR => t!("time-months", count = n(MONTH)),
        s if s < 100 * YEAR => t!("time-years", count = n(YEAR)),
        _ => t!("time-centuries"),
    }
}
