//! Text normalisation, dates and file names: what every importer shares.

/// Characters never written: C0/C1 controls (the front matter is line-based, and the compiler
/// refuses control characters), bidirectional overrides and isolates (they can reorder what a
/// reader sees), and a stray byte-order mark. Zero-width spaces stay: Khmer uses them between
/// words.
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// One line of text: whitespace runs (tabs, line ends, no-break spaces included) become one
/// space, dropped characters go, the ends are trimmed. Quotes and dashes are kept as written.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{C}' {
            space = !out.is_empty();
        } else if !is_dropped(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The key that finds the same text again: every paragraph on one line, lower-cased, in one
/// string. Two imports of a story, however the page wrapped its lines, give the same key.
pub fn text_key(body: &str) -> String {
    one_line(body).to_lowercase()
}

/// A date as `YYYY-MM-DD` from what pages and feeds carry: ISO 8601 (`2024-05-08`,
/// `2024-05-08T10:00:00+07:00`: the publisher's own day), RFC 2822 (`Wed, 08 May 2024 …`) or
/// `May 8, 2024`.
pub fn parse_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10]
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return Some(s[..10].to_string());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    for f in ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// Checks a `YYYY-MM-DD` date as `dyad-corpus check` does: a real day, from 1900 to today
/// (`SOURCE_DATE_EPOCH`'s day when that is set). The error says why.
pub fn check_date(date: &str) -> Result<(), String> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| format!("`{date}` is not a day of the calendar"))?;
    if date.len() != 10 {
        return Err(format!("`{date}` is not YYYY-MM-DD"));
    }
    let first = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real day");
    if d < first {
        return Err(format!("{date} is before 1900"));
    }
    let today = today();
    if d > today {
        return Err(format!("{date} is after today ({today})"));
    }
    Ok(())
}

fn today() -> chrono::NaiveDate {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    now.date_naive()
}

/// The file name of an article: `DATE_slug.txt` (`undated_slug.txt` without a date), the slug
/// made from the title, ASCII, at most 60 characters cut at a word.
pub fn file_stem(date: Option<&str>, title: &str) -> String {
    let mut slug = slug::slugify(title);
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = "article".to_string();
    }
    format!("{}_{slug}", date.unwrap_or("undated"))
}

/// Whether `text` names `name` as a whole word (case-sensitive, as the codebook's aliases match).
pub fn names(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    text.match_indices(name).any(|(at, m)| {
        let before = text[..at].chars().next_back();
        let after = text[at + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// An HTML page's bytes as text: UTF-8 (a byte-order mark dropped) or the charset the
/// `Content-Type` header or the page's `<meta>` declares (`windows-1252`, `iso-8859-1`…).
pub fn decode_html(bytes: Vec<u8>, content_type: Option<&str>) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        return if bad {
            Err(format!("not valid {} text", enc.name()))
        } else {
            Ok(text.into_owned())
        };
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let label = content_type
        .map(str::to_ascii_lowercase)
        .and_then(|c| charset_in(&c))
        .or_else(|| charset_in(&head));
    let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) else {
        return Err(
            "not UTF-8 text, and the page declares no charset (save it as UTF-8)".to_string(),
        );
    };
    let (text, bad) = enc.decode_without_bom_handling(&bytes);
    if bad {
        return Err(format!(
            "not valid {} text, the charset the page declares",
            enc.name()
        ));
    }
    Ok(text.into_owned())
}

/// The value after the first `charset=` (in a header or a `<meta>`), lower-cased.
fn charset_in(s: &str) -> Option<String> {
    let at = s.find("charset=")? + "charset=".len();
    let value: String = s[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_and_strips() {
        assert_eq!(
            one_line("  A\u{00A0}\t“quoted”\n\n\u{202E}text\u{7}\u{FEFF} "),
            "A “quoted” text"
        );
        assert_eq!(one_line("ខ្មែរ\u{200B}ភាសា"), "ខ្មែរ\u{200B}ភាសា");
    }

    #[test]
    fn dates_from_every_shape() {
        assert_eq!(
            parse_date("2024-05-08T23:30:00-05:00").as_deref(),
            Some("2024-05-08")
        );
        assert_eq!(
            parse_date("Wed, 08 May 2024 10:00:00 +0700").as_deref(),
            Some("2024-05-08")
        );
        assert_eq!(parse_date("May 8, 2024").as_deref(), Some("2024-05-08"));
        assert_eq!(parse_date("yesterday"), None);
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("1899-12-31").is_err());
        assert!(check_date("9999-01-01")
            .unwrap_err()
            .contains("after today"));
    }

    #[test]
    fn file_stems() {
        assert_eq!(
            file_stem(Some("2024-05-08"), "Cambodia, China sign Ream deal!"),
            "2024-05-08_cambodia-china-sign-ream-deal"
        );
        assert_eq!(file_stem(None, "ខ្មែរ"), "undated_khmaer");
        assert_eq!(file_stem(None, "…"), "undated_article");
        let long = file_stem(Some("2024-05-08"), &"word ".repeat(40));
        assert!(long.len() <= 11 + 60 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn pages_in_other_charsets() {
        let latin = b"<html><head><meta charset=\"windows-1252\"></head><body>Caf\xe9 \x93quoted\x94</body></html>".to_vec();
        let text = decode_html(latin, None).unwrap();
        assert!(text.contains("Café “quoted”"), "{text}");
        let declared_by_header = b"<p>Phnom Penh \xe9t\xe9</p>".to_vec();
        let text = decode_html(declared_by_header, Some("text/html; charset=ISO-8859-1")).unwrap();
        assert!(text.contains("été"), "{text}");
        let meta = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>\xe9</p>";
        assert!(decode_html(meta.to_vec(), None).unwrap().contains('é'));
        assert!(decode_html(b"<p>\xe9</p>".to_vec(), None)
            .unwrap_err()
            .contains("declares no charset"));
        assert_eq!(
            decode_html(b"\xef\xbb\xbf<p>x</p>".to_vec(), None).unwrap(),
            "<p>x</p>"
        );
    }

    #[test]
    fn whole_word_names() {
        assert!(names("Talks with China, Cambodia said.", "China"));
        assert!(!names("Chinatown grew.", "China"));
        assert!(!names("the us", "US"));
    }
}
