//! `sandyk attachment extract`.

use super::*;
use crate::cli::error::store_error;
use crate::t;
use sandyk::vault::db::attachments::AttachmentError;
use sandyk::vault::store::{self, StoreError};

pub fn attachment(ctx: &mut Ctx, c: AttachmentCmd) -> CliResult {
    match c {
        AttachmentCmd::Extract(a) => extract(ctx, a),
        AttachmentCmd::Delete(a) => super::delete::delete(ctx, a),
    }
}

enum Sink {
    File(OutFile),
    Stdout(io::Stdout),
}

fn extract(ctx: &mut Ctx, a: ExtractArgs) -> CliResult {
    let (id, n) = attach::parse_ref(&a.attachment).map_err(attach_error)?;
    let variant = if a.original {
        Variant::Original
    } else {
        Variant::Working
    };
    let to_stdout = a.output.as_os_str() == "-";
    if to_stdout && io::stdout().is_terminal() {
        return Err(CliError::usage(t!("err-attach-terminal")).hint(t!("hint-attach-output")));
    }
    // Checked before unlocking, so a mistake costs no passphrase.
    let mut sink = if to_stdout {
        Sink::Stdout(io::stdout())
    } else {
        Sink::File(OutFile::create(&a.output, a.force).map_err(attach_error)?)
    };
    let v = ctx.open()?;
    let reference = format!("{}/{n}", sandyk::vault::db::Db::normalise_id(&id));
    let mut rd = v
        .db
        .attachment_reader(&id, n, variant)
        .map_err(|e| match e {
            AttachmentError::Attach(AttachError::NoWorkingCopy(r)) => {
                let why =
                    v.db.attachments(&id)
                        .ok()
                        .and_then(|rows| rows.into_iter().find(|x| x.n == n))
                        .map(|row| match row.reveals.working {
                            Working::Unreadable
                                if row.reveals.problem
                                    == Some(sandyk::attach::metadata::ImageProblem::NotClean) =>
                            {
                                t!("attach-why-not-clean")
                            }
                            Working::Unreadable => {
                                t!("attach-why-unreadable", media_type = row.media_type)
                            }
                            _ => t!("attach-why-unsupported", media_type = row.media_type),
                        })
                        .unwrap_or_default();
                CliError::failure(t!(
                    "err-attach-no-working-why",
                    reference = r.clone(),
                    why = why
                ))
                .hint(t!("hint-attach-original", reference = r))
            }
            e => attach_error(e),
        })?;
    let mut buf = zeroize::Zeroizing::new(vec![0u8; 256 * 1024]);
    let out_name = a.output.display().to_string();
    loop {
        let k = match rd.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                // A chunk that fails authentication (the store), or the hash at the end.
                return Err(match store::tampered_chunk(&e) {
                    Some(chunk) => store_error(&reference, StoreError::Tampered { chunk }),
                    None => attach_error(AttachError::HashMismatch(reference)),
                });
            }
            // A database read failure: the chunk reader reports it this way.
            Err(_) => return Err(sandyk::vault::db::DbError::Damaged.into()),
        };
        let w = match &mut sink {
            Sink::File(f) => f.write_all(&buf[..k]),
            Sink::Stdout(s) => s.write_all(&buf[..k]),
        };
        w.map_err(|e| {
            attach_error(AttachError::Write {
                path: out_name.clone(),
                source: e,
            })
        })?;
    }
    if !rd.verified() {
        return Err(attach_error(AttachError::HashMismatch(reference)));
    }
    match sink {
        Sink::File(f) => f.commit().map_err(attach_error)?,
        Sink::Stdout(mut s) => s.flush()?,
    }
    let which = match variant {
        Variant::Original => t!("attach-copy-original"),
        Variant::Working => t!("attach-copy-working"),
    };
    eprintln!(
        "{}",
        t!(
            "attach-extracted",
            reference = reference,
            which = which,
            path = line(&out_name),
            size = human_size(rd.size),
            sha256 = rd.sha256.clone()
        )
    );
    Ok(())
}
