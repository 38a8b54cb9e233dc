//! Categories as people name them: the id (`followed`), an alias (`surveillance`), the label
//! in any of the three languages (`Слежка`, `Аңдуу`), or an unambiguous beginning of any of
//! these (`обыск` → «Обыск или рейд»); case-, `ё`- and spacing-insensitive. Used by the form
//! and by every `--category` filter (list, search, export).

use super::*;
use sandyk::i18n::{tr_in, Lang};

/// Case, `ё`, spaces, `-`, `/` and `_` folded away.
fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            ' ' | '-' | '/' | '_' => '_',
            c => c,
        })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// One category and every name it answers to (folded): its id and labels first, then its
/// aliases (`aliases` of them, at the end of `names`).
struct Known {
    id: String,
    names: Vec<String>,
    aliases: usize,
}

impl Known {
    /// The id and the labels: a name typed exactly like one of these means this category.
    fn primary(&self) -> &[String] {
        &self.names[..self.names.len() - self.aliases]
    }
}

fn known(db: &Db) -> CliResult<Vec<Known>> {
    let mut out = vec![];
    for (id, aliases) in CATEGORIES {
        let mut names = vec![fold(id)];
        for lang in [Lang::En, Lang::Ru, Lang::Ky] {
            if let Some(l) = tr_in(lang, &format!("category-{id}"), &[]) {
                names.push(fold(&l));
            }
        }
        names.extend(aliases.iter().map(|a| fold(a)));
        out.push(Known {
            id: (*id).to_owned(),
            names,
            aliases: aliases.len(),
        });
    }
    for (id, label) in db.categories()? {
        out.push(Known {
            names: vec![fold(&id), fold(&label)],
            id,
            aliases: 0,
        });
    }
    Ok(out)
}

/// Why a category could not be resolved.
pub enum Unresolved {
    /// Nothing is called that; the ids of categories with a similar name.
    Unknown(Vec<String>),
    /// Several categories start like that: their ids.
    Ambiguous(Vec<String>),
}

/// What was typed on a Latin layout while meaning the Russian one (ЙЦУКЕН keys on a QWERTY
/// layout: "ckt;rf" → "слежка"); `None` when it has no Latin letters.
fn from_latin_layout(s: &str) -> Option<String> {
    const LATIN: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    const CYR: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";
    let map: Vec<(char, char)> = LATIN.chars().zip(CYR.chars()).collect();
    if !s.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        s.chars()
            .flat_map(char::to_lowercase)
            .map(|c| map.iter().find(|(l, _)| *l == c).map_or(c, |(_, r)| *r))
            .collect(),
    )
}

/// Levenshtein distance with adjacent transpositions, over characters.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The category that already answers to `name` exactly (its id, a label in any language,
/// an alias), if any. A category of the user's named like one (`category add Слежка`, the
/// Russian label of `followed`) made both ambiguous: no filter could select either.
pub fn taken_by(db: &Db, name: &str) -> CliResult<Option<String>> {
    let f = fold(name);
    Ok(known(db)?
        .into_iter()
        .find(|k| k.names.contains(&f))
        .map(|k| k.id))
}

/// Resolve what the user typed to a category id; also what was typed on the Latin layout
/// by mistake ("ckt;rf" for «слежка»).
pub fn resolve(db: &Db, typed: &str) -> CliResult<std::result::Result<String, Unresolved>> {
    let first = resolve_as_typed(db, typed)?;
    if let (Err(Unresolved::Unknown(_)), Some(cyr)) = (&first, from_latin_layout(typed)) {
        if let Ok(id) = resolve_as_typed(db, &cyr)? {
            return Ok(Ok(id));
        }
    }
    Ok(first)
}

fn resolve_as_typed(db: &Db, typed: &str) -> CliResult<std::result::Result<String, Unresolved>> {
    let all = known(db)?;
    let f = fold(typed);
    if f.is_empty() {
        return Ok(Err(Unresolved::Unknown(vec![])));
    }
    let ids = |ks: &[&Known]| -> Vec<String> {
        let mut v: Vec<String> = ks.iter().map(|k| k.id.clone()).collect();
        v.dedup();
        v
    };
    // Typed exactly as an id or a label: that category — unless two have that name (a
    // category of the user's named like a built-in label), which is asked, not guessed.
    let exact: Vec<&Known> = all.iter().filter(|k| k.primary().contains(&f)).collect();
    match ids(&exact).len() {
        1 => return Ok(Ok(exact[0].id.clone())),
        2.. => return Ok(Err(Unresolved::Ambiguous(ids(&exact)))),
        _ => {}
    }
    // A beginning of a name, or of any word of a name ("слеж", "рейд"); an alias typed in
    // full is such a beginning too, so `threat` (an old id) asks which threat rather than
    // leaving the online threats out of an export.
    let starts = |k: &Known| {
        k.names
            .iter()
            .any(|n| n.starts_with(&f) || n.split('_').any(|w| w.starts_with(&f)))
    };
    let hits: Vec<&Known> = all.iter().filter(|k| starts(k)).collect();
    let hits: Vec<&Known> = {
        let distinct = ids(&hits);
        if distinct.len() == 1 {
            vec![hits[0]]
        } else {
            hits
        }
    };
    match hits.len() {
        1 => return Ok(Ok(hits[0].id.clone())),
        2.. => {
            return Ok(Err(Unresolved::Ambiguous(
                hits.iter().map(|k| k.id.clone()).collect(),
            )))
        }
        _ => {}
    }
    // Suggestions: names sharing a word beginning of three letters, containing the input, or
    // one or two typing slips away from it or from one of their words ("слижка" → слежка).
    let stem: String = f.chars().take(3).collect();
    let slips = if f.chars().count() >= 6 { 2 } else { 1 };
    let close = |n: &str| {
        f.chars().count() >= 4
            && (distance(&f, n) <= slips || n.split('_').any(|w| distance(&f, w) <= slips))
    };
    let similar: Vec<String> = all
        .iter()
        .filter(|k| {
            k.names.iter().any(|n| {
                n.contains(&f)
                    || n.split('_').any(|w| w.starts_with(&stem))
                    || f.contains(n)
                    || close(n)
            })
        })
        .map(|k| k.id.clone())
        .collect();
    Ok(Err(Unresolved::Unknown(similar)))
}

/// "слежка (followed), …" for messages.
pub fn describe(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("«{}» ({id})", line(&output::category_label(id))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The usage error for a category that does not resolve (exit 2), with suggestions.
pub fn error(typed: &str, why: Unresolved) -> CliError {
    match why {
        Unresolved::Ambiguous(ids) => CliError::usage(t!(
            "err-category-ambiguous",
            category = line(typed),
            choices = describe(&ids)
        ))
        .hint(t!("hint-category-longer")),
        Unresolved::Unknown(ids) if !ids.is_empty() => CliError::usage(t!(
            "err-category-unknown-similar",
            category = line(typed),
            choices = describe(&ids)
        ))
        .hint(t!("hint-category-list")),
        Unresolved::Unknown(_) => {
            CliError::usage(t!("err-category-unknown", category = line(typed)))
                .hint(t!("hint-category-list"))
        }
    }
}

/// Resolve the `--category` of a filter against the vault's categories (built-in and the
/// user's own); an unknown or ambiguous one is a usage error, never an empty result.
pub fn check_filter(db: &Db, f: &mut Filter) -> CliResult {
    if let Some(c) = f.category.take() {
        match resolve(db, &c)? {
            Ok(id) => f.category = Some(id),
            // A category of a sender's own, known here only from what was received: by its
            // id, as `list --received` shows it (it was "unknown category").
            Err(Unresolved::Unknown(_))
                if db
                    .received_categories()?
                    .contains(&incident::normalise_category(&c)) =>
            {
                f.category = Some(incident::normalise_category(&c));
            }
            Err(why) => return Err(error(&c, why)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("  Фото- или видеосъёмка "), "фото_или_видеосъемка");
        assert_eq!(fold("Threat in person"), "threat_in_person");
        assert_eq!(fold("ЁЛКА"), "елка");
    }

    #[test]
    fn names_in_every_language_and_prefixes() {
        let d = tempfile::tempdir().unwrap();
        let db = Db::open(
            &d.path().join("db"),
            &sandyk::crypto::secret::DataKey::generate(),
            sandyk::vault::db::Mode::Create,
        )
        .unwrap();
        let ok = |s: &str| match resolve(&db, s).unwrap() {
            Ok(id) => id,
            Err(_) => format!("unresolved {s}"),
        };
        assert_eq!(ok("слежка"), "followed");
        assert_eq!(ok("СЛЕЖКА"), "followed");
        assert_eq!(ok("followed"), "followed");
        assert_eq!(ok("surveillance"), "followed");
        assert_eq!(ok("слеж"), "followed");
        assert_eq!(ok("обыск"), "raid");
        assert_eq!(ok("видеосъемка"), "photographed");
        assert_eq!(ok("задержание"), "detention");
        assert!(matches!(
            resolve(&db, "угроза").unwrap(),
            Err(Unresolved::Ambiguous(_))
        ));
        assert!(matches!(
            resolve(&db, "нло").unwrap(),
            Err(Unresolved::Unknown(_))
        ));
        // An alias that is also the beginning of another category is asked, not guessed:
        // `threat` used to mean threats in person only, and an export left the online ones
        // out (review finding).
        assert!(matches!(
            resolve(&db, "threat").unwrap(),
            Err(Unresolved::Ambiguous(ids)) if ids.len() == 2
        ));
        assert_eq!(ok("arrest"), "detention");
        assert_eq!(ok("search"), "raid");
        assert_eq!(ok("threat_online"), "threat_online");
        // Typed on the Latin layout: the same keys on ЙЦУКЕН.
        assert_eq!(ok("ckt;rf"), "followed");
        assert_eq!(ok("J,scr"), "raid");
        // A typo is unknown, with the category it resembles suggested.
        for (typo, want) in [("слижка", "followed"), ("задержанее", "detention")] {
            match resolve(&db, typo).unwrap() {
                Err(Unresolved::Unknown(ids)) => {
                    assert!(ids.contains(&want.to_owned()), "{typo}: {ids:?}")
                }
                other => panic!("{typo}: {:?}", other.ok()),
            }
        }
        // A category of the user's named like a built-in label: asked, not shadowed.
        let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        db.category_add("my_watch", "Слежка", &now).unwrap();
        assert!(matches!(
            resolve(&db, "слежка").unwrap(),
            Err(Unresolved::Ambiguous(ids)) if ids.len() == 2
        ));
        assert_eq!(ok("my_watch"), "my_watch");
        assert_eq!(ok("followed"), "followed");
    }
}
