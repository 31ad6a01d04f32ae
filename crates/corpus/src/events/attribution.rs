//! Who acts on whom around a trigger: the patterns each [`Rule`](super::Rule) reads.

use super::rule::window;
use super::{Sentence, Side};
use crate::actors::Mention;
use crate::codebook::Cue;
use crate::text::class;

/// The object: the first actor of another country after the trigger (before the next trigger),
/// except an owner of a later trigger (`to aid … Russia's invasion`: Russia belongs to the
/// invasion). When that first actor only modifies a noun (`firing U.S. missiles at Russia`)
/// and an actor follows a preposition of direction (`at`, `on`, `against`, `to`, `into`,
/// `toward`), the latter is the object.
pub(super) fn object_after<'m>(
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
        .filter(|m| m.tok >= t1 && m.tok < next_trigger.max(t1) && m.tok < t1 + window::OBJECT)
        .filter(|m| Some(m.country) != not && !owns_trigger(m));
    let Some(first) = candidates.next() else {
        // `Cambodia hailed Japan's help`: with no other actor, the owner of the next trigger
        // is the object when it follows the trigger at once.
        return s
            .mentions
            .iter()
            .find(|m| m.tok == t1 && Some(m.country) != not && !m.locative);
    };
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
pub(super) fn compound_before<'m>(
    s: &'m Sentence,
    t0: usize,
) -> Option<(&'m Mention, &'m Mention)> {
    let lo = t0.saturating_sub(window::COMPOUND).max(s.a);
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
pub(super) fn the_country_after(
    s: &Sentence,
    t1: usize,
    next_trigger: usize,
    not: Option<usize>,
) -> Option<Side> {
    let end = next_trigger.max(t1).min(t1 + window::THE_COUNTRY).min(s.b);
    let k = (t1..end).find(|&k| {
        s.word(k).eq_ignore_ascii_case("the")
            && k + 1 < s.b
            && matches!(s.lower(k + 1), "country" | "nation")
    })?;
    let at = s.cx.tokens[k].start;
    let m = mentions_before(s, at)
        .iter()
        .rev()
        .find(|m| !m.locative && Some(m.country) != not)?;
    Some(s.side(m))
}

/// The last [`window::MENTIONS_BACK`] mentions that start before byte `at` (the mentions are in
/// text order): a search back from `at` neither walks the rest of the article nor, when no
/// mention before fits, all of it (quadratic in a long article).
fn mentions_before<'m>(s: &Sentence<'m, '_>, at: u32) -> &'m [Mention] {
    let mentions = s.cx.mentions;
    let end = mentions.partition_point(|m| m.span.start < at);
    &mentions[end.saturating_sub(window::MENTIONS_BACK)..end]
}

/// `the two countries`, `both nations`, `the two sides` as the trigger's subject (before it, in
/// the same clause) or right after it (`relations between the two countries`): the two
/// countries most recently named as actors before that phrase.
pub(super) fn pair_anaphor(s: &Sentence, t0: usize, t1: usize) -> Option<(Side, Side)> {
    let keys = s.cx.keys;
    // `our countries` inside a quote: the speaker's and the one addressed, as `the two countries`.
    // `two governments that have long avoided …` without a determiner is no anaphor: it
    // introduces a pair, which need not be the one just named.
    let definite = |k: usize| match s.lower(k) {
        "two" => k > s.a && matches!(s.lower(k - 1), "the" | "our" | "these" | "those" | "their"),
        _ => keys.is(k, class::PAIR_COUNT),
    };
    let is_pair_noun = |k: usize| {
        k > s.a
            && keys.is(k, class::PAIR_NOUN)
            && (definite(k - 1)
                || (s.lower(k - 1) == "our" && s.quote_at(s.cx.tokens[k].start).is_some()))
    };
    let before = (t0.saturating_sub(window::PAIR_BEFORE).max(s.a + 1)..t0)
        .rev()
        .take_while(|&k| !s.cx.keys.is(k, class::CLAUSE_BREAK))
        .find(|&k| is_pair_noun(k));
    let after = (t1..(t1 + window::PAIR_AFTER).min(s.b))
        .find(|&k| is_pair_noun(k))
        .filter(|&k| (t1..k).any(|j| keys.is(j, class::BETWEEN)));
    let k = before.or(after)?;
    let at = s.cx.tokens[k].start;
    // `our (two) countries` in a quote: the speaker's country and the one they speak to, the
    // country the story is filed from (a diplomat speaks of their country and their host's),
    // else the last other country named.
    let our = (k.saturating_sub(2).max(s.a)..k).any(|j| s.lower(j) == "our");
    let speaker = our
        .then(|| s.quote_at(at))
        .flatten()
        .and_then(|q| q.speaker.as_ref()?.country);
    if let Some(own) = speaker {
        let other = s.roles.dateline.filter(|&c| c != own).or_else(|| {
            mentions_before(s, at)
                .iter()
                .rev()
                .find(|m| !m.locative && m.country != own)
                .map(|m| m.country)
        })?;
        return Some((Side::actor(own), Side::actor(other)));
    }
    let mut found: Vec<&Mention> = Vec::new();
    for m in mentions_before(s, at).iter().rev().filter(|m| !m.locative) {
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
pub(super) fn between_after<'m>(s: &'m Sentence, t1: usize) -> Option<(&'m Mention, &'m Mention)> {
    let k = (t1..(t1 + window::BETWEEN).min(s.b))
        .find(|&k| s.word(k).eq_ignore_ascii_case("between"))?;
    let x = s
        .mentions
        .iter()
        .find(|m| m.tok > k && m.tok <= k + window::BETWEEN_MEMBER)?;
    let and = (x.tok_end..(x.tok_end + window::BETWEEN_MEMBER).min(s.b))
        .find(|&j| s.word(j).eq_ignore_ascii_case("and"))?;
    let y = s
        .mentions
        .iter()
        .find(|m| m.tok > and && m.tok <= and + window::BETWEEN_MEMBER && m.country != x.country)?;
    Some((x, y))
}

/// Whether the trigger stands where a noun does: after a determiner, a possessive, an adjective
/// of nationality, or a preposition.
pub(super) fn is_noun_position(s: &Sentence, t0: usize, t1: usize) -> bool {
    if t0 == s.a {
        return false;
    }
    let prev = s.lower(t0 - 1);
    // `North Korea's troop deployment`: a possessive two words back, a modifier between.
    let possessive_before_modifier = t0 >= s.a + 2
        && s.lower(t0 - 2) == "'s"
        && s.word(t0 - 1).starts_with(|c: char| c.is_lowercase());
    // `US aid` is a noun after its owner, `China helped` a verb after its subject: a past
    // tense right after a name is the name's verb.
    let past_tense = s.lower(t0).ends_with("ed");
    // `under embargo`, `pressure from X` after `to`: a preposition's object is a noun (`to` also
    // opens an infinitive, so after it only a noun with its agent, `to pressure from X`).
    let after_preposition =
        s.cx.keys.is(t0 - 1, class::PREPOSITION) && (prev != "to" || by_agent(s, t1).is_some());
    s.cx.keys.is(t0 - 1, class::DETERMINER)
        || after_preposition
        || prev == "'s"
        || possessive_before_modifier
        || (s.mention_ending_at(t0).is_some() && !past_tense)
}

/// `Russia's invasion`, `US aid`, `Russian naval investment`: the owner right before a noun.
pub(super) fn adjacent_owner<'m>(s: &'m Sentence, t0: usize) -> Option<&'m Mention> {
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
        // Only lower-case modifiers may stand between owner and noun; a light verb is none
        // (`Cambodia voiced strong support`: the subject of `voiced`, not an owner).
        let w = s.word(end - 1);
        let light_verb = matches!(
            s.cx.keys.cue_at(end - 1),
            Some((_, Cue::LightVerb | Cue::Reversal))
        );
        if back > 0 && (!w.starts_with(|c: char| c.is_lowercase()) || light_verb) {
            break;
        }
    }
    None
}

/// `by X` or `from X` right after the trigger.
pub(super) fn by_agent<'m>(s: &'m Sentence, t1: usize) -> Option<&'m Mention> {
    let k = (t1..(t1 + window::AGENT).min(s.b)).find(|&k| matches!(s.lower(k), "by" | "from"))?;
    s.mentions
        .iter()
        .find(|m| m.tok > k && m.tok <= k + window::AGENT && !m.locative)
}

/// The subject before token `t`: the nearest actor that is no preposition's object, or a
/// `he`/`she` resolved to the last named person, or `we` in a quote as its speaker's country.
/// Also returns the partner of a coordinated subject (`Cambodia and China`).
pub(super) fn subject_before(s: &Sentence, t: usize) -> Option<(Side, Option<Side>)> {
    let cx = s.cx;
    let mut k = t;
    while k > s.a {
        k -= 1;
        let w = s.word(k);
        if w == ";" {
            break;
        }
        // `a programme for Ukrainian deminers, which is funded by Japan`: a `which` clause's
        // subject is the noun right before it; an actor that only modifies that noun is none.
        if s.lower(k) == "which" && k > s.a {
            let before = if s.word(k - 1) == "," { k - 1 } else { k };
            if s.mention_ending_at(before).is_none() {
                break;
            }
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
        // `the ministry rejected …`: an institution named again without its country is the one
        // last named with it (not as a preposition's object).
        if let Some(role) = super::ROLE_NOUNS.iter().position(|&r| r == s.lower(k)) {
            // A preposition before its noun phrase (`backer of the Vietnamese-installed
            // government`) makes it an object.
            let governed = (k.saturating_sub(5).max(s.a)..k)
                .rev()
                .take_while(|&j| !s.cx.keys.is(j, class::COMMA | class::CLAUSE_BREAK))
                .any(|j| s.cx.keys.is(j, class::PREPOSITION));
            if !governed && s.mention_ending_at(k).is_none() {
                if let Some(c) = s.roles.resolve(role, k) {
                    let side = Side::actor(c);
                    return Some((side, None));
                }
            }
        }
        // `Lindqvist urged …`: a person introduced with a country acts for it when named again
        // (not as a preposition's object).
        if let Some(&Some(c)) = s.persons.get(w) {
            if !(k > s.a && s.cx.keys.is(k - 1, class::PREPOSITION)) {
                let side = Side::actor(c);
                return Some((side, None));
            }
        }
        if s.cx.keys.is(k, class::PRONOUN) {
            let at = cx.tokens[k].start;
            let anchor = crate::quotes::resolve_pronoun(cx.anchors, at)?;
            return anchor.country.map(|c| (Side::actor(c), None));
        }
        if s.cx.keys.is(k, class::FIRST_PERSON) && w != "US" {
            if let Some(q) = s.quote_at(cx.tokens[k].start) {
                if let Some(c) = q.speaker.as_ref().and_then(|sp| sp.country) {
                    return Some((Side::actor(c), None));
                }
            }
        }
    }
    None
}
