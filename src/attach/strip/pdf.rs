//! PDF: the document information dictionary (title, author, producer, dates) and every XMP
//! metadata stream are blanked *in place*: the dictionary's entries and the stream's bytes
//! become spaces (PDF white space), the stream's `/Filter` entry too, so every byte offset,
//! the cross-reference tables and all page content stay exactly as they were. Older copies
//! of the information dictionary kept by incremental updates are blanked as well (every
//! object with the number a trailer names as `/Info`).
//!
//! Why not `lopdf`: it parses the whole file into memory and writes a new file (new object
//! layout and cross-reference table), which is a rewrite of the document rather than a
//! removal of its metadata, and its parser over hostile input is a large attack surface.
//! This is a bounded lexer: objects are found by their `N G obj` headers, stream data is
//! skipped by its `/Length` (or by finding `endstream`), dictionaries are read up to
//! [`MAX_DICT`] bytes.
//!
//! Refused (no working copy, said plainly): encrypted PDFs, and files whose information
//! dictionary sits inside a compressed object stream (it cannot be blanked without
//! rewriting that stream). Kept and reported: embedded files, which may carry metadata of
//! their own.

use std::collections::BTreeSet;

use super::*;

/// Largest dictionary read into memory.
const MAX_DICT: usize = 1 << 20;
/// Most candidate information dictionaries remembered.
const MAX_CANDIDATES: usize = 1 << 20;
/// Most top-level objects (dictionaries) in one file.
const MAX_OBJECTS: usize = 8 << 20;
/// Deepest nesting of arrays and dictionaries.
const MAX_NEST: usize = 64;

const INFO_KEYS: &[&str] = &[
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
    "Trapped",
];

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Name(String),
    Int(i64),
    Ref(u32),
    Str(Vec<u8>),
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Name(String),
    Str(Vec<u8>),
    Kw(String),
    DictOpen,
    DictClose,
    ArrOpen,
    ArrClose,
    Other,
    Eof,
}

/// A byte reader with one byte of look-ahead and an absolute position.
struct Lx<'a, R> {
    s: &'a mut Src<R>,
    peeked: Option<u8>,
}

fn is_ws(c: u8) -> bool {
    matches!(c, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<R: Read + Seek> Lx<'_, R> {
    fn pos(&self) -> u64 {
        self.s.pos - self.peeked.is_some() as u64
    }
    fn peek(&mut self) -> Result<Option<u8>> {
        if self.peeked.is_none() && self.s.remaining() > 0 {
            self.peeked = Some(self.s.u8()?);
        }
        Ok(self.peeked)
    }
    fn bump(&mut self) -> Result<Option<u8>> {
        let c = self.peek()?;
        self.peeked = None;
        Ok(c)
    }
    fn seek(&mut self, p: u64) -> Result<()> {
        self.peeked = None;
        if p >= self.s.pos {
            // Forward: keeps the read buffer.
            self.s.skip(p - self.s.pos)
        } else {
            self.s.seek_to(p)
        }
    }
    fn skip_ws(&mut self) -> Result<()> {
        while let Some(c) = self.peek()? {
            if is_ws(c) {
                self.bump()?;
            } else if c == b'%' {
                while let Some(c) = self.bump()? {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    fn literal(&mut self) -> Result<Vec<u8>> {
        // After '(': balanced parentheses, backslash escapes.
        let mut v = vec![];
        let mut depth = 1;
        loop {
            let Some(c) = self.bump()? else {
                return Err(FilterError::Malformed(ImageProblem::StructureDamaged));
            };
            match c {
                b'\\' => {
                    let Some(e) = self.bump()? else { continue };
                    match e {
                        b'n' => v.push(b'\n'),
                        b'r' => v.push(b'\r'),
                        b't' => v.push(b'\t'),
                        b'b' => v.push(8),
                        b'f' => v.push(12),
                        b'\r' => {
                            if self.peek()? == Some(b'\n') {
                                self.bump()?;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut n = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek()? {
                                    Some(d @ b'0'..=b'7') => {
                                        self.bump()?;
                                        n = n * 8 + (d - b'0') as u32;
                                    }
                                    _ => break,
                                }
                            }
                            v.push(n as u8);
                        }
                        other => v.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    v.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    v.push(c);
                }
                _ => v.push(c),
            }
            if v.len() > MAX_DICT {
                return Err(FilterError::Malformed(ImageProblem::TooComplex));
            }
        }
        Ok(v)
    }

    fn token(&mut self) -> Result<Tok> {
        self.skip_ws()?;
        let Some(c) = self.bump()? else {
            return Ok(Tok::Eof);
        };
        Ok(match c {
            b'(' => Tok::Str(self.literal()?),
            b'<' => {
                if self.peek()? == Some(b'<') {
                    self.bump()?;
                    Tok::DictOpen
                } else {
                    let mut hex = vec![];
                    loop {
                        match self.bump()? {
                            None => {
                                return Err(FilterError::Malformed(ImageProblem::StructureDamaged))
                            }
                            Some(b'>') => break,
                            Some(h) if h.is_ascii_hexdigit() => hex.push(h),
                            Some(_) => {}
                        }
                        if hex.len() > 2 * MAX_DICT {
                            return Err(FilterError::Malformed(ImageProblem::TooComplex));
                        }
                    }
                    if hex.len() % 2 == 1 {
                        hex.push(b'0');
                    }
                    Tok::Str(
                        hex.chunks(2)
                            .map(|p| {
                                u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16)
                                    .unwrap_or(0)
                            })
                            .collect(),
                    )
                }
            }
            b'>' => {
                if self.peek()? == Some(b'>') {
                    self.bump()?;
                    Tok::DictClose
                } else {
                    Tok::Other
                }
            }
            b'[' => Tok::ArrOpen,
            b']' => Tok::ArrClose,
            b'/' => {
                let mut n = vec![];
                while let Some(d) = self.peek()? {
                    if is_ws(d) || is_delim(d) || n.len() > 256 {
                        break;
                    }
                    self.bump()?;
                    n.push(d);
                }
                // #xx escapes.
                let mut out = vec![];
                let mut i = 0;
                while i < n.len() {
                    if n[i] == b'#' {
                        if let Some(b) = n
                            .get(i + 1..i + 3)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                        {
                            out.push(b);
                            i += 3;
                            continue;
                        }
                    }
                    out.push(n[i]);
                    i += 1;
                }
                Tok::Name(String::from_utf8_lossy(&out).into_owned())
            }
            c if is_delim(c) => Tok::Other,
            c => {
                let mut w = vec![c];
                while let Some(d) = self.peek()? {
                    if is_ws(d) || is_delim(d) || w.len() > 64 {
                        break;
                    }
                    self.bump()?;
                    w.push(d);
                }
                let t = String::from_utf8_lossy(&w).into_owned();
                match t.parse::<i64>() {
                    Ok(n)
                        if w.iter()
                            .all(|b| b.is_ascii_digit() || *b == b'-' || *b == b'+') =>
                    {
                        Tok::Int(n)
                    }
                    _ => Tok::Kw(t),
                }
            }
        })
    }
}

/// One top-level dictionary entry: key, value, and the byte range of key and value.
struct Entry {
    key: String,
    val: Val,
    start: u64,
    end: u64,
}

/// Read a dictionary after its `<<`, up to and including its `>>`.
fn dict<R: Read + Seek>(lx: &mut Lx<'_, R>, open_at: u64) -> Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = vec![];
    let mut key: Option<(String, u64)> = None;
    // Value tokens of the current entry (at depth 0): up to 3 for `N G R`.
    let mut vals: Vec<Tok> = vec![];
    let mut depth = 0usize;
    let finish =
        |key: &mut Option<(String, u64)>, vals: &mut Vec<Tok>, end: u64, e: &mut Vec<Entry>| {
            if let Some((k, start)) = key.take() {
                let val = match vals.as_slice() {
                    [Tok::Name(n)] => Val::Name(n.clone()),
                    [Tok::Int(n)] => Val::Int(*n),
                    [Tok::Str(s)] => Val::Str(s.clone()),
                    [Tok::Int(n), Tok::Int(_), Tok::Kw(r)] if r == "R" => {
                        Val::Ref(u32::try_from(*n).unwrap_or(u32::MAX))
                    }
                    _ => Val::Other,
                };
                if e.len() < 4096 {
                    e.push(Entry {
                        key: k,
                        val,
                        start,
                        end,
                    });
                }
            }
            vals.clear();
        };
    loop {
        if lx.pos() - open_at > MAX_DICT as u64 {
            return Err(FilterError::Malformed(ImageProblem::TooComplex));
        }
        lx.skip_ws()?;
        let at = lx.pos();
        let t = lx.token()?;
        let end = lx.pos();
        match t {
            Tok::Eof => return Err(FilterError::Malformed(ImageProblem::StructureDamaged)),
            Tok::DictClose if depth == 0 => {
                finish(&mut key, &mut vals, at, &mut entries);
                return Ok(entries);
            }
            Tok::DictOpen | Tok::ArrOpen => {
                if depth == 0 {
                    vals.push(Tok::Other);
                }
                depth += 1;
                if depth > MAX_NEST {
                    return Err(FilterError::Malformed(ImageProblem::TooComplex));
                }
            }
            Tok::DictClose | Tok::ArrClose => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    finish(&mut key, &mut vals, end, &mut entries);
                }
            }
            Tok::Name(n) if depth == 0 => {
                if key.is_none() {
                    key = Some((n, at));
                } else if vals.is_empty() {
                    vals.push(Tok::Name(n));
                    finish(&mut key, &mut vals, end, &mut entries);
                } else {
                    finish(&mut key, &mut vals, at, &mut entries);
                    key = Some((n, at));
                }
            }
            other if depth == 0 && key.is_some() => {
                vals.push(other);
                // `N G R` or a single value: an entry ends at its last token.
                let pending = matches!(vals.as_slice(), [Tok::Int(_)] | [Tok::Int(_), Tok::Int(_)]);
                if !pending {
                    finish(&mut key, &mut vals, end, &mut entries);
                }
            }
            _ => {}
        }
    }
}

fn get<'e>(e: &'e [Entry], k: &str) -> Option<&'e Val> {
    e.iter().find(|x| x.key == k).map(|x| &x.val)
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its mark, or
/// PDFDocEncoding (read as Latin-1, which it equals for letters and digits).
fn pdf_text(b: &[u8]) -> String {
    if let Some(u) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = u
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(u) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(u).into_owned();
    }
    b.iter().map(|c| *c as char).collect()
}

/// "D:20261127150211+06'00'" as "2026-11-27 15:02:11 +06:00" (what is there).
fn pdf_date(s: &str) -> String {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let b = d.as_bytes();
    if b.len() >= 14 && b[..14].iter().all(u8::is_ascii_digit) {
        let mut out = format!(
            "{}-{}-{} {}:{}:{}",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14]
        );
        let z = d[14..].replace('\'', "");
        if z == "Z" {
            out.push_str(" UTC");
        } else if let (Some(h), Some(m)) = (z.get(..3), z.get(3..5)) {
            if (h.starts_with('+') || h.starts_with('-'))
                && h[1..].bytes().all(|b| b.is_ascii_digit())
                && m.bytes().all(|b| b.is_ascii_digit())
            {
                out.push_str(&format!(" {h}:{m}"));
            }
        }
        return out;
    }
    s.to_owned()
}

fn summarise_info(e: &[Entry], r: &mut Reveals) {
    for x in e {
        let Val::Str(b) = &x.val else { continue };
        let v = clip(&pdf_text(b));
        if v.is_empty() {
            continue;
        }
        let set = |slot: &mut Option<String>, v: String| {
            if slot.is_none() {
                *slot = Some(v);
            }
        };
        match x.key.as_str() {
            "Author" => set(&mut r.owner, v),
            "Producer" | "Creator" => {
                if r.software.is_none() {
                    r.software = Some(v);
                } else {
                    r.note_text(clip(&format!("{}: {v}", x.key)));
                }
            }
            "CreationDate" => set(&mut r.captured, clip(&pdf_date(&v))),
            "Subject" => set(&mut r.comment, v),
            "ModDate" => r.note_text(clip(&format!("modified: {}", pdf_date(&v)))),
            k => r.note_text(clip(&format!("{k}: {v}"))),
        }
    }
}

/// Whether the keyword `endstream` follows at the current position, after at most an
/// end-of-line (any run of CR, LF, tab, form feed, NUL). Deliberately stricter than the
/// lexer: no spaces and no comments. Blanking writes spaces, so a check that failed on the
/// original also fails on the working copy, and one that passed reads the same bytes there
/// (they lie outside every blanked range). With spaces and comments allowed, a `/Length`
/// pointing into a blanked stream ran over the spaces and a comment to a later `endstream`
/// on the second pass, so the two passes saw different streams and the second found an XMP
/// stream the first had skipped (found by the `strip_pdf` fuzz target:
/// `fuzz/regressions/strip_pdf/`).
fn endstream_at<R: Read + Seek>(lx: &mut Lx<'_, R>) -> Result<bool> {
    while let Some(c) = lx.peek()? {
        if matches!(c, b'\r' | b'\n' | b'\t' | 12 | 0) {
            lx.bump()?;
        } else {
            break;
        }
    }
    for k in b"endstream" {
        if lx.bump()? != Some(*k) {
            return Ok(false);
        }
    }
    // The keyword ends there (not `endstreamx`).
    Ok(!matches!(lx.peek()?, Some(c) if !is_ws(c) && !is_delim(c)))
}

/// Find `endstream` from the current position; returns where it starts.
fn find_endstream<R: Read + Seek>(lx: &mut Lx<'_, R>) -> Result<u64> {
    const KW: &[u8] = b"endstream";
    let mut matched = 0usize;
    while let Some(c) = lx.bump()? {
        if c == KW[matched] {
            matched += 1;
            if matched == KW.len() {
                return Ok(lx.pos() - KW.len() as u64);
            }
        } else {
            matched = usize::from(c == KW[0]);
        }
    }
    Err(FilterError::Malformed(ImageProblem::StructureDamaged))
}

pub(super) fn pdf<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let mut magic = [0u8; 5];
    s.exact(&mut magic)?;
    if &magic != b"%PDF-" {
        return Err(FilterError::Malformed(ImageProblem::NotThisFormat));
    }
    // Byte ranges to overwrite with spaces.
    let mut blanks: Vec<(u64, u64)> = vec![];
    // Dictionaries that look like document information: (object number, inside << >>).
    let mut candidates: Vec<(u32, u64, u64)> = vec![];
    let mut info_refs: BTreeSet<u32> = BTreeSet::new();
    let mut encrypted = false;
    // Every object number seen at the top level (4 bytes each, bounded).
    let mut found_objs: Vec<u32> = vec![];
    // Objects with information keys whose dictionary belongs to a stream.
    let mut stream_dicts: Vec<u32> = vec![];
    let mut lx = Lx {
        s: &mut *s,
        peeked: None,
    };
    let (mut prev2, mut prev1): (Option<i64>, Option<i64>) = (None, None);
    // A token read ahead (after a dictionary, to see whether a stream follows).
    let mut pending: Option<Tok> = None;
    loop {
        let t = match pending.take() {
            Some(t) => t,
            None => lx.token()?,
        };
        match t {
            Tok::Eof => break,
            Tok::Kw(k) if k == "obj" => {
                let num = match (prev2, prev1) {
                    (Some(n), Some(g)) if (0..=u32::MAX as i64).contains(&n) && g >= 0 => n as u32,
                    _ => {
                        prev2 = None;
                        prev1 = None;
                        continue;
                    }
                };
                prev2 = None;
                prev1 = None;
                lx.skip_ws()?;
                let open_at = lx.pos();
                if lx.peek()? != Some(b'<') {
                    continue;
                }
                let t2 = lx.token()?;
                if t2 != Tok::DictOpen {
                    continue;
                }
                let entries = dict(&mut lx, open_at)?;
                let close_at = lx.pos(); // after ">>"
                let name = |k: &str| match get(&entries, k) {
                    Some(Val::Name(n)) => Some(n.as_str()),
                    _ => None,
                };
                let is_meta = name("Type") == Some("Metadata") || name("Subtype") == Some("XML");
                if name("Type") == Some("XRef") {
                    if let Some(Val::Ref(i)) = get(&entries, "Info") {
                        info_refs.insert(*i);
                    }
                    encrypted |= get(&entries, "Encrypt").is_some();
                }
                if name("Type") == Some("EmbeddedFile") {
                    r.note_other("PDF embedded file (kept)");
                }
                if name("Type") == Some("ObjStm") {
                    r.note_other("PDF compressed object stream");
                }
                let candidate = entries.iter().any(|e| INFO_KEYS.contains(&e.key.as_str()));
                if candidate {
                    if candidates.len() >= MAX_CANDIDATES {
                        return Err(FilterError::Malformed(ImageProblem::TooComplex));
                    }
                    candidates.push((num, open_at + 2, close_at - 2));
                }
                if found_objs.len() >= MAX_OBJECTS {
                    return Err(FilterError::Malformed(ImageProblem::TooComplex));
                }
                found_objs.push(num);
                // A stream?
                let t3 = lx.token()?;
                if t3 != Tok::Kw("stream".into()) {
                    pending = Some(t3);
                    continue;
                }
                if candidate {
                    // A dictionary with information keys that is also a stream's: blanking
                    // it would blank the stream's `/Length` too, and the next pass would
                    // find the stream's end elsewhere. Remembered; refused if it is the
                    // document information.
                    stream_dicts.push(num);
                }
                // Data starts after CRLF or LF (a lone CR is tolerated).
                if lx.peek()? == Some(b'\r') {
                    lx.bump()?;
                }
                if lx.peek()? == Some(b'\n') {
                    lx.bump()?;
                }
                let data_start = lx.pos();
                let mut data_end = None;
                if let Some(Val::Int(n)) = get(&entries, "Length") {
                    if *n >= 0 && (*n as u64) <= lx.s.len - data_start {
                        let e = data_start + *n as u64;
                        lx.seek(e)?;
                        if endstream_at(&mut lx)? {
                            data_end = Some(e);
                        }
                    }
                }
                let data_end = match data_end {
                    Some(e) => e,
                    None => {
                        lx.seek(data_start)?;
                        let e = find_endstream(&mut lx)?;
                        lx.seek(e + 9)?;
                        e
                    }
                };
                if is_meta {
                    let back = lx.pos();
                    let filtered = get(&entries, "Filter").is_some();
                    let n = (data_end - data_start).min(MAX_META_BLOCK as u64);
                    lx.seek(data_start)?;
                    let packet = lx.s.head(n, MAX_META_BLOCK)?;
                    lx.seek(back)?;
                    let blank = !filtered
                        && data_end - data_start <= MAX_META_BLOCK as u64
                        && packet.iter().all(|c| is_ws(*c));
                    if blank {
                        // Already blanked (a working copy): nothing to remove.
                        continue;
                    }
                    if filtered {
                        r.xmp = true;
                    } else {
                        r.note_xmp(&packet);
                    }
                    for e in &entries {
                        if e.key == "Filter" || e.key == "DecodeParms" {
                            blanks.push((e.start, e.end));
                        }
                    }
                    blanks.push((data_start, data_end));
                    r.note_removed("XMP metadata");
                }
            }
            Tok::Kw(k) if k == "trailer" => {
                lx.skip_ws()?;
                let open_at = lx.pos();
                if lx.token()? == Tok::DictOpen {
                    let entries = dict(&mut lx, open_at)?;
                    if let Some(Val::Ref(i)) = get(&entries, "Info") {
                        info_refs.insert(*i);
                    }
                    encrypted |= get(&entries, "Encrypt").is_some();
                }
                prev2 = None;
                prev1 = None;
            }
            Tok::Int(n) => {
                prev2 = prev1;
                prev1 = Some(n);
            }
            _ => {
                prev2 = None;
                prev1 = None;
            }
        }
    }
    if encrypted {
        return Err(FilterError::Malformed(ImageProblem::Encrypted));
    }
    found_objs.sort_unstable();
    found_objs.dedup();
    for i in &info_refs {
        if found_objs.binary_search(i).is_err() {
            return Err(FilterError::Malformed(ImageProblem::MetadataCompressed));
        }
        if stream_dicts.contains(i) {
            return Err(FilterError::Malformed(ImageProblem::Unsupported));
        }
    }
    for (num, a, b) in &candidates {
        if info_refs.contains(num) {
            lx.seek(*a - 2)?;
            lx.token()?;
            let entries = dict(&mut lx, *a - 2)?;
            summarise_info(&entries, r);
            if b > a {
                blanks.push((*a, *b));
            }
            r.note_removed("document information");
        }
    }
    // Write: the file with the ranges blanked.
    blanks.sort_unstable();
    s.seek_to(0)?;
    let spaces = [b' '; 4096];
    for (a, b) in blanks {
        let a = a.max(s.pos);
        if b <= a {
            continue;
        }
        s.copy(a - s.pos, out)?;
        let mut left = b - a;
        s.skip(left)?;
        while left > 0 {
            let n = left.min(spaces.len() as u64) as usize;
            out.write_all(&spaces[..n])?;
            left -= n as u64;
        }
    }
    let rest = s.remaining();
    s.copy(rest, out)?;
    Ok(())
}
