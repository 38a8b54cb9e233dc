//! Plain text (UTF-8): its own working copy. Text carries no hidden metadata block; the
//! filter only checks that the whole file is UTF-8 without NUL (what `detect` saw in the
//! first bytes), with no control characters but tab, line ends, form feed and escape,
//! and copies it unchanged.

use super::*;

pub(super) fn text<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    _r: &mut Reveals,
) -> Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a character cut at the end of the previous block (at most 3).
    let mut carry: Vec<u8> = Vec::with_capacity(4);
    let mut block: Vec<u8> = Vec::with_capacity(buf.len() + 4);
    while s.remaining() > 0 {
        let n = s.remaining().min(buf.len() as u64) as usize;
        s.exact(&mut buf[..n])?;
        block.clear();
        block.extend_from_slice(&carry);
        block.extend_from_slice(&buf[..n]);
        carry.clear();
        let valid = match std::str::from_utf8(&block) {
            Ok(_) => block.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(FilterError::Malformed(ImageProblem::NotPlainText)),
        };
        if block[..valid].contains(&0) {
            return Err(FilterError::Malformed(ImageProblem::NotPlainText));
        }
        // Text has lines and tabs, not other control characters (a file of bell bytes is
        // valid UTF-8 but no text anyone wrote).
        if block[..valid]
            .iter()
            .any(|c| *c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        {
            return Err(FilterError::Malformed(ImageProblem::NotPlainText));
        }
        out.write_all(&block[..valid])?;
        carry.extend_from_slice(&block[valid..]);
    }
    if !carry.is_empty() {
        return Err(FilterError::Malformed(ImageProblem::NotPlainText));
    }
    Ok(())
}
