//! Writing the bundle as JSON, byte for byte what `serde_json::to_writer(bundle)` writes.
//!
//! The articles are almost all of a bundle (their text, sentences, mentions, events), and
//! going through serde costs several calls per byte of output, so they are written here field
//! by field. Everything else (build info, codebook, stories, pairs, stats) is small and goes
//! through serde_json, as do floats (so their formatting is serde_json's own). The test
//! `matches_serde_json` and the crate's tests compare both writers on whole bundles: a field
//! added to the model shows up there.

use dyad_model::{Article, Assessment, Bundle, Span, Stance};
use serde::Serialize;
use std::io::{self, Write};

/// Writes `bundle` to `out`, in chunks of about `CHUNK` bytes, so a caller can stream it.
pub fn write_bundle<W: Write>(bundle: &Bundle, out: W) -> io::Result<()> {
    let mut j = Json { buf: Vec::with_capacity(CHUNK + CHUNK / 4), out };
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
    j.serde(&bundle.stories)?;
    j.raw(b",\"pairs\":");
    j.serde(&bundle.pairs)?;
    j.raw(b",\"stats\":");
    j.serde(&bundle.stats)?;
    j.raw(b"}");
    j.flush()
}

const CHUNK: usize = 1 << 16;

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

    fn u32(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { b"true" } else { b"false" });
    }

    /// A JSON string, escaped as serde_json escapes: `"`, `\`, and control characters below
    /// U+0020 (short forms where JSON has them, else `\u00xx`); everything else verbatim.
    fn str(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let bytes = s.as_bytes();
        self.buf.push(b'"');
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x20 && b != b'"' && b != b'\\' {
                i += 1;
                continue;
            }
            self.buf.extend_from_slice(&bytes[run..i]);
            match b {
                b'"' => self.raw(b"\\\""),
                b'\\' => self.raw(b"\\\\"),
                0x08 => self.raw(b"\\b"),
                0x0C => self.raw(b"\\f"),
                b'\n' => self.raw(b"\\n"),
                b'\r' => self.raw(b"\\r"),
                b'\t' => self.raw(b"\\t"),
                _ => self.raw(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xF) as usize]]),
            }
            i += 1;
            run = i;
        }
        self.buf.extend_from_slice(&bytes[run..]);
        self.buf.push(b'"');
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
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T) -> io::Result<()>) -> io::Result<()> {
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
        let text = "Quote \"x\" \\ tab\t cr\r lf\n ff\x0C bs\x08 nul\0 del\x7F unit\x1F é “ü” 😀".to_string();
        let ev = Evidence { span: Span::new(1, 2), sentence: 3, events: vec![0, 7, 4_000_000_000], weight: -0.1234 };
        let x = Assessment { pair: "KH-CN".into(), stance: Some(Stance::Mixed), score: 1e-7, confidence: 0.5, evidence: vec![ev.clone(), ev] };
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
            sentences: vec![Sentence { span: Span::new(0, 4), paragraph: 0 }],
            mentions: vec![
                Mention { span: Span::new(0, 2), actor: "KH".into(), country: "KH".into(), sentence: 0, locative: false },
                Mention { span: Span::new(3, 4), actor: "x".into(), country: "CN".into(), sentence: u32::MAX, locative: true },
            ],
            quotes: vec![
                Quote { span: Span::new(1, 3), sentences: (0, 2), speaker: None },
                Quote {
                    span: Span::new(1, 3),
                    sentences: (0, 0),
                    speaker: Some(Speaker { name: "N".into(), actor: Some("hun-sen".into()), country: None, mention: Some(Span::new(5, 9)) }),
                },
                Quote {
                    span: Span::new(1, 3),
                    sentences: (0, 0),
                    speaker: Some(Speaker { name: "N".into(), actor: None, country: Some("KH".into()), mention: None }),
                },
            ],
            events: vec![Event {
                sentence: 0,
                source: "KH".into(),
                target: "CN".into(),
                category: "aid".into(),
                weight: 7.0,
                trigger: Span::new(2, 3),
                flags: Flags { negated: true, hypothetical: false, historical: true },
            }],
            assessments: vec![x.clone(), Assessment { stance: None, evidence: vec![], ..x.clone() }],
            context: vec![Assessment { stance: Some(Stance::Strained), score: -1.0, ..x }],
        };
        let empty = Article::default();
        let bundle = Bundle { articles: vec![article, empty], ..Default::default() };
        assert_eq!(String::from_utf8(ours(&bundle)).unwrap(), serde_json::to_string(&bundle).unwrap());
        let none = Bundle::default();
        assert_eq!(ours(&none), serde_json::to_vec(&none).unwrap());
    }

    #[test]
    fn seeds_bundle_matches_serde_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let b = crate::compile_dir(&dir).expect("the seeds compile").bundle;
        assert!(ours(&b) == serde_json::to_vec(&b).unwrap());
    }

    #[test]
    fn streams_in_chunks() {
        let big = Article { text: "x".repeat(3 * CHUNK), ..Default::default() };
        let none = Bundle { articles: vec![big.clone(), big], ..Default::default() };
        assert_eq!(ours(&none), serde_json::to_vec(&none).unwrap());
    }
}
