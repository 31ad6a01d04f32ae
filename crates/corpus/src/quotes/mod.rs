//! Direct quotes and their speakers.
//!
//! Quote marks: curly `“ ”`, guillemets and straight `"`. A quote left open at a paragraph's end
//! whose next paragraph opens with a quote mark continues there (the news convention), and the
//! continued parts share one speaker. Speakers: `“…,” X said`, `said X`, `X said: “…”`,
//! `according to X`, `X told …`, `X tweeted`; `he`/`she` resolve to the last named person.

use crate::actors::Mention;
use crate::codebook::{Codebook, Cue, Keys};
use crate::text::Token;
use dyad_model::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct FoundQuote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// From the opening mark to the closing mark (or the paragraph's end).
    pub outer: Span,
    pub sentences: (u32, u32),
    pub speaker: Option<FoundSpeaker>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FoundSpeaker {
    pub name: String,
    pub actor: Option<usize>,
    pub country: Option<usize>,
    /// Where the attribution names the speaker.
    pub mention: Option<Span>,
    /// Resolved from a pronoun.
    pub pronoun: bool,
}

mod speakers;

use speakers::{person_country, reported_speakers, titled_persons, Anchors};
pub use speakers::{resolve_pronoun, PersonAnchor};

fn opens(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}
fn closes(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Raw quotes: (content span, outer span, continues into the next paragraph).
pub fn scan_quotes(text: &str, paragraphs: &[Span]) -> Vec<(Span, Span, bool)> {
    let mut out = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        let (ps, pe) = (para.start as usize, para.end as usize);
        let mut open: Option<(usize, usize, bool)> = None; // (mark start, content start, straight)
                                                           // Every quote mark is `"` or starts with byte 0xC2 or 0xE2: decode only there.
        let bytes = &text.as_bytes()[ps..pe];
        let mut from = 0;
        while let Some(k) = memchr::memchr3(b'"', 0xC2, 0xE2, &bytes[from..]) {
            let at = ps + from + k;
            from += k + 1;
            let Some(c) = text[at..pe].chars().next() else {
                continue;
            };
            let after = at + c.len_utf8();
            if opens(c) {
                if let Some((m, s, _)) = open.take() {
                    push(&mut out, text, m, s, at, at, false);
                }
                open = Some((at, after, false));
            } else if closes(c) {
                if let Some((m, s, _)) = open.take() {
                    push(&mut out, text, m, s, at, after, false);
                }
            } else if c == '"' {
                match open.take() {
                    Some((m, s, _)) => push(&mut out, text, m, s, at, after, false),
                    None => open = Some((at, after, true)),
                }
            }
        }
        if let Some((m, s, _)) = open {
            let next_opens = paragraphs.get(p + 1).is_some_and(|n| {
                text[n.start as usize..].starts_with(|c: char| opens(c) || c == '"')
            });
            push(&mut out, text, m, s, pe, pe, next_opens);
        }
    }
    out
}

fn push(
    out: &mut Vec<(Span, Span, bool)>,
    text: &str,
    mark: usize,
    start: usize,
    end: usize,
    outer_end: usize,
    continues: bool,
) {
    let inner = crate::text::trim_span(text, start, end.max(start));
    if !inner.is_empty() {
        out.push((inner, Span::new(mark, outer_end), continues));
    }
}

/// What the quote finder needs to know about the article.
pub struct QuoteContext<'a> {
    pub cb: &'a Codebook,
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Span],
    pub mentions: &'a [Mention],
    pub keys: &'a Keys,
}

/// Finds the quotes and attributes them; returns them with the person anchors (named persons
/// and speakers in text order) that pronouns resolve to.
pub fn find_quotes(cx: &QuoteContext, paragraphs: &[Span]) -> (Vec<FoundQuote>, Vec<PersonAnchor>) {
    let raw = scan_quotes(cx.text, paragraphs);
    // Persons named outside quotes: what pronouns can refer to.
    // The quotes are in text order and do not overlap: found by halving, not by a pass over all
    // of them for every token (quadratic in a long article).
    let inside = |at: u32| {
        let i = raw.partition_point(|r| r.0.start <= at);
        i > 0 && at < raw[i - 1].0.end
    };
    let mut anchors = Anchors::default();
    for m in cx
        .mentions
        .iter()
        .filter(|m| m.person && !inside(m.span.start))
    {
        anchors.insert(PersonAnchor {
            at: m.span.start,
            name: cx.cb.actors[m.actor.unwrap_or(0)].name.clone(),
            country: Some(m.country),
            sentence: m.sentence,
            subject: !m.prepositional,
            speaker: false,
        });
    }
    titled_persons(cx, &mut anchors, &inside);
    reported_speakers(cx, &mut anchors, &inside);
    let mut quotes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        // A chain of continued quotes shares its speaker.
        let mut j = i;
        while raw[j].2 && j + 1 < raw.len() {
            j += 1;
        }
        let mut speaker = None;
        for k in (i..=j).rev() {
            if let Some(s) = attribute_after(cx, raw[k].1.end as usize, &anchors) {
                speaker = Some(s);
                break;
            }
        }
        if speaker.is_none() {
            speaker = attribute_before(cx, raw[i].1.start as usize, &anchors);
        }
        // `“…,” Kravets told reporters. “We respect …”`: a quote with no attribution of its own
        // goes on with the speaker of the quote before it in the paragraph: not across a
        // paragraph, nor past another person named in between (the speaker named again,
        // `spokesman Lt Gen Chhim Vuthy`, is no one else).
        if speaker.is_none() {
            speaker = quotes.last().and_then(|before: &FoundQuote| {
                let (from, to) = (before.outer.end, raw[i].1.start);
                let own = before
                    .speaker
                    .as_ref()
                    .and_then(|s| s.name.split_whitespace().last());
                (from <= to
                    && !cx.text[from as usize..to as usize].contains('\n')
                    && anchors
                        .by_at
                        .range(from..to)
                        .all(|(_, p)| p.name.split_whitespace().last() == own))
                .then(|| before.speaker.clone())
                .flatten()
            });
        }
        if let Some(s) = &speaker {
            if !s.pronoun && s.actor.is_none() {
                let at = s.mention.map_or(raw[j].1.end, |m| m.start);
                let sentence = sentence_range(
                    cx.sentences,
                    Span {
                        start: at,
                        end: at + 1,
                    },
                )
                .0;
                if !anchors.by_at.contains_key(&at) {
                    anchors.insert(PersonAnchor {
                        at,
                        name: s.name.clone(),
                        country: s.country,
                        sentence,
                        subject: true,
                        speaker: true,
                    });
                }
            }
            if let Some(a) = s.mention.and_then(|m| anchors.by_at.get_mut(&m.start)) {
                a.speaker = true;
            }
        }
        for r in &raw[i..=j] {
            quotes.push(FoundQuote {
                span: r.0,
                outer: r.1,
                sentences: sentence_range(cx.sentences, r.0),
                speaker: speaker.clone(),
            });
        }
        i = j + 1;
    }
    (quotes, anchors.into_vec())
}

/// The first and last sentence a span touches (the sentences are in text order).
fn sentence_range(sentences: &[Span], span: Span) -> (u32, u32) {
    let first = sentences.partition_point(|s| s.end <= span.start);
    let first = if first == sentences.len() { 0 } else { first };
    let last = sentences
        .partition_point(|s| s.start < span.end)
        .checked_sub(1)
        .unwrap_or(first)
        .max(first);
    (first as u32, last as u32)
}

fn token_at(tokens: &[Token], byte: usize) -> usize {
    tokens.partition_point(|t| (t.start as usize) < byte)
}

pub(super) fn is_speech(cx: &QuoteContext, k: usize) -> Option<usize> {
    match cx.keys.cue_at(k) {
        // `the United States`: a capitalised word inside a name is no verb (`According` opens
        // a sentence and stays one).
        Some((n, Cue::Speech))
            if !(k > 0
                && cx.tokens[k]
                    .text(cx.text)
                    .starts_with(|c: char| c.is_uppercase())
                && cx.tokens[k - 1]
                    .text(cx.text)
                    .starts_with(|c: char| c.is_uppercase())) =>
        {
            Some(n)
        }
        _ => None,
    }
}

fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "He" | "She" | "it" | "It" | "they" | "They"
    )
}

fn is_boundary(w: &str) -> bool {
    matches!(w, "." | "," | ";" | ":" | "!" | "?" | "(" | ")" | "—" | "–")
}

/// How far an appositive after a name is read for its country, in words.
const APPOSITIVE_WORDS: usize = 24;

/// How far after a quote its speaker is looked for, in bytes: seven words and a name.
const SPEAKER_LOOKAHEAD: usize = 512;

/// `“…,” X said`, `“…,” said X`, `“…,” according to X`.
fn attribute_after<'t>(
    cx: &QuoteContext<'t>,
    after: usize,
    anchors: &Anchors<'t>,
) -> Option<FoundSpeaker> {
    let toks = cx.tokens;
    let mut k = token_at(toks, after);
    // The speaker follows within a few words: the paragraph's end is sought that far only (a
    // search to the end of a long one-paragraph text, for every quote, was quadratic).
    let ahead = &cx.text.as_bytes()[after..(after + SPEAKER_LOOKAHEAD).min(cx.text.len())];
    let para_end = after
        + ahead
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(ahead.len());
    while k < toks.len() && toks[k].text(cx.text) == "," {
        k += 1;
    }
    if k >= toks.len() || toks[k].start as usize >= para_end {
        return None;
    }
    // `said X` / `according to X` / `added X`.
    if let Some(n) = is_speech(cx, k) {
        let mut s = k + n;
        if toks[k].text(cx.text).eq_ignore_ascii_case("according")
            && s < toks.len()
            && toks[s].text(cx.text) == "to"
        {
            s += 1;
        }
        return name_phrase_forward(cx, s, para_end).map(|(a, b)| speaker_from(cx, a, b, anchors));
    }
    // `X said`: up to six tokens before a speech verb.
    let mut e = k;
    while e < toks.len() && e < k + 7 && (toks[e].start as usize) < para_end {
        let w = toks[e].text(cx.text);
        if is_speech(cx, e).is_some() {
            return (e > k).then(|| speaker_from(cx, k, e, anchors));
        }
        if is_boundary(w) {
            return None;
        }
        e += 1;
    }
    None
}

/// `X said: “…”`, `X said that “…”`.
fn attribute_before<'t>(
    cx: &QuoteContext<'t>,
    open: usize,
    anchors: &Anchors<'t>,
) -> Option<FoundSpeaker> {
    let toks = cx.tokens;
    let mut k = token_at(toks, open);
    // Skip `:`, `,`, `that` back to the verb.
    while k > 0 && matches!(toks[k - 1].text(cx.text), ":" | "," | "that") {
        k -= 1;
    }
    let verb = k.checked_sub(1)?;
    is_speech(cx, verb)?;
    let mut s = verb;
    while s > 0 && verb - s < 6 && !is_boundary(toks[s - 1].text(cx.text)) {
        s -= 1;
    }
    (s < verb).then(|| speaker_from(cx, s, verb, anchors))
}

/// A name after a speech verb: capitalised words (or `a/the …` up to punctuation).
fn name_phrase_forward(cx: &QuoteContext, s: usize, para_end: usize) -> Option<(usize, usize)> {
    let toks = cx.tokens;
    let mut e = s;
    while e < toks.len()
        && e < s + 8
        && (toks[e].start as usize) < para_end
        && !is_boundary(toks[e].text(cx.text))
    {
        e += 1;
    }
    (e > s).then_some((s, e))
}

/// Builds a speaker from the tokens `[a, b)` that name them.
fn speaker_from<'t>(
    cx: &QuoteContext<'t>,
    a: usize,
    b: usize,
    anchors: &Anchors<'t>,
) -> FoundSpeaker {
    let toks = cx.tokens;
    let span = Span {
        start: toks[a].start,
        end: toks[b - 1].end,
    };
    let first = toks[a].text(cx.text);
    if b - a == 1 && is_pronoun(first) {
        let anchor = anchors.resolve_pronoun(span.start);
        return FoundSpeaker {
            name: anchor.map_or_else(|| first.to_string(), |p| p.name.clone()),
            actor: None,
            country: anchor.and_then(|p| p.country),
            mention: None,
            pronoun: true,
        };
    }
    // Trim the name to its capitalised core when it is one (`Heng Ratana` of `Heng Ratana director …`).
    let name = span.slice(cx.text).to_string();
    // The mentions are in text order: only those starting inside the span are looked at.
    let from = cx.mentions.partition_point(|m| m.span.start < span.start);
    let mut inside = cx.mentions[from..]
        .iter()
        .take_while(|m| m.span.start < span.end);
    if let Some(m) = inside.find(|m| span.contains(m.span) && !m.locative) {
        return FoundSpeaker {
            name,
            actor: m.actor,
            country: Some(m.country),
            mention: Some(span),
            pronoun: false,
        };
    }
    let country =
        person_country(cx, a, b, &name, anchors).or_else(|| official_country(cx, a, b, anchors));
    FoundSpeaker {
        name,
        actor: None,
        country,
        mention: Some(span),
        pronoun: false,
    }
}

/// Words of a post that speaks for its own government (`the minister`, `a ministry
/// spokesman`, `Pen Rithisak, a secretary of state`, `the official`).
const DOMESTIC_POSTS: [&str; 10] = [
    "minister",
    "ministry",
    "government",
    "department",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "secretary",
    "official",
    "officials",
];

/// Words of a post abroad: an embassy or an envoy is a foreign country's, never the dateline's.
const FOREIGN_POSTS: [&str; 7] = [
    "embassy",
    "ambassador",
    "envoy",
    "consulate",
    "mission",
    "diplomat",
    "diplomats",
];

/// Words of an international organisation's post (`a UN official`): no country's.
const INTERNATIONAL: [&str; 10] = [
    "un", "u.n.", "united", "asean", "eu", "world", "imf", "unicef", "unesco", "nato",
];

/// How far a speaker's appositive (`Pen Rithisak, a secretary of state at …`) is read for their
/// post, in tokens.
const POST_WORDS: usize = 12;

/// The country of an official speaker `[a, b)` the text gives none: the place they speak in
/// (`a ministry spokesman said in Kyiv`), else the country the story is filed from
/// ([`crate::actors::dateline_country`]: news names a foreign official's country, not a local
/// one's). A speaker with no post, or a post abroad, gets none.
fn official_country<'t>(
    cx: &QuoteContext<'t>,
    a: usize,
    b: usize,
    anchors: &Anchors<'t>,
) -> Option<usize> {
    let toks = cx.tokens;
    let mut end = b;
    if toks.get(end).is_some_and(|t| t.text(cx.text) == ",") {
        end += 1;
        while end < toks.len() && end - b < POST_WORDS && !is_boundary(toks[end].text(cx.text)) {
            end += 1;
        }
    }
    let post = |words: &[&str]| (a..end).any(|k| words.contains(&cx.keys.lower(k)));
    if post(&FOREIGN_POSTS) || post(&INTERNATIONAL) || !post(&DOMESTIC_POSTS) {
        return None;
    }
    // `the minister`, `the ministry`, `the government` last named with a country.
    if let Some(c) = (a..end).find_map(|k| {
        let w = cx.keys.lower(k);
        crate::text::class::ROLE_NOUNS
            .contains(&w)
            .then(|| anchors.institution_before(cx, w, a))
            .flatten()
    }) {
        return Some(c);
    }
    // `said in Kyiv`: `in` and a place within the few words after the phrase, in its clause.
    let mut k = end;
    while k + 1 < toks.len() && k < end + 3 && !is_boundary(toks[k].text(cx.text)) {
        if cx.keys.lower(k) == "in" {
            let i = cx.mentions.partition_point(|m| m.tok < k + 1);
            if let Some(m) = cx.mentions.get(i).filter(|m| m.tok == k + 1 && m.locative) {
                return Some(m.country);
            }
        }
        k += 1;
    }
    crate::actors::dateline_country(cx.text, cx.tokens, cx.mentions)
}

#[cfg(test)]
mod tests;
