//! Event coding: each trigger word in a sentence becomes an event from a source country to a
//! target country, with context flags.
//!
//! Who did what to whom is read from the words around the trigger, in this order:
//! 1. a pair the text names: `Cambodia-US cooperation`, `talks between Russia and Ukraine`;
//! 2. the source: for a noun trigger the possessive or adjective right before it (`Russia's
//!    invasion`, `US aid`), `by X` after it, or the subject of a light verb before it (`Cambodia
//!    voiced support`); for a verb trigger its subject, the nearest actor before it that is no
//!    preposition's object (pronouns resolve to the last named person); a passive's agent
//!    (`was invited by X`); inside a quote, the speaker's country;
//! 3. the target: the first actor of another country after the trigger, before the next trigger;
//!    or the partner of a coordinated subject (`Cambodia and China will hold …`).
//!
//! Symmetric categories (meet, agree, cooperate) take the sentence's other actor when one side
//! is missing. Flags come from cue words shortly before the trigger in the same clause.

mod attribution;
mod rule;
#[cfg(test)]
mod tests;

pub use rule::{window, Drop, Dropped, Rule};

use crate::actors::Mention;
use crate::codebook::{AliasKind, Codebook, Cue, Keys};
use crate::quotes::{FoundQuote, PersonAnchor};
use crate::text::{class, Token};
use attribution::{
    adjacent_owner, between_after, by_agent, compound_before, is_noun_position, object_after,
    pair_anaphor, subject_before, the_country_after,
};
use dyad_model::{Flags, Span};
use rustc_hash::FxHashMap;

/// A coded event, before it is written into the bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct CodedEvent {
    pub sentence: u32,
    pub source: usize,
    pub target: usize,
    pub category: usize,
    pub weight: f64,
    /// The category weight after the flags, with negation ignored: what the event would weigh.
    pub base: f64,
    pub trigger: Span,
    pub flags: Flags,
    /// Whether each side was found through a real actor (not a place, venue or dateline).
    pub source_actor: bool,
    pub target_actor: bool,
    /// The rule that found the pair, for the audit view.
    pub rule: Rule,
}

/// Everything event coding reads.
pub struct EventContext<'a> {
    pub cb: &'a Codebook,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Token range of each sentence.
    pub sentence_tokens: &'a [(usize, usize)],
    pub mentions: &'a [Mention],
    pub quotes: &'a [FoundQuote],
    pub anchors: &'a [PersonAnchor],
    pub keys: &'a Keys,
    /// The article's year, for "in 1979"-style historical cues.
    pub year: Option<i32>,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Side {
    country: usize,
    actor: bool,
    historical: bool,
}

impl Side {
    /// A country acting now (not a place, not a historical name).
    fn actor(country: usize) -> Side {
        Side {
            country,
            actor: true,
            historical: false,
        }
    }
}

/// Codes every event of the article; each trigger that gives none is pushed onto `dropped`
/// with the reason.
pub fn code_events(cx: &EventContext, dropped: &mut Vec<Dropped>) -> Vec<CodedEvent> {
    let mut out = Vec::new();
    let persons = persons_by_name(cx.anchors);
    let roles = role_index(cx);
    // The source of the last conflictual event aimed at each country: the critic a later
    // `rejected the accusation` answers.
    let critics: Vec<std::cell::Cell<Option<usize>>> =
        vec![std::cell::Cell::new(None); cx.cb.countries.len()];
    // Buffers reused from sentence to sentence.
    let (mut triggers, mut cues, mut starts) = (Vec::new(), Vec::new(), Vec::new());
    for (si, &(a, b)) in cx.sentence_tokens.iter().enumerate() {
        if a >= b {
            continue;
        }
        // Absolute token positions.
        triggers.clear();
        cx.cb
            .triggers
            .find_all_into(cx.text, cx.tokens, cx.keys, a, b, &mut triggers);
        if triggers.is_empty() {
            continue;
        }
        let m_lo = cx.mentions.partition_point(|m| m.tok < a);
        let m_hi = cx.mentions.partition_point(|m| m.tok < b);
        let mentions = &cx.mentions[m_lo..m_hi];
        // A sentence without a name may still have a subject: a pronoun, `the two countries`,
        // a quote's speaker.
        if mentions.is_empty()
            && !(a..b).any(|k| cx.keys.is(k, class::PRONOUN | class::PAIR_NOUN))
            && cx.quotes.is_empty()
        {
            continue;
        }
        cues.clear();
        for k in a..b {
            if let Some((len, cue)) = cx.keys.cue_at(k) {
                cues.push(CueAt { at: k, len, cue });
            }
        }
        // A trigger's object search stops at the next trigger: in `concern over the attacks on
        // Kiev`, Kiev is the object of the attacks, not of the concern.
        starts.clear();
        starts.extend(triggers.iter().map(|&(t0, _, _)| t0));
        let sentence = Sentence {
            cx,
            a,
            b,
            mentions,
            cues: &cues,
            trigger_starts: &starts,
            triggers: &triggers,
            persons: &persons,
            roles: &roles,
            critics: &critics,
        };
        for &(t0, n, cat) in triggers.iter() {
            let t1 = t0 + n;
            let next_trigger = starts.iter().copied().find(|&t| t >= t1).unwrap_or(b);
            let coded = if inside_proper_name(cx, a, b, t0, t1) {
                Err(Drop::ProperName)
            } else if matches!(cx.keys.cue_at(t0), Some((_, Cue::NotEvent))) {
                Err(Drop::NotEvent)
            } else if reverses_a_later_trigger(cx, t0, next_trigger, b)
                && triggers.iter().any(|&(t, _, c)| {
                    t == next_trigger && cx.cb.categories[c as usize].weight > 0.0
                })
            {
                Err(Drop::ReversalVerb)
            } else if stalls_the_trigger_before(&sentence, t0) {
                Err(Drop::StallOfEarlier)
            } else {
                let stalled = stall_verb_after(&sentence, t1, next_trigger, cat as usize);
                // `both progress and disappointment in ties with X`: two bare nouns coordinated
                // share the object after the second (not `opposition to the invasion and
                // support for X`, where the first is another noun's complement).
                let bare = t0 > a && !cx.keys.is(t0 - 1, class::DETERMINER | class::PREPOSITION);
                let object_end = match triggers.iter().find(|&&(t, _, _)| t == next_trigger) {
                    Some(&(t, m, _))
                        if bare && t == t1 + 1 && matches!(sentence.lower(t1), "and" | "or") =>
                    {
                        starts.iter().copied().find(|&u| u >= t + m).unwrap_or(b)
                    }
                    _ => next_trigger,
                };
                code_one(
                    &sentence,
                    si as u32,
                    t0,
                    t1,
                    object_end,
                    cat as usize,
                    stalled,
                )
            };
            match coded {
                Ok(ev) => {
                    if ev.base < 0.0 && !ev.flags.negated {
                        sentence.critics[ev.target].set(Some(ev.source));
                    }
                    out.push(ev)
                }
                Err(why) => dropped.push(Dropped {
                    sentence: si as u32,
                    category: cat as usize,
                    trigger: Span {
                        start: cx.tokens[t0].start,
                        end: cx.tokens[t1 - 1].end,
                    },
                    why,
                }),
            }
        }
    }
    out
}

/// `call on X to V` where V (within the object window, after `to`, in the same clause) is a
/// symmetric category (cooperate, agree, meet) or an appeal (deepen, expand): the demand asks
/// for cooperation.
fn urges_cooperation(s: &Sentence, t1: usize) -> bool {
    let end = (t1 + window::OBJECT).min(s.b);
    let Some(to) = (t1..end)
        .take_while(|&k| !s.cx.keys.is(k, class::CLAUSE_BREAK))
        .find(|&k| s.lower(k) == "to")
    else {
        return false;
    };
    s.triggers
        .iter()
        .find(|&&(t, _, _)| t > to)
        .is_some_and(|&(t, _, c)| {
            let c = &s.cx.cb.categories[c as usize];
            t <= to + 3 && (c.symmetric || c.id == "appeal")
        })
}

/// `a meeting of the commission was postponed`, `the memorandum has stalled`: a stall verb (a
/// past form standing as a verb) shortly after a cooperative trigger that is no past verb itself,
/// in the same clause,
/// reports that the noun's event stalled; the noun carries the event, as a stall.
fn stall_verb_after(s: &Sentence, t1: usize, next_trigger: usize, cat: usize) -> bool {
    let keys = s.cx.keys;
    let cats = &s.cx.cb.categories;
    next_trigger < s.b
        && next_trigger - t1 <= window::STALLED_SUBJECT
        && cats[cat].weight > 0.0
        && !s.lower(t1 - 1).ends_with("ed")
        && s.triggers
            .iter()
            .any(|&(t, _, c)| t == next_trigger && cats[c as usize].id == "stall")
        && s.lower(next_trigger).ends_with("ed")
        && !keys.is(next_trigger - 1, class::DETERMINER | class::PREPOSITION)
        && !(t1..next_trigger).any(|k| keys.is(k, class::CLAUSE_BREAK | class::COMMA))
}

/// The stall verb of [`stall_verb_after`], seen from the verb: the trigger before it carries
/// the event.
fn stalls_the_trigger_before(s: &Sentence, t0: usize) -> bool {
    let Some(&(p0, n, c)) = s.triggers.iter().rfind(|&&(t, n, _)| t + n <= t0) else {
        return false;
    };
    let p1 = p0 + n;
    let next = s
        .trigger_starts
        .iter()
        .copied()
        .find(|&t| t >= p1)
        .unwrap_or(s.b);
    next == t0 && stall_verb_after(s, p1, next, c as usize)
}

/// `suspended funding for a police training programme`: a cooperative trigger in the
/// complement (`for`, `of`, `to`, `on`) of a reversed cooperative noun is reversed with it.
fn reversed_through_complement(s: &Sentence, t0: usize) -> bool {
    let Some(&(p0, n, c)) = s.triggers.iter().rfind(|&&(t, n, _)| t + n <= t0) else {
        return false;
    };
    let p1 = p0 + n;
    p1 < t0
        && t0 - p1 <= window::REVERSAL + 2
        && s.cx.cb.categories[c as usize].weight > 0.0
        && matches!(s.lower(p1), "for" | "of" | "to" | "on")
        && !(p1..t0).any(|k| s.cx.keys.is(k, class::CLAUSE_BREAK | class::COMMA))
        && s.cue_ends_before(Cue::Reversal, p0, window::REVERSAL)
            .is_some()
}

/// `the programme had been one of the last areas of cooperation`, `Japan had been its largest
/// donor`: a pluperfect copula before a noun phrase describes a state before the story's time.
fn prior_state(s: &Sentence, t0: usize) -> bool {
    let keys = s.cx.keys;
    (t0.saturating_sub(window::HISTORY_BEFORE).max(s.a + 1)..t0)
        .rev()
        .take_while(|&k| !keys.is(k, class::CLAUSE_BREAK | class::COMMA))
        .any(|k| {
            s.lower(k - 1) == "had"
                && s.lower(k) == "been"
                && k + 1 < s.b
                && (keys.is(k + 1, class::DETERMINER) || s.lower(k + 1) == "one")
        })
}

/// `Cambodia, one of China's closest partners`: an epithet that ranks a country among
/// another's partners, allies or friends describes a standing relation, not an event.
fn is_epithet(s: &Sentence, t0: usize) -> bool {
    const RELATION_NOUNS: [&str; 9] = [
        "partner",
        "ally",
        "allies",
        "friend",
        "backer",
        "supporter",
        "donor",
        "investor",
        "creditor",
    ];
    let w = s.lower(t0);
    let before = || {
        (t0.saturating_sub(window::EPITHET).max(s.a)..t0)
            .rev()
            .take_while(|&k| !s.cx.keys.is(k, class::CLAUSE_BREAK | class::COMMA))
    };
    if !RELATION_NOUNS.iter().any(|r| w.starts_with(r)) {
        return false;
    }
    if before().any(|k| s.lower(k) == "one" && k + 1 < t0 && s.lower(k + 1) == "of") {
        return true;
    }
    // The noun itself (not `partnership`), owned (`our Chinese friends`, `its traditional
    // partner`) or predicated (`Russia is a traditional friend of Cambodia`), with only
    // modifiers between (not `is expanding its partners`).
    let noun = w == "allies"
        || RELATION_NOUNS
            .iter()
            .any(|r| w == *r || (w.len() == r.len() + 1 && w.starts_with(r) && w.ends_with('s')));
    let owner = before().find(|&k| {
        matches!(
            s.lower(k),
            "our" | "its" | "their" | "is" | "are" | "was" | "were" | "remains"
        )
    });
    noun && owner.is_some_and(|k| !(k + 1..t0).any(|j| s.lower(j).ends_with("ing")))
}

/// `urged X to V` where V (right after `to`, in the same clause) is no cooperative trigger:
/// the urging asks the other to yield (`to take decisive measures`, `to drop the case`).
fn urges_yielding(s: &Sentence, t0: usize, t1: usize) -> bool {
    if !matches!(s.lower(t0), "urge" | "urged" | "urges" | "urging") {
        return false;
    }
    let end = (t1 + window::OBJECT).min(s.b);
    let Some(to) = (t1..end)
        .take_while(|&k| !s.cx.keys.is(k, class::CLAUSE_BREAK))
        .find(|&k| s.lower(k) == "to")
    else {
        return false;
    };
    // `urged the United States to`: a country's name is no infinitive.
    let infinitive = to + 1 < s.b && s.mention_at(to + 1).is_none();
    infinitive
        && !s
            .triggers
            .iter()
            .any(|&(t, _, c)| t > to && t <= to + 3 && s.cx.cb.categories[c as usize].weight > 0.0)
}

/// `rejected the accusation`, `dismissed the criticism as baseless`: the object is a criticism.
fn rejects_a_criticism(s: &Sentence, t1: usize) -> bool {
    let mut k = t1;
    if k < s.b && matches!(s.lower(k), "the" | "these" | "this" | "its" | "their") {
        k += 1;
    }
    k < s.b
        && matches!(
            s.lower(k),
            "criticism"
                | "criticisms"
                | "accusation"
                | "accusations"
                | "allegation"
                | "allegations"
                | "remarks"
                | "comments"
                | "charges"
                | "rebuke"
        )
}

/// `denied that it will allow …`, `denied reports that …`, `dismissed speculation that …`:
/// what is denied is a claim (a `that` clause), not another country's act.
fn denies_a_claim(s: &Sentence, t1: usize) -> bool {
    let mut k = t1;
    if k < s.b && matches!(s.lower(k), "the" | "any" | "media") {
        k += 1;
    }
    if k < s.b
        && matches!(
            s.lower(k),
            "report"
                | "reports"
                | "speculation"
                | "suggestion"
                | "suggestions"
                | "rumours"
                | "rumors"
        )
    {
        k += 1;
        // `reports in regional media that …`: a short phrase on where the claim was made.
        if k < s.b && s.cx.keys.is(k, class::PREPOSITION) {
            let end = (k + CLAIM_SOURCE_WORDS).min(s.b);
            if let Some(that) = (k..end)
                .take_while(|&j| !s.cx.keys.is(j, class::COMMA | class::CLAUSE_BREAK))
                .find(|&j| s.lower(j) == "that")
            {
                k = that;
            }
        }
    }
    k < s.b && s.lower(k) == "that"
}

/// How far a claim's source (`reports in regional media that`) is read for its `that`, in tokens.
const CLAIM_SOURCE_WORDS: usize = 5;

/// `the embassy announced a grant`, `declared its support`: a verb of speech with a noun
/// object (an article or a possessive right after it, then the trigger) is a light verb.
fn announced_object(s: &Sentence, t0: usize) -> Option<usize> {
    let v = t0.checked_sub(2).filter(|&v| v >= s.a)?;
    (matches!(s.cx.keys.cue_at(v), Some((1, Cue::Speech)))
        && matches!(s.lower(v + 1), "a" | "an" | "its" | "their"))
    .then_some(v)
}

/// A stopping verb that is itself a trigger (`withdrew support`, `cut aid`) hands its meaning
/// to the cooperative trigger right after it, which it reverses: it is no event of its own.
fn reverses_a_later_trigger(cx: &EventContext, t0: usize, next_trigger: usize, b: usize) -> bool {
    matches!(cx.keys.cue_at(t0), Some((_, Cue::Reversal)))
        && next_trigger < b
        && next_trigger - t0 <= window::REVERSAL + 1
        && !(t0..next_trigger).any(|k| cx.keys.is(k, class::CLAUSE_BREAK | class::COMMA))
}

/// `Asean Sectoral Dialogue Partner`, `Victim Assistance Authority`: a capitalised trigger
/// inside a run of capitalised words is part of a name, not an event.
fn inside_proper_name(cx: &EventContext, a: usize, b: usize, t0: usize, t1: usize) -> bool {
    let cap = |k: usize| {
        let w = cx.tokens[k].text(cx.text);
        w.starts_with(|c: char| c.is_uppercase())
            && !w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    };
    if !cap(t0) || t0 == a {
        return false;
    }
    cap(t0 - 1) || (t1 < b && cap(t1))
}

/// Each word of a person's name (`Lindqvist`, `Gao`) → the country the person was introduced
/// with (`embassy spokesperson Mara Lindqvist`), `None` when two persons of different
/// countries share it: a person named again acts for that country.
fn persons_by_name(anchors: &[PersonAnchor]) -> FxHashMap<&str, Option<usize>> {
    let mut map: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    for p in anchors {
        for w in p.name.split_whitespace() {
            if w.len() < 3 || !w.starts_with(|c: char| c.is_uppercase()) || is_title_word(w) {
                continue;
            }
            let entry = map.entry(w).or_insert(p.country);
            if *entry != p.country && p.country.is_some() {
                *entry = if entry.is_none() { p.country } else { None };
            }
        }
    }
    map
}

/// The categories of a stance taken toward another, whose object a text may leave implicit.
const STANCE_TOWARD: [&str; 6] = [
    "support",
    "disapprove",
    "protest",
    "reject",
    "demand",
    "appeal",
];

/// The country last named as an actor (not `not`) in the [`window::DISCOURSE`] sentences before
/// sentence `sentence`.
fn discourse_actor(s: &Sentence, sentence: u32, not: Option<usize>) -> Option<Side> {
    let before = s.cx.mentions.partition_point(|m| m.sentence < sentence);
    s.cx.mentions[..before]
        .iter()
        .rev()
        .take_while(|m| m.sentence + window::DISCOURSE as u32 >= sentence)
        .find(|m| !m.locative && Some(m.country) != not)
        .map(|m| Side::actor(m.country))
}

/// Nouns of an institution a text names again without its country (`the ministry said`).
pub(super) const ROLE_NOUNS: [&str; 4] = ["embassy", "ministry", "government", "minister"];

/// Each role noun named with a country (`the Chinese embassy`, `Cambodia's foreign ministry`):
/// (token, role, country) in text order.
pub(super) struct RoleIndex {
    named: Vec<(usize, u8, usize)>,
    /// The country of a dateline (`PHNOM PENH —`): an unqualified `the government` or
    /// `ministry` of a story filed there is that country's.
    pub(super) dateline: Option<usize>,
}

fn role_index(cx: &EventContext) -> RoleIndex {
    let mut named = Vec::new();
    for k in 1..cx.tokens.len() {
        if !cx.keys.is(k, class::ROLE_NOUN) {
            continue;
        }
        let Some(r) = ROLE_NOUNS.iter().position(|&r| r == cx.keys.lower(k)) else {
            continue;
        };
        if let Some(x) =
            crate::actors::named_with(cx.text, cx.tokens, cx.mentions, k).filter(|x| !x.locative)
        {
            named.push((k, r as u8, x.country));
        }
    }
    let dateline = crate::actors::dateline_country(cx.text, cx.tokens, cx.mentions);
    RoleIndex { named, dateline }
}

impl RoleIndex {
    /// The country of the role noun at token `k` named without a country: the same role last
    /// named with one, else for a government or ministry (not an embassy, which is a foreign
    /// country's) the dateline's.
    pub(super) fn resolve(&self, role: usize, k: usize) -> Option<usize> {
        if self.named.iter().any(|&(t, _, _)| t == k) {
            return None;
        }
        let before = self.named.partition_point(|&(t, _, _)| t < k);
        self.named[..before]
            .iter()
            .rev()
            .find(|&&(_, r, _)| r as usize == role)
            .map(|&(_, _, c)| c)
            .or(if ROLE_NOUNS[role] == "embassy" {
                None
            } else {
                self.dateline
            })
    }
}

/// A capitalised title inside a name (`Ambassador Pavel Khromov`), not the person's own name.
fn is_title_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().trim_end_matches('.'),
        "ambassador"
            | "minister"
            | "prime"
            | "foreign"
            | "deputy"
            | "president"
            | "vice"
            | "secretary"
            | "general"
            | "gen"
            | "senator"
            | "spokesperson"
            | "spokesman"
            | "spokeswoman"
            | "envoy"
            | "king"
            | "queen"
            | "prince"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "the"
    )
}

pub(super) struct Sentence<'s, 'a> {
    cx: &'s EventContext<'a>,
    a: usize,
    b: usize,
    mentions: &'s [Mention],
    cues: &'s [CueAt],
    /// Absolute token index of each trigger in the sentence.
    trigger_starts: &'s [usize],
    /// Each trigger: first token, length, category.
    triggers: &'s [(usize, usize, u32)],
    persons: &'s FxHashMap<&'a str, Option<usize>>,
    roles: &'s RoleIndex,
    critics: &'s [std::cell::Cell<Option<usize>>],
}

/// A cue phrase in the sentence: its first token (absolute), its length in tokens.
#[derive(Clone, Copy, Debug)]
struct CueAt {
    at: usize,
    len: usize,
    cue: Cue,
}

impl CueAt {
    /// The token after the cue.
    fn end(&self) -> usize {
        self.at + self.len
    }
}

impl Sentence<'_, '_> {
    /// The mention covering token `k` (mentions are in text order and do not overlap).
    fn mention_covering(&self, k: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.tok <= k);
        self.mentions[..i].last().filter(|m| k < m.tok_end)
    }
    fn word(&self, k: usize) -> &str {
        self.cx.tokens[k].text(self.cx.text)
    }
    fn lower(&self, k: usize) -> &str {
        self.cx.keys.lower(k)
    }
    fn side(&self, m: &Mention) -> Side {
        Side {
            country: m.country,
            actor: !m.locative,
            historical: m.kind == AliasKind::Historical,
        }
    }
    fn mention_ending_at(&self, end: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.tok_end == end)
    }
    fn mention_at(&self, tok: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.tok == tok)
    }
    fn quote_at(&self, byte: u32) -> Option<&FoundQuote> {
        // In text order: the last quote starting at or before `byte`.
        let i = self.cx.quotes.partition_point(|q| q.span.start <= byte);
        self.cx.quotes[..i].last().filter(|q| byte < q.span.end)
    }
    fn cue_ends_before(&self, cue: Cue, t0: usize, window: usize) -> Option<usize> {
        self.cues
            .iter()
            .filter(|c| c.cue == cue && c.end() <= t0 && t0 - c.end() <= window)
            .map(|c| c.at)
            .rfind(|&start| {
                !(start..t0).any(|k| self.cx.keys.is(k, class::CLAUSE_BREAK))
                    && self.only_list_commas(start, t0)
            })
    }
    /// Whether every comma in `[a, b)` separates the items of a list that ends before `b`
    /// (`to discuss trade, education and energy cooperation`): items of a few words, the last
    /// joined by `and` or `or`. Any other comma ends a cue's reach, and so does `, and` after
    /// a single comma (`suspended funding, and training … continues` joins clauses).
    fn only_list_commas(&self, a: usize, b: usize) -> bool {
        let (mut count, mut previous) = (0, None);
        for k in (a..b).filter(|&k| self.cx.keys.is(k, class::COMMA)) {
            if previous.is_some_and(|p| k - p > window::LIST_ITEM + 1) {
                return false;
            }
            (count, previous) = (count + 1, Some(k));
        }
        let is_and = |k: usize| matches!(self.lower(k), "and" | "or");
        previous.is_none_or(|last| {
            if is_and(last + 1) {
                return count >= 2;
            }
            (last + 2..(last + 2 + window::LIST_ITEM).min(b)).any(is_and)
        })
    }
}

fn code_one(
    s: &Sentence,
    sentence: u32,
    t0: usize,
    t1: usize,
    // Where the object search ends: the next trigger, or past it when the two are coordinated.
    next_trigger: usize,
    cat: usize,
    stalled: bool,
) -> Result<CodedEvent, Drop> {
    let cx = s.cx;
    // A symmetric noun that stalled (`the talks were postponed`) keeps its two sides.
    let symmetric = cx.cb.categories[cat].symmetric;
    // `suspended funding for`, `halted our support`, `damages trust`: a stopping or harming
    // verb over a cooperative trigger reverses it into a reduction of relations.
    let cat = match cx.cb.categories[cat].weight > 0.0 {
        true if s
            .cue_ends_before(Cue::Reversal, t0, window::REVERSAL)
            .is_some()
            || reversed_through_complement(s, t0) =>
        {
            cx.cb.category("reduce").unwrap_or(cat)
        }
        _ => cat,
    };
    // `called on X and Y to deepen cooperation`: an appeal to work together is no demand.
    let cat = if cx.cb.categories[cat].id == "demand" && urges_cooperation(s, t1) {
        cx.cb.category("appeal").unwrap_or(cat)
    } else {
        cat
    };
    let cat = if stalled {
        cx.cb.category("stall").unwrap_or(cat)
    } else {
        cat
    };
    // `urged Cambodia to drop the case`: urging another to do what is no cooperation is a
    // demand.
    let cat = if cx.cb.categories[cat].id == "appeal" && urges_yielding(s, t0, t1) {
        cx.cb.category("demand").unwrap_or(cat)
    } else {
        cat
    };
    let category = &cx.cb.categories[cat];
    if category.id == "reject" && denies_a_claim(s, t1) {
        return Err(Drop::DeniedClaim);
    }
    let symmetric = symmetric || category.symmetric;
    let mut rule = Rule::SubjectObject;
    let mut source: Option<Side> = None;
    let mut target: Option<Side> = None;

    // 1. A pair named by the text, or referred to as `the two countries`.
    if let Some((x, y)) = compound_before(s, t0) {
        source = Some(s.side(x));
        target = Some(s.side(y));
        rule = Rule::CompoundPair;
    } else if let Some((x, y)) = between_after(s, t1) {
        source = Some(s.side(x));
        target = Some(s.side(y));
        rule = Rule::BetweenPair;
    } else if let Some((x, y)) = pair_anaphor(s, t0, t1) {
        source = Some(x);
        target = Some(y);
        rule = Rule::PairAnaphor;
    }

    let noun = is_noun_position(s, t0, t1);
    // `we are disappointed`, `Japan was concerned about X`: a feeling's participle without
    // `by Y` is an adjective of its subject, which feels it; no passive.
    let feeling = matches!(category.id.as_str(), "disapprove" | "support");
    let passive = !noun
        && t0 > s.a
        && s.cx.keys.is(t0 - 1, class::PASSIVE_AUX)
        && s.word(t1 - 1).ends_with("ed")
        && !(feeling && by_agent(s, t1).is_none());
    let mut coordinated: Option<Side> = None;
    if source.is_none() {
        if passive {
            // `X was invited by Y`: Y acts on X.
            if let Some(agent) = by_agent(s, t1) {
                source = Some(s.side(agent));
                target = subject_before(s, t0).map(|(side, _)| side);
                // `X was alarmed by Y`, `pleased by`: a feeling's passive has the one who
                // feels it as its subject, and that one is the source.
                if matches!(category.id.as_str(), "disapprove" | "support") {
                    std::mem::swap(&mut source, &mut target);
                }
                rule = Rule::Passive;
            } else {
                return Err(Drop::PassiveWithoutAgent);
            }
        } else if noun {
            if let Some(m) = adjacent_owner(s, t0) {
                source = Some(s.side(m));
                rule = Rule::Possessor;
            } else if let Some(m) = by_agent(s, t1) {
                source = Some(s.side(m));
                rule = Rule::Agent;
            } else if let Some(v) = s
                .cue_ends_before(Cue::LightVerb, t0, window::LIGHT_VERB)
                .or_else(|| s.cue_ends_before(Cue::Reversal, t0, window::REVERSAL))
                .or_else(|| announced_object(s, t0))
            {
                if let Some((side, coord)) = subject_before(s, v) {
                    source = Some(side);
                    coordinated = coord;
                    rule = Rule::LightVerbSubject;
                }
            }
        } else if let Some((side, coord)) = subject_before(s, t0) {
            source = Some(side);
            coordinated = coord;
        }
    }
    // Inside a quote with no actor named: the speaker, or `we` as the speaker's country.
    if source.is_none() {
        if let Some(q) = s.quote_at(cx.tokens[t0].start) {
            if let Some(c) = q.speaker.as_ref().and_then(|sp| sp.country) {
                source = Some(Side::actor(c));
                rule = Rule::QuoteSpeaker;
            }
        }
    }

    if target.is_none() {
        let src_country = source.map(|x| x.country);
        // `…, according to the Cambodian Mine Action Centre`: the one cited is no object; nor
        // is an actor in an appositive or a relative clause after a comma (`killed thousands,
        // a legacy that still colours how Cambodians view …`).
        let object_end = (t1..next_trigger.min(s.b))
            .find(|&k| {
                s.lower(k) == "according"
                    || (s.word(k) == ","
                        && k + 1 < s.b
                        && matches!(
                            s.lower(k + 1),
                            "a" | "an" | "which" | "who" | "whose" | "where"
                        ))
            })
            .unwrap_or(next_trigger);
        target = object_after(s, t1, object_end, src_country).map(|m| s.side(m));
        if target.is_none() {
            target = the_country_after(s, t1, object_end, src_country);
        }
        if target.is_none() {
            if let Some(c) = coordinated {
                target = Some(c);
                rule = Rule::CoordinatedSubjects;
            }
        }
        if target.is_none() && category.id == "reject" && rejects_a_criticism(s, t1) {
            target = src_country
                .and_then(|c| s.critics[c].get())
                .filter(|&c| Some(c) != src_country)
                .map(Side::actor);
            if target.is_some() {
                rule = Rule::RejectedCritic;
            }
        }
        if target.is_none() && rule == Rule::Agent {
            // `Cambodia faced pressure from Japan`, `welcomed aid from Japan`: the agent acts on
            // the clause's subject.
            target = subject_before(s, t0)
                .map(|(side, _)| side)
                .filter(|t| Some(t.country) != src_country);
        }
        // `“China is a true friend,” Long Vibol said`: what a speaker says of another country
        // with no one else named is said of their own country's relation with it.
        if target.is_none() && source.is_some() {
            target = s
                .quote_at(cx.tokens[t0].start)
                .and_then(|q| q.speaker.as_ref()?.country)
                .filter(|&c| Some(c) != src_country)
                // No third country named in the sentence.
                .filter(|&c| {
                    s.mentions
                        .iter()
                        .all(|m| m.country == c || Some(m.country) == src_country)
                })
                .map(Side::actor);
            if target.is_some() {
                rule = Rule::QuoteSpeaker;
            }
        }
    }
    if symmetric {
        // Interactions without direction: the sentence's other actor completes the pair.
        let other = |not: Option<usize>| {
            s.mentions
                .iter()
                .find(|m| !m.locative && Some(m.country) != not)
                .map(|m| s.side(m))
        };
        if source.is_none() && target.is_some() {
            source = other(target.map(|t| t.country));
            rule = Rule::SymmetricSentenceActor;
        } else if target.is_none() && source.is_some() {
            target = other(source.map(|t| t.country));
            rule = Rule::SymmetricSentenceActor;
        }
    }
    // What is stalled or denied is in question between the side found and the sentence's other
    // country, even one named as a place (`plans for a reactor in Cambodia have stalled`).
    // A negated stall (`without delay`) is none; a negated cooperative verb is one when the
    // negation stands right before it (`has not committed`, `failed to deliver`), not when the
    // trigger is further in the negated verb's complement (`do not reflect the long friendship`).
    let hedge = match category.id.as_str() {
        "stall" => !flags_for(s, t0, t1, false).negated,
        _ => {
            category.weight > 0.0
                && !noun
                && s.cues
                    .iter()
                    .any(|c| c.cue == Cue::Negation && c.end() <= t0 && t0 - c.end() <= 1)
        }
    };
    if (source.is_none() != target.is_none()) && hedge {
        let found = source.or(target).map(|x| x.country);
        let other = s
            .mentions
            .iter()
            .filter(|m| Some(m.country) != found)
            .min_by_key(|m| m.locative)
            .map(|m| s.side(m));
        if source.is_none() {
            source = other;
        } else {
            target = other;
        }
        rule = Rule::HedgeSentenceActor;
    }
    // `Cambodia's transport minister praised the speed of construction`: a stance toward
    // another (praise, criticism, a protest, a rejection, a demand) reported in the past tense
    // by a known source (`praised`, `protested`: a noun, `our friendship`, reports no act), with no
    // other country in the sentence, is toward the country the text last named as an actor a
    // sentence or two before. Such events only weigh in a pair the article relates elsewhere
    // ([`crate::stance::assess`]).
    // `Cambodia is concerned`: an adjective after a copula is a state, not a reported act.
    let reported_act = t1 == t0 + 1
        && s.lower(t0).ends_with("ed")
        && !(t0 > s.a && s.cx.keys.is(t0 - 1, class::PASSIVE_AUX));
    if target.is_none() && reported_act && STANCE_TOWARD.contains(&category.id.as_str()) {
        if let Some(src) = source {
            if s.mentions.iter().all(|m| m.country == src.country) {
                target = discourse_actor(s, sentence, Some(src.country));
                if target.is_some() {
                    rule = Rule::DiscourseActor;
                }
            }
        }
    }
    let src = source.ok_or(Drop::NoSource)?;
    let tgt = target.ok_or(Drop::NoTarget)?;
    if src.country == tgt.country {
        return Err(Drop::SameCountry);
    }

    let flags = flags_for(s, t0, t1, src.historical || tgt.historical);
    let mut base = category.weight;
    if flags.hypothetical {
        base *= cx.cb.hypothetical_factor;
    }
    if flags.historical {
        base *= cx.cb.historical_factor;
    }
    let weight = if flags.negated { 0.0 } else { base };
    Ok(CodedEvent {
        sentence,
        source: src.country,
        target: tgt.country,
        category: cat,
        weight,
        base,
        trigger: Span {
            start: cx.tokens[t0].start,
            end: cx.tokens[t1 - 1].end,
        },
        flags,
        source_actor: src.actor,
        target_actor: tgt.actor,
        rule,
    })
}

fn flags_for(s: &Sentence, t0: usize, t1: usize, historical_actor: bool) -> Flags {
    // A negation reaches the trigger in its clause, up to its verb's complement: in `would not
    // bow to pressure from X`, the pressure is real (a preposition after the negated verb ends
    // the scope; right after the negation, as in `not under embargo`, it is negated itself).
    let keys = s.cx.keys;
    let negated = s.cues.iter().any(|c| {
        c.cue == Cue::Negation
            && c.end() <= t0
            && t0 - c.end() <= window::NEGATION
            && !(c.at..t0).any(|k| keys.is(k, class::CLAUSE_BREAK | class::COMMA))
            && !(c.end() + 1..t0).any(|k| keys.is(k, class::PREPOSITION))
            // `has not forgotten Cambodia's help`: a trigger with an owner of its own after the
            // negated verb is that owner's act, which the negation does not deny.
            && !(c.end() + 1..t0).any(|k| matches!(s.lower(k), "'s" | "’s"))
    });
    // A modal or intention shortly before the trigger, or right after it in the same clause
    // (`exchanges … should be encouraged`, `investment in Cambodia, would build trust`).
    let hypothetical = s
        .cue_ends_before(Cue::Hypothetical, t0, window::HYPOTHETICAL_BEFORE)
        .is_some()
        || s.cues.iter().any(|c| {
            let c0 = c.at;
            c.cue == Cue::Hypothetical
                && c0 >= t1
                && c0 - t1 <= window::HYPOTHETICAL_AFTER
                // `suspended funding … and would restrict visas`: `and` opens the modal's own
                // predicate.
                && !(t1..c0).any(|k| s.cx.keys.is(k, class::CLAUSE_BREAK) || s.lower(k) == "and")
                && s.cx.keys.is(c0, class::MODAL)
        });
    use window::{HISTORY_AFTER, HISTORY_BEFORE};
    let near_hist = s.cues.iter().any(|c| {
        // `have trained deminers since last year`: a recent start of what still goes on is
        // current.
        let since_recent = c.at > s.a && s.lower(c.at - 1) == "since" && s.lower(c.at) == "last";
        c.cue == Cue::Historical && !since_recent && {
            let (c0, c1) = (c.at, c.end());
            // In the trigger's clause: `called off a decade ago, but neither side committed`
            // dates the calling off, not the commitment.
            let same_clause =
                |a: usize, b: usize| !(a..b).any(|k| s.cx.keys.is(k, class::CLAUSE_BREAK));
            (c1 <= t0 && t0 - c1 <= HISTORY_BEFORE && same_clause(c1, t0))
                || (c0 >= t1 && c0 - t1 <= HISTORY_AFTER && same_clause(t1, c0))
        }
    });
    // A year well before the article's, as near the trigger as a historical cue word.
    let old_year = s.cx.year.is_some_and(|year| {
        (t0.saturating_sub(HISTORY_BEFORE).max(s.a)..(t1 + HISTORY_AFTER).min(s.b)).any(|k| {
            let w = s.word(k);
            // `2019`, or a decade: `the 1970s`.
            let digits = w.strip_suffix('s').unwrap_or(w);
            digits.len() == 4
                && digits
                    .parse::<i32>()
                    .is_ok_and(|y| (1800..year - 5).contains(&y))
        })
    });
    // `in 2023`: an adverbial of an earlier year than the article's, fronted (`In 2023, …`)
    // or after the trigger's object in its clause, dates the event before the story.
    let past_year_in = s.cx.year.is_some_and(|year| {
        let earlier = |k: usize| {
            s.lower(k) == "in"
                && k + 1 < s.b
                && s.word(k + 1).len() == 4
                && s.word(k + 1)
                    .parse::<i32>()
                    .is_ok_and(|y| (1800..year).contains(&y))
        };
        (t0.saturating_sub(HISTORY_BEFORE).max(s.a)..t0).any(earlier)
            || (t1..(t1 + window::PAST_YEAR_AFTER).min(s.b))
                // Not past another verb: `agreed to resume exercises suspended in 2017`.
                .take_while(|&k| {
                    !s.cx.keys.is(k, class::COMMA | class::CLAUSE_BREAK)
                        && s.lower(k) != "to"
                        && !s.lower(k).ends_with("ed")
                })
                .any(earlier)
    });
    Flags {
        negated,
        hypothetical,
        historical: historical_actor
            || near_hist
            || old_year
            || past_year_in
            || is_epithet(s, t0)
            || prior_state(s, t0),
    }
}
