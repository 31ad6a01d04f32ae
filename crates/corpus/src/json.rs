//! Writing the bundle and the data folder's shards as JSON, byte for byte what
//! `serde_json::to_writer` writes.
//!
//! The articles are almost all of a bundle (their text, sentences, mentions, events), and
//! going through serde costs several calls per byte of output, so they are written here field
//! by field, as is the other part that grows with the corpus (the stories). Everything else (build info, codebook, stats) is small and goes through
//! serde_json, as do floats (so their formatting is serde_json's own). The test
//! `matches_serde_json` and the crate's tests compare both writers on whole bundles: a field
//! added to the model shows up there.

use dyad_model::{Article, Assessment, Bundle, Span, Stance};
use serde::Serialize;
use std::io::{self, Write};

/// Writes `bundle` to `out`, in chunks of about `CHUNK` bytes, so a caller can stream it.
pub fn write_bundle<W: Write>(bundle: &Bundle, out: W) -> io::Result<()> {
    let mut j = Json {
        buf: Vec::with_capacity(CHUNK + CHUNK / 4),
        out,
    };
    j.raw(b"{\"schema_version\":");
    j.serde(&bundle.schema_version)?;
    j.raw(b",\"build\":");
    j.serde(&bundle.build)?;
    j.raw(b",\"focus\":");
    j.str(&bundle.focus);
    j.raw(b",\"focus_pairs\":");
    j.serde(&bundle.focus_pairs)?;
    j.raw(b",\"countries\":");
    j.serde(&bundle.countries)?;
    j.raw(b",\"actors\":");
    j.serde(&bundle.actors)?;
    j.raw(b",\"codebook\":");
    j.serde(&bundle.codebook)?;
    j.raw(b",\"articles\":");
    j.raw(b"[");
    for (i, a) in bundle.articles.iter().enumerate() {
        if i > 0 {
            j.raw(b",");
        }
        j.article(a)?;
        j.flush_if_full()?;
    }
    j.raw(b"]");
    j.raw(b",\"stories\":");
    j.list(&bundle.stories, |j, s| {
        j.raw(b"{\"id\":");
        j.str(&s.id);
        j.raw(b",\"articles\":");
        j.strs(&s.articles);
        j.raw(b"}");
        j.flush_if_full()
    })?;
    j.raw(b",\"stats\":");
    j.serde(&bundle.stats)?;
    j.raw(b"}");
    j.flush()
}

/// Writes a [`dyad_model::layout::Shard`] of `articles` to `out`, the bytes `serde_json` would
/// write for it: a shard is almost all of the data folder, so its articles go through the same
/// field-by-field writer as the bundle's.
pub fn write_shard<W: Write>(
    schema_version: u32,
    input_digest: &str,
    articles: &[Article],
    out: W,
) -> io::Result<()> {
    let mut j = Json {
        buf: Vec::with_capacity(CHUNK + CHUNK / 4),
        out,
    };
    j.raw(b"{\"schema_version\":");
    j.u32(schema_version);
    j.raw(b",\"input_digest\":");
    j.str(input_digest);
    j.raw(b",\"articles\":[");
    for (i, a) in articles.iter().enumerate() {
        if i > 0 {
            j.raw(b",");
        }
        j.article(a)?;
        j.flush_if_full()?;
    }
    j.raw(b"]}");
    j.flush()
}

const CHUNK: usize = 1 << 16;

/// `00`, `01`, … `99`: the decimal digits of each number below 100.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// The number of decimal digits of `n`; the offsets and counts in a bundle are mostly short.
fn decimal_len(n: u32) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1_000..=9_999 => 4,
        10_000..=99_999 => 5,
        100_000..=999_999 => 6,
        1_000_000..=9_999_999 => 7,
        10_000_000..=99_999_999 => 8,
        100_000_000..=999_999_999 => 9,
        _ => 10,
    }
}

/// Whether JSON needs `b` escaped in a string.
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether any of `bytes` [`needs_escape`]. Folded without an early exit, so that the compiler
/// tests them all at once with vector compares.
fn any_needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| any | needs_escape(b))
}

struct Json<W: Write> {
    buf: Vec<u8>,
    out: W,
}

impl<W: Write> Json<W> {
    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Literal bytes; keys are written as whole literals (`,"name":`), one copy each.
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A value through serde_json, into the same buffer.
    fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.buf, value).map_err(io::Error::other)?;
        self.flush_if_full()
    }

    fn f64(&mut self, x: f64) -> io::Result<()> {
        serde_json::to_writer(&mut self.buf, &x).map_err(io::Error::other)
    }

    /// Decimal, two digits per division (as `itoa`, which serde_json uses, does). The digits
    /// go into ten bytes that are appended whole and then cut back to the number's length: one
    /// fixed-size copy instead of a `memcpy` call of one to ten bytes, for each of the
    /// millions of offsets in a large bundle.
    #[inline]
    fn u32(&mut self, n: u32) {
        let len = decimal_len(n);
        let mut digits = [0u8; 10];
        let (mut rest, mut end) = (n, len);
        while rest >= 100 {
            let pair = 2 * (rest % 100) as usize;
            rest /= 100;
            end -= 2;
            digits[end..end + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        }
        if rest >= 10 {
            let pair = 2 * rest as usize;
            digits[..2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        } else {
            digits[0] = b'0' + rest as u8;
        }
        let at = self.buf.len();
        self.buf.extend_from_slice(&digits);
        self.buf.truncate(at + len);
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { b"true" } else { b"false" });
    }

    /// A JSON string, escaped as serde_json escapes: `"`, `\`, and control characters below
    /// U+0020 (short forms where JSON has them, else `\u00xx`); everything else verbatim.
    /// Most text needs no escape: it is checked sixteen bytes at a time and copied in runs.
    /// The last fifteen or fewer bytes (all of a short id or code) go one by one, which is
    /// cheaper than a copy call.
    fn str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.buf.push(b'"');
        // `bytes[run..at]` is checked but not yet copied.
        let (mut run, mut at) = (0, 0);
        while let Some(chunk) = bytes.get(at..at + 16) {
            if !any_needs_escape(chunk) {
                at += 16;
                continue;
            }
            let i = at
                + chunk
                    .iter()
                    .position(|&b| needs_escape(b))
                    .expect("a byte needs escaping");
            self.buf.extend_from_slice(&bytes[run..i]);
            self.escape(bytes[i]);
            (run, at) = (i + 1, i + 1);
        }
        if run < at {
            self.buf.extend_from_slice(&bytes[run..at]);
        }
        for &b in &bytes[at..] {
            if needs_escape(b) {
                self.escape(b);
            } else {
                self.buf.push(b);
            }
        }
        self.buf.push(b'"');
    }

    /// One byte that [`needs_escape`], as serde_json writes it.
    fn escape(&mut self, b: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match b {
            b'"' => self.raw(b"\\\""),
            b'\\' => self.raw(b"\\\\"),
            0x08 => self.raw(b"\\b"),
            0x0C => self.raw(b"\\f"),
            b'\n' => self.raw(b"\\n"),
            b'\r' => self.raw(b"\\r"),
            b'\t' => self.raw(b"\\t"),
            _ => self.raw(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ]),
        }
    }

    /// `["…","…",…]`.
    fn strs(&mut self, items: &[String]) {
        self.raw(b"[");
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.str(s);
        }
        self.raw(b"]");
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw(b"null"),
        }
    }

    /// `"start":…,"end":…` without braces (spans are flattened into most records).
    fn span_fields(&mut self, s: Span) {
        self.raw(b"\"start\":");
        self.u32(s.start);
        self.raw(b",\"end\":");
        self.u32(s.end);
    }

    fn span(&mut self, s: Span) {
        self.raw(b"{");
        self.span_fields(s);
        self.raw(b"}");
    }

    fn stance(&mut self, s: Option<Stance>) {
        match s {
            Some(s) => {
                self.raw(b"\"");
                self.raw(s.as_str().as_bytes());
                self.raw(b"\"");
            }
            None => self.raw(b"null"),
        }
    }

    /// `[item,item,…]`.
    fn list<T>(
        &mut self,
        items: &[T],
        mut each: impl FnMut(&mut Self, &T) -> io::Result<()>,
    ) -> io::Result<()> {
        self.raw(b"[");
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            each(self, x)?;
        }
        self.raw(b"]");
        Ok(())
    }

    fn article(&mut self, a: &Article) -> io::Result<()> {
        self.raw(b"{\"id\":");
        self.str(&a.id);
        self.raw(b",\"file\":");
        self.str(&a.file);
        self.raw(b",\"title\":");
        self.str(&a.title);
        self.raw(b",\"source\":");
        self.str(&a.source);
        self.raw(b",\"date\":");
        self.opt_str(a.date.as_deref());
        self.raw(b",\"url\":");
        self.opt_str(a.url.as_deref());
        self.raw(b",\"text\":");
        self.str(&a.text);
        self.raw(b",\"story\":");
        self.str(&a.story);
        self.raw(b",\"paragraphs\":");
        self.list(&a.paragraphs, |j, &p| {
            j.span(p);
            Ok(())
        })?;
        self.raw(b",\"sentences\":");
        self.list(&a.sentences, |j, s| {
            j.raw(b"{");
            j.span_fields(s.span);
            j.raw(b",\"paragraph\":");
            j.u32(s.paragraph);
            j.raw(b"}");
            Ok(())
        })?;
        self.raw(b",\"mentions\":");
        self.list(&a.mentions, |j, m| {
            j.raw(b"{");
            j.span_fields(m.span);
            j.raw(b",\"actor\":");
            j.str(&m.actor);
            j.raw(b",\"country\":");
            j.str(&m.country);
            j.raw(b",\"sentence\":");
            j.u32(m.sentence);
            // Written only when true (as the model's `Serialize` does).
            if m.locative {
                j.raw(b",\"locative\":true");
            }
            j.raw(b"}");
            Ok(())
        })?;
        self.raw(b",\"quotes\":");
        self.list(&a.quotes, |j, q| {
            j.raw(b"{");
            j.span_fields(q.span);
            j.raw(b",\"sentences\":");
            j.raw(b"[");
            j.u32(q.sentences.0);
            j.raw(b",");
            j.u32(q.sentences.1);
            j.raw(b"]");
            j.raw(b",\"speaker\":");
            match &q.speaker {
                None => j.raw(b"null"),
                Some(s) => {
                    j.raw(b"{\"name\":");
                    j.str(&s.name);
                    j.raw(b",\"actor\":");
                    j.opt_str(s.actor.as_deref());
                    j.raw(b",\"country\":");
                    j.opt_str(s.country.as_deref());
                    j.raw(b",\"mention\":");
                    match s.mention {
                        Some(m) => j.span(m),
                        None => j.raw(b"null"),
                    }
                    j.raw(b"}");
                }
            }
            j.raw(b"}");
            Ok(())
        })?;
        self.raw(b",\"events\":");
        self.list(&a.events, |j, e| {
            j.raw(b"{\"sentence\":");
            j.u32(e.sentence);
            j.raw(b",\"source\":");
            j.str(&e.source);
            j.raw(b",\"target\":");
            j.str(&e.target);
            j.raw(b",\"category\":");
            j.str(&e.category);
            j.raw(b",\"weight\":");
            j.f64(e.weight)?;
            j.raw(b",\"trigger\":");
            j.span(e.trigger);
            j.raw(b",\"flags\":{\"negated\":");
            j.bool(e.flags.negated);
            j.raw(b",\"hypothetical\":");
            j.bool(e.flags.hypothetical);
            j.raw(b",\"historical\":");
            j.bool(e.flags.historical);
            j.raw(b"}}");
            Ok(())
        })?;
        self.raw(b",\"assessments\":");
        self.list(&a.assessments, Self::assessment)?;
        self.raw(b",\"context\":");
        self.list(&a.context, Self::assessment)?;
        self.raw(b"}");
        Ok(())
    }

    fn assessment(&mut self, x: &Assessment) -> io::Result<()> {
        self.raw(b"{\"pair\":");
        self.str(&x.pair);
        self.raw(b",\"stance\":");
        self.stance(x.stance);
        self.raw(b",\"score\":");
        self.f64(x.score)?;
        self.raw(b",\"confidence\":");
        self.f64(x.confidence)?;
        self.raw(b",\"evidence\":");
        self.list(&x.evidence, |j, e| {
            j.raw(b"{");
            j.span_fields(e.span);
            j.raw(b",\"sentence\":");
            j.u32(e.sentence);
            j.raw(b",\"events\":");
            j.list(&e.events, |j, &n| {
                j.u32(n);
                Ok(())
            })?;
            j.raw(b",\"weight\":");
            j.f64(e.weight)?;
            j.raw(b"}");
            Ok(())
        })?;
        self.raw(b"}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::*;

    fn ours(b: &Bundle) -> Vec<u8> {
        let mut out = Vec::new();
        write_bundle(b, &mut out).unwrap();
        out
    }

    #[test]
    fn matches_serde_json() {
        let text = "Quote \"x\" \\ tab\t cr\r lf\n ff\x0C bs\x08 nul\0 del\x7F unit\x1F é “ü” 😀"
            .to_string();
        let ev = Evidence {
            span: Span::new(1, 2),
            sentence: 3,
            events: vec![0, 7, 4_000_000_000],
            weight: -0.1234,
        };
        let x = Assessment {
            pair: "KH-CN".into(),
            stance: Some(Stance::Mixed),
            score: 1e-7,
            confidence: 0.5,
            evidence: vec![ev.clone(), ev],
        };
        let article = Article {
            id: "a\"b".into(),
            file: "f.txt".into(),
            title: text.clone(),
            source: "s".into(),
            date: Some("2024-01-01".into()),
            url: None,
            text,
            story: "a".into(),
            paragraphs: vec![Span::new(0, 10), Span::new(11, 12)],
            sentences: vec![Sentence {
                span: Span::new(0, 4),
                paragraph: 0,
            }],
            mentions: vec![
                Mention {
                    span: Span::new(0, 2),
                    actor: "KH".into(),
                    country: "KH".into(),
                    sentence: 0,
                    locative: false,
                },
                Mention {
                    span: Span::new(3, 4),
                    actor: "x".into(),
                    country: "CN".into(),
                    sentence: u32::MAX,
                    locative: true,
                },
            ],
            quotes: vec![
                Quote {
                    span: Span::new(1, 3),
                    sentences: (0, 2),
                    speaker: None,
                },
                Quote {
                    span: Span::new(1, 3),
                    sentences: (0, 0),
                    speaker: Some(Speaker {
                        name: "N".into(),
                        actor: Some("hun-sen".into()),
                        country: None,
                        mention: Some(Span::new(5, 9)),
                    }),
                },
                Quote {
                    span: Span::new(1, 3),
                    sentences: (0, 0),
                    speaker: Some(Speaker {
                        name: "N".into(),
                        actor: None,
                        country: Some("KH".into()),
                        mention: None,
                    }),
                },
            ],
            events: vec![Event {
                sentence: 0,
                source: "KH".into(),
                target: "CN".into(),
                category: "aid".into(),
                weight: 7.0,
                trigger: Span::new(2, 3),
                flags: Flags {
                    negated: true,
                    hypothetical: false,
                    historical: true,
                },
            }],
            assessments: vec![
                x.clone(),
                Assessment {
                    stance: None,
                    evidence: vec![],
                    ..x.clone()
                },
            ],
            context: vec![Assessment {
                stance: Some(Stance::Strained),
                score: -1.0,
                ..x
            }],
        };
        let empty = Article::default();
        let bundle = Bundle {
            articles: vec![article, empty],
            stories: vec![
                Story {
                    id: "a1".into(),
                    articles: vec!["a1".into(), "b".into()],
                },
                Story::default(),
            ],
            ..Default::default()
        };
        assert_eq!(
            String::from_utf8(ours(&bundle)).unwrap(),
            serde_json::to_string(&bundle).unwrap()
        );
        let none = Bundle::default();
        assert_eq!(ours(&none), serde_json::to_vec(&none).unwrap());
    }

    #[test]
    fn shards_match_serde_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let b = crate::compile_dir(&dir).expect("the seeds compile").bundle;
        for articles in [&b.articles[..], &b.articles[1..3], &[]] {
            let shard = dyad_model::layout::Shard {
                schema_version: 2,
                input_digest: "d\"1".into(),
                articles: articles.to_vec(),
            };
            let mut ours = Vec::new();
            write_shard(
                shard.schema_version,
                &shard.input_digest,
                articles,
                &mut ours,
            )
            .unwrap();
            assert!(ours == serde_json::to_vec(&shard).unwrap());
        }
    }

    #[test]
    fn seeds_bundle_matches_serde_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let b = crate::compile_dir(&dir).expect("the seeds compile").bundle;
        assert!(ours(&b) == serde_json::to_vec(&b).unwrap());
    }

    fn str_as_ours(s: &str) -> String {
        let mut j = Json {
            buf: Vec::new(),
            out: io::sink(),
        };
        j.str(s);
        String::from_utf8(j.buf).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_at_every_position() {
        // Each byte that needs escaping (and a few that do not), at each position of the first
        // sixteen-byte chunks and of the bytes after them, amid ASCII and multi-byte text,
        // alone and twice.
        let special: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', ' ', '!', ']', '\x7F', 'é', '😀'])
            .collect();
        for pad in ["", "a", "é", "“ü”"] {
            for len in (0..=18).chain(30..=34) {
                for &c in &special {
                    for at in 0..=len {
                        let mut s: String = "xy".repeat(len).chars().take(len).collect();
                        s.insert(at, c);
                        let s = format!("{pad}{s}{pad}");
                        assert_eq!(str_as_ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
                        let twice = format!("{s}{c}{s}");
                        assert_eq!(
                            str_as_ours(&twice),
                            serde_json::to_string(&twice).unwrap(),
                            "{twice:?}"
                        );
                    }
                }
            }
        }
        let all: String = (0u8..0x80).map(char::from).collect();
        assert_eq!(str_as_ours(&all), serde_json::to_string(&all).unwrap());
    }

    #[test]
    fn numbers_print_as_serde_json() {
        let mut n = 1u64;
        let mut cases = vec![0, u32::MAX, u32::MAX - 1];
        while n <= u64::from(u32::MAX) {
            cases.extend([n - 1, n, n + 1, 5 * n].map(|x| x.min(u64::from(u32::MAX)) as u32));
            n *= 10;
        }
        cases.extend((0..100_000).map(|i: u32| i.wrapping_mul(2_654_435_761)));
        for x in cases {
            let mut j = Json {
                buf: Vec::new(),
                out: io::sink(),
            };
            j.u32(x);
            assert_eq!(j.buf, x.to_string().into_bytes());
        }
    }

    #[test]
    fn streams_in_chunks() {
        let big = Article {
            text: "x".repeat(3 * CHUNK),
            ..Default::default()
        };
        let none = Bundle {
            articles: vec![big.clone(), big],
            ..Default::default()
        };
        assert_eq!(ours(&none), serde_json::to_vec(&none).unwrap());
    }
}
