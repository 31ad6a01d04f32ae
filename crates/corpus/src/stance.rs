//! Stances: one score, label, confidence and evidence per country pair per article.
//!
//! score = (cooperation − conflict) / (cooperation + conflict + negated + shrinkage), where
//! cooperation and conflict sum the flag-weighted event weights, `negated` sums what negated
//! events would have weighed (a denial shows the relation is in question, so it pulls the score
//! toward zero), and `shrinkage` is one unit of neutral evidence so a lone remark is not ±1.
//! A pair with current (not negated, hypothetical or historical) events of both signs is mixed
//! by definition, whatever the balance: its score is the balance scaled into the mixed band
//! (times the cooperative threshold when positive, the strained one's size when negative).
//! confidence = mass / (mass + 10) with mass = cooperation + conflict + negated: about 0.5 once
//! the evidence weighs as much as one or two aid events.

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
        // A pair needs at least one event that counts.
        if idx.iter().all(|&i| events[i].weight == 0.0) {
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
    let (mut current_coop, mut current_conflict) = (false, false);
    let mut per_sentence: BTreeMap<u32, (Vec<u32>, f64)> = BTreeMap::new();
    for &i in idx {
        let e = &events[i];
        if e.flags.negated {
            negated += e.base.abs();
        } else if e.weight > 0.0 {
            cooperation += e.weight;
        } else {
            conflict -= e.weight;
        }
        let current = !e.flags.negated && !e.flags.hypothetical && !e.flags.historical;
        current_coop |= current && e.weight > 0.0;
        current_conflict |= current && e.weight < 0.0;
        let entry = per_sentence.entry(e.sentence).or_default();
        entry.0.push(i as u32);
        entry.1 += e.weight;
    }
    let mass = cooperation + conflict + negated;
    let denominator = mass + cb.shrinkage;
    let mut score = if denominator > 0.0 {
        ((cooperation - conflict) / denominator).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    if current_coop && current_conflict {
        // Strictly inside the band, so the label read back from the score is `mixed`.
        let band = if score >= 0.0 {
            cb.thresholds.cooperative
        } else {
            -cb.thresholds.strained
        };
        score *= band * 0.999;
    }
    let evidence = per_sentence
        .into_iter()
        .map(|(sentence, (events, w))| Evidence {
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
    }
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
        let c = cb.categories.iter().position(|c| c.id == cat).unwrap();
        let w = cb.categories[c].weight;
        let base = if flags.hypothetical {
            w * cb.hypothetical_factor
        } else {
            w
        };
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
        assert!(context[0].score < -0.8);
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
