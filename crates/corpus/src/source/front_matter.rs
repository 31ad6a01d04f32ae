//! The front matter: `key: value` lines between two `---` lines, validated.

use super::date::{check_date, check_not_future};
use super::encoding::find_binary;
use super::{Head, KEYS};
use crate::diagnostic::Diagnostic;

/// Validates a file's text and reads its front matter. Returns the head and the warnings, or
/// every error found.
pub(super) fn parse_text(
    shown: &str,
    text: &str,
) -> Result<(Head, Vec<Diagnostic>), Vec<Diagnostic>> {
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

    // A bare carriage return in the first line: the file's lines end in CR only (classic Mac
    // OS), and the whole file would read as one line.
    let first_line = &content[..content.find('\n').unwrap_or(content.len())];
    if let Some(cr) = first_line.trim_end_matches('\r').find('\r') {
        return Err(vec![Diagnostic::error(
            shown,
            "the lines end in a bare carriage return (CR), not a line feed",
        )
        .at(text, offset_bom + cr)
        .help(
            "convert the line ends, e.g. `tr '\\r' '\\n' < in.txt > out.txt`",
        )]);
    }

    let mut lines = LineIter::new(content, offset_bom);
    // Blank lines before the opening `---` do not hide the front matter.
    let mut opening = None;
    let mut ahead = lines.clone();
    for (at, line) in ahead.by_ref() {
        if line.trim().is_empty() {
            continue;
        }
        if line.trim_end() == "---" {
            opening = Some(at);
            lines = ahead;
        }
        break;
    }
    if let Some(open_at) = opening {
        let mut closed = false;
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (at, line) in lines.by_ref().take(MAX_FRONT_MATTER_LINES) {
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
            // A key is a short word (`title`, `source`, …): anything else is no `key: value` line,
            // and is not echoed into a message as a key.
            let is_key = |k: &str| {
                let k = k.trim();
                !k.is_empty()
                    && k.len() <= 32
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            };
            let Some((key, value)) = line_trim.split_once(':').filter(|(k, _)| is_key(k)) else {
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
            let lower = key.to_ascii_lowercase();
            if let Some(&(_, first_at)) = seen.iter().find(|(k, _)| *k == lower) {
                let first = text[..first_at].matches('\n').count() + 1;
                errors.push(
                    Diagnostic::error(
                        shown,
                        format!("`{key}` is given twice (first on line {first})"),
                    )
                    .at(text, at)
                    .help(format!("keep one `{lower}:` line")),
                );
                continue;
            }
            seen.push((lower.clone(), at));
            if let Some(d) = check_value(shown, text, &lower, value, value_at) {
                errors.push(d);
                continue;
            }
            match lower.as_str() {
                "title" => title = Some(value.to_string()),
                "source" => source = Some(value.to_string()),
                "url" => {
                    let scheme = value.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                    if !value.is_empty() && !matches!(scheme.as_deref(), Some("http" | "https")) {
                        warnings.push(
                            Diagnostic::warning(shown, "the url is not an http(s) address: it is kept, but never shown as a link")
                                .at(text, value_at)
                                .help("write the article's web address, e.g. `url: https://…`"),
                        );
                    }
                    url = (!value.is_empty()).then(|| value.to_string());
                }
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
                Diagnostic::error(
                    shown,
                    format!("the front matter is never closed (no line `---` in the {MAX_FRONT_MATTER_LINES} lines after it)"),
                )
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
            shorten(first_line, MAX_TITLE_CHARS)
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

/// The most lines a front matter may have: four keys, and room for blank lines and comments
/// of a kind; an opening `---` with no closing one is found without reading the whole file.
const MAX_FRONT_MATTER_LINES: usize = 64;
/// The longest title and source, in characters (a long headline is ~150).
const MAX_TITLE_CHARS: usize = 300;
const MAX_SOURCE_CHARS: usize = 200;
const MAX_URL_BYTES: usize = 2048;

/// A front matter value's error: too long, or holding a control or bidirectional character
/// (invisible, they can make a title read differently from what it is).
fn check_value(shown: &str, text: &str, key: &str, value: &str, at: usize) -> Option<Diagnostic> {
    if let Some((i, c)) = value
        .char_indices()
        .find(|&(_, c)| c.is_control() || crate::diagnostic::is_bidi_control(c))
    {
        return Some(
            Diagnostic::error(
                shown,
                format!(
                    "the {key} holds an invisible control character U+{:04X}",
                    c as u32
                ),
            )
            .at(text, at + i)
            .help(format!("delete it: the {key} is shown as it is written")),
        );
    }
    let (limit, length, unit) = match key {
        "title" => (MAX_TITLE_CHARS, value.chars().count(), "characters"),
        "source" => (MAX_SOURCE_CHARS, value.chars().count(), "characters"),
        "url" => (MAX_URL_BYTES, value.len(), "bytes"),
        _ => return None,
    };
    (length > limit).then(|| {
        Diagnostic::error(
            shown,
            format!("the {key} is {length} {unit} long, more than the {limit} it may have"),
        )
        .at(text, at)
        .help(format!(
            "shorten the {key}; the article's text goes below the closing `---`"
        ))
    })
}

/// `text` cut to `max` characters at a space, with `…`.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(' ').map_or(head, |space| &head[..space]);
            format!("{}…", head.trim_end())
        }
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
