//! Reading article files: front matter, validation, and the body kept byte for byte.
//!
//! An article is a UTF-8 text file. It may open with a front matter between two `---` lines:
//!
//! ```text
//! ---
//! title: Cambodia to Send Deminers to Train Ukrainians in Mine Clearance
//! source: CamboJA News
//! date: 2022-11-02
//! url: https://cambojanews.com/…
//! ---
//! The body, verbatim.
//! ```
//!
//! Every byte offset the compiler emits points into the body as it stands after the front matter.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// An article file as read, before any analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceArticle {
    /// File name, e.g. `000_c2ba2c0435569e55.txt`.
    pub file: String,
    /// File name without `.txt`.
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
    pub url: Option<String>,
    /// The body, exactly as in the file after the front matter (a leading BOM dropped).
    pub text: String,
    /// 1-based line of the file on which the body starts (for diagnostics on body offsets).
    pub body_line: usize,
}

const KEYS: [&str; 4] = ["title", "source", "date", "url"];

/// Lists the `*.txt` files of a folder, sorted by name, so builds are reproducible.
pub fn list_articles(dir: &Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(&shown, format!("cannot read the article folder: {e}"))
            .help("pass a folder that holds the article files (*.txt), e.g. `seeds/`")
    })?;
    let mut files = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        // The entry itself, not what a link points to: a link could bring any file of the
        // machine into a public site.
        let kind = entry.file_type().map_err(|e| {
            Diagnostic::error(
                &path.display().to_string(),
                format!("cannot read the entry: {e}"),
            )
        })?;
        if kind.is_symlink() {
            return Err(Diagnostic::error(
                &path.display().to_string(),
                "a symbolic link: only regular files inside the folder are read",
            )
            .help("copy the article into the folder instead of linking to it"));
        }
        if kind.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(
            Diagnostic::error(&shown, "the article folder holds no `*.txt` file")
                .help("add articles as UTF-8 text files ending in `.txt`"),
        );
    }
    Ok(files)
}

/// How large an article file may be. A news article is a few to some tens of kilobytes: one far
/// larger is most likely not an article (a book, a data dump, a device), and compile time and
/// data grow with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Above this, a warning naming the file.
    pub warn_bytes: u64,
    /// Above this, an error: the file is not read past it (`dyad-corpus --max-article-bytes N`).
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warn_bytes: 1 << 20,
            max_bytes: 8 << 20,
        }
    }
}

/// Reads an article file, never more than `limits.max_bytes` of it (a device or a growing
/// file included), with a warning when it is unusually large.
pub fn read_article(
    path: &Path,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<Diagnostic>), Diagnostic> {
    use std::io::Read;
    let shown = path.display().to_string();
    let too_large = |n: u64| {
        Diagnostic::error(&shown, format!("the file is over {} bytes, the most an article may have ({n} bytes or more read)", limits.max_bytes))
            .help("split it into articles, or raise the limit with `--max-article-bytes N` if it really is one article")
    };
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    let warning = (bytes.len() as u64 > limits.warn_bytes).then(|| {
        Diagnostic::warning(
            &shown,
            format!(
                "the file is {} bytes, unusually large for a news article",
                bytes.len()
            ),
        )
        .help("check that it is one article; compile time and the site's data grow with it")
    });
    Ok((bytes, warning))
}

/// Parses one article file's bytes. Returns the article and its warnings, or every error found.
pub fn parse_article(
    file_name: &str,
    shown: &str,
    bytes: &[u8],
) -> Result<(SourceArticle, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = std::str::from_utf8(bytes).map_err(|e| vec![not_utf8(shown, bytes, e)])?;
    let (head, warnings) = parse_text(shown, text)?;
    let body = text[head.body_start..].to_string();
    Ok((head.into_article(file_name, body), warnings))
}

/// [`parse_article`] taking the bytes by value: the body keeps the file's buffer (the front
/// matter is cut off in place) instead of being copied into a new one.
pub fn parse_article_owned(
    file_name: &str,
    shown: &str,
    bytes: Vec<u8>,
) -> Result<(SourceArticle, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut text = String::from_utf8(bytes)
        .map_err(|e| vec![not_utf8(shown, e.as_bytes(), e.utf8_error())])?;
    let (head, warnings) = parse_text(shown, &text)?;
    text.drain(..head.body_start);
    Ok((head.into_article(file_name, text), warnings))
}

/// An article file's front matter, and where its body starts.
struct Head {
    title: String,
    source: String,
    date: Option<String>,
    url: Option<String>,
    /// Byte offset of the body in the file.
    body_start: usize,
    body_line: usize,
}

impl Head {
    fn into_article(self, file_name: &str, text: String) -> SourceArticle {
        SourceArticle {
            file: file_name.to_string(),
            id: file_name
                .strip_suffix(".txt")
                .unwrap_or(file_name)
                .to_string(),
            title: self.title,
            source: self.source,
            date: self.date,
            url: self.url,
            text,
            body_line: self.body_line,
        }
    }
}

/// The error for a file that is not UTF-8, pointing at its first bad byte.
fn not_utf8(shown: &str, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
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

/// Validates a file's text and reads its front matter. Returns the head and the warnings, or
/// every error found.
fn parse_text(shown: &str, text: &str) -> Result<(Head, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut errors = Vec::new();

    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![Diagnostic::error(shown, "the article file is empty")
            .help(
                "write the article's text into the file, or remove the file",
            )]);
    }
    if let Some(pos) = find_binary(text) {
        return Err(vec![Diagnostic::error(
            shown,
            format!(
                "the file holds binary content (control character U+{:04X})",
                text[pos..].chars().next().map_or(0, |c| c as u32)
            ),
        )
        .at(text, pos)
        .help("articles are plain text: export the article as a .txt file")]);
    }

    let offset_bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let content = &text[offset_bom..];

    let mut title = None;
    let mut source = None;
    let mut date = None;
    let mut url = None;
    let mut body_start = offset_bom;

    let mut lines = LineIter::new(content, offset_bom);
    let first = lines.clone().next();
    let has_front_matter = first.is_some_and(|(_, l)| l.trim_end() == "---");
    if has_front_matter {
        let (open_at, _) = lines.next().unwrap();
        let mut closed = false;
        for (at, line) in lines.by_ref() {
            let line_trim = line.trim_end();
            if line_trim == "---" {
                body_start = at + line.len();
                // The body starts after the closing line's end of line.
                if text[body_start..].starts_with("\r\n") {
                    body_start += 2;
                } else if text[body_start..].starts_with('\n') {
                    body_start += 1;
                }
                closed = true;
                break;
            }
            if line_trim.trim().is_empty() {
                continue;
            }
            let Some((key, value)) = line_trim.split_once(':') else {
                errors.push(
                    Diagnostic::error(shown, "a front matter line must be `key: value`")
                        .at(text, at)
                        .help("write e.g. `title: …`, or close the front matter with a line `---`"),
                );
                continue;
            };
            // Where the value starts in the file, so a bad date is pointed at exactly.
            let value_at = at + key.len() + 1 + (value.len() - value.trim_start().len());
            let key = key.trim();
            let value = value.trim();
            match key.to_ascii_lowercase().as_str() {
                "title" => title = Some(value.to_string()),
                "source" => source = Some(value.to_string()),
                "url" => url = (!value.is_empty()).then(|| value.to_string()),
                "date" => {
                    if value.is_empty() {
                        date = None;
                    } else {
                        match check_date(value).and_then(|()| check_not_future(value)) {
                            Ok(()) => date = Some(value.to_string()),
                            Err(why) => errors.push(
                                Diagnostic::error(shown, format!("impossible date `{value}`: {why}"))
                                    .at(text, value_at)
                                    .help("write the date as YYYY-MM-DD (e.g. 2024-05-08), or leave it empty if unknown"),
                            ),
                        }
                    }
                }
                _ => warnings.push(
                    Diagnostic::warning(
                        shown,
                        format!("unknown front matter key `{key}` is ignored"),
                    )
                    .at(text, at)
                    .help(format!("the keys are {}", KEYS.join(", "))),
                ),
            }
        }
        if !closed {
            errors.push(
                Diagnostic::error(shown, "the front matter is never closed")
                    .at(text, open_at)
                    .help("end the front matter with a line holding only `---` before the body"),
            );
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }

    let body = &text[body_start..];
    let body_line = text[..body_start].matches('\n').count() + 1;
    if body.trim().is_empty() {
        return Err(vec![Diagnostic::error(
            shown,
            "the article has no body after its front matter",
        )
        .at(text, body_start.min(text.len()))
        .help("write the article's text below the closing `---`")]);
    }

    let title = match title.filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            let first_line = body
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("");
            warnings.push(
                Diagnostic::warning(
                    shown,
                    "no title: the first non-empty line is used as the title",
                )
                .at(text, body_start)
                .help("add a front matter with `title: …` (see the README's article format)"),
            );
            first_line.to_string()
        }
    };
    if source.as_deref().is_none_or(str::is_empty) {
        warnings.push(
            Diagnostic::warning(shown, "no source: the outlet is shown as `unknown source`")
                .help("add `source: …` to the front matter"),
        );
    }

    let source = source
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown source".to_string());
    Ok((
        Head {
            title,
            source,
            date,
            url,
            body_start,
            body_line,
        },
        warnings,
    ))
}

/// The offset of the first control character that marks binary data. Control characters are
/// all ASCII, and an ASCII byte in UTF-8 is always that character: bytes are scanned, not
/// chars, 32 at a time while none is binary (folded without an early exit, so that the
/// compiler tests them with vector compares).
fn find_binary(text: &str) -> Option<usize> {
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

/// Checks `YYYY-MM-DD` and that the day exists in that month (leap years included).
pub fn check_date(value: &str) -> Result<(), String> {
    let b = value.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("expected YYYY-MM-DD".to_string());
    }
    let year: u32 = value[0..4].parse().unwrap();
    let month: u32 = value[5..7].parse().unwrap();
    let day: u32 = value[8..10].parse().unwrap();
    if year < EARLIEST_YEAR {
        return Err(format!(
            "{year} is before {EARLIEST_YEAR}, earlier than any news article this reads"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    #[allow(clippy::manual_is_multiple_of)]
    // `is_multiple_of` needs Rust 1.87; the workspace supports 1.85
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has {days} days"));
    }
    Ok(())
}

/// Dates before this year are typing errors (`0000-01-01`), not news: one of them would also
/// weigh as the oldest story of every timeline.
pub const EARLIEST_YEAR: u32 = 1900;

/// A date after today (or after `SOURCE_DATE_EPOCH`'s day, for reproducible builds) is an error:
/// one article dated 9999 made every other story "old" in the recency weighting.
fn check_not_future(value: &str) -> Result<(), String> {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let today = (secs / 86_400) as i64;
    match dyad_digest::date::days(value) {
        Some(d) if d > today => {
            let (y, m, day) = dyad_digest::date::civil(today);
            Err(format!(
                "it is after the day of the build ({y:04}-{m:02}-{day:02})"
            ))
        }
        _ => Ok(()),
    }
}

/// Lines with their byte offsets, each line including its `\r` but not its `\n`.
#[derive(Clone)]
struct LineIter<'a> {
    rest: &'a str,
    at: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        LineIter {
            rest: text,
            at: base,
        }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let (line, advance) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..i], i + 1),
            None => (self.rest, self.rest.len()),
        };
        let at = self.at;
        self.rest = &self.rest[advance..];
        self.at += advance;
        Some((at, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(SourceArticle, Vec<Diagnostic>), Vec<Diagnostic>> {
        parse_article("a.txt", "seeds/a.txt", text.as_bytes())
    }

    #[test]
    fn reads_front_matter_and_keeps_body_verbatim() {
        let (a, w) =
            parse("---\ntitle: T\nsource: S\ndate: 2024-02-29\nurl: https://x\n---\nBody “one”.\n")
                .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.title, "T");
        assert_eq!(a.source, "S");
        assert_eq!(a.date.as_deref(), Some("2024-02-29"));
        assert_eq!(a.url.as_deref(), Some("https://x"));
        assert_eq!(a.text, "Body “one”.\n");
        assert_eq!(a.body_line, 7);
        assert_eq!(a.id, "a");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let (a, w) = parse(
            "\u{FEFF}---\r\ntitle: T\r\nsource: S\r\ndate:\r\n---\r\nLine one.\r\nLine two.\r\n",
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.date, None);
        assert_eq!(a.text, "Line one.\r\nLine two.\r\n");
    }

    #[test]
    fn without_front_matter_the_first_line_is_the_title_with_a_warning() {
        let (a, w) = parse("\n  Headline here\nBody.\n").unwrap();
        assert_eq!(a.title, "Headline here");
        assert!(w.iter().any(|d| d.message.contains("no title")));
        assert_eq!(a.text, "\n  Headline here\nBody.\n");
    }

    #[test]
    fn unknown_keys_warn() {
        let (_, w) = parse("---\ntitle: T\nsource: S\nauthor: X\n---\nBody.\n").unwrap();
        assert!(w
            .iter()
            .any(|d| d.message.contains("unknown front matter key `author`") && d.line == 4));
    }

    #[test]
    fn errors_for_bad_input() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "empty"),
            (b"  \n\n", "empty"),
            (b"---\ntitle: T\n\xff\xfe\n---\nBody", "not valid UTF-8"),
            (b"Body\0with a NUL", "binary content"),
            (
                b"---\ntitle: T\ndate: 2024-13-45\n---\nBody",
                "impossible date",
            ),
            (b"---\ntitle: T\nBody without end\n", "never closed"),
        ];
        for (bytes, want) in cases {
            let errs = parse_article("a.txt", "a.txt", bytes).unwrap_err();
            assert!(
                errs.iter()
                    .any(|d| d.message.contains(want) && d.is_error()),
                "{want}: {errs:?}"
            );
        }
    }

    #[test]
    fn owned_and_borrowed_parses_agree() {
        let files: [&[u8]; 12] = [
            b"---\ntitle: T\nsource: S\ndate: 2024-02-29\nurl: https://x\n---\nBody \xe2\x80\x9cone\xe2\x80\x9d.\n",
            b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nLine one.\r\n",
            b"\n  Headline here\nBody.\n",
            b"---\ntitle: T\nauthor: X\n---\nBody.\n",
            b"---\ntitle: T\n---\n",
            b"",
            b"  \n\n",
            b"---\ntitle: T\n\xff\xfe\n---\nBody",
            b"Body\0with a NUL",
            b"---\ntitle: T\ndate: 2024-13-45\n---\nBody",
            b"---\ntitle: T\nBody without end\n",
            b"---\ntitle: T\n---\n\xc3",
        ];
        for bytes in files {
            assert_eq!(
                parse_article_owned("a.txt", "a.txt", bytes.to_vec()),
                parse_article("a.txt", "a.txt", bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn binary_content_is_found_at_every_position() {
        let binary = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
        for len in [0, 1, 31, 32, 33, 64, 100] {
            for at in 0..len {
                for b in 0u8..0x80 {
                    let mut text = "é\tx\r\n\x0C"
                        .repeat(len)
                        .chars()
                        .take(len)
                        .collect::<Vec<char>>();
                    text[at] = char::from(b);
                    let text: String = text.into_iter().collect();
                    let want = text.bytes().position(binary);
                    assert_eq!(find_binary(&text), want, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2000-02-29").is_ok());
        for bad in [
            "2024-13-45",
            "2024-02-31",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "24-01-01",
            "2024-1-01",
            "2024-00-10",
            "2024-01-00",
            "0000-01-01",
            "1899-12-31",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
        assert!(check_date("1900-01-01").is_ok());
    }

    #[test]
    fn a_date_after_the_build_is_an_error() {
        let errs = parse("---\ntitle: T\ndate: 9999-12-31\n---\nBody").unwrap_err();
        assert!(
            errs[0].to_string().contains("after the day of the build"),
            "{}",
            errs[0]
        );
        assert_eq!((errs[0].line, errs[0].column), (3, 7));
        assert!(parse("---\ntitle: T\ndate: 2024-05-08\n---\nBody").is_ok());
    }

    #[test]
    fn error_points_at_the_date() {
        let errs = parse("---\ntitle: T\ndate: 2024-02-31\n---\nBody").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 7));
    }
}
