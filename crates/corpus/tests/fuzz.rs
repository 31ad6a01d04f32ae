//! Randomized input for the front matter and text stages: arbitrary bytes, arbitrary Unicode,
//! pathological punctuation and quote nesting, and front matters built near their edge cases
//! (keys twice, blank lines, CR line ends, a BOM, control and bidirectional characters, long
//! values, no closing line). Every case must give either a bundle whose spans all slice the text
//! on character boundaries, or errors that are diagnostics a terminal can show; never a panic.
//!
//! `cargo test` runs a fixed number of cases from fixed seeds (reproducible). `cargo xtask fuzz
//! --seconds N` runs the ignored test for N seconds from a seed taken from the clock, prints how
//! many cases ran, and on a failure writes the input to `target/fuzz-failure-SEED.txt`.

use dyad_corpus::sample::Rng;
use dyad_corpus::{compile_sources, Options};
use dyad_model::{Bundle, Span};

const WORDS: &[&str] = &[
    "Cambodia",
    "Cambodian",
    "China",
    "Beijing",
    "Russia",
    "Moscow",
    "Ukraine",
    "Kyiv",
    "U.S.",
    "Washington",
    "the Kingdom",
    "Hun Sen",
    "Hun Manet",
    "Putin",
    "Zelensky",
    "Xi Jinping",
    "said",
    "told",
    "according to",
    "he",
    "she",
    "spokesman",
    "minister",
    "agreed",
    "signed",
    "aid",
    "condemned",
    "sanctions",
    "not",
    "would",
    "never",
    "refused to",
    "in 2023",
    "1970s",
    "Phnom Penh",
    "Gulf of Thailand",
    "the two countries",
    "both sides",
    "between",
    "and",
    "cooperation",
    "talks",
    "protested",
    "Nov.",
    "Dr.",
    "e.g.",
    "then-",
    "former",
];

const MARKS: &[&str] = &[
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "(",
    ")",
    "[",
    "]",
    ", ",
    ". ",
    "? ",
    "! ",
    "…",
    "—",
    "–",
    "-",
    ";",
    ":",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "\u{00A0}",
    "\u{200B}",
    "\u{202E}",
    "\u{2067}",
    "\u{FEFF}",
    "\u{0301}",
    "é",
    "ñ",
    "中国",
    "Україна",
    "🙂",
    "ﷺ",
];

fn text_piece(rng: &mut Rng) -> String {
    match rng.next_u64() % 10 {
        0..=5 => format!("{} ", rng.pick(WORDS)),
        6..=8 => rng.pick(MARKS).to_string(),
        // Any scalar value, from anywhere in Unicode.
        _ => char::from_u32((rng.next_u64() % 0x11_0000) as u32)
            .unwrap_or('\u{FFFD}')
            .to_string(),
    }
}

fn body(rng: &mut Rng) -> String {
    let n = rng.next_u64() % 200;
    let mut out: String = (0..n).map(|_| text_piece(rng)).collect();
    // Quote nesting: a run of openings, then closings in another order.
    if rng.next_u64().is_multiple_of(3) {
        let depth = 1 + rng.next_u64() % 12;
        for _ in 0..depth {
            out.push_str(rng.pick(&["“", "‘", "\"", "«"]));
            out.push_str(rng.pick(WORDS));
        }
        for _ in 0..depth {
            out.push_str(rng.pick(&["”", "’", "\"", "»"]));
        }
        out.push_str(" he said.");
    }
    out
}

/// A front matter near its edge cases.
fn front_matter(rng: &mut Rng) -> String {
    let eol = rng.pick(&["\n", "\n", "\n", "\r\n", "\r"]);
    let mut out = String::new();
    if rng.next_u64().is_multiple_of(8) {
        out.push('\u{FEFF}');
    }
    for _ in 0..rng.next_u64() % 3 {
        if rng.next_u64().is_multiple_of(4) {
            out.push_str(eol);
        }
    }
    out.push_str("---");
    out.push_str(eol);
    for _ in 0..rng.next_u64() % 7 {
        let key = rng.pick(&[
            "title", "source", "date", "url", "Title", "tags", "", "title",
        ]);
        let value = match rng.next_u64() % 8 {
            0 => rng
                .pick(&[
                    "2024-02-29",
                    "2023-02-29",
                    "0000-01-01",
                    "9999-12-31",
                    "2024-13-01",
                    "24-1-1",
                ])
                .to_string(),
            1 => rng
                .pick(&[
                    "https://example.org/a",
                    "javascript:alert(1)",
                    "data:x",
                    "HTTP://X",
                ])
                .to_string(),
            2 => "x".repeat((rng.next_u64() % 700) as usize),
            3 => String::new(),
            _ => (0..rng.next_u64() % 8)
                .map(|_| text_piece(rng))
                .collect::<String>()
                .replace(['\n', '\r'], " "),
        };
        let sep = rng.pick(&[": ", ":", " : ", " ", ":: "]);
        out.push_str(&format!("{key}{sep}{value}{eol}"));
    }
    if !rng.next_u64().is_multiple_of(6) {
        out.push_str(rng.pick(&["---", "--- ", "----", "---"]));
        out.push_str(eol);
    }
    out
}

/// One input file: structured, or arbitrary bytes, or text with a few bytes broken.
fn case(rng: &mut Rng) -> Vec<u8> {
    match rng.next_u64() % 6 {
        0 => (0..rng.next_u64() % 300)
            .map(|_| rng.next_u64() as u8)
            .collect(),
        1 => {
            let mut bytes = format!("{}{}", front_matter(rng), body(rng)).into_bytes();
            for _ in 0..1 + rng.next_u64() % 3 {
                if !bytes.is_empty() {
                    let i = (rng.next_u64() as usize) % bytes.len();
                    bytes[i] = rng.next_u64() as u8;
                }
            }
            bytes
        }
        2 => body(rng).into_bytes(),
        _ => format!("{}{}", front_matter(rng), body(rng)).into_bytes(),
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && (span.end as usize) <= text.len(),
        "{what} {span:?} out of range"
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what} {span:?} splits a character"
    );
}

fn check_bundle(b: &Bundle) {
    for a in &b.articles {
        let t = &a.text;
        assert!(
            a.title.chars().count() <= 301,
            "title of {} chars",
            a.title.chars().count()
        );
        a.paragraphs
            .iter()
            .for_each(|&s| check_span(t, s, "paragraph"));
        for s in &a.sentences {
            check_span(t, s.span, "sentence");
            assert!(
                s.span.end - s.span.start <= 4096,
                "a sentence over the limit"
            );
        }
        a.mentions
            .iter()
            .for_each(|m| check_span(t, m.span, "mention"));
        for q in &a.quotes {
            check_span(t, q.span, "quote");
            if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
                check_span(t, m, "speaker");
            }
        }
        a.events
            .iter()
            .for_each(|e| check_span(t, e.trigger, "trigger"));
        for x in a.assessments.iter().chain(&a.context) {
            assert!((-1.0..=1.0).contains(&x.score), "score {}", x.score);
            assert!((0.0..=1.0).contains(&x.confidence));
            assert!(x.stance.is_some());
            for e in &x.evidence {
                check_span(t, e.span, "evidence");
                assert_eq!(a.sentences[e.sentence as usize].span, e.span);
            }
        }
    }
}

/// The invariants for one case (one to three files); whether it compiled.
fn run(opts: &Options, files: Vec<(String, Vec<u8>)>) -> bool {
    for (name, bytes) in &files {
        if let Err(errors) = dyad_corpus::source::parse_article(name, name, bytes) {
            assert!(!errors.is_empty());
            for d in &errors {
                let shown = d.to_string();
                assert!(d.is_error(), "{shown}");
                assert!(
                    !shown
                        .chars()
                        .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
                    "raw control characters in {shown:?}"
                );
                assert!(shown.len() < 4096, "a diagnostic of {} bytes", shown.len());
            }
        }
    }
    match compile_sources(opts, files) {
        Ok(c) => {
            check_bundle(&c.bundle);
            true
        }
        Err(errors) => {
            assert!(errors.iter().any(|d| d.is_error()));
            false
        }
    }
}

fn files(rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    (0..1 + rng.next_u64() % 3)
        .map(|k| (format!("{k}.txt"), case(rng)))
        .collect()
}

#[test]
fn randomized_inputs_keep_every_invariant() {
    let opts = Options::default();
    let (mut compiled, mut refused) = (0, 0);
    for seed in 1..=4u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for _ in 0..400 {
            if run(&opts, files(&mut rng)) {
                compiled += 1;
            } else {
                refused += 1;
            }
        }
    }
    // Both paths were exercised: the analysis and the diagnostics.
    assert!(
        compiled > 100 && refused > 100,
        "{compiled} compiled, {refused} refused"
    );
}

#[test]
#[ignore = "long: run by `cargo xtask fuzz --seconds N`"]
fn fuzz_for_a_while() {
    let seconds: u64 = std::env::var("DYAD_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    println!("fuzz: seed {seed}, {seconds} s");
    let opts = Options::default();
    let mut rng = Rng(seed);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let mut cases = 0u64;
    // The panic message goes to stderr as usual; the input is kept for the report.
    while std::time::Instant::now() < deadline {
        let f = files(&mut rng);
        let kept = f.clone();
        if std::panic::catch_unwind(|| run(&opts, f)).is_err() {
            let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("fuzz-failure-{seed}-{cases}.txt"));
            let mut out = Vec::new();
            for (name, bytes) in kept {
                out.extend(format!("===== {name} ({} bytes)\n", bytes.len()).bytes());
                out.extend(bytes);
                out.push(b'\n');
            }
            std::fs::write(&path, out).unwrap();
            panic!(
                "case {cases} of seed {seed} failed; its input: {}",
                path.display()
            );
        }
        cases += 1;
    }
    println!("fuzz: {cases} cases in {seconds} s, no failure");
    assert!(cases > 0);
}
