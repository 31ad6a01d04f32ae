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
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

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

/// A person the text names, with the country they stand for if known: what `he` can refer to.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonAnchor {
    pub at: u32,
    pub name: String,
    pub country: Option<usize>,
    /// The sentence the person is named in.
    pub sentence: u32,
    /// Named as a clause's subject (not a preposition's object).
    pub subject: bool,
    /// Named as the speaker of a quote or of reported speech.
    pub speaker: bool,
}

/// What `he`/`she` at byte `at` refers to: the most recent sentence naming a person (the
/// pronoun's own sentence only before it), preferring that sentence's first subject. The
/// anchors are in text order: found by halving, so a long article stays linear.
pub fn resolve_pronoun(anchors: &[PersonAnchor], at: u32) -> Option<&PersonAnchor> {
    let before = &anchors[..anchors.partition_point(|p| p.at < at)];
    let last = before.last()?;
    let first = before.partition_point(|p| p.sentence < last.sentence);
    let same = &before[first..];
    same.iter().find(|p| p.subject).or(same.first())
}

/// The persons named so far while quotes are attributed, by position (unique), with the first
/// country known for each last name: every lookup a logarithmic or hashed one, not a pass over
/// all of them (quadratic in a long article).
#[derive(Default)]
struct Anchors<'t> {
    by_at: BTreeMap<u32, PersonAnchor>,
    by_last_name: HashMap<String, (u32, Option<usize>)>,
    first_in_sentence: HashMap<u32, u32>,
    /// Where each capitalised word is first used, built when first asked.
    first_use: OnceCell<HashMap<&'t str, usize>>,
}

impl<'t> Anchors<'t> {
    fn insert(&mut self, p: PersonAnchor) {
        if let Some(last) = p.name.split_whitespace().last() {
            let entry = self
                .by_last_name
                .entry(last.to_string())
                .or_insert((p.at, p.country));
            if p.at < entry.0 {
                *entry = (p.at, p.country);
            }
        }
        let first = self.first_in_sentence.entry(p.sentence).or_insert(p.at);
        *first = (*first).min(p.at);
        self.by_at.insert(p.at, p);
    }

    /// The first anchor named within `[start, end)`.
    fn within(&mut self, start: u32, end: u32) -> Option<&mut PersonAnchor> {
        self.by_at.range_mut(start..end).next().map(|(_, p)| p)
    }

    /// The country of the earliest person named with this last name.
    fn country_of_last_name(&self, last: &str) -> Option<Option<usize>> {
        self.by_last_name.get(last).map(|&(_, c)| c)
    }

    /// As [`resolve_pronoun`], on the anchors found so far.
    fn resolve_pronoun(&self, at: u32) -> Option<&PersonAnchor> {
        let (_, last) = self.by_at.range(..at).next_back()?;
        let from = self.first_in_sentence[&last.sentence];
        let mut same = self.by_at.range(from..=last.at).map(|(_, p)| p);
        let first = same.clone().next();
        same.find(|p| p.subject).or(first)
    }

    /// The token where `word` (capitalised) first appears in the text.
    fn first_use(&self, cx: &QuoteContext<'t>, word: &str) -> Option<usize> {
        let index = self.first_use.get_or_init(|| {
            let mut index = HashMap::new();
            for (k, t) in cx.tokens.iter().enumerate() {
                let w = t.text(cx.text);
                if w.starts_with(|c: char| c.is_uppercase()) {
                    index.entry(w).or_insert(k);
                }
            }
            index
        });
        index.get(word).copied()
    }

    fn into_vec(self) -> Vec<PersonAnchor> {
        self.by_at.into_values().collect()
    }
}

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

fn is_speech(cx: &QuoteContext, k: usize) -> Option<usize> {
    match cx.keys.cue_at(k) {
        Some((n, Cue::Speech)) => Some(n),
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

/// Reported speech outside quotes names speakers too: `Ly Thuch, first vice president of the
/// …, told CamboJA that …`, `Political analyst Meas Nee said …`.
fn reported_speakers<'t>(
    cx: &QuoteContext<'t>,
    anchors: &mut Anchors<'t>,
    inside: &dyn Fn(u32) -> bool,
) {
    let toks = cx.tokens;
    for v in 1..toks.len() {
        if is_speech(cx, v).is_none()
            || toks[v].text(cx.text).eq_ignore_ascii_case("according")
            || inside(toks[v].start)
        {
            continue;
        }
        let at = toks[v].start;
        let i = cx.sentences.partition_point(|s| s.start <= at);
        let sentence_start = if i > 0 && at < cx.sentences[i - 1].end {
            cx.sentences[i - 1].start
        } else {
            0
        };
        // Skip an appositive `, … ,` right before the verb.
        let mut e = v;
        if toks[e - 1].text(cx.text) == "," {
            let mut k = e - 1;
            while k > 0
                && toks[k - 1].start >= sentence_start
                && toks[k - 1].text(cx.text) != ","
                && e - k < 16
            {
                k -= 1;
            }
            // `k == 1`: the comma opens the text, and no name can stand before it.
            if k <= 1 || toks[k - 1].text(cx.text) != "," {
                continue;
            }
            e = k - 1;
        }
        // The name: up to four capitalised words.
        let mut s = e;
        while s > 0
            && e - s < 4
            && toks[s - 1].start >= sentence_start
            && is_name_word(toks[s - 1].text(cx.text))
        {
            s -= 1;
        }
        if s == e || anchors.within(toks[s].start, toks[e - 1].end).is_some() {
            if let Some(a) = anchors.within(toks[s.min(e - 1)].start, toks[e - 1].end) {
                a.speaker = true;
            }
            continue;
        }
        let name = Span {
            start: toks[s].start,
            end: toks[e - 1].end,
        }
        .slice(cx.text)
        .to_string();
        let country = person_country(cx, s, e, &name, anchors);
        let sentence = sentence_range(
            cx.sentences,
            Span {
                start: toks[s].start,
                end: toks[s].end,
            },
        )
        .0;
        anchors.insert(PersonAnchor {
            at: toks[s].start,
            name,
            country,
            sentence,
            subject: true,
            speaker: true,
        });
    }
}

fn is_name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
        && !is_pronoun(w)
        && !matches!(
            w,
            "The" | "A" | "An" | "In" | "On" | "But" | "And" | "During" | "After" | "Before"
        )
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
    let country = person_country(cx, a, b, &name, anchors);
    FoundSpeaker {
        name,
        actor: None,
        country,
        mention: Some(span),
        pronoun: false,
    }
}

/// The country of a person the codebook does not know: from an earlier anchor with the same
/// last name, or from the words around the name's first appearance (`Cambodian police chief
/// Sar Thet`, `Ro Vannak, co-founder of the Cambodian Institute …,`).
fn person_country<'t>(
    cx: &QuoteContext<'t>,
    a: usize,
    b: usize,
    name: &str,
    anchors: &Anchors<'t>,
) -> Option<usize> {
    let last = name.split_whitespace().last()?;
    if !last.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    if let Some(country) = anchors.country_of_last_name(last) {
        return country;
    }
    let toks = cx.tokens;
    let first_use = anchors.first_use(cx, last).unwrap_or(a.min(b));
    let at = toks[first_use].span();
    let here = cx.sentences.partition_point(|s| s.end <= at.start);
    let sentence = *cx.sentences.get(here).filter(|s| s.contains(at))?;
    // The mentions are in text order and do not overlap: found by halving.
    let starting_at = |k: usize| {
        let i = cx.mentions.partition_point(|m| m.tok < k);
        cx.mentions.get(i).filter(|m| m.tok == k)
    };
    let ending_at = |k: usize| {
        let i = cx.mentions.partition_point(|m| m.tok_end < k);
        cx.mentions.get(i).filter(|m| m.tok_end == k)
    };
    // The appositive after the name, up to the next comma or the sentence end (an appositive
    // is a phrase: a bounded look, whatever the sentence's length).
    let mut e = first_use + 1;
    if e < toks.len() && toks[e].text(cx.text) == "," {
        e += 1;
        while e < toks.len()
            && e - first_use < APPOSITIVE_WORDS
            && toks[e].end <= sentence.end
            && toks[e].text(cx.text) != ","
        {
            if let Some(m) = starting_at(e).filter(|m| !m.locative) {
                return Some(m.country);
            }
            e += 1;
        }
    }
    // The title before the name, back to punctuation.
    let mut s = first_use;
    while s > 0
        && first_use - s < 8
        && toks[s - 1].start >= sentence.start
        && !is_boundary(toks[s - 1].text(cx.text))
    {
        s -= 1;
        if let Some(m) = ending_at(s + 1).filter(|m| m.tok <= s && !m.locative && !m.prepositional)
        {
            return Some(m.country);
        }
    }
    // `The U.S. State Department said …. “…,” spokesperson Matthew Miller said`: a spokesperson
    // with no country of their own speaks for the subject of the paragraph's previous sentence.
    let spokes = (s..first_use).any(|k| {
        toks[k]
            .text(cx.text)
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("spokes"))
    });
    let previous = cx.sentences.get(here.checked_sub(1)?)?;
    let same_paragraph = !cx.text[previous.end as usize..sentence.start as usize].contains('\n');
    if !spokes || !same_paragraph {
        return None;
    }
    let from = cx
        .mentions
        .partition_point(|m| m.span.start < previous.start);
    cx.mentions[from..]
        .iter()
        .take_while(|m| m.span.start < previous.end)
        .find(|m| previous.contains(m.span) && !m.locative && !m.prepositional)
        .map(|m| m.country)
}

#[cfg(test)]
mod tests {
    fn run(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let opts = crate::analyze::Options::default();
        let src = crate::source::parse_article(
            "t.txt",
            "t.txt",
            format!("---\ntitle: t\nsource: s\n---\n{text}").as_bytes(),
        )
        .unwrap()
        .0;
        let an = crate::analyze::analyze(&opts, src);
        let cb = &opts.codebook;
        an.quotes
            .iter()
            .map(|q| {
                let sp = q.speaker.as_ref();
                (
                    q.span.slice(&an.article.text).to_string(),
                    sp.map(|s| s.name.clone()),
                    sp.and_then(|s| s.country)
                        .map(|c| cb.countries[c].code.clone()),
                )
            })
            .collect()
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn speaker_patterns() {
        let text = "“We will help,” said Sok Dara, a spokesman for the Cambodian army.\n\
                    “It is fine,” Dara said.\n\
                    Putin said: \"We disagree.\"\n\
                    “No comment,” he told reporters.\n\
                    The plan is “very important”, according to the Kremlin.";
        let got = run(text);
        assert_eq!(got[0], ("We will help,".into(), s("Sok Dara"), s("KH")));
        assert_eq!(got[1].1, s("Dara"));
        assert_eq!(got[1].2, s("KH"));
        assert_eq!(got[2], ("We disagree.".into(), s("Putin"), s("RU")));
        assert_eq!(got[3], ("No comment,".into(), s("Vladimir Putin"), s("RU")));
        assert_eq!(got[4].2, s("RU"));
    }

    #[test]
    fn a_spokesperson_speaks_for_the_previous_sentence_subject_of_the_paragraph() {
        let text = "The U.S. State Department said it was concerned. “We urge restraint,” spokesperson Jane Roe said.\n\
                    “We urge restraint,” spokeswoman Ann Poe said.\n\
                    Russia protested. “We urge restraint,” analyst Tom Doe said.";
        let got = run(text);
        assert_eq!(got[0].2, s("US"));
        // Not across a paragraph break, and not for a speaker who is not a spokesperson.
        assert_eq!(got[1].2, None);
        assert_eq!(got[2].2, None);
    }

    #[test]
    fn quotes_continue_over_paragraphs() {
        let text = "“First part.\n\n“Second part,” Hun Sen said.";
        let got = run(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "First part.");
        assert_eq!(got[0].1, s("Hun Sen"));
        assert_eq!(got[1].1, s("Hun Sen"));
    }
}
