//! The message catalog: every user-facing string goes through [`tr`] (or the [`t!`] macro).
//!
//! Catalogs are Fluent files under `i18n/`, compiled into the binary. The language comes from
//! `--lang`, else `SANDYK_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`; English is the fallback.
//! `SANDYK_LANG` exists because a Kyrgyz locale (`ky_KG.UTF-8`) is rarely installed: setting
//! `LANG` to it would upset other programs.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language sandyk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Ru,
    Ky,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Ky];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Ky => "ky",
        }
    }

    pub fn catalog(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../i18n/en.ftl"),
            Lang::Ru => include_str!("../../i18n/ru.ftl"),
            Lang::Ky => include_str!("../../i18n/ky.ftl"),
        }
    }

    /// From a locale string such as `ru_RU.UTF-8` or `ky_KG`.
    pub fn from_locale(s: &str) -> Option<Lang> {
        let code = s.split(['_', '.', '@', '-']).next()?.to_ascii_lowercase();
        match code.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "ky" | "kir" => Some(Lang::Ky),
            _ => None,
        }
    }

    /// From the environment (`SANDYK_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`), English
    /// if none fits.
    pub fn from_env() -> Lang {
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
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Set the language once, at start-up. Later calls are ignored.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

pub fn lang() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

type Bundle = FluentBundle<FluentResource>;

fn make_bundle(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("valid language id");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    let res =
        FluentResource::try_new(lang.catalog().to_owned()).unwrap_or_else(|(res, _errors)| res);
    b.add_resource(res)
        .expect("message ids are unique within a catalog");
    b
}

fn bundle(lang: Lang) -> &'static Bundle {
    static B: [OnceLock<Bundle>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    B[lang as usize].get_or_init(|| make_bundle(lang))
}

/// Whether `lang`'s catalog has message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The message `id` in language `lang`, if it exists there.
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
    let b = bundle(lang);
    let msg = b.get_message(id)?;
    let pattern = msg.value()?;
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    let mut errors = vec![];
    Some(
        b.format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned(),
    )
}

/// The message `id` in the current language, falling back to English, then to the id.
pub fn tr(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_in(lang(), id, args)
        .or_else(|| tr_in(Lang::En, id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// `t!("id")` or `t!("id", name = value, ...)`.
#[macro_export]
macro_rules! t {
    ($id:expr) => { $crate::i18n::tr($id, &[]) };
    ($id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($k), ::fluent_bundle::FluentValue::from($v))),+])
    };
}

/// A date error in the current language (the `DateError` `Display` is English).
pub fn date_error(e: &crate::dates::DateError) -> String {
    use crate::dates::{DateError, InvalidDate::*};
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
        },
    }
}

/// An invalid-input error in the current language (the `ModelError` `Display` is English).
/// Field names are the JSON names and stay as they are.
pub fn model_error(e: &crate::model::incident::ModelError) -> String {
    use crate::model::incident::ModelError::*;
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
        Date { text, reason } => t!("err-date", text = text.clone(), reason = date_error(reason)),
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

/// All message ids in a catalog, in order.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let res = FluentResource::try_new(lang.catalog().to_owned()).unwrap_or_else(|(r, _)| r);
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod check;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_parsing() {
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("ky_KG"), Some(Lang::Ky));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
    }

    #[test]
    fn english_catalog_parses_cleanly() {
        let r = FluentResource::try_new(Lang::En.catalog().to_owned());
        assert!(
            r.is_ok(),
            "en.ftl has syntax errors: {:?}",
            r.err().map(|e| e.1)
        );
        assert!(!message_ids(Lang::En).is_empty());
    }
}
