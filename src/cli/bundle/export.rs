//! `sandyk export`: a signed, encrypted evidence bundle.

use super::*;
use crate::t;

/// Resolve `--to` values (contacts need the vault) and `--to-file` files.
fn literal_recipients(a: &ExportArgs) -> CliResult<Vec<(Recipient, Option<String>)>> {
    let mut out = vec![];
    for to in &a.to {
        if recipient::looks_like_recipient(to) {
            out.push((recipient::parse(to)?, None));
        }
    }
    for p in &a.to_file {
        let mut text = String::new();
        open_input(p)?
            .take(limits::KEY_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|_| CliError::usage(t!("err-not-utf8")))?;
        if text.len() as u64 > limits::KEY_FILE {
            return Err(CliError::usage(t!("err-bundle-recipients-file-large")));
        }
        for r in recipient::parse_file(&text)? {
            out.push((r, None));
        }
    }
    Ok(out)
}

fn bad_choice(raw: &str) -> CliError {
    CliError::usage(t!("err-export-attachment-choice", value = line(raw)))
        .hint(t!("hint-export-attachment-choice"))
}

/// `--attachment` and `--attachments` (checked before the vault is opened).
fn parse_choices(a: &ExportArgs) -> CliResult<AttachmentChoices> {
    let mut c = if a.originals {
        AttachmentChoices::originals()
    } else {
        AttachmentChoices::default()
    };
    if let Some(d) = &a.attachments {
        c.default = Some(SendAs::parse(d).ok_or_else(|| bad_choice(d))?);
    }
    for raw in &a.attachment {
        let (target, how) = raw.rsplit_once('=').ok_or_else(|| bad_choice(raw))?;
        let how = SendAs::parse(how).ok_or_else(|| bad_choice(raw))?;
        match target.trim().split_once('/') {
            Some((id, n)) => {
                let n: u32 = n
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| bad_choice(raw))?;
                if id.trim().is_empty() {
                    return Err(bad_choice(raw));
                }
                c.each.insert((Db::normalise_id(id.trim()), n), how);
            }
            None if !target.trim().is_empty() => {
                c.incident.insert(Db::normalise_id(target.trim()), how);
            }
            None => return Err(bad_choice(raw)),
        }
    }
    Ok(c)
}

/// The selected incidents' attachments, when they are needed (choices to check, or a
/// terminal to ask on).
fn selected_attachments(db: &Db, ids: &[String]) -> CliResult<Vec<AttachmentRow>> {
    let mut rows = vec![];
    for id in ids {
        rows.extend(db.attachments(id)?);
    }
    Ok(rows)
}

/// Every `ID/N` and `ID` named must be among the exported attachments: a typo must not
/// send an original the user meant to leave out.
fn check_choices(c: &AttachmentChoices, ids: &[String], rows: &[AttachmentRow]) -> CliResult {
    for (id, n) in c.each.keys() {
        if !rows.iter().any(|r| &r.incident_id == id && r.n == *n) {
            return Err(CliError::usage(t!(
                "err-export-attachment-unknown",
                reference = line(&format!("{id}/{n}"))
            ))
            .hint(t!("hint-export-attachment-unknown")));
        }
    }
    for id in c.incident.keys() {
        if !ids.contains(id) {
            return Err(
                CliError::usage(t!("err-export-attachment-unknown", reference = line(id)))
                    .hint(t!("hint-export-attachment-unknown")),
            );
        }
    }
    Ok(())
}

/// On a terminal: each attachment without a choice, with what its metadata reveals, and
/// the question how it leaves. Enter takes the working copy where there is one; a file
/// that has none must be answered (original or leave out).
fn ask_choices(c: &mut AttachmentChoices, rows: &[AttachmentRow]) -> CliResult {
    use crate::cli::attach::{reveal_lines, working_line};
    use crate::cli::prompt::{read_input, CatchInterrupt, Input};
    let open: Vec<&AttachmentRow> = rows
        .iter()
        .filter(|r| c.get(&r.incident_id, r.n).is_none())
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    eprintln!("{}", t!("export-att-intro", count = open.len() as i64));
    let _catch = CatchInterrupt::new();
    for row in open {
        eprintln!();
        eprintln!(
            "{}  {}  {}  {}",
            row.reference(),
            line(&row.name),
            row.media_type,
            sandyk::attach::human_size(row.size)
        );
        for l in reveal_lines(&row.reveals, &row.media_type) {
            eprintln!("    {l}");
        }
        eprintln!(
            "    {}",
            working_line(
                &row.reveals,
                &row.media_type,
                row.working_sha256.as_deref(),
                row.working_size
            )
        );
        let has_working = row.working_sha256.is_some();
        let question = if has_working {
            t!("export-att-ask")
        } else {
            t!("export-att-ask-no-working")
        };
        let how = loop {
            let answer = match read_input(&format!("{question} "))? {
                Input::Line(l) => l,
                Input::Eof | Input::Interrupted => return Err(crate::cli::prompt::interrupted()),
            };
            match (answer.trim(), has_working) {
                ("" | "1", true) => break SendAs::Working,
                ("2", _) => break SendAs::Original,
                ("3", _) => break SendAs::Omit,
                ("" | "1", false) => eprintln!("{}", t!("export-att-no-working-reason")),
                _ => eprintln!("{}", t!("export-att-unclear")),
            }
        };
        c.each.insert((row.incident_id.clone(), row.n), how);
    }
    eprintln!();
    Ok(())
}

fn has_selection(a: &ExportArgs) -> bool {
    let f = &a.filter;
    a.all
        || !a.ids.is_empty()
        || f.since.is_some()
        || f.until.is_some()
        || f.category.is_some()
        || f.tag.is_some()
        || a.search.is_some()
}

pub fn export(ctx: &mut Ctx, a: ExportArgs) -> CliResult {
    // Everything that can be checked without the vault, first.
    if !has_selection(&a) {
        return Err(
            CliError::usage(t!("err-bundle-no-selection")).hint(t!("hint-bundle-selection"))
        );
    }
    if a.with_passphrase && (!a.to.is_empty() || !a.to_file.is_empty()) {
        return Err(CliError::usage(t!("err-bundle-passphrase-mixed"))
            .hint(t!("hint-bundle-passphrase-mixed")));
    }
    if !a.with_passphrase && a.to.is_empty() && a.to_file.is_empty() {
        return Err(
            CliError::usage(t!("err-bundle-no-recipient")).hint(t!("hint-bundle-recipient"))
        );
    }
    let mut choices = parse_choices(&a)?;
    let to_stdout = a.output.as_os_str() == "-";
    if to_stdout && io::stdout().is_terminal() {
        return Err(CliError::usage(t!("err-bundle-terminal")).hint(t!("hint-bundle-terminal")));
    }
    if !to_stdout {
        output::check_output_path(&a.output, false)?;
    }
    if !to_stdout && fs::symlink_metadata(&a.output).is_ok() {
        return Err(exists_error(&a.output));
    }
    let mut filter = incidents::resolve_filter(ctx, &a.filter)?;
    filter.query = a.search.clone();
    filter.ids = a.ids.clone();
    if let Some(q) = &filter.query {
        if q.trim().is_empty() {
            return Err(CliError::usage(t!("err-empty-query")));
        }
    }
    if a.by
        .as_deref()
        .is_some_and(|b| b.len() > sandyk::bundle::manifest::MAX_STATEMENT_BY)
    {
        return Err(CliError::usage(t!(
            "err-export-statement-by-long",
            max = sandyk::bundle::manifest::MAX_STATEMENT_BY as i64
        ))
        .hint(t!("hint-statement-by")));
    }
    let statement = if a.statement {
        Some(crate::cli::report::read_statement(a.by.clone())?)
    } else {
        None
    };
    let mut recipients = literal_recipients(&a)?;
    // The generated passphrase is shown on the terminal only: make sure there is one.
    let mut tty = if a.with_passphrase {
        Some(
            OpenOptions::new()
                .write(true)
                .open("/dev/tty")
                .map_err(|_| {
                    CliError::usage(t!("err-bundle-passphrase-terminal"))
                        .hint(t!("hint-bundle-passphrase-terminal"))
                })?,
        )
    } else {
        None
    };

    let mut v = ctx.open()?;
    incidents::category::check_filter(&v.db, &mut filter)?;
    for to in &a.to {
        if !recipient::looks_like_recipient(to) {
            let c = v.db.contact_get(to)?.ok_or_else(|| {
                CliError::new(
                    Exit::NotFound,
                    t!("err-bundle-contact-unknown", name = line(to)),
                )
                .hint(t!("hint-bundle-contact-list"))
            })?;
            let Some(rc) = &c.recipient else {
                return Err(
                    CliError::usage(t!("err-contact-no-recipient", name = line(to)))
                        .hint(t!("hint-contact-needs-recipient")),
                );
            };
            let r = recipient::parse(rc)?;
            recipients.push((r, Some(c.name)));
        }
    }
    if recipients.len() > limits::RECIPIENTS {
        return Err(
            BundleError::Recipient(sandyk::agekeys::RecipientError::TooMany(limits::RECIPIENTS))
                .into(),
        );
    }
    // Explicit ids must exist and not be deleted.
    for id in &a.ids {
        v.db.get(id)?;
    }
    let ids = v.db.select_ids(&filter)?;
    if ids.is_empty() {
        return Err(BundleError::EmptySelection.into());
    }
    let ask = crate::cli::prompt::stdin_is_tty() && io::stderr().is_terminal();
    if ask || !choices.each.is_empty() || !choices.incident.is_empty() {
        let rows = selected_attachments(&v.db, &ids)?;
        check_choices(&choices, &ids, &rows)?;
        if ask {
            ask_choices(&mut choices, &rows)?;
        }
    }

    // The bundle's passphrase is typed by the recipient (a lawyer, maybe abroad, maybe
    // without a Cyrillic layout) into `age -d`: always the English list (90.5 bits).
    let passphrase = a.with_passphrase.then(|| {
        let (list, n) = crate::cli::prompt::word_list(sandyk::i18n::Lang::En);
        crate::cli::prompt::generate_words(list, n)
    });
    let recipients_log: serde_json::Value = if a.with_passphrase {
        serde_json::json!([{ "kind": RecipientKind::Passphrase.as_str() }])
    } else {
        serde_json::Value::Array(
            recipients
                .iter()
                .map(|(r, c)| {
                    let mut o = serde_json::json!({ "kind": r.kind.as_str(), "fingerprint": r.fingerprint() });
                    if let Some(c) = c {
                        o["contact"] = serde_json::Value::String(c.clone());
                    }
                    o
                })
                .collect(),
        )
    };
    let encryption = match &passphrase {
        Some(words) => Encryption::Passphrase(SecretString::from(words.to_string())),
        None => Encryption::Recipients(recipients.into_iter().map(|(r, _)| r).collect()),
    };
    let bundle_name = if to_stdout {
        "BUNDLE.age".to_owned()
    } else {
        a.output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "BUNDLE.age".into())
    };
    let created = ctx.now.timestamp();
    let req = ExportRequest {
        ids: ids.clone(),
        created,
        bundle_name,
        encryption,
        armor: a.armor,
        extra: vec![],
        attachments: choices,
        lang: crate::cli::i18n::lang(),
        tz: ctx.now.time_zone().clone(),
        statement,
    };
    let mut bar = Bar::new();

    let summary = if to_stdout {
        let out = io::stdout();
        let (mut out, s) = writer::export(&v.db, req, out, &mut bar)?;
        out.flush()?;
        crate::cli::signals::block_termination_signals();
        s
    } else {
        let mut out =
            Output::create(&a.output, OutputMode::CreateNew).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => exists_error(&a.output),
                _ => io_error(&e),
            })?;
        let (_, s) = writer::export(&v.db, req, out.file(), &mut bar)?;
        fail::fail_point!("bundle-before-commit", |_| Err(CliError::failure(
            "failpoint"
        )));
        // From here the file exists: finish recording it rather than die in between.
        crate::cli::signals::block_termination_signals();
        out.commit().map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => exists_error(&a.output),
            _ => io_error(&e),
        })?;
        s
    };
    let m = &summary.manifest;
    let details = serde_json::json!({
        "format_version": m.version,
        "signer": m.signer,
        "bytes": summary.bundle_bytes,
        "armor": a.armor,
        "output": if to_stdout { "-".to_owned() } else { a.output.display().to_string() },
        "files": m.files.len() + 2,
        "attachments_sent": m.attachments.len(),
        "attachments_left_out": m.left_out.len(),
    });
    // The log never misses a bundle that exists: if recording fails, it is removed again.
    let sha = export_log::record(&mut v.db, &summary, &ids, &recipients_log, &details, || {
        if !to_stdout {
            let _ = fsio::remove_committed(&a.output);
        }
    })
    .map_err(|e| CliError::from(e).hint(t!("hint-bundle-not-written")))?;
    eprintln!(
        "{}",
        t!(
            "bundle-written",
            path = if to_stdout {
                "-".to_owned()
            } else {
                line(&a.output.display().to_string())
            },
            count = ids.len() as i64,
            bytes = output::size(summary.bundle_bytes)
        )
    );
    if !m.left_out.is_empty() {
        eprintln!(
            "{}",
            t!("bundle-left-out-written", count = m.left_out.len() as i64)
        );
    }
    eprintln!("{}", t!("bundle-signed-by", signer = m.signer.clone()));
    eprintln!("{}", t!("bundle-sha256", sha = sha));
    if let (Some(words), Some(tty)) = (&passphrase, tty.as_mut()) {
        writeln!(
            tty,
            "\n{}\n\n    {}\n",
            t!("bundle-passphrase-intro"),
            &**words
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------- log
