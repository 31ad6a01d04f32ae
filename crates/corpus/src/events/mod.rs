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

use crate::actors::Mention;
use crate::codebook::{AliasKind, Codebook, Cue, Keys};
use crate::quotes::{FoundQuote, PersonAnchor};
use crate::text::{class, Token};
use dyad_model::{Flags, Span};

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
    /// How the pair was found, for the audit view.
    pub how: &'static str,
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
struct Side {
    country: usize,
    actor: bool,
    historical: bool,
}

pub fn code_events(cx: &EventContext) -> Vec<CodedEvent> {
    let mut out = Vec::new();
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
        if mentions.is_empty()
            && !(a..b).any(|k| cx.keys.is(k, class::PRONOUN))
            && cx.quotes.is_empty()
        {
            continue;
        }
        // Cues at positions relative to the sentence's first token.
        cues.clear();
        for k in a..b {
            if let Some((n, c)) = cx.keys.cue_at(k) {
                cues.push((k - a, n, c));
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
        };
        for &(t0, n, cat) in triggers.iter() {
            let t1 = t0 + n;
            if inside_proper_name(cx, a, b, t0, t1)
                || matches!(cx.keys.cue_at(t0), Some((_, Cue::NotEvent)))
            {
                continue;
            }
            let next_trigger = starts.iter().copied().find(|&t| t >= t1).unwrap_or(b);
            if let Some(ev) = code_one(&sentence, si as u32, t0, t1, next_trigger, cat as usize) {
                out.push(ev);
            }
        }
    }
    out
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

struct Sentence<'s, 'a> {
    cx: &'s EventContext<'a>,
    a: usize,
    b: usize,
    mentions: &'s [Mention],
    cues: &'s [(usize, usize, Cue)],
    /// Absolute token index of each trigger in the sentence.
    trigger_starts: &'s [usize],
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
            .filter(|&&(i, n, c)| {
                c == cue && self.a + i + n <= t0 && t0 - (self.a + i + n) <= window
            })
            .map(|&(i, _, _)| self.a + i)
            .rfind(|&start| {
                !(start..t0).any(|k| self.cx.keys.is(k, class::CLAUSE_BREAK | class::COMMA))
            })
    }
}

fn code_one(
    s: &Sentence,
    sentence: u32,
    t0: usize,
    t1: usize,
    next_trigger: usize,
    cat: usize,
) -> Option<CodedEvent> {
    let cx = s.cx;
    let category = &cx.cb.categories[cat];
    let mut how = "subject-object";
    let mut source: Option<Side> = None;
    let mut target: Option<Side> = None;

    // 1. A pair named by the text, or referred to as `the two countries`.
    if let Some((x, y)) = compound_before(s, t0).or_else(|| between_after(s, t1)) {
        source = Some(s.side(x));
        target = Some(s.side(y));
        how = "named pair";
    } else if let Some((x, y)) = pair_anaphor(s, t0, t1) {
        source = Some(x);
        target = Some(y);
        how = "the two countries";
    }

    let noun = is_noun_position(s, t0);
    let passive = !noun
        && t0 > s.a
        && s.cx.keys.is(t0 - 1, class::PASSIVE_AUX)
        && s.word(t1 - 1).ends_with("ed");
    let mut coordinated: Option<Side> = None;
    if source.is_none() {
        if passive {
            // `X was invited by Y`: Y acts on X.
            if let Some(agent) = by_agent(s, t1) {
                source = Some(s.side(agent));
                target = subject_before(s, t0).map(|(side, _)| side);
                how = "passive";
            } else {
                return None;
            }
        } else if noun {
            if let Some(m) = adjacent_owner(s, t0) {
                source = Some(s.side(m));
                how = "possessor";
            } else if let Some(m) = by_agent(s, t1) {
                source = Some(s.side(m));
                how = "agent";
            } else if let Some(v) = s.cue_ends_before(Cue::LightVerb, t0, 4) {
                if let Some((side, coord)) = subject_before(s, v) {
                    source = Some(side);
                    coordinated = coord;
                    how = "subject of light verb";
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
                source = Some(Side {
                    country: c,
                    actor: true,
                    historical: false,
                });
                how = "quote speaker";
            }
        }
    }

    if target.is_none() {
        let src_country = source.map(|x| x.country);
        target = object_after(s, t1, next_trigger, src_country).map(|m| s.side(m));
        if target.is_none() {
            target = the_country_after(s, t1, next_trigger, src_country);
        }
        if target.is_none() {
            if let Some(c) = coordinated {
                target = Some(c);
                how = "coordinated subjects";
            }
        }
    }
    if category.symmetric {
        // Interactions without direction: the sentence's other actor completes the pair.
        let other = |not: Option<usize>| {
            s.mentions
                .iter()
                .find(|m| !m.locative && Some(m.country) != not)
                .map(|m| s.side(m))
        };
        if source.is_none() && target.is_some() {
            source = other(target.map(|t| t.country));
            how = "symmetric, sentence actor";
        } else if target.is_none() && source.is_some() {
            target = other(source.map(|t| t.country));
            how = "symmetric, sentence actor";
        }
    }
    let (src, tgt) = (source?, target?);
    if src.country == tgt.country {
        return None;
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
    Some(CodedEvent {
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
        how,
    })
}

/// The object: the first actor of another country after the trigger (before the next trigger),
/// except an owner of a later trigger (`to aid … Russia's invasion`: Russia belongs to the
/// invasion). When that first actor only modifies a noun (`firing U.S. missiles at Russia`)
/// and an actor follows a preposition of direction (`at`, `on`, `against`, `to`, `into`,
/// `toward`), the latter is the object.
fn object_after<'m>(
    s: &'m Sentence,
    t1: usize,
    next_trigger: usize,
    not: Option<usize>,
) -> Option<&'m Mention> {
    let owns_trigger = |m: &Mention| {
        let after = if m.tok_end < s.b && s.lower(m.tok_end) == "'s" {
            m.tok_end + 1
        } else {
            m.tok_end
        };
        s.trigger_starts.contains(&after)
    };
    let mut candidates = s
        .mentions
        .iter()
        .filter(|m| m.tok >= t1 && m.tok < next_trigger.max(t1) && m.tok < t1 + 20)
        .filter(|m| Some(m.country) != not && !owns_trigger(m));
    let first = candidates.next()?;
    let modifier = first.tok_end < s.b && {
        let w = s.word(first.tok_end);
        w.starts_with(|c: char| c.is_lowercase())
            && !s.cx.keys.is(first.tok_end, class::PREPOSITION)
    };
    if modifier {
        let directed = candidates.find(|m| {
            m.tok > s.a
                && matches!(
                    s.lower(m.tok - 1),
                    "at" | "on" | "against" | "to" | "into" | "toward" | "towards"
                )
        });
        if let Some(m) = directed {
            return Some(m);
        }
    }
    Some(first)
}

/// `Cambodia-US cooperation`, `US-Cambodia relations are … improved`: a hyphenated pair of
/// countries shortly before the trigger in the same clause.
fn compound_before<'m>(s: &'m Sentence, t0: usize) -> Option<(&'m Mention, &'m Mention)> {
    let lo = t0.saturating_sub(9).max(s.a);
    for k in (lo..t0).rev() {
        let w = s.word(k);
        if s.cx.keys.is(k, class::COMMA | class::CLAUSE_BREAK) {
            return None;
        }
        if matches!(w, "-" | "–") && k > s.a {
            if let (Some(x), Some(y)) = (s.mention_ending_at(k), s.mention_at(k + 1)) {
                if x.country != y.country && y.tok_end <= t0 {
                    return Some((x, y));
                }
            }
        }
    }
    None
}

/// `Russia invaded the country`: `the country` right after the trigger is the most recently
/// named country other than the source.
fn the_country_after(
    s: &Sentence,
    t1: usize,
    next_trigger: usize,
    not: Option<usize>,
) -> Option<Side> {
    let end = next_trigger.max(t1).min(t1 + 4).min(s.b);
    let k = (t1..end).find(|&k| {
        s.word(k).eq_ignore_ascii_case("the")
            && k + 1 < s.b
            && matches!(s.lower(k + 1), "country" | "nation")
    })?;
    let at = s.cx.tokens[k].start;
    let m =
        s.cx.mentions
            .iter()
            .rev()
            .find(|m| m.span.start < at && !m.locative && Some(m.country) != not)?;
    Some(s.side(m))
}

/// `the two countries`, `both nations`, `the two sides` as the trigger's subject (before it, in
/// the same clause) or right after it (`relations between the two countries`): the two
/// countries most recently named as actors before that phrase.
fn pair_anaphor(s: &Sentence, t0: usize, t1: usize) -> Option<(Side, Side)> {
    let keys = s.cx.keys;
    let is_pair_noun =
        |k: usize| k > s.a && keys.is(k, class::PAIR_NOUN) && keys.is(k - 1, class::PAIR_COUNT);
    let before = (t0.saturating_sub(12).max(s.a + 1)..t0)
        .rev()
        .take_while(|&k| !s.cx.keys.is(k, class::CLAUSE_BREAK))
        .find(|&k| is_pair_noun(k));
    let after = (t1..(t1 + 5).min(s.b))
        .find(|&k| is_pair_noun(k))
        .filter(|&k| (t1..k).any(|j| keys.is(j, class::BETWEEN)));
    let k = before.or(after)?;
    let at = s.cx.tokens[k].start;
    let mut found: Vec<&Mention> = Vec::new();
    for m in
        s.cx.mentions
            .iter()
            .rev()
            .filter(|m| m.span.start < at && !m.locative)
    {
        if !found.iter().any(|f| f.country == m.country) {
            found.push(m);
            if found.len() == 2 {
                return Some((s.side(found[1]), s.side(found[0])));
            }
        }
    }
    None
}

/// `… between Cambodia and Russia`, right after the trigger.
fn between_after<'m>(s: &'m Sentence, t1: usize) -> Option<(&'m Mention, &'m Mention)> {
    let k = (t1..(t1 + 2).min(s.b)).find(|&k| s.word(k).eq_ignore_ascii_case("between"))?;
    let x = s.mentions.iter().find(|m| m.tok > k && m.tok <= k + 4)?;
    let and =
        (x.tok_end..(x.tok_end + 4).min(s.b)).find(|&j| s.word(j).eq_ignore_ascii_case("and"))?;
    let y = s
        .mentions
        .iter()
        .find(|m| m.tok > and && m.tok <= and + 4 && m.country != x.country)?;
    Some((x, y))
}

/// Whether the trigger stands where a noun does: after a determiner, a possessive, an adjective
/// of nationality, or a preposition.
fn is_noun_position(s: &Sentence, t0: usize) -> bool {
    if t0 == s.a {
        return false;
    }
    let prev = s.lower(t0 - 1);
    // `North Korea's troop deployment`: a possessive two words back, a modifier between.
    let possessive_before_modifier = t0 >= s.a + 2
        && s.lower(t0 - 2) == "'s"
        && s.word(t0 - 1).starts_with(|c: char| c.is_lowercase());
    s.cx.keys.is(t0 - 1, class::DETERMINER)
        || prev == "'s"
        || possessive_before_modifier
        || s.mention_ending_at(t0).is_some()
}

/// `Russia's invasion`, `US aid`, `Russian naval investment`: the owner right before a noun.
fn adjacent_owner<'m>(s: &'m Sentence, t0: usize) -> Option<&'m Mention> {
    for back in 0..=2 {
        let end = t0.checked_sub(back)?;
        if end <= s.a {
            break;
        }
        if let Some(m) = s.mention_ending_at(end) {
            return (!m.locative).then_some(m);
        }
        if end > s.a && matches!(s.word(end - 1), "'s" | "’s") {
            if let Some(m) = s.mention_ending_at(end - 1) {
                return (!m.locative).then_some(m);
            }
        }
        // Only lower-case modifiers may stand between owner and noun.
        let w = s.word(end - 1);
        if back > 0 && !w.starts_with(|c: char| c.is_lowercase()) {
            break;
        }
    }
    None
}

/// `by X` or `from X` right after the trigger.
fn by_agent<'m>(s: &'m Sentence, t1: usize) -> Option<&'m Mention> {
    let k = (t1..(t1 + 3).min(s.b)).find(|&k| matches!(s.lower(k), "by" | "from"))?;
    s.mentions
        .iter()
        .find(|m| m.tok > k && m.tok <= k + 3 && !m.locative)
}

/// The subject before token `t`: the nearest actor that is no preposition's object, or a
/// `he`/`she` resolved to the last named person, or `we` in a quote as its speaker's country.
/// Also returns the partner of a coordinated subject (`Cambodia and China`).
fn subject_before(s: &Sentence, t: usize) -> Option<(Side, Option<Side>)> {
    let cx = s.cx;
    let mut k = t;
    while k > s.a {
        k -= 1;
        let w = s.word(k);
        if w == ";" {
            break;
        }
        if let Some(m) = s.mention_covering(k) {
            if m.locative || m.prepositional {
                k = m.tok;
                continue;
            }
            let coord = (m.tok >= s.a + 2 && s.word(m.tok - 1).eq_ignore_ascii_case("and"))
                .then(|| s.mention_ending_at(m.tok - 1))
                .flatten()
                .filter(|x| x.country != m.country && !x.locative)
                .map(|x| s.side(x));
            return Some((s.side(m), coord));
        }
        if s.cx.keys.is(k, class::PRONOUN) {
            let at = cx.tokens[k].start;
            let anchor = crate::quotes::resolve_pronoun(cx.anchors, at, false)?;
            return anchor.country.map(|c| {
                (
                    Side {
                        country: c,
                        actor: true,
                        historical: false,
                    },
                    None,
                )
            });
        }
        if s.cx.keys.is(k, class::FIRST_PERSON) && w != "US" {
            if let Some(q) = s.quote_at(cx.tokens[k].start) {
                if let Some(c) = q.speaker.as_ref().and_then(|sp| sp.country) {
                    return Some((
                        Side {
                            country: c,
                            actor: true,
                            historical: false,
                        },
                        None,
                    ));
                }
            }
        }
    }
    None
}

fn flags_for(s: &Sentence, t0: usize, t1: usize, historical_actor: bool) -> Flags {
    let negated = s.cue_ends_before(Cue::Negation, t0, 3).is_some();
    // A modal or intention shortly before the trigger, or right after it in the same clause
    // (`exchanges … should be encouraged`, `investment in Cambodia, would build trust`).
    let hypothetical = s.cue_ends_before(Cue::Hypothetical, t0, 6).is_some()
        || s.cues.iter().any(|&(i, _, c)| {
            let c0 = s.a + i;
            c == Cue::Hypothetical
                && c0 >= t1
                && c0 - t1 <= 5
                && !(t1..c0).any(|k| s.cx.keys.is(k, class::CLAUSE_BREAK))
                && s.cx.keys.is(c0, class::MODAL)
        });
    // What dates an event lies at most this many tokens before or after its trigger.
    const HISTORY_BEFORE: usize = 8;
    const HISTORY_AFTER: usize = 4;
    let near_hist = s.cues.iter().any(|&(i, n, c)| {
        c == Cue::Historical && {
            let (c0, c1) = (s.a + i, s.a + i + n);
            (c1 <= t0 && t0 - c1 <= HISTORY_BEFORE) || (c0 >= t1 && c0 - t1 <= HISTORY_AFTER)
        }
    });
    // A year well before the article's, as near the trigger as a historical cue word.
    let old_year = s.cx.year.is_some_and(|year| {
        (t0.saturating_sub(HISTORY_BEFORE).max(s.a)..(t1 + HISTORY_AFTER).min(s.b)).any(|k| {
            let w = s.word(k);
            w.len() == 4
                && w.parse::<i32>()
                    .is_ok_and(|y| (1800..year - 5).contains(&y))
        })
    });
    Flags {
        negated,
        hypothetical,
        historical: historical_actor || near_hist || old_year,
    }
}
