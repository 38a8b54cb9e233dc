//! Attachment commands: `attach`, `attachments`, `attachment extract`, and `add --attach`.

mod attach_cmd;
mod attachments;
mod delete;
mod extract;

pub use attach_cmd::attach;
pub use attachments::attachments;
pub use extract::attachment;

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::error::{attach_error, CliError, CliResult};
use super::output::{self, line};
use super::Ctx;
use crate::t;
use sandyk::attach::intake::Source;
use sandyk::attach::metadata::{Examined, Reveals, Working};
use sandyk::attach::outfile::OutFile;
use sandyk::attach::{self, AttachError, Variant};

/// A size in the reader's language ("41 байт", "1,4 КиБ").
pub(crate) fn human_size(n: u64) -> String {
    crate::cli::output::size(n)
}
use sandyk::vault::attachments::{Attached, AttachmentRow};
use sandyk::vault::Vault;

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// Incident id.
    pub id: String,
    /// Files to attach: any type, any size. Each is stored whole and encrypted inside the
    /// vault; for JPEG, PNG, WebP, PDF, MP4/MOV/M4A, MP3 and Ogg a working copy without
    /// identifying metadata is made (plain text is its own working copy).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AttachmentsArgs {
    /// Incident id.
    pub id: String,
    /// Print JSON: name, size, SHA-256 of the original, type, working copy, and what the
    /// metadata reveals.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCmd {
    /// Write one attachment to a file: the metadata-free working copy by default, the
    /// untouched original with --original. Never to a terminal; never over an existing
    /// file without --force.
    Extract(ExtractArgs),
    /// Delete one attachment: its key is destroyed and its stored bytes removed (original
    /// and working copy); the incident stays, with a revision saying the attachment went.
    /// Asks for confirmation with a whole word (or --yes).
    Delete(DeleteAttachmentArgs),
}

#[derive(Debug, Args)]
pub struct DeleteAttachmentArgs {
    /// The attachment: incident id, a slash, its number (as `sandyk attachments ID` shows).
    #[arg(value_name = "ID/N")]
    pub attachment: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The attachment: incident id, a slash, its number (as `sandyk attachments ID` shows).
    #[arg(value_name = "ID/N")]
    pub attachment: String,
    /// The file to write (`-`: standard output, if it is not a terminal).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Write the untouched original, with all its metadata (GPS position, device serial
    /// number, …), instead of the working copy.
    #[arg(long)]
    pub original: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Open the files to attach (before the vault is unlocked, so mistakes show at once).
pub fn open_sources(files: &[PathBuf]) -> CliResult<Vec<Source>> {
    files
        .iter()
        .map(|f| Source::open(f).map_err(attach_error))
        .collect()
}

/// Take files into an incident of an open vault and report what they reveal.
pub fn attach_into(ctx: &Ctx, v: &mut Vault, id: &str, sources: Vec<Source>) -> CliResult {
    if sources.is_empty() {
        return Ok(());
    }
    let total: u64 = sources.iter().map(Source::size).sum();
    use sandyk::progress::Progress;
    let mut bar = crate::cli::progress::TerminalProgress::new();
    bar.start(total);
    let res = v.db.attach(
        id,
        sources,
        &ctx.now,
        &mut sandyk::progress::position_callback(&mut bar),
    );
    bar.finish();
    let (id, done) = res.map_err(attach_error)?;
    let mut out = io::stdout().lock();
    for a in &done {
        report_intake(&id, a);
        writeln!(out, "{id}/{}", a.reference.n)?;
    }
    Ok(())
}

/// `add --attach`: attach after the incident was saved. A failure here leaves the incident
/// saved without attachments, and says so.
pub fn after_add(ctx: &Ctx, v: &mut Vault, id: &str, sources: Vec<Source>) -> CliResult {
    attach_into(ctx, v, id, sources).map_err(|e| {
        let mut c = CliError::new(
            e.exit,
            t!(
                "err-attach-after-add",
                id = id.to_owned(),
                detail = e.message
            ),
        );
        c.hint = Some(t!("hint-attach-after-add", id = id.to_owned()));
        c
    })
}

fn report_intake(id: &str, a: &Attached) {
    let r = &a.reference;
    eprintln!(
        "{}",
        t!(
            "attach-added",
            reference = format!("{id}/{}", r.n),
            name = line(&r.name),
            size = human_size(r.size),
            media_type = r.media_type.clone()
        )
    );
    eprintln!("  SHA-256 {}", r.sha256);
    for l in reveal_lines(&a.reveals, &r.media_type) {
        eprintln!("  {l}");
    }
    eprintln!(
        "  {}",
        working_line(
            &a.reveals,
            &r.media_type,
            r.working_sha256.as_deref(),
            a.working_size
        )
    );
}

/// What the metadata reveals, one statement per line, sanitised for the terminal.
pub fn reveal_lines(r: &Reveals, media_type: &str) -> Vec<String> {
    let mut v = vec![];
    if r.examined == Examined::NotSupported {
        v.push(t!(
            "attach-reveals-not-examined",
            media_type = media_type.to_owned()
        ));
        return v;
    }
    if let Some(g) = r.gps {
        let pos = format!("{:.6}, {:.6}", g.lat, g.lon);
        match g.altitude_m {
            Some(a) => v.push(t!(
                "attach-reveals-gps-alt",
                position = pos,
                altitude = format!("{a:.0}")
            )),
            None => v.push(t!("attach-reveals-gps", position = pos)),
        }
    } else if r.gps_tags {
        v.push(t!("attach-reveals-gps-tags"));
    }
    let device: Vec<String> = [&r.make, &r.model]
        .into_iter()
        .flatten()
        .map(|s| line(s))
        .collect();
    if !device.is_empty() {
        v.push(t!("attach-reveals-device", device = device.join(" ")));
    }
    let mut push = |id: &str, val: &Option<String>| {
        if let Some(s) = val {
            v.push(t!(id, value = line(s)));
        }
    };
    push("attach-reveals-serial", &r.serial);
    push("attach-reveals-lens", &r.lens);
    push("attach-reveals-lens-serial", &r.lens_serial);
    push("attach-reveals-owner", &r.owner);
    push("attach-reveals-unique-id", &r.unique_id);
    push("attach-reveals-captured", &r.captured);
    push("attach-reveals-software", &r.software);
    push("attach-reveals-comment", &r.comment);
    if r.thumbnail {
        v.push(t!("attach-reveals-thumbnail"));
    }
    if r.maker_notes {
        v.push(t!("attach-reveals-maker-notes"));
    }
    if r.xmp {
        v.push(t!(if r.xmp_gps {
            "attach-reveals-xmp-gps"
        } else {
            "attach-reveals-xmp"
        }));
    }
    if r.iptc {
        v.push(t!("attach-reveals-iptc"));
    }
    for x in &r.text {
        v.push(t!("attach-reveals-text", value = line(x)));
    }
    if !r.other.is_empty() {
        let o: Vec<String> = r.other.iter().map(|s| line(s)).collect();
        v.push(t!("attach-reveals-other", value = o.join("; ")));
    }
    if r.trailing_bytes > 0 {
        v.push(t!(
            "attach-reveals-trailing",
            size = human_size(r.trailing_bytes)
        ));
    }
    if let Some(p) = &r.problem {
        v.push(t!(
            "attach-reveals-problem",
            detail = crate::cli::error::image_problem(*p)
        ));
    }
    if r.examined == Examined::Yes && !r.reveals_anything() {
        v.push(t!("attach-reveals-nothing"));
    }
    v
}

/// A removed block as the reader says it. The filters record fixed English phrases (stored
/// with the attachment); the descriptive ones are said in the reader's language, format
/// names (EXIF, XMP, ID3v2, IPTC…) stay as they are.
fn removed_block(b: &str) -> String {
    match removed_block_id(b) {
        Some(id) => t!(id),
        None => line(b),
    }
}

fn removed_block_id(b: &str) -> Option<&'static str> {
    Some(match b {
        "EXIF (orientation kept)" => "block-exif-orientation-kept",
        "EXIF/XMP flags" => "block-exif-xmp-flags",
        "JFIF thumbnail" => "block-jfif-thumbnail",
        "MPF index" => "block-mpf-index",
        "XMP metadata" => "block-xmp-metadata",
        "comment tags" => "block-comment-tags",
        "comment" => "block-comment",
        "creation times" => "block-creation-times",
        "data after the end of the image" => "block-data-after-image",
        "data after the end of the stream" => "block-data-after-stream",
        "document information" => "block-document-information",
        "extra comment data" => "block-extra-comment-data",
        "modification time" => "block-modification-time",
        "other APP blocks" => "block-other-app",
        "other chunks" => "block-other-chunks",
        "text" => "block-text",
        "udta (user data)" => "block-udta",
        "meta (tags)" => "block-meta",
        "uuid (XMP, vendor data)" => "block-uuid",
        "ID3v2 tag" => "block-id3v2",
        "ID3v1 tag" => "block-id3v1",
        "APE tag" => "block-ape",
        _ => return None,
    })
}

/// One line saying what the working copy is.
pub fn working_line(
    r: &Reveals,
    media_type: &str,
    working_sha256: Option<&str>,
    working_size: Option<u64>,
) -> String {
    match (r.working, working_sha256) {
        (Working::Stripped, Some(h)) => {
            let removed: Vec<String> = r.removed.iter().map(|s| removed_block(s)).collect();
            t!(
                "attach-working-stripped",
                removed = removed.join(", "),
                size = working_size.map(human_size).unwrap_or_default(),
                sha256 = h.to_owned()
            )
        }
        (Working::Identical, _) => t!("attach-working-identical"),
        // The safety net discarded the copy: a second pass over it still found metadata.
        (Working::Unreadable, _)
            if r.problem == Some(sandyk::attach::metadata::ImageProblem::NotClean) =>
        {
            t!("attach-working-not-clean")
        }
        (Working::Unreadable, _) => t!(
            "attach-working-unreadable",
            media_type = media_type.to_owned()
        ),
        // Taken in before this sandyk could clean the type: the stored record says so.
        (Working::NotSupported, _) if attach::strip::Format::of(media_type).is_some() => t!(
            "attach-working-none-older",
            media_type = media_type.to_owned()
        ),
        _ => t!("attach-working-none", media_type = media_type.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    /// A copy the safety net discarded is said as such, not as an unreadable file.
    #[test]
    fn a_discarded_copy_is_said_plainly() {
        use sandyk::attach::metadata::{ImageProblem, Reveals, Working};
        let mut r = Reveals {
            working: Working::Unreadable,
            problem: Some(ImageProblem::NotClean),
            ..Reveals::default()
        };
        let not_clean = super::working_line(&r, "audio/mpeg", None, None);
        r.problem = Some(ImageProblem::StructureDamaged);
        let damaged = super::working_line(&r, "audio/mpeg", None, None);
        assert_ne!(not_clean, damaged);
        assert!(!not_clean.contains("audio/mpeg"), "{not_clean}");
        assert!(damaged.contains("audio/mpeg"), "{damaged}");
    }

    /// Every phrase a filter records as removed is said in the reader's language, except the
    /// bare format names: a new phrase added to a filter without a catalog message fails here.
    #[test]
    fn every_removed_block_phrase_has_a_message() {
        const FORMAT_NAMES: &[&str] = &["EXIF", "XMP", "IPTC/Photoshop"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/attach/strip");
        let mut phrases = vec![];
        for e in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for part in text.split("note_removed(").skip(1) {
                if let Some(p) = part.strip_prefix('"').and_then(|p| p.split('"').next()) {
                    phrases.push(p.to_owned());
                }
            }
            // The MP4 walker names its boxes in a match.
            for part in text.split("=> \"").skip(1) {
                let p = part.split('"').next().unwrap();
                if p.contains(" (")
                    && (p.starts_with("udta") || p.starts_with("meta") || p.starts_with("uuid"))
                {
                    phrases.push(p.to_owned());
                }
            }
        }
        assert!(phrases.len() > 15, "{phrases:?}");
        let missing: Vec<&String> = phrases
            .iter()
            .filter(|p| !FORMAT_NAMES.contains(&p.as_str()) && super::removed_block_id(p).is_none())
            .collect();
        assert!(missing.is_empty(), "no catalog message for {missing:?}");
    }
}
