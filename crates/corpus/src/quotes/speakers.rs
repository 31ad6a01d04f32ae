//! Who speaks: the persons a text names (what `he` refers to), reported speech outside quotes,
//! and the country of a person the codebook does not know.

use super::{is_boundary, is_pronoun, is_speech, sentence_range, QuoteContext, APPOSITIVE_WORDS};
use crate::text::class::ROLE_NOUNS;
use dyad_model::Span;
use rustc_hash::FxHashMap;
use std::cell::OnceCell;
use std::collections::BTreeMap;

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
pub(super) struct Anchors<'t> {
    pub(super) by_at: BTreeMap<u32, PersonAnchor>,
    by_last_name: FxHashMap<String, (u32, Option<usize>)>,
    first_in_sentence: FxHashMap<u32, u32>,
    /// Where each capitalised word is first used, built when first asked.
    first_use: OnceCell<FxHashMap<&'t str, usize>>,
    /// Each role noun (`embassy`, `ministry`) named with a country (`the U.S. Embassy`,
    /// `Cambodia's foreign ministry`): (token, country) in text order, built when first asked.
    institutions: OnceCell<FxHashMap<&'static str, Vec<(usize, usize)>>>,
}

/// Titles of a person named in apposition after them (`China's ambassador, Gao Mingyu,`).
const TITLES: [&str; 12] = [
    "attaché",
    "attache",
    "ambassador",
    "envoy",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "president",
    "premier",
    "secretary",
    "diplomat",
];

impl<'t> Anchors<'t> {
    pub(super) fn insert(&mut self, p: PersonAnchor) {
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
    pub(super) fn resolve_pronoun(&self, at: u32) -> Option<&PersonAnchor> {
        let (_, last) = self.by_at.range(..at).next_back()?;
        let from = self.first_in_sentence[&last.sentence];
        let mut same = self.by_at.range(from..=last.at).map(|(_, p)| p);
        let first = same.clone().next();
        same.find(|p| p.subject).or(first)
    }

    /// The token where `word` (capitalised) first appears in the text.
    fn first_use(&self, cx: &QuoteContext<'t>, word: &str) -> Option<usize> {
        let index = self.first_use.get_or_init(|| {
            let mut index = FxHashMap::default();
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

    /// The country of the institution `role` last named with one before token `before`.
    pub(super) fn institution_before(
        &self,
        cx: &QuoteContext<'t>,
        role: &str,
        before: usize,
    ) -> Option<usize> {
        let index = self.institutions.get_or_init(|| {
            let mut index: FxHashMap<&'static str, Vec<(usize, usize)>> = FxHashMap::default();
            for k in 1..cx.tokens.len() {
                if !cx.keys.is(k, crate::text::class::ROLE_NOUN) {
                    continue;
                }
                let Some(&r) = ROLE_NOUNS.iter().find(|&&r| r == cx.keys.lower(k)) else {
                    continue;
                };
                if let Some(m) = crate::actors::named_with(cx.text, cx.tokens, cx.mentions, k)
                    .filter(|m| !m.locative)
                {
                    index.entry(r).or_default().push((k, m.country));
                }
            }
            index
        });
        let list = index.get(role)?;
        let i = list.partition_point(|&(k, _)| k < before);
        i.checked_sub(1).map(|i| list[i].1)
    }

    pub(super) fn into_vec(self) -> Vec<PersonAnchor> {
        self.by_at.into_values().collect()
    }
}

/// The last word of a title before a name (`Deputy Foreign Minister`, `police chief`).
const TITLE_HEADS: [&str; 14] = [
    "minister",
    "ambassador",
    "envoy",
    "president",
    "premier",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "governor",
    "director",
    "chief",
    "attaché",
    "general",
];

/// Words of a title in a company, a bank or a party (`Chinese company director A. B.`).
const PRIVATE_POSTS: [&str; 8] = [
    "company",
    "firm",
    "bank",
    "party",
    "group",
    "corporation",
    "business",
    "investor",
];

/// How many words a title before a name may have (`Deputy Foreign Minister`).
const TITLE_WORDS: usize = 4;

/// `Cambodian Foreign Minister Chan Rithy`, `Russia's deputy agriculture minister, Pavel Orlov,`:
/// a person introduced with a country-bearing title stands for that country, in a quote or
/// not, and acts for it when named again (`Chan Rithy thanked Russia`).
pub(super) fn titled_persons<'t>(
    cx: &QuoteContext<'t>,
    anchors: &mut Anchors<'t>,
    inside: &dyn Fn(u32) -> bool,
) {
    let toks = cx.tokens;
    for m in cx
        .mentions
        .iter()
        .filter(|m| !m.locative && !m.person && !inside(m.span.start))
    {
        let mut k = m.tok_end;
        if toks
            .get(k)
            .is_some_and(|t| matches!(t.text(cx.text), "'s" | "’s"))
        {
            k += 1;
        }
        // The title: a few words ending on a title head, in the mention's clause.
        let Some(head_end) = (k..(k + TITLE_WORDS).min(toks.len()))
            .take_while(|&j| !is_boundary(toks[j].text(cx.text)))
            .filter(|&j| TITLE_HEADS.contains(&cx.keys.lower(j)))
            .last()
            .map(|j| j + 1)
        else {
            continue;
        };
        // The name right after it, or in apposition (`minister, Sun Vichet,`).
        let apposition = toks.get(head_end).is_some_and(|t| t.text(cx.text) == ",");
        let start = head_end + usize::from(apposition);
        let mut end = start;
        while end < toks.len()
            && end < start + 3
            && is_name_word(toks[end].text(cx.text))
            && !TITLE_HEADS.contains(&cx.keys.lower(end))
        {
            end += 1;
        }
        let closed = !apposition || toks.get(end).is_some_and(|t| t.text(cx.text) == ",");
        // The mentions are in text order: the first ending after `start` is the only one that
        // can overlap the name.
        let named = || {
            let i = cx.mentions.partition_point(|x| x.tok_end <= start);
            cx.mentions.get(i).is_some_and(|x| x.tok < end)
        };
        // A post in a company, a bank or a party is no state's.
        let private = (m.tok_end..head_end).any(|j| PRIVATE_POSTS.contains(&cx.keys.lower(j)));
        if end == start
            || !closed
            || private
            || named()
            || anchors
                .within(toks[start].start, toks[end - 1].end)
                .is_some()
        {
            continue;
        }
        let span = Span {
            start: toks[start].start,
            end: toks[end - 1].end,
        };
        anchors.insert(PersonAnchor {
            at: span.start,
            name: span.slice(cx.text).to_string(),
            country: Some(m.country),
            sentence: m.sentence,
            subject: !m.prepositional,
            speaker: false,
        });
    }
}

/// Reported speech outside quotes names speakers too: `Ly Thuch, first vice president of the
/// …, told CamboJA that …`, `Political analyst Meas Nee said …`.
pub(super) fn reported_speakers<'t>(
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

/// The country of a person the codebook does not know: from an earlier anchor with the same
/// last name, or from the words around the name's first appearance (`Cambodian police chief
/// Sar Thet`, `Ro Vannak, co-founder of the Cambodian Institute …,`).
pub(super) fn person_country<'t>(
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
        // `X, told a news site that …`: a speech verb after the comma is the name's predicate
        // (the comma closed an apposition before it), not an appositive.
        while e < toks.len()
            && e - first_use < APPOSITIVE_WORDS
            && toks[e].end <= sentence.end
            && toks[e].text(cx.text) != ","
            && super::is_speech(cx, e).is_none()
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
    // `China's ambassador, Gao Mingyu,`: a title in apposition before the name, with its
    // country as the title's owner.
    // The name is closed by a comma too: `After meeting Japan's envoy, Gao said` is no
    // apposition.
    let closed = toks[first_use..]
        .iter()
        .take(4)
        .find(|t| !is_name_word(t.text(cx.text)))
        .is_some_and(|t| t.text(cx.text) == ",");
    let mut name_start = first_use;
    while name_start > 0
        && first_use - name_start < 3
        && is_name_word(toks[name_start - 1].text(cx.text))
    {
        name_start -= 1;
    }
    if s == name_start && closed && name_start >= 3 && toks[name_start - 1].text(cx.text) == "," {
        let mut titled = false;
        let mut j = name_start - 1;
        while j > 0 && name_start - j < 5 {
            if let Some(m) = ending_at(j).filter(|m| !m.locative && !m.prepositional) {
                if titled {
                    return Some(m.country);
                }
                break;
            }
            let w = toks[j - 1].text(cx.text);
            titled |= TITLES.contains(&w);
            // `The envoy, Yuliia Kravets,`, `the embassy's press attaché, Irina Vetlugina,`: the
            // institution named before with a country.
            if let Some(c) = (titled && ROLE_NOUNS.contains(&w))
                .then(|| anchors.institution_before(cx, w, j - 1))
                .flatten()
            {
                return Some(c);
            }
            if !(TITLES.contains(&w)
                || matches!(w, "'s" | "’s")
                || w.starts_with(|c: char| c.is_lowercase()))
            {
                break;
            }
            j -= 1;
        }
    }
    // `embassy spokesperson Mara Lindqvist`: a role noun in the title names the institution
    // last named with a country (`the U.S. Embassy said`).
    if let Some(country) = (s..first_use).find_map(|k| {
        let w = cx.keys.lower(k);
        ROLE_NOUNS
            .contains(&w)
            .then(|| anchors.institution_before(cx, w, s))
            .flatten()
    }) {
        return Some(country);
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
