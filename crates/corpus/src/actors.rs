//! Actor mentions: where the text names a country or something that stands for one.
//!
//! Aliases come from the codebook. Each mention also records its role in the sentence as far
//! as the words around it tell: a *locative* mention names a place (`in Cambodia`, `Cambodia's
//! Siem Reap`, a dateline, a place actor), a *prepositional* one is the object of a preposition
//! (`to Ukraine`), so it is not a subject.

use crate::codebook::{ActorKind, AliasKind, Codebook, Cue, Keys};
use crate::text::Token;
use dyad_model::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    /// Token range `[tok, tok_end)` in the article's token list.
    pub tok: usize,
    pub tok_end: usize,
    pub sentence: u32,
    /// Index into the codebook's countries.
    pub country: usize,
    /// Index into the codebook's actors, for actor aliases.
    pub actor: Option<usize>,
    pub kind: AliasKind,
    /// A leader or official (a person `he`/`she` may refer to).
    pub person: bool,
    /// Names a place rather than an actor.
    pub locative: bool,
    /// The object of a preposition.
    pub prepositional: bool,
}

impl Mention {
    /// The actor id as the bundle writes it: the codebook actor id, or the country code.
    pub fn actor_id<'c>(&self, cb: &'c Codebook) -> &'c str {
        match self.actor {
            Some(a) => &cb.actors[a].id,
            None => &cb.countries[self.country].code,
        }
    }
}

/// How far into the text a dateline's place can be named, in tokens (`KAMPONG CHAM, Cambodia,`).
const DATELINE_TOKENS: usize = 3;

/// The country a story is filed from: a place named at its opening (`PHNOM PENH —`,
/// `KAMPONG CHAM, Cambodia, June 14 –`). News names the country of a foreign official, not of
/// a local one: `the ministry said` in a story filed from Phnom Penh is Cambodia's.
pub fn dateline_country(text: &str, tokens: &[Token], mentions: &[Mention]) -> Option<usize> {
    let m = mentions
        .first()
        .filter(|m| m.tok <= DATELINE_TOKENS && m.sentence == 0 && m.locative)?;
    // A dateline's shape: only a place in capitals and a comma before the country
    // (`KAMPONG CHAM, Cambodia`; not `In Ukraine, …`), a dash, a comma or a parenthesis after.
    let caps = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let before_ok = tokens[..m.tok]
        .iter()
        .all(|t| matches!(t.text(text), ",") || caps(t.text(text)));
    let after_ok = tokens
        .get(m.tok_end)
        .is_some_and(|t| matches!(t.text(text), "—" | "–" | "-" | "--" | "," | "("));
    (before_ok && after_ok).then_some(m.country)
}

/// How many words may stand between a role noun and the country it is named with.
const ROLE_MODIFIERS: usize = 3;

/// The mention a role noun at token `k` is named with (`the Chinese embassy`, `Cambodia's
/// foreign ministry`, `Russian Foreign Minister`): back over `'s` and a few modifiers to the
/// mention ending there. Shared by the role indexes of the speakers and of the events.
pub fn named_with<'m>(
    text: &str,
    tokens: &[Token],
    mentions: &'m [Mention],
    k: usize,
) -> Option<&'m Mention> {
    let mut j = k;
    while j > 0 && k - j <= ROLE_MODIFIERS {
        let i = mentions.partition_point(|m| m.tok_end < j);
        if let Some(m) = mentions.get(i).filter(|m| m.tok_end == j) {
            return Some(m);
        }
        let w = tokens[j - 1].text(text);
        if !(matches!(w, "'s" | "’s") || w.chars().all(char::is_alphabetic)) {
            return None;
        }
        j -= 1;
    }
    None
}

/// Finds every mention in the article. `sentence_of[t]` is the sentence of token `t`.
pub fn find_mentions(
    cb: &Codebook,
    text: &str,
    tokens: &[Token],
    sentence_of: &[u32],
    keys: &Keys,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    // The last country named in the article, for anaphors like "the Kingdom".
    let mut recent_countries: Vec<usize> = Vec::new();
    for (i, n, target) in cb.aliases.find_all(text, tokens, keys, 0, tokens.len()) {
        let span = Span {
            start: tokens[i].start,
            end: tokens[i + n - 1].end,
        };
        let (country, actor) = match target.kind {
            AliasKind::Actor => (
                cb.actor_country[target.index as usize],
                Some(target.index as usize),
            ),
            AliasKind::Anaphor => {
                // The most recently named country carrying this very anaphor.
                let phrase = span.slice(text).to_lowercase();
                let carrier = recent_countries.iter().rev().find(|&&c| {
                    cb.countries[c]
                        .anaphors
                        .iter()
                        .any(|a| a.to_lowercase() == phrase.replace('’', "'"))
                });
                match carrier {
                    Some(&c) => (c, None),
                    None => continue,
                }
            }
            _ => (target.index as usize, None),
        };
        let kind = actor.map(|a| cb.actors[a].kind);
        let place = kind == Some(ActorKind::Place);
        let person = kind.is_some_and(ActorKind::is_person);
        let prev = previous_word(text, tokens, i);
        let locative = place
            || prev.is_some_and(|p| {
                matches!(
                    cb.cues.longest_at(text, tokens, keys, p),
                    Some((_, Cue::Locative))
                )
            })
            || is_dateline_or_appositive_place(text, tokens, i, &out)
            || in_geographic_name(text, tokens, i);
        let prepositional = prev.is_some_and(|p| keys.is(p, crate::text::class::PREPOSITION))
            || coordinated_with_prepositional(text, tokens, i, &out);
        if !place {
            recent_countries.retain(|&c| c != country);
            recent_countries.push(country);
        }
        out.push(Mention {
            span,
            tok: i,
            tok_end: i + n,
            sentence: sentence_of.get(i).copied().unwrap_or(0),
            country,
            actor,
            kind: target.kind,
            person,
            locative,
            prepositional,
        });
    }
    if let Some(m) = all_caps_dateline(cb, text, tokens, sentence_of, &out) {
        out.insert(0, m);
    }
    mark_possessive_places(text, tokens, &mut out);
    out
}

/// `PHNOM PENH — …`, `KYIV, Nov 2 --`: a dateline in capitals names the place the story is
/// filed from (a place, not an actor), which the case-sensitive aliases miss.
fn all_caps_dateline(
    cb: &Codebook,
    text: &str,
    tokens: &[Token],
    sentence_of: &[u32],
    found: &[Mention],
) -> Option<Mention> {
    let caps = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    let n = tokens
        .iter()
        .take(4)
        .take_while(|t| caps(t.text(text)))
        .count();
    if n == 0
        || found.first().is_some_and(|m| m.tok < n)
        || !tokens
            .get(n)
            .is_some_and(|t| matches!(t.text(text), "—" | "–" | "-" | "--" | "," | "("))
    {
        return None;
    }
    // The words as a name is written (`Phnom Penh`), matched against the aliases.
    let title: String = tokens[..n]
        .iter()
        .map(|t| {
            let w = t.text(text);
            let mut c = w.chars();
            let first = c.next().map(|f| f.to_string()).unwrap_or_default();
            first + &c.as_str().to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut toks = Vec::new();
    crate::text::tokenize(&title, Span::new(0, title.len()), &mut toks);
    let keys = Keys::new(&title, &toks);
    let (len, target) = cb.aliases.longest_at(&title, &toks, &keys, 0)?;
    if len != toks.len() {
        return None;
    }
    let (country, actor) = match target.kind {
        AliasKind::Actor => (
            cb.actor_country[target.index as usize],
            Some(target.index as usize),
        ),
        AliasKind::Anaphor => return None,
        _ => (target.index as usize, None),
    };
    Some(Mention {
        span: Span {
            start: tokens[0].start,
            end: tokens[n - 1].end,
        },
        tok: 0,
        tok_end: n,
        sentence: sentence_of.first().copied().unwrap_or(0),
        country,
        actor,
        kind: target.kind,
        person: false,
        locative: true,
        prepositional: false,
    })
}

/// The word token before token `i`, skipping a `the` and up to two modifiers of place
/// (`in eastern Cambodia`, `of the north-western Thai province`): the preposition that governs
/// the name, if any.
fn previous_word(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let mut k = i.checked_sub(1)?;
    for _ in 0..2 {
        if !is_place_modifier(tokens[k].text(text)) {
            break;
        }
        k = k.checked_sub(1)?;
    }
    if tokens[k].text(text).eq_ignore_ascii_case("the") {
        k = k.checked_sub(1)?;
    }
    tokens[k].word.then_some(k)
}

/// A lower-case adjective of direction or position: `eastern`, `north-western`, `central`.
fn is_place_modifier(w: &str) -> bool {
    let w = w
        .strip_prefix("north")
        .or_else(|| w.strip_prefix("south"))
        .map_or(w, |rest| match rest.strip_prefix('-').unwrap_or(rest) {
            r @ ("eastern" | "western") => r,
            _ => w,
        });
    matches!(
        w,
        "eastern" | "western" | "northern" | "southern" | "central" | "rural" | "coastal"
    )
}

/// `the Gulf of Thailand`, `the Sea of Japan`: a country named inside a geographic name is a
/// place, not an actor.
fn in_geographic_name(text: &str, tokens: &[Token], i: usize) -> bool {
    i >= 2
        && tokens[i - 1].text(text) == "of"
        && matches!(
            tokens[i - 2].text(text),
            "Gulf" | "Bay" | "Sea" | "Strait" | "Straits" | "Isthmus" | "Lake" | "Coast"
        )
}

/// `SIEM REAP, Cambodia` or `Siem Reap, Cambodia`: a country after a place and a comma.
fn is_dateline_or_appositive_place(
    text: &str,
    tokens: &[Token],
    i: usize,
    before: &[Mention],
) -> bool {
    if i < 2 || tokens[i - 1].text(text) != "," {
        return false;
    }
    let prev = tokens[i - 2];
    let word = prev.text(text);
    // `In 2023, China …`: a year is no dateline place; a dateline has letters.
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    let place = before
        .last()
        .is_some_and(|m| m.tok_end == i - 1 && m.locative && m.actor.is_some());
    all_caps || place
}

/// `between Russia and Ukraine`: the second is as prepositional as the first.
fn coordinated_with_prepositional(
    text: &str,
    tokens: &[Token],
    i: usize,
    before: &[Mention],
) -> bool {
    if i < 1 || !tokens[i - 1].text(text).eq_ignore_ascii_case("and") {
        return false;
    }
    before
        .last()
        .is_some_and(|m| m.tok_end + 1 == i && m.prepositional)
}

/// `Cambodia's Siem Reap`: a country owning a place is named as a location.
fn mark_possessive_places(text: &str, tokens: &[Token], mentions: &mut [Mention]) {
    for k in 0..mentions.len().saturating_sub(1) {
        let (m, next) = (&mentions[k], &mentions[k + 1]);
        let possessive =
            m.tok_end < tokens.len() && matches!(tokens[m.tok_end].text(text), "'s" | "’s");
        let next_is_place = next.locative && next.actor.is_some() && next.tok == m.tok_end + 1;
        if possessive && next_is_place && next.country == m.country {
            mentions[k].locative = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(text: &str) -> Vec<(String, String, bool)> {
        let cb = Codebook::builtin();
        let mut toks = Vec::new();
        crate::text::tokenize(text, Span::new(0, text.len()), &mut toks);
        let sent = vec![0; toks.len()];
        find_mentions(&cb, text, &toks, &sent, &Keys::new(text, &toks))
            .into_iter()
            .map(|m| {
                (
                    m.span.slice(text).to_string(),
                    cb.countries[m.country].code.clone(),
                    m.locative,
                )
            })
            .collect()
    }

    #[test]
    fn aliases_metonyms_leaders_and_anaphors() {
        let got = mentions("Hun Manet met Russian envoy Borovik; the Kremlin and Kiev noted it. Cambodia said the Kingdom agrees.");
        let want = [
            ("Hun Manet", "KH", false),
            ("Russian", "RU", false),
            ("Borovik", "RU", false),
            ("the Kremlin", "RU", false),
            ("Kiev", "UA", false),
            ("Cambodia", "KH", false),
            ("the Kingdom", "KH", false),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|&(a, b, c)| (a.to_string(), b.to_string(), c))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn places_and_datelines_are_locative() {
        let got = mentions("SIEM REAP, Cambodia: a meeting in Cambodia's Siem Reap; Ukraine spoke at the Siem Reap venue.");
        let loc: Vec<(&str, bool)> = got.iter().map(|(w, _, l)| (w.as_str(), *l)).collect();
        assert_eq!(
            loc,
            vec![
                ("SIEM REAP", true),
                ("Cambodia", true),
                ("Cambodia", true),
                ("Siem Reap", true),
                ("Ukraine", false),
                ("Siem Reap", true)
            ]
        );
    }

    #[test]
    fn place_adjectives_and_geographic_names_keep_a_country_a_place() {
        let got = mentions(
            "Fighting in eastern Ukraine; a port on the Gulf of Thailand; Thailand said so.",
        );
        let loc: Vec<(&str, bool)> = got.iter().map(|(w, _, l)| (w.as_str(), *l)).collect();
        assert_eq!(
            loc,
            vec![("Ukraine", true), ("Thailand", true), ("Thailand", false)]
        );
    }

    #[test]
    fn a_dateline_in_capitals_is_a_place() {
        assert_eq!(
            mentions("PHNOM PENH — Japan said so."),
            vec![
                ("PHNOM PENH".to_string(), "KH".to_string(), true),
                ("Japan".to_string(), "JP".to_string(), false)
            ]
        );
        // Capitals without a dateline's punctuation are no dateline.
        assert_eq!(mentions("NEWS Japan said so.").len(), 1);
    }

    #[test]
    fn an_anaphor_without_antecedent_is_dropped() {
        assert!(mentions("The Kingdom said so.").is_empty());
    }
}
