//! The message catalog, pure: every lookup names its language ([`tr_in`], [`tr`]).
//!
//! Catalogs are Fluent files under `i18n/`, compiled into the library. There is no current
//! language here and no environment lookup: the binary chooses the language (`--lang`,
//! `SANDYK_LANG`, `LC_*`, see `src/cli/i18n.rs`) and passes it down.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language sandyk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// A compiled catalog.
pub type Bundle = FluentBundle<FluentResource>;

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

/// The compiled catalog of `lang` (for the catalog checker in the binary).
pub fn bundle(lang: Lang) -> &'static Bundle {
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

/// The message `id` in `lang`, falling back to English, then to the id itself.
pub fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_in(lang, id, args)
        .or_else(|| tr_in(Lang::En, id, args))
        .unwrap_or_else(|| id.to_owned())
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

/// A decimal number as a reader of `lang` writes it: `1.4` in English, `1,4` in Russian and
/// Kyrgyz.
pub fn decimal(lang: Lang, v: f64, places: usize) -> String {
    let n = format!("{v:.places$}");
    if lang == Lang::En {
        n
    } else {
        n.replace('.', ",")
    }
}

/// A size as people read it, in `lang`: "933 байта", "1,4 КиБ", "2.0 MiB".
pub fn size(lang: Lang, bytes: u64) -> String {
    if bytes < 1024 {
        return tr(
            lang,
            "size-bytes",
            &[("count", FluentValue::from(bytes as i64))],
        );
    }
    let (v, unit) = if bytes < 1024 * 1024 {
        (bytes as f64 / 1024.0, "size-kib")
    } else if bytes < 1024 * 1024 * 1024 {
        (bytes as f64 / 1024.0 / 1024.0, "size-mib")
    } else {
        (bytes as f64 / 1024.0 / 1024.0 / 1024.0, "size-gib")
    };
    format!("{}\u{a0}{}", decimal(lang, v, 1), tr(lang, unit, &[]))
}

/// The message id naming an incident field (its JSON key) for people: `occurred` → "Когда".
pub fn field_id(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "field-title",
        "occurred" => "field-occurred",
        "location" => "field-location",
        "category" => "field-category",
        "tags" => "field-tags",
        "narrative" => "form-field-narrative",
        "perpetrators" => "form-field-perpetrators",
        "victims" => "form-field-victims",
        "witnesses" => "form-field-witnesses",
        "source" => "field-source",
        "reliability" => "field-reliability",
        "confidentiality" => "field-confidentiality",
        "attachments" => "history-field-attachments",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sizes_and_field_names_in_each_language() {
        assert_eq!(decimal(Lang::En, 0.25, 1), "0.2");
        assert_eq!(decimal(Lang::Ru, 0.34, 1), "0,3");
        assert_eq!(decimal(Lang::Ky, 96.0, 1), "96,0");
        assert_eq!(size(Lang::Ru, 41), "41 байт");
        assert_eq!(size(Lang::Ru, 933), "933 байта");
        assert_eq!(size(Lang::Ru, 35), "35 байтов");
        assert_eq!(size(Lang::Ru, 24_000), "23,4\u{a0}КиБ");
        assert_eq!(size(Lang::En, 1), "1 byte");
        assert_eq!(tr(Lang::Ru, field_id("occurred").unwrap(), &[]), "Когда");
        assert_eq!(field_id("no_such_field"), None);
    }

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
