//! Localised `--help` and man pages.
//!
//! English help comes from the doc comments (clap derive). For other languages every command
//! and argument takes its text from the catalog: the key of a command is `help` followed by
//! its path (`help-passphrase-change`), the key of an argument is the command's key, `--` and
//! the argument id (`help-list--since`). [`help_keys`] lists every key the command tree needs;
//! a test checks each catalog has them all.

use clap::{Arg, ArgAction, Command};

use crate::cli::i18n::{tr_in, Lang};

fn key_for(path: &str) -> String {
    if path.is_empty() {
        "help".to_owned()
    } else {
        format!("help-{path}")
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}-{name}")
    }
}

fn is_builtin(id: &str) -> bool {
    id == "help" || id == "version"
}

/// Every help key the command tree needs in a non-English catalog.
#[cfg(test)]
pub fn help_keys(cmd: &Command) -> Vec<String> {
    fn walk(cmd: &Command, path: &str, out: &mut Vec<String>) {
        let key = key_for(path);
        out.push(key.clone());
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if is_builtin(id) || (a.is_global_set() && !path.is_empty()) {
                continue;
            }
            out.push(format!("{key}--{id}"));
        }
        for s in cmd.get_subcommands() {
            walk(s, &join(path, s.get_name()), out);
        }
    }
    let mut out = vec![];
    walk(cmd, "", &mut out);
    out.extend(
        [
            "help-heading-usage",
            "help-heading-options",
            "help-heading-arguments",
            "help-heading-commands",
            "help-flag-help",
            "help-flag-version",
            "help-label-default",
            "help-label-values",
            "help-label-env",
        ]
        .map(String::from),
    );
    out
}

/// `[default: …] [possible values: …] [env: …]` with translated labels, for what clap would
/// show of `a` (nothing unless all three labels are translated).
fn value_notes(a: &Arg, labels: (Option<String>, Option<String>, Option<String>)) -> String {
    let (Some(default), Some(values), Some(env)) = labels else {
        return String::new();
    };
    let mut notes = vec![];
    if a.get_action().takes_values() {
        let d: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !d.is_empty() && !a.is_hide_default_value_set() {
            notes.push(format!("[{default}: {}]", d.join(", ")));
        }
        let pv: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !pv.is_empty() && !a.is_hide_possible_values_set() {
            notes.push(format!("[{values}: {}]", pv.join(", ")));
        }
    }
    if let Some(e) = a.get_env() {
        if !a.is_hide_env_set() {
            notes.push(format!("[{env}: {}]", e.to_string_lossy()));
        }
    }
    notes.join(" ")
}

fn localize(mut cmd: Command, path: &str, lang: Lang, root: bool) -> Command {
    let t = |k: &str| tr_in(lang, k, &[]);
    let key = key_for(path);
    if let Some(s) = t(&key) {
        cmd = cmd.about(s.clone()).long_about(s);
    }
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().as_str().to_owned(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        if is_builtin(&id) {
            continue;
        }
        let help = t(&format!("{key}--{id}"));
        let heading = t(if positional {
            "help-heading-arguments"
        } else {
            "help-heading-options"
        });
        let labels = (
            t("help-label-default"),
            t("help-label-values"),
            t("help-label-env"),
        );
        cmd = cmd.mut_arg(&id, |mut a| {
            if let Some(h) = help {
                // clap writes "[default: …]", "[possible values: …]" and "[env: …]" in English:
                // hide them and append the same facts with translated labels.
                let notes = value_notes(&a, labels.clone());
                let h = if notes.is_empty() {
                    h
                } else {
                    format!("{h} {notes}")
                };
                if let (Some(_), Some(_), Some(_)) = labels {
                    a = a.hide_env(true);
                    if a.get_action().takes_values() {
                        a = a.hide_default_value(true).hide_possible_values(true);
                    }
                }
                a = a.help(h.clone()).long_help(h);
            }
            match heading {
                Some(h) => a.help_heading(h),
                None => a,
            }
        });
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t("help-flag-help").unwrap_or_default())
                .help_heading(t("help-heading-options").unwrap_or_else(|| "Options".into())),
        )
        .help_template(format!(
            "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            t("help-heading-usage").unwrap_or_else(|| "Usage".into())
        ));
    if let Some(h) = t("help-heading-commands") {
        cmd = cmd.subcommand_help_heading(h);
    }
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t("help-flag-version").unwrap_or_default())
                .help_heading(t("help-heading-options").unwrap_or_else(|| "Options".into())),
        );
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        let p = join(path, &name);
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &p, lang, false));
    }
    cmd
}

/// The command definition in `lang`.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    let cmd = cmd.disable_help_subcommand(true);
    if lang == Lang::En {
        return cmd;
    }
    localize(cmd, "", lang, true)
}

/// A command-line error in `lang` (clap's own messages are English): the message, a
/// suggestion if clap has one, and where to look. `None` for English, and for what is not an
/// error message (help shown because a command is missing), which clap prints itself.
pub fn error_message(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind as K, ErrorKind as E};
    if lang == Lang::En {
        return None;
    }
    let ctx = |k: K| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = ctx(K::InvalidArg);
    let t = |id: &str, args: &[(&str, String)]| {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        tr_in(lang, id, &args)
    };
    let message = match e.kind() {
        E::UnknownArgument => t("err-usage-unknown-argument", &[("arg", arg)]),
        E::InvalidSubcommand => t(
            "err-usage-unknown-command",
            &[("arg", ctx(K::InvalidSubcommand))],
        ),
        E::InvalidValue | E::ValueValidation => t(
            "err-usage-invalid-value",
            &[("value", ctx(K::InvalidValue)), ("arg", arg)],
        ),
        E::MissingRequiredArgument => t("err-usage-missing", &[("arg", arg)]),
        E::MissingSubcommand => t("err-usage-missing-command", &[]),
        E::ArgumentConflict => t(
            "err-usage-conflict",
            &[("arg", arg), ("other", ctx(K::PriorArg))],
        ),
        E::NoEquals | E::TooManyValues | E::TooFewValues | E::WrongNumberOfValues => {
            t("err-usage-values", &[("arg", arg)])
        }
        E::DisplayHelp | E::DisplayVersion | E::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None
        }
        _ => t("err-usage-other", &[]),
    }?;
    let mut out = format!("sandyk: {}: {message}\n", t("error", &[])?);
    let hint = t("hint", &[])?;
    let suggested = [K::SuggestedArg, K::SuggestedSubcommand, K::SuggestedValue]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out += &format!(
            "{hint}: {}\n",
            t("hint-usage-suggest", &[("suggestion", s)])?
        );
    }
    let valid = ctx(K::ValidValue);
    if !valid.is_empty() && matches!(e.kind(), E::InvalidValue) {
        out += &format!(
            "{hint}: {}\n",
            t("hint-usage-values", &[("values", valid)])?
        );
    }
    // "Usage: sandyk passphrase add [OPTIONS] --label <LABEL>" → "sandyk passphrase add".
    let usage = ctx(K::Usage);
    let command: Vec<&str> = usage
        .split_whitespace()
        .skip_while(|w| *w != "sandyk")
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    let command = if command.is_empty() {
        "sandyk".to_owned()
    } else {
        command.join(" ")
    };
    out += &format!(
        "{hint}: {}\n",
        t("hint-usage-help", &[("command", command)])?
    );
    Some(out)
}

/// `sandyk help CMD…` means `sandyk CMD… --help` (clap's own help subcommand cannot be
/// translated, so it is replaced by this rewrite).
pub fn rewrite_help_subcommand(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    // The first word that is not an option or the value of a global option (`--lang ru`).
    const TAKES_VALUE: [&str; 3] = ["--vault", "--passphrase-fd", "--lang"];
    let mut pos = None;
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if TAKES_VALUE.contains(&a.as_ref()) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            pos = Some(i);
            break;
        }
        i += 1;
    }
    match pos {
        Some(p) if args[p] == "help" => {
            let mut out: Vec<_> = args[..p].to_vec();
            out.extend(args[p + 1..].iter().cloned());
            out.push("--help".into());
            out
        }
        // Bare `sandyk` (perhaps with global options): the commands, as `--help` shows them.
        None if !args
            .iter()
            .skip(1)
            .any(|a| matches!(a.to_str(), Some("--help" | "-h" | "--version" | "-V"))) =>
        {
            let mut out = args;
            out.push("--help".into());
            out
        }
        _ => args,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cover_commands_and_arguments() {
        let keys = help_keys(&super::super::command());
        for k in [
            "help",
            "help--vault",
            "help-list",
            "help-list--since",
            "help-passphrase-change",
        ] {
            assert!(keys.contains(&k.to_owned()), "{k} missing from {keys:?}");
        }
        assert!(
            !keys.contains(&"help-list--vault".to_owned()),
            "globals are keyed once"
        );
    }

    #[test]
    fn command_line_errors_are_translated() {
        let err = |lang: Lang, args: &[&str]| {
            let e = localized(super::super::command(), lang)
                .try_get_matches_from(args)
                .unwrap_err();
            error_message(&e, lang)
        };
        let ru = err(Lang::Ru, &["sandyk", "list", "--jsn"]).unwrap();
        assert!(
            ru.starts_with("sandyk: ошибка: неизвестный параметр «--jsn»\n"),
            "{ru}"
        );
        assert!(
            ru.contains("подсказка: может быть, вы имели в виду «--json»?"),
            "{ru}"
        );
        assert!(
            ru.ends_with("подсказка: справка: sandyk list --help\n"),
            "{ru}"
        );
        let ky = err(Lang::Ky, &["sandyk", "--lang", "ky", "lst"]).unwrap();
        assert!(
            ky.contains("белгисиз буйрук: «lst»") && ky.contains("«list»"),
            "{ky}"
        );
        let ky = err(Lang::Ky, &["sandyk", "passphrase", "add"]).unwrap();
        assert!(
            ky.contains("--label") && ky.contains("sandyk passphrase add --help"),
            "{ky}"
        );
        let ru = err(Lang::Ru, &["sandyk", "completions", "cmd"]).unwrap();
        assert!(ru.contains("«cmd»") && ru.contains("bash"), "{ru}");
        assert!(
            err(Lang::En, &["sandyk", "list", "--jsn"]).is_none(),
            "English stays clap's"
        );
        assert!(
            err(Lang::Ru, &["sandyk"]).is_none(),
            "help for a missing command stays help"
        );
    }

    #[test]
    fn help_rewrite() {
        let v = |s: &[&str]| s.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk", "help", "list"])),
            v(&["sandyk", "list", "--help"])
        );
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk", "--lang", "ru", "list"])),
            v(&["sandyk", "--lang", "ru", "list"])
        );
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk", "--lang", "ru", "help", "list"])),
            v(&["sandyk", "--lang", "ru", "list", "--help"])
        );
        // Bare `sandyk` shows the commands.
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk"])),
            v(&["sandyk", "--help"])
        );
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk", "--lang", "ky"])),
            v(&["sandyk", "--lang", "ky", "--help"])
        );
        assert_eq!(
            rewrite_help_subcommand(v(&["sandyk", "--version"])),
            v(&["sandyk", "--version"])
        );
    }
}
