//! The guided form (`add`, `add --quick`, `amend` on a terminal). It never loses what was
//! typed:
//!
//! - every field is kept in a [`Draft`] as soon as it is answered; Ctrl-C or Ctrl-D at any
//!   prompt offers to keep the draft inside the vault (the encrypted database, never a file);
//!   `add` offers to resume a kept draft;
//! - a numbered recap is shown before saving; the save question re-asks on anything unclear
//!   (Enter is neither yes nor no), accepts keyboard-layout slips, and a field's number fixes
//!   that field;
//! - optional fields are skipped with Enter; every re-ask says why; lists are typed on one
//!   line separated by `;` (no blank line to miscount), and text typed where a choice was
//!   expected is kept as the start of the narrative, and the user is told.

use serde::{Deserialize, Serialize};

use super::category::{self, Unresolved};
use super::*;
use crate::cli::i18n;
use prompt::{Answer, Input};
use sandyk::dates::{render, Occurred};

/// The form's state: None = not asked yet, Some("") = left empty. Stored as JSON in the
/// vault's `drafts` table when kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub quick: bool,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub occurred: Option<Occurred>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub perpetrators: Option<Vec<String>>,
    #[serde(default)]
    pub victims: Option<Vec<String>>,
    #[serde(default)]
    pub witnesses: Option<Vec<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reliability: Option<Reliability>,
    #[serde(default)]
    pub confidentiality: Option<Confidentiality>,
    #[serde(default)]
    pub narrative: Option<String>,
}

/// The fields in form order (their recap numbers are index + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    When,
    Location,
    Category,
    Tags,
    Perpetrators,
    Victims,
    Witnesses,
    Source,
    Reliability,
    Confidentiality,
    Narrative,
}

pub const FIELDS: [Field; 12] = [
    Field::Title,
    Field::When,
    Field::Location,
    Field::Category,
    Field::Tags,
    Field::Perpetrators,
    Field::Victims,
    Field::Witnesses,
    Field::Source,
    Field::Reliability,
    Field::Confidentiality,
    Field::Narrative,
];

const QUICK: [Field; 3] = [Field::Title, Field::When, Field::Narrative];

impl Field {
    fn label(self) -> String {
        t!(match self {
            Field::Title => "field-title",
            Field::When => "field-occurred",
            Field::Location => "field-location",
            Field::Category => "field-category",
            Field::Tags => "field-tags",
            Field::Perpetrators => "form-field-perpetrators",
            Field::Victims => "form-field-victims",
            Field::Witnesses => "form-field-witnesses",
            Field::Source => "field-source",
            Field::Reliability => "field-reliability",
            Field::Confidentiality => "field-confidentiality",
            Field::Narrative => "form-field-narrative",
        })
    }
}

/// How a field is asked: in a new incident, or changing an existing value (Enter keeps it,
/// `-` clears it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    New,
    Edit,
}

/// The user stopped the form (Ctrl-C or Ctrl-D).
struct Stopped;

type Step<T> = std::result::Result<T, Stopped>;

fn read(prompt: &str) -> CliResult<Step<String>> {
    Ok(match prompt::read_input(prompt)? {
        Input::Line(l) => Ok(l),
        Input::Eof | Input::Interrupted => Err(Stopped),
    })
}

macro_rules! step {
    ($e:expr) => {
        match $e? {
            Ok(v) => v,
            Err(Stopped) => return Ok(Err(Stopped)),
        }
    };
}

fn why(msg: String) {
    eprintln!("  {} {msg}", t!("form-reask-mark"));
}

fn is_clear(s: &str) -> bool {
    s.trim() == "-"
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(|x| x.trim().to_owned())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Text typed at a choice prompt that reads like prose (several words): kept for the
/// narrative rather than dropped.
fn looks_like_prose(s: &str) -> bool {
    s.split_whitespace().count() >= 3 || s.chars().count() > 30
}

fn keep_stray(d: &mut Draft, s: &str) {
    let n = d.narrative.get_or_insert_with(String::new);
    if !n.is_empty() {
        n.push('\n');
    }
    n.push_str(s.trim());
    why(t!("form-stray-kept"));
}

fn short(s: &str, max: usize) -> String {
    let one = output::line(s);
    if one.chars().count() <= max {
        one
    } else {
        format!("{}…", one.chars().take(max).collect::<String>())
    }
}

/// A date as the user reads it, with "(yesterday)" when recent.
pub fn when_text(o: &Occurred, ctx: &Ctx) -> String {
    output::line(&render::occurred_relative(o, i18n::lang(), &ctx.now))
}

fn current(d: &Draft, f: Field, ctx: &Ctx) -> String {
    let list = |v: &Option<Vec<String>>| {
        v.as_ref()
            .map(|v| {
                v.iter()
                    .map(|x| output::line(x))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    };
    match f {
        Field::Title => d.title.as_deref().map(output::line).unwrap_or_default(),
        Field::When => d
            .occurred
            .as_ref()
            .map(|o| {
                format!(
                    "{} — {}",
                    when_text(o, ctx),
                    t!("quoted", text = output::line(&o.text))
                )
            })
            .unwrap_or_default(),
        Field::Location => d.location.as_deref().map(output::line).unwrap_or_default(),
        Field::Category => d
            .category
            .as_deref()
            .map(output::category_label)
            .unwrap_or_default(),
        Field::Tags => d
            .tags
            .as_ref()
            .map(|v| {
                v.iter()
                    .map(|x| output::line(x))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        Field::Perpetrators => list(&d.perpetrators),
        Field::Victims => list(&d.victims),
        Field::Witnesses => list(&d.witnesses),
        Field::Source => d.source.as_deref().map(output::line).unwrap_or_default(),
        Field::Reliability => d
            .reliability
            .map(|r| t!(&format!("reliability-{}", output::serde_plain(&r))))
            .unwrap_or_default(),
        Field::Confidentiality => d
            .confidentiality
            .map(|r| t!(&format!("confidentiality-{}", output::serde_plain(&r))))
            .unwrap_or_default(),
        Field::Narrative => d
            .narrative
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| {
                format!(
                    "{} ({})",
                    short(n, 70),
                    t!("form-chars", count = n.chars().count() as i64)
                )
            })
            .unwrap_or_default(),
    }
}

/// The numbered recap shown before saving.
pub fn recap(d: &Draft, ctx: &Ctx) {
    eprintln!("\n{}", t!("form-recap"));
    for (i, f) in FIELDS.iter().enumerate() {
        let v = current(d, *f, ctx);
        let v = if v.is_empty() { "—".to_owned() } else { v };
        eprintln!("  {:>2}. {:<20} {}", i + 1, format!("{}:", f.label()), v);
    }
}

fn edit_suffix(d: &Draft, f: Field, mode: Mode, ctx: &Ctx, clearable: bool) -> String {
    if mode == Mode::New {
        return String::new();
    }
    let cur = current(d, f, ctx);
    let mut s = format!(
        "\n  {}: {}",
        t!("form-now"),
        if cur.is_empty() { "—".into() } else { cur }
    );
    s.push_str(&format!(
        "\n  {}",
        if clearable {
            t!("form-edit-keys-clear")
        } else {
            t!("form-edit-keys")
        }
    ));
    s
}

/// Ask one field. Returns Err(Stopped) on Ctrl-C / Ctrl-D.
fn ask_field(ctx: &Ctx, db: &Db, d: &mut Draft, f: Field, mode: Mode) -> CliResult<Step<()>> {
    match f {
        Field::Title => loop {
            let a = step!(read(&format!(
                "{}{}: ",
                t!("prompt-title"),
                edit_suffix(d, f, mode, ctx, false)
            )));
            if a.trim().is_empty() {
                if mode == Mode::Edit {
                    return Ok(Ok(()));
                }
                why(t!("form-title-needed"));
                continue;
            }
            if is_clear(&a) {
                why(t!("form-title-needed"));
                continue;
            }
            d.title = Some(a.trim().to_owned());
            return Ok(Ok(()));
        },
        Field::When => loop {
            let a = step!(read(&format!(
                "{}{}: ",
                t!("form-prompt-occurred"),
                edit_suffix(d, f, mode, ctx, false)
            )));
            if a.trim().is_empty() {
                if mode == Mode::Edit {
                    return Ok(Ok(()));
                }
                why(t!("form-when-needed"));
                continue;
            }
            match dates::parse_detailed(&a, &ctx.now) {
                Ok(o) => {
                    eprintln!("  → {}", when_text(&o, ctx));
                    d.occurred = Some(o);
                    return Ok(Ok(()));
                }
                Err(e) => {
                    let reason = match &e.unknown_word {
                        Some(w) => match w.suggestion {
                            Some(s) => t!(
                                "err-date-unknown-word-suggest",
                                word = output::line(&w.word),
                                suggestion = s
                            ),
                            None => t!("err-date-unknown-word", word = output::line(&w.word)),
                        },
                        None => i18n::date_error(&e.error),
                    };
                    why(t!("date-not-understood", reason = reason));
                }
            }
        },
        Field::Location => {
            let a = step!(read(&format!(
                "{}{}: ",
                t!("form-prompt-location"),
                edit_suffix(d, f, mode, ctx, true)
            )));
            set_text(&mut d.location, &a, mode);
            Ok(Ok(()))
        }
        Field::Category => {
            let mut all: Vec<(String, String)> = CATEGORIES
                .iter()
                .map(|(id, _)| ((*id).to_owned(), output::category_label(id)))
                .collect();
            all.extend(db.categories()?);
            let shown: Vec<String> = all
                .iter()
                .enumerate()
                .map(|(n, (_, label))| format!("{} {}", n + 1, line(label)))
                .collect();
            eprintln!("  {}", shown.join(" · "));
            loop {
                let a = step!(read(&format!(
                    "{}{}: ",
                    t!("form-prompt-category"),
                    edit_suffix(d, f, mode, ctx, false)
                )));
                let a = a.trim();
                if a.is_empty() {
                    if mode == Mode::New {
                        d.category = Some("other".into());
                        eprintln!("  → {}", output::category_label("other"));
                    }
                    return Ok(Ok(()));
                }
                if let Ok(n) = a.parse::<usize>() {
                    if (1..=all.len()).contains(&n) {
                        d.category = Some(all[n - 1].0.clone());
                        return Ok(Ok(()));
                    }
                    why(t!("form-number-range", max = all.len() as i64));
                    continue;
                }
                match category::resolve(db, a)? {
                    Ok(id) => {
                        eprintln!("  → {}", output::category_label(&id));
                        d.category = Some(id);
                        return Ok(Ok(()));
                    }
                    Err(Unresolved::Ambiguous(ids)) => why(t!(
                        "err-category-ambiguous",
                        category = line(a),
                        choices = category::describe(&ids)
                    )),
                    Err(Unresolved::Unknown(ids)) => {
                        if looks_like_prose(a) {
                            keep_stray(d, a);
                        } else if ids.is_empty() {
                            why(t!("form-category-unknown", category = line(a)))
                        } else {
                            why(t!(
                                "err-category-unknown-similar",
                                category = line(a),
                                choices = category::describe(&ids)
                            ))
                        }
                    }
                }
            }
        }
        Field::Tags => {
            let a = step!(read(&format!(
                "{}{}: ",
                t!("form-prompt-tags"),
                edit_suffix(d, f, mode, ctx, true)
            )));
            if is_clear(&a) {
                d.tags = Some(vec![]);
            } else if !a.trim().is_empty() || mode == Mode::New {
                d.tags = Some(
                    a.split([',', ';'])
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect(),
                );
            }
            Ok(Ok(()))
        }
        Field::Perpetrators | Field::Victims | Field::Witnesses => {
            let id = match f {
                Field::Perpetrators => "form-prompt-perpetrators",
                Field::Victims => "form-prompt-victims",
                _ => "form-prompt-witnesses",
            };
            let a = step!(read(&format!(
                "{}{}: ",
                t!(id),
                edit_suffix(d, f, mode, ctx, true)
            )));
            let slot = match f {
                Field::Perpetrators => &mut d.perpetrators,
                Field::Victims => &mut d.victims,
                _ => &mut d.witnesses,
            };
            if is_clear(&a) {
                *slot = Some(vec![]);
            } else if !a.trim().is_empty() || mode == Mode::New {
                *slot = Some(split_list(&a));
            }
            Ok(Ok(()))
        }
        Field::Source => {
            let a = step!(read(&format!(
                "{}{}: ",
                t!("form-prompt-source"),
                edit_suffix(d, f, mode, ctx, true)
            )));
            set_text(&mut d.source, &a, mode);
            Ok(Ok(()))
        }
        Field::Reliability => {
            use Reliability::*;
            let r = step!(ask_choice(
                d,
                "prompt-reliability",
                "reliability",
                &[
                    (Firsthand, "firsthand"),
                    (High, "high"),
                    (Medium, "medium"),
                    (Low, "low"),
                    (Unknown, "unknown"),
                ],
                0,
                mode,
                ctx,
                f,
            ));
            if let Some(r) = r {
                d.reliability = Some(r);
            }
            Ok(Ok(()))
        }
        Field::Confidentiality => {
            use Confidentiality::*;
            let r = step!(ask_choice(
                d,
                "prompt-confidentiality",
                "confidentiality",
                &[
                    (Public, "public"),
                    (Restricted, "restricted"),
                    (Confidential, "confidential"),
                    (Secret, "secret"),
                ],
                2,
                mode,
                ctx,
                f,
            ));
            if let Some(r) = r {
                d.confidentiality = Some(r);
            }
            Ok(Ok(()))
        }
        Field::Narrative => ask_narrative(d, mode),
    }
}

fn set_text(slot: &mut Option<String>, a: &str, mode: Mode) {
    if is_clear(a) {
        *slot = Some(String::new());
    } else if !a.trim().is_empty() || mode == Mode::New {
        *slot = Some(a.trim().to_owned());
    }
}

/// A numbered choice in the user's language; the number, the shown word or the English name
/// is accepted; Enter takes the default (new) or keeps the value (edit). Returns None to keep.
#[allow(clippy::too_many_arguments)]
fn ask_choice<T: Copy>(
    d: &mut Draft,
    prompt_id: &str,
    kind: &str,
    choices: &[(T, &str)],
    default: usize,
    mode: Mode,
    ctx: &Ctx,
    f: Field,
) -> CliResult<Step<Option<T>>> {
    let shown: Vec<String> = choices
        .iter()
        .map(|(_, n)| t!(&format!("{kind}-{n}")))
        .collect();
    let list: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {s}", i + 1))
        .collect();
    loop {
        let a = step!(read(&format!(
            "{} [{}]{}: ",
            t!(prompt_id),
            list.join(", "),
            if mode == Mode::New {
                format!(
                    " ({})",
                    t!("form-enter-default", choice = shown[default].clone())
                )
            } else {
                edit_suffix(d, f, mode, ctx, false)
            }
        )));
        let a = a.trim();
        if a.is_empty() {
            return Ok(Ok(if mode == Mode::New {
                Some(choices[default].0)
            } else {
                None
            }));
        }
        if let Ok(n) = a.parse::<usize>() {
            if (1..=choices.len()).contains(&n) {
                return Ok(Ok(Some(choices[n - 1].0)));
            }
            why(t!("form-number-range", max = choices.len() as i64));
            continue;
        }
        let low = a.to_lowercase();
        if let Some(i) = (0..choices.len()).find(|&i| {
            choices[i].1.eq_ignore_ascii_case(a)
                || shown[i].to_lowercase() == low
                || (low.chars().count() >= 3 && shown[i].to_lowercase().starts_with(&low))
        }) {
            return Ok(Ok(Some(choices[i].0)));
        }
        if looks_like_prose(a) {
            keep_stray(d, a);
        } else {
            why(t!(
                "form-choice-unknown",
                answer = line(a),
                max = choices.len() as i64
            ));
        }
    }
}

/// Read lines until a line with a single `.` or Ctrl-D (which ends the text and keeps it).
/// Ctrl-C stops the form (what was typed so far is kept in the draft).
fn read_text(d: &mut Draft, prefix: String) -> CliResult<Step<String>> {
    let mut out = prefix;
    loop {
        match prompt::read_input("")? {
            Input::Line(l) if l.trim() == "." => break,
            Input::Line(l) => {
                out.push_str(&l);
                out.push('\n');
            }
            Input::Eof => break,
            Input::Interrupted => {
                let kept = out.trim_end_matches('\n').to_owned();
                if !kept.is_empty() {
                    d.narrative = Some(kept);
                }
                return Ok(Err(Stopped));
            }
        }
    }
    Ok(Ok(out.trim_end_matches('\n').to_owned()))
}

fn ask_narrative(d: &mut Draft, mode: Mode) -> CliResult<Step<()>> {
    let existing = d.narrative.clone().unwrap_or_default();
    if mode == Mode::New {
        eprintln!("{}", t!("form-prompt-narrative"));
        let prefix = if existing.is_empty() {
            String::new()
        } else {
            eprintln!("  ({})", t!("form-narrative-continues"));
            format!("{existing}\n")
        };
        let text = step!(read_text(d, prefix));
        d.narrative = Some(text);
        return Ok(Ok(()));
    }
    loop {
        let a = step!(read(&format!("{}: ", t!("form-narrative-how"))));
        match a.trim() {
            "" => return Ok(Ok(())),
            "-" => {
                d.narrative = Some(String::new());
                return Ok(Ok(()));
            }
            "+" => {
                eprintln!("{}", t!("form-prompt-narrative-append"));
                let prefix = if existing.is_empty() {
                    String::new()
                } else {
                    format!("{existing}\n")
                };
                let text = step!(read_text(d, prefix));
                d.narrative = Some(text);
                return Ok(Ok(()));
            }
            "=" => {
                eprintln!("{}", t!("form-prompt-narrative"));
                let text = step!(read_text(d, String::new()));
                d.narrative = Some(text);
                return Ok(Ok(()));
            }
            other => why(t!("form-narrative-keys", answer = line(other))),
        }
    }
}

/// What the user decided at the end of the form.
pub enum Outcome {
    Save(Box<Draft>),
    /// Not saved (the user said no, or stopped); whether a draft was kept is already said.
    NotSaved,
    Stopped,
}

/// Ask a yes/no question that insists on an answer; `why` explains each re-ask. Ctrl-C and
/// Ctrl-D are returned as Stopped.
fn ask_yes_no(question: &str) -> CliResult<Step<bool>> {
    loop {
        let a = step!(read(&format!("{question} [{}]: ", t!("form-yes-no"))));
        match prompt::yes_no(&a) {
            Answer::Yes => return Ok(Ok(true)),
            Answer::No => return Ok(Ok(false)),
            Answer::Empty => why(t!("form-enter-is-not-an-answer")),
            Answer::Ambiguous => why(t!("form-n-is-ambiguous")),
            Answer::Unclear => why(t!("form-yes-no-unclear", answer = line(&a))),
        }
    }
}

/// Offer to keep the draft in the vault. Ctrl-C/Ctrl-D at this question keeps it (nothing is
/// lost by accident).
fn offer_draft(v: &mut Vault, ctx: &Ctx, d: &Draft, draft_id: &mut Option<i64>) -> CliResult {
    let untouched = Draft {
        quick: d.quick,
        category: d.quick.then(|| "other".to_owned()),
        ..Draft::default()
    };
    // After a hang-up nothing can be shown (`eprintln!` would panic): said without it. The
    // question below is then not asked either (`read` is Stopped at once): the draft is kept.
    let say = |msg: String| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{msg}");
    };
    if *d == untouched {
        say(t!("form-nothing-typed"));
        return Ok(());
    }
    // Ctrl-C or Ctrl-D at this question keeps the draft: nothing is lost by accident. Nor by
    // a slip: discarding needs the whole word (`т` and `о`, `ж` and `д` are neighbours).
    let keep = loop {
        let a = match read(&format!(
            "{} [{}]: ",
            t!("form-keep-draft"),
            t!("form-yes-no")
        ))? {
            Ok(a) => a,
            Err(Stopped) => break true,
        };
        match prompt::yes_no(&a) {
            Answer::Yes => break true,
            Answer::No if a.trim().chars().count() > 1 => break false,
            Answer::No => why(t!("confirm-whole-word")),
            Answer::Empty => why(t!("form-enter-is-not-an-answer")),
            Answer::Ambiguous => why(t!("form-n-is-ambiguous")),
            Answer::Unclear => why(t!("form-yes-no-unclear", answer = line(&a))),
        }
    };
    if keep {
        let body = serde_json::to_string(d).map_err(|e| CliError::failure(e.to_string()))?;
        *draft_id = Some(v.db.draft_save(*draft_id, &body, &ctx.now)?);
        say(t!("form-draft-kept"));
    } else {
        if let Some(id) = draft_id.take() {
            v.db.draft_delete(id)?;
        }
        say(t!("form-draft-discarded"));
    }
    Ok(())
}

/// Fill the remaining fields of `d`, show the recap, ask to save (a field's number fixes it).
pub fn fill_and_confirm(
    ctx: &Ctx,
    v: &mut Vault,
    d: &mut Draft,
    draft_id: &mut Option<i64>,
) -> CliResult<Outcome> {
    let _catch = prompt::CatchInterrupt::new();
    let order: &[Field] = if d.quick { &QUICK } else { &FIELDS };
    for f in order {
        let unanswered = match f {
            Field::Title => d.title.is_none(),
            Field::When => d.occurred.is_none(),
            Field::Location => d.location.is_none(),
            Field::Category => d.category.is_none(),
            Field::Tags => d.tags.is_none(),
            Field::Perpetrators => d.perpetrators.is_none(),
            Field::Victims => d.victims.is_none(),
            Field::Witnesses => d.witnesses.is_none(),
            Field::Source => d.source.is_none(),
            Field::Reliability => d.reliability.is_none(),
            Field::Confidentiality => d.confidentiality.is_none(),
            // A narrative may have been started by text typed at a choice prompt.
            Field::Narrative => true,
        };
        if !unanswered {
            continue;
        }
        if let Err(Stopped) = ask_field(ctx, &v.db, d, *f, Mode::New)? {
            offer_draft(v, ctx, d, draft_id)?;
            return Ok(Outcome::Stopped);
        }
    }
    let mut show = true;
    loop {
        if std::mem::take(&mut show) {
            recap(d, ctx);
        }
        let a = match read(&format!(
            "{} [{}]: ",
            t!("form-confirm-save"),
            t!("form-save-keys", max = FIELDS.len() as i64)
        ))? {
            Ok(a) => a,
            Err(Stopped) => {
                offer_draft(v, ctx, d, draft_id)?;
                return Ok(Outcome::Stopped);
            }
        };
        if let Ok(n) = a.trim().parse::<usize>() {
            if (1..=FIELDS.len()).contains(&n) {
                if let Err(Stopped) = ask_field(ctx, &v.db, d, FIELDS[n - 1], Mode::Edit)? {
                    offer_draft(v, ctx, d, draft_id)?;
                    return Ok(Outcome::Stopped);
                }
                show = true;
                continue;
            }
            why(t!("form-number-range", max = FIELDS.len() as i64));
            continue;
        }
        match prompt::yes_no(&a) {
            Answer::Yes => return Ok(Outcome::Save(Box::new(d.clone()))),
            Answer::No => {
                offer_draft(v, ctx, d, draft_id)?;
                return Ok(Outcome::NotSaved);
            }
            Answer::Empty => why(t!("form-enter-is-not-an-answer")),
            Answer::Ambiguous => why(t!("form-n-is-ambiguous")),
            Answer::Unclear => why(t!("form-yes-no-unclear", answer = line(&a))),
        }
    }
}

/// The error for a form stopped with Ctrl-C or Ctrl-D (exit 130); what happened to the
/// typed text has been said already.
pub fn stopped() -> CliError {
    CliError::new(Exit::Interrupted, t!("form-stopped"))
}

/// Offer the newest kept draft. Returns it (and its id) if the user wants to continue it.
pub fn offer_resume(ctx: &Ctx, v: &Vault) -> CliResult<Option<(i64, Draft)>> {
    let drafts = v.db.drafts()?;
    let Some(last) = drafts.last() else {
        return Ok(None);
    };
    let Ok(d) = serde_json::from_str::<Draft>(&last.body) else {
        return Ok(None);
    };
    let _catch = prompt::CatchInterrupt::new();
    eprintln!(
        "{}",
        t!(
            "form-draft-found",
            count = drafts.len() as i64,
            when = render::recorded_str(&last.updated, i18n::lang(), ctx.now.time_zone()),
            title = d.title.as_deref().map(|t| short(t, 60)).unwrap_or_default()
        )
    );
    match ask_yes_no(&t!("form-resume-draft"))? {
        Ok(true) => Ok(Some((last.id, d))),
        Ok(false) => {
            eprintln!("{}", t!("form-draft-stays"));
            Ok(None)
        }
        Err(Stopped) => Err(stopped()),
    }
}

impl Draft {
    /// The incident to add.
    pub fn to_input(&self) -> IncidentInput {
        IncidentInput {
            title: self.title.clone(),
            occurred: self.occurred.clone().map(OccurredInput::Full),
            location: self.location.clone().map(LocationInput::Text),
            category: Some(self.category.clone().unwrap_or_else(|| "other".into())),
            tags: self.tags.clone(),
            narrative: self.narrative.clone(),
            perpetrators: self
                .perpetrators
                .clone()
                .map(|v| v.into_iter().map(PerpetratorInput::Text).collect()),
            victims: self.victims.clone(),
            witnesses: self.witnesses.clone(),
            source: self.source.clone(),
            reliability: self.reliability,
            confidentiality: self.confidentiality,
        }
    }

    /// The form's view of an existing incident (for `amend`).
    pub fn from_incident(i: &incident::Incident) -> Draft {
        Draft {
            quick: false,
            title: Some(i.title.clone()),
            occurred: Some(i.occurred.clone()),
            location: Some(i.location.text.clone()),
            category: Some(i.category.clone()),
            tags: Some(i.tags.clone()),
            perpetrators: Some(
                i.perpetrators
                    .iter()
                    .map(|p| {
                        let mut parts = vec![p.description.clone()];
                        if !p.agency.is_empty() {
                            parts.push(p.agency.clone());
                        }
                        parts.extend(p.vehicles.iter().cloned());
                        parts.retain(|s| !s.is_empty());
                        parts.join(", ")
                    })
                    .collect(),
            ),
            victims: Some(i.victims.clone()),
            witnesses: Some(i.witnesses.clone()),
            source: Some(i.source.clone()),
            reliability: Some(i.reliability),
            confidentiality: Some(i.confidentiality),
            narrative: Some(i.narrative.clone()),
        }
    }
}

/// `amend` on a terminal: the numbered fields of the incident; a number changes that field
/// (Enter keeps, `-` clears; the narrative can be appended to); yes saves the changes.
/// Returns only the fields that changed (perpetrators kept as they were unless edited).
pub fn amend_form(ctx: &Ctx, v: &mut Vault, id: &str) -> CliResult<Option<IncidentInput>> {
    let cur = v.db.get(id)?;
    let orig = Draft::from_incident(&cur);
    let mut d = orig.clone();
    let _catch = prompt::CatchInterrupt::new();
    eprintln!("{}", t!("form-amend-intro"));
    let mut show = true;
    loop {
        if std::mem::take(&mut show) {
            recap(&d, ctx);
        }
        let a = match read(&format!(
            "{} [{}]: ",
            t!("form-amend-which"),
            t!("form-save-keys", max = FIELDS.len() as i64)
        ))? {
            Ok(a) => a,
            Err(Stopped) => return Err(stopped()),
        };
        if let Ok(n) = a.trim().parse::<usize>() {
            if (1..=FIELDS.len()).contains(&n) {
                if let Err(Stopped) = ask_field(ctx, &v.db, &mut d, FIELDS[n - 1], Mode::Edit)? {
                    return Err(stopped());
                }
                show = true;
                continue;
            }
            why(t!("form-number-range", max = FIELDS.len() as i64));
            continue;
        }
        match prompt::yes_no(&a) {
            Answer::Yes => break,
            Answer::No => return Ok(None),
            Answer::Empty => why(t!("form-enter-is-not-an-answer")),
            Answer::Ambiguous => why(t!("form-n-is-ambiguous")),
            Answer::Unclear => why(t!("form-yes-no-unclear", answer = line(&a))),
        }
    }
    let full = d.to_input();
    let o = orig.to_input();
    Ok(Some(IncidentInput {
        title: if full.title != o.title {
            full.title
        } else {
            None
        },
        occurred: if d.occurred != orig.occurred {
            full.occurred
        } else {
            None
        },
        location: if d.location != orig.location {
            full.location
        } else {
            None
        },
        category: if d.category != orig.category {
            full.category
        } else {
            None
        },
        tags: if d.tags != orig.tags { full.tags } else { None },
        narrative: if d.narrative != orig.narrative {
            full.narrative
        } else {
            None
        },
        perpetrators: if d.perpetrators != orig.perpetrators {
            full.perpetrators
        } else {
            None
        },
        victims: if d.victims != orig.victims {
            full.victims
        } else {
            None
        },
        witnesses: if d.witnesses != orig.witnesses {
            full.witnesses
        } else {
            None
        },
        source: if d.source != orig.source {
            full.source
        } else {
            None
        },
        reliability: if d.reliability != orig.reliability {
            full.reliability
        } else {
            None
        },
        confidentiality: if d.confidentiality != orig.confidentiality {
            full.confidentiality
        } else {
            None
        },
    }))
}
