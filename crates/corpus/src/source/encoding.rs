//! The encoding checks: UTF-16, not UTF-8, binary content.

use crate::diagnostic::Diagnostic;

/// The error for a UTF-16 file (a byte-order mark, or every other byte NUL as in ASCII text
/// saved as UTF-16), which would otherwise be reported as binary or as another encoding.
pub(super) fn utf16(shown: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let head = &bytes[..bytes.len().min(64) & !1];
    let nul_at =
        |parity: usize| head.len() >= 4 && head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    (bom || nul_at(0) || nul_at(1)).then(|| {
        Diagnostic::error(shown, "the file is UTF-16 text; articles are UTF-8")
            .help("save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 in.txt > out.txt`")
    })
}

/// The error for a file that is not UTF-8, pointing at its first bad byte.
pub(super) fn not_utf8(shown: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let at = e.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    Diagnostic::error(
        shown,
        format!(
            "the file is not valid UTF-8 (byte 0x{:02X} at offset {at})",
            bytes[at]
        ),
    )
    .at_line(line, column)
    .help("save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`")
}

/// The offset of the first control character that marks binary data. Control characters are
/// all ASCII, and an ASCII byte in UTF-8 is always that character: bytes are scanned, not
/// chars, 32 at a time while none is binary (folded without an early exit, so that the
/// compiler tests them with vector compares).
pub(super) fn find_binary(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let clean = bytes
        .chunks_exact(32)
        .take_while(|c| !c.iter().fold(false, |any, &b| any | is_binary(b)))
        .count()
        * 32;
    bytes[clean..]
        .iter()
        .position(|&b| is_binary(b))
        .map(|p| clean + p)
}

/// NUL and other C0 controls (but tab, line feed, carriage return, form feed), and DEL, mark
/// binary data. With `&` and `|`, not `&&` and `||`, so that it tests many bytes at once.
fn is_binary(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C)) | (b == 0x7F)
}
