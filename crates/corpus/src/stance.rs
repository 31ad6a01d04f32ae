//! Stances: one score, label, confidence and evidence per country pair per article.
//!
//! score = balance × support. balance = (cooperation − conflict) / (cooperation + conflict +
//! negated), where cooperation and conflict sum the flag-weighted event weights (background
//! events only when the pair has no current event) and `negated`
//! sums what negated events would have weighed (a denial shows the relation is in question, so
//! it pulls the score toward zero). support = n / (n + shrinkage), where n counts the distinct
//! sentences of evidence (a sentence of only background, hypothetical or denied events counts
//! `background`): one sentence gives half the balance, four give four fifths, so a lone remark
//! is never ±1 and the score grows with the evidence, not with the weight of one event.
//! A pair is mixed when its minority side carries a material share of the current (not
//! negated, hypothetical or historical) weight (`mixed_share`), or when a current event of the
//! minority side names the relation itself (`X-Y relations soured`): its score is then scaled
//! into the mixed band. confidence = mass / (mass + 10) with mass = cooperation + conflict +
//! negated.

use crate::codebook::Codebook;
use crate::events::CodedEvent;
use dyad_model::{Assessment, Evidence, Span, Stance};
use std::collections::BTreeMap;

/// The pair key: the focus country first, otherwise alphabetical (`KH-UA`, `RU-UA`).
pub fn pair_key(focus: &str, a: &str, b: &str) -> String {
    if b == focus || (a != focus && b < a) {
        format!("{b}-{a}")
    } else {
        format!("{a}-{b}")
    }
}

/// Assessments for an article: (focus pairs in `focus_pairs` order, context pairs alphabetical).
///
/// The focus country gets no stance at all when it only appears as a place: every event naming
/// it reached it through a locative mention (`a conference in Cambodia`, a dateline).
pub fn assess(
    cb: &Codebook,
    focus: &str,
    focus_pairs: &[String],
    events: &[CodedEvent],
    sentences: &[Span],
) -> (Vec<Assessment>, Vec<Assessment>) {
    let code = |i: usize| cb.countries[i].code.as_str();
    let focus_is_actor = events.iter().any(|e| {
        (code(e.source) == focus && e.source_actor) || (code(e.target) == focus && e.target_actor)
    });
    let mut by_pair: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let (a, b) = (code(e.source), code(e.target));
        if !focus_is_actor && (a == focus || b == focus) {
            continue;
        }
        by_pair.entry(pair_key(focus, a, b)).or_default().push(i);
    }
    let mut focus_out = Vec::new();
    let mut context = Vec::new();
    for (pair, idx) in by_pair {
        // A pair needs at least one event that counts and is not background (a relation
        // recalled from the past alone says nothing of the relation now), found by a rule that
        // reads the pair in its own sentence (`discourse-actor` relates none on its own).
        if idx.iter().all(|&i| {
            let e = &events[i];
            e.rule == crate::events::Rule::DiscourseActor || e.weight == 0.0 || e.flags.historical
        }) {
            continue;
        }
        let assessment = score_pair(cb, &pair, &idx, events, sentences);
        if focus_pairs.contains(&pair) {
            focus_out.push(assessment);
        } else {
            context.push(assessment);
        }
    }
    focus_out.sort_by_key(|a| focus_pairs.iter().position(|p| *p == a.pair));
    (focus_out, context)
}

/// Scores one pair from its events (indices into `events`).
pub fn score_pair(
    cb: &Codebook,
    pair: &str,
    idx: &[usize],
    events: &[CodedEvent],
    sentences: &[Span],
) -> Assessment {
    let mut cooperation = 0.0;
    let mut conflict = 0.0;
    let mut negated = 0.0;
    // The current (not negated, hypothetical or historical) weight on each side.
    let (mut current_coop, mut current_conflict) = (0.0, 0.0);
    // Bit 1: a current cooperative event names the relation itself; bit 2: a conflictual one.
    let mut relation_sign = 0u8;
    let mut per_sentence: BTreeMap<u32, (Vec<u32>, f64, bool)> = BTreeMap::new();
    // Background (historical) events judge the pair only when nothing current does: beside a
    // current event they are evidence and support, but do not move the balance.
    let has_current = idx.iter().any(|&i| {
        let f = &events[i].flags;
        !f.negated && !f.hypothetical && !f.historical && events[i].weight != 0.0
    });
    for &i in idx {
        let e = &events[i];
        let background_only = e.flags.historical && !e.flags.negated && has_current;
        if background_only {
            // Evidence only (below), with no share of the balance.
        } else if e.flags.negated {
            negated += e.base.abs();
        } else if e.weight > 0.0 {
            cooperation += e.weight;
        } else {
            conflict -= e.weight;
        }
        let current = !e.flags.negated && !e.flags.hypothetical && !e.flags.historical;
        // A hedge is about what may come (`we may have to postpone`): under a modal it is a
        // reservation held now, with its whole weight in whether the pair is mixed.
        let category = &cb.categories[e.category];
        let hedge = e.flags.hypothetical
            && !e.flags.negated
            && !e.flags.historical
            && category.id == "stall";
        if current && e.weight > 0.0 {
            current_coop += e.weight;
        } else if current {
            current_conflict -= e.weight;
        } else if hedge {
            current_conflict += category.weight.abs();
        }
        // `X-Y relations are up and down due to mistrust`: the text judges the relation as a
        // whole, which makes its side material whatever the count of other events.
        // Talks or a meeting (`both sides keep the door open for talks`) are contact, not a
        // judgement of the relation.
        if current && e.rule.names_the_relation() && category.id != "consult" {
            relation_sign |= if e.weight > 0.0 { 1 } else { 2 };
        }
        let entry = per_sentence.entry(e.sentence).or_default();
        entry.0.push(i as u32);
        if !background_only {
            entry.1 += e.weight;
        }
        entry.2 |= current;
    }
    let mass = cooperation + conflict + negated;
    // Support grows with the distinct sentences of evidence: a sentence reporting a current
    // event counts one, a sentence of only background, hypothetical or denied events less.
    let sentences_seen: f64 = per_sentence
        .values()
        .map(|&(_, _, current)| if current { 1.0 } else { cb.background_support })
        .sum();
    let support = support(cb, sentences_seen);
    let balance = if mass > 0.0 {
        ((cooperation - conflict) / mass).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let mut score = balance * support;
    let minority = current_coop.min(current_conflict);
    let minority_is_relation = if current_coop >= current_conflict {
        relation_sign & 2 != 0
    } else {
        relation_sign & 1 != 0
    };
    if minority > 0.0
        && (minority / (current_coop + current_conflict) >= cb.mixed_share || minority_is_relation)
    {
        // Both sides carry a material share: mixed, strictly inside the band so the label
        // read back from the score is `mixed`.
        let band = if score >= 0.0 {
            cb.thresholds.cooperative
        } else {
            -cb.thresholds.strained
        };
        score *= band * 0.999;
    }
    let denominator = mass;
    let evidence = per_sentence
        .into_iter()
        .map(|(sentence, (events, w, _))| Evidence {
            span: sentences
                .get(sentence as usize)
                .copied()
                .unwrap_or_default(),
            sentence,
            events,
            weight: round(if denominator > 0.0 {
                w / denominator
            } else {
                0.0
            }),
        })
        .collect();
    Assessment {
        pair: pair.to_string(),
        stance: Some(Stance::from_score(score, &cb.thresholds)),
        score: round(score),
        confidence: round(mass / (mass + 10.0)),
        evidence,
        review: None,
        machine: None,
    }
}

/// What `sentences` sentences of current evidence make of a balance: n / (n + shrinkage), so
/// one sentence gives half of it (the built-in shrinkage is 1) and four give four fifths. Also
/// the confidence of a pair an analyst added: the machine's support for that many sentences.
pub fn support(cb: &Codebook, sentences: f64) -> f64 {
    sentences / (sentences + cb.shrinkage)
}

/// Rounds to 4 decimals, so the bundle is short and stable.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::Flags;

    fn ev(
        cb: &Codebook,
        s: &str,
        t: &str,
        cat: &str,
        sentence: u32,
        flags: Flags,
        source_actor: bool,
    ) -> CodedEvent {
        let c = cb.category(cat).unwrap();
        let w = cb.categories[c].weight;
        let mut base = w;
        if flags.hypothetical {
            base *= cb.hypothetical_factor;
        }
        if flags.historical {
            base *= cb.historical_factor;
        }
        CodedEvent {
            sentence,
            source: cb.country_index(s).unwrap(),
            target: cb.country_index(t).unwrap(),
            category: c,
            weight: if flags.negated { 0.0 } else { base },
            base,
            trigger: Span::default(),
            flags,
            source_actor,
            target_actor: true,
            rule: crate::events::Rule::SubjectObject,
        }
    }

    #[test]
    fn pair_keys() {
        assert_eq!(pair_key("KH", "UA", "KH"), "KH-UA");
        assert_eq!(pair_key("KH", "US", "RU"), "RU-US");
        assert_eq!(pair_key("KH", "KH", "CN"), "KH-CN");
    }

    #[test]
    fn scores_labels_and_evidence() {
        let cb = Codebook::builtin();
        let sents = vec![Span::new(0, 5), Span::new(6, 10), Span::new(11, 20)];
        let f = Flags::default();
        let events = vec![
            ev(&cb, "KH", "UA", "aid", 0, f, true),
            ev(&cb, "RU", "UA", "assault", 1, f, true),
            ev(
                &cb,
                "KH",
                "RU",
                "reduce",
                2,
                Flags { negated: true, ..f },
                true,
            ),
            ev(&cb, "KH", "RU", "consult", 2, f, true),
        ];
        let pairs = cb.pairs_for("KH");
        let (focus, context) = assess(&cb, "KH", &pairs, &events, &sents);
        assert_eq!(
            focus.iter().map(|a| a.pair.as_str()).collect::<Vec<_>>(),
            vec!["KH-UA", "KH-RU"]
        );
        assert_eq!(focus[0].stance, Some(Stance::Cooperative));
        // One small consult against a denied strain: mixed, not cooperative.
        assert_eq!(focus[1].stance, Some(Stance::Mixed));
        assert_eq!(focus[1].evidence.len(), 1);
        assert_eq!(focus[1].evidence[0].events, vec![2, 3]);
        assert_eq!(context[0].pair, "RU-UA");
        assert_eq!(context[0].stance, Some(Stance::Strained));
        // One sentence of evidence: half the balance.
        assert_eq!(context[0].score, -0.5);
    }

    fn scored(cb: &Codebook, events: &[CodedEvent]) -> Assessment {
        let sents: Vec<Span> = (0..10).map(|i| Span::new(i * 10, i * 10 + 9)).collect();
        let idx: Vec<usize> = (0..events.len()).collect();
        score_pair(cb, "KH-CN", &idx, events, &sents)
    }

    #[test]
    fn the_score_grows_with_the_sentences_of_evidence_not_one_events_weight() {
        let cb = Codebook::builtin();
        let f = Flags::default();
        let one = scored(&cb, &[ev(&cb, "CN", "KH", "aid", 0, f, true)]);
        let small = scored(&cb, &[ev(&cb, "CN", "KH", "consult", 0, f, true)]);
        // A weighty event alone says no more than a small one: both are one sentence.
        assert_eq!((one.score, small.score), (0.5, 0.5));
        let four: Vec<CodedEvent> = (0..4)
            .map(|s| ev(&cb, "CN", "KH", "aid", s, f, true))
            .collect();
        assert_eq!(scored(&cb, &four).score, 0.8);
        // Background sentences count half toward the support.
        let hist = Flags {
            historical: true,
            ..f
        };
        let with_background = scored(
            &cb,
            &[
                ev(&cb, "CN", "KH", "aid", 0, f, true),
                ev(&cb, "CN", "KH", "aid", 1, hist, true),
            ],
        );
        assert!(
            (with_background.score - 0.6).abs() < 1e-4,
            "{}",
            with_background.score
        );
    }

    #[test]
    fn mixed_only_when_the_minority_is_material() {
        let cb = Codebook::builtin();
        let f = Flags::default();
        let mut events: Vec<CodedEvent> = (0..4)
            .map(|s| ev(&cb, "CN", "KH", "aid", s, f, true))
            .collect();
        // 28 of cooperation against 2 of criticism: cooperative still.
        events.push(ev(&cb, "KH", "CN", "disapprove", 4, f, true));
        let x = scored(&cb, &events);
        assert_eq!(x.stance, Some(Stance::Cooperative), "{}", x.score);
        // Against a sanction (8 of 36, 22%): still cooperative; against two, mixed.
        events.pop();
        events.push(ev(&cb, "KH", "CN", "sanction", 4, f, true));
        assert_eq!(scored(&cb, &events).stance, Some(Stance::Cooperative));
        events.push(ev(&cb, "KH", "CN", "sanction", 5, f, true));
        assert_eq!(scored(&cb, &events).stance, Some(Stance::Mixed));
        // A historical conflict is background: it does not make the pair mixed.
        events.truncate(4);
        let hist = Flags {
            historical: true,
            ..f
        };
        events.push(ev(&cb, "KH", "CN", "assault", 4, hist, true));
        assert_eq!(scored(&cb, &events).stance, Some(Stance::Cooperative));
        // Nor does it pull a current criticism toward the other side.
        let recalled_aid = [
            ev(&cb, "KH", "CN", "disapprove", 0, f, true),
            ev(&cb, "CN", "KH", "aid", 1, hist, true),
        ];
        assert_eq!(scored(&cb, &recalled_aid).stance, Some(Stance::Strained));
        // A current judgement of the relation itself (`X-Y relations are strained`) is material.
        events.pop();
        let mut relation = ev(&cb, "KH", "CN", "disapprove", 4, f, true);
        relation.rule = crate::events::Rule::CompoundPair;
        events.push(relation);
        assert_eq!(scored(&cb, &events).stance, Some(Stance::Mixed));
        // Talks between `the two sides` are contact, not a judgement of the relation.
        events.pop();
        let mut talks = ev(&cb, "KH", "CN", "consult", 4, f, true);
        talks.rule = crate::events::Rule::PairAnaphor;
        let conflict: Vec<CodedEvent> = (0..3)
            .map(|s| ev(&cb, "CN", "KH", "reduce", s, f, true))
            .chain([talks])
            .collect();
        assert_eq!(scored(&cb, &conflict).stance, Some(Stance::Strained));
    }

    #[test]
    fn a_hedge_under_a_modal_is_a_reservation_held_now() {
        let cb = Codebook::builtin();
        let f = Flags::default();
        let may = Flags {
            hypothetical: true,
            ..f
        };
        // `Our commitment has not changed, but we may have to postpone`: mixed.
        let commitment = ev(&cb, "KH", "UA", "appeal", 0, f, true);
        let hedged = [
            commitment.clone(),
            ev(&cb, "KH", "UA", "stall", 0, may, true),
        ];
        assert_eq!(scored(&cb, &hedged[..1]).stance, Some(Stance::Cooperative));
        assert_eq!(scored(&cb, &hedged).stance, Some(Stance::Mixed));
        // Another conflict that may come (`could impose sanctions`) is no reservation held now.
        let mut threat = vec![commitment];
        threat.extend((1..4).map(|s| ev(&cb, "KH", "UA", "aid", s, f, true)));
        threat.push(ev(&cb, "KH", "UA", "disapprove", 4, may, true));
        assert_eq!(scored(&cb, &threat).stance, Some(Stance::Cooperative));
        // Nor is a hedge denied (`we will not delay`).
        let denied = Flags {
            negated: true,
            ..may
        };
        threat.pop();
        threat.push(ev(&cb, "KH", "UA", "stall", 4, denied, true));
        assert_eq!(scored(&cb, &threat).stance, Some(Stance::Cooperative));
    }

    #[test]
    fn a_focus_country_named_only_as_a_place_gets_no_stance() {
        let cb = Codebook::builtin();
        let sents = vec![Span::new(0, 5)];
        let events = vec![ev(&cb, "UA", "KH", "consult", 0, Flags::default(), true)];
        let mut events = events;
        events[0].target_actor = false;
        let pairs = cb.pairs_for("KH");
        let (focus, context) = assess(&cb, "KH", &pairs, &events, &sents);
        assert!(focus.is_empty() && context.is_empty());
    }
}
