use super::encoding::find_binary;
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
    let (a, w) =
        parse("\u{FEFF}---\r\ntitle: T\r\nsource: S\r\ndate:\r\n---\r\nLine one.\r\nLine two.\r\n")
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

fn error_of(bytes: &[u8]) -> String {
    let errors = parse_article("a.txt", "seeds/a.txt", bytes).expect_err("an error");
    errors.iter().map(|d| d.to_string()).collect()
}

#[test]
fn cr_only_line_ends_are_an_error_not_a_one_line_title() {
    let shown = error_of(b"---\rtitle: T\rsource: S\r---\rBody.\r");
    assert!(shown.contains("bare carriage return"), "{shown}");
    assert!(shown.contains("seeds/a.txt:1:4"), "{shown}");
    assert!(shown.contains("tr '\\r' '\\n'"), "{shown}");
    // CRLF is fine.
    assert!(parse("---\r\ntitle: T\r\n---\r\nBody.\r\n").is_ok());
}

#[test]
fn blank_lines_before_the_front_matter_do_not_hide_it() {
    let (a, w) = parse("\n  \n---\ntitle: T\nsource: S\n---\nBody.\n").unwrap();
    assert_eq!((a.title.as_str(), a.source.as_str()), ("T", "S"));
    assert_eq!(a.text, "Body.\n");
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn a_key_given_twice_is_an_error_naming_the_first_line() {
    let shown = error_of(b"---\ntitle: One\nsource: S\nTitle: Two\n---\nBody.\n");
    assert!(
        shown.contains("`Title` is given twice (first on line 2)"),
        "{shown}"
    );
    assert!(shown.contains("seeds/a.txt:4:1"), "{shown}");
}

#[test]
fn an_overlong_title_is_an_error_and_is_not_echoed_whole() {
    let title = "A".repeat(5_000_000);
    let shown = error_of(format!("---\ntitle: {title}\n---\nBody.\n").as_bytes());
    assert!(
        shown.contains("the title is 5000000 characters long"),
        "{}",
        &shown[..200]
    );
    assert!(shown.len() < 2_000, "{} bytes of diagnostics", shown.len());
    // A body's first line used as the title is shortened instead.
    let (a, w) = parse(&format!("{} end\n", "word ".repeat(1000))).unwrap();
    assert!(
        a.title.chars().count() <= 301 && a.title.ends_with("word…"),
        "{}",
        a.title
    );
    assert!(w.iter().any(|d| d.message.starts_with("no title")), "{w:?}");
}

#[test]
fn control_and_bidirectional_characters_in_the_front_matter_are_errors() {
    for (value, code) in [
        ("Safe\u{202E}txt.exe", "U+202E"),
        ("Next\u{85}line", "U+0085"),
        ("Tab\there", "U+0009"),
        ("\u{2067}x", "U+2067"),
    ] {
        let shown = error_of(format!("---\ntitle: {value}\n---\nBody.\n").as_bytes());
        assert!(
            shown.contains(&format!("invisible control character {code}")),
            "{shown}"
        );
        assert!(
            !shown.contains('\u{202E}') && !shown.contains('\u{85}'),
            "{shown:?}"
        );
    }
    let shown = error_of("---\ntitle: T\nsource: Wire\u{200F}\n---\nBody.\n".as_bytes());
    assert!(
        shown.contains("the source holds an invisible control character U+200F"),
        "{shown}"
    );
}

#[test]
fn a_url_that_is_not_http_warns() {
    for url in [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://x",
        "www.example.org",
    ] {
        let (a, w) = parse(&format!(
            "---\ntitle: T\nsource: S\nurl: {url}\n---\nBody.\n"
        ))
        .unwrap();
        assert_eq!(a.url.as_deref(), Some(url));
        assert!(
            w.iter()
                .any(|d| d.message.contains("not an http(s) address")),
            "{url}: {w:?}"
        );
    }
    let (_, w) = parse("---\ntitle: T\nsource: S\nurl: HTTPS://x.org/a\n---\nBody.\n").unwrap();
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn an_unclosed_front_matter_is_one_error_whatever_the_file_length() {
    let body = "Not a key line.\n".repeat(100_000);
    let errors = parse(&format!("---\ntitle: T\n{body}")).unwrap_err();
    assert!(errors.len() <= 64, "{} errors", errors.len());
    assert!(errors.iter().any(|d| d.message.contains("never closed")));
}

#[test]
fn utf16_text_gets_a_utf16_hint() {
    let utf16le: Vec<u8> = "---\ntitle: T\n---\nBody.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16be: Vec<u8> = "Body of an article."
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    for bytes in [
        utf16le.clone(),
        utf16be,
        [&[0xFF, 0xFE][..], &utf16le].concat(),
    ] {
        let shown = error_of(&bytes);
        assert!(
            shown.contains("UTF-16") && shown.contains("iconv -f UTF-16"),
            "{shown}"
        );
        assert!(!shown.contains("binary"), "{shown}");
    }
}
