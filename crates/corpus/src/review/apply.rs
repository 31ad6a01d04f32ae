//! The reviews of one article, applied to its analysis: event reviews on the coded events, then
//! the stances scored again from the reviewed events, then the pair reviews on the stances. The
//! checks that need the article (its sentences, its events, the machine's pairs) are made here.

use super::load::trigger_key;
use super::{PairReview, Reviews};
use crate::analyze::{Analysis, Options};
use crate::diagnostic::Diagnostic;
use crate::stance;
use dyad_model::{Assessment, Coding, Evidence, Judgement, Span, Verdict};
use std::collections::HashMap;

const USE_CORRECT: &str =
    "to give the analyst's stance and score, use verdict = \"correct\" (or \"confirm\" if it stands)";
const USE_ADD: &str =
    "to judge a pair the machine missed, use verdict = \"add\" with its `evidence` sentences";
const OTHER_SIDE: &str = "give the other side too: an event's source and target are two countries";

/// Applies the reviews of the analysed article `an` (none: nothing changes and nothing is
/// computed). Returns the problems found; with any, the analysis is not to be used.
///
/// A confirmed event only records its review. Rejected events keep their place with weight 0
/// and leave the scoring; corrected ones take the analyst's source, target or category and weigh
/// what the machine gives that category under the event's flags. Each stance that then differs
/// from the machine's (scored from the unreviewed events) keeps the machine's in `machine` (a
/// pair only the recoded events make keeps `stance: None`); a pair left with no evidence goes,
/// unless a pair review names it (it then keeps the machine's evidence). A confirmed pair keeps
/// its stance, a corrected one takes the analyst's, an added one is made from the analyst's
/// stance, score and sentences.
pub fn apply(opts: &Options, reviews: &Reviews, an: &mut Analysis) -> Vec<Diagnostic> {
    let Some((pair_reviews, event_reviews)) = reviews.of(&an.article.id) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let id = an.article.id.clone();
    let sentences = an.article.sentences.len();
    let out_of_range = |n: u32| n == 0 || n as usize > sentences;
    let no_sentence = |n: u32| {
        (
            format!("article `{id}` has {sentences} sentences: there is no sentence {n}"),
            format!("number sentences as the article page does, from 1 to {sentences}"),
        )
    };

    let cb = &opts.codebook;
    let text = an.article.text.as_str();
    let mut by_sentence: HashMap<u32, Vec<usize>> = HashMap::new();
    if !event_reviews.is_empty() {
        for (i, e) in an.events.iter().enumerate() {
            by_sentence.entry(e.sentence).or_default().push(i);
        }
    }
    let mut events = an.events.clone();
    let mut rejected = vec![false; events.len()];
    let mut model_events = an.article.events.clone();
    for r in &event_reviews {
        if out_of_range(r.sentence) {
            let (m, h) = no_sentence(r.sentence);
            problems.push(reviews.error(r.at.sentence, m).help(h));
            continue;
        }
        let sentence = r.sentence - 1;
        let key = trigger_key(&r.trigger);
        let in_sentence = by_sentence.get(&sentence).map_or(&[][..], Vec::as_slice);
        let matching: Vec<usize> = in_sentence
            .iter()
            .copied()
            .filter(|&i| trigger_key(an.events[i].trigger.slice(text)) == key)
            .collect();
        if matching.is_empty() {
            let mut there: Vec<String> = in_sentence
                .iter()
                .map(|&i| format!("`{}`", an.events[i].trigger.slice(text)))
                .collect();
            there.dedup();
            let help = if there.is_empty() {
                format!(
                    "the machine coded no event in sentence {} (`dyad-corpus explain` lists each \
                     sentence's events); to judge a pair it missed, review the pair with \
                     verdict = \"add\"",
                    r.sentence
                )
            } else {
                format!(
                    "the events of sentence {} have the trigger{} {}",
                    r.sentence,
                    if there.len() == 1 { "" } else { "s" },
                    there.join(", ")
                )
            };
            problems.push(
                reviews
                    .error(
                        r.at.trigger,
                        format!(
                            "sentence {} of `{id}` has no event with the trigger `{}`",
                            r.sentence, r.trigger
                        ),
                    )
                    .help(help),
            );
            continue;
        }
        for i in matching {
            if r.verdict == Verdict::Confirmed {
                model_events[i].review = Some(r.review.clone());
                continue;
            }
            let e = &mut events[i];
            if r.verdict == Verdict::Corrected {
                let country =
                    |code: &Option<String>| code.as_deref().and_then(|c| cb.country_index(c));
                if let Some(c) = country(&r.source) {
                    (e.source, e.source_actor) = (c, true);
                }
                if let Some(c) = country(&r.target) {
                    (e.target, e.target_actor) = (c, true);
                }
                if let Some(c) = r.category.as_deref().and_then(|c| cb.category(c)) {
                    e.category = c;
                }
                if e.source == e.target {
                    let code = &cb.countries[e.source].code;
                    problems.push(
                        reviews
                            .error(
                                r.at.verdict,
                                format!("the corrected event would join {code} to itself"),
                            )
                            .help(OTHER_SIDE),
                    );
                    continue;
                }
                // As the event coder weighs a category: its weight, scaled down for a
                // hypothetical or historical event, 0 when negated.
                let mut base = cb.categories[e.category].weight;
                if e.flags.hypothetical {
                    base *= cb.hypothetical_factor;
                }
                if e.flags.historical {
                    base *= cb.historical_factor;
                }
                e.base = base;
                e.weight = if e.flags.negated { 0.0 } else { base };
            } else {
                rejected[i] = true;
                e.weight = 0.0;
            }
            let m = &mut model_events[i];
            m.machine = Some(Coding {
                source: m.source.clone(),
                target: m.target.clone(),
                category: m.category.clone(),
                weight: m.weight,
            });
            m.review = Some(r.review.clone());
            m.source = cb.countries[e.source].code.clone();
            m.target = cb.countries[e.target].code.clone();
            m.category = cb.categories[e.category].id.clone();
            m.weight = stance::round(e.weight);
        }
    }

    let spans: Vec<Span> = an.article.sentences.iter().map(|s| s.span).collect();
    let machine: Vec<Assessment> = an
        .article
        .assessments
        .iter()
        .chain(&an.article.context)
        .cloned()
        .collect();
    let machine_judgement = |pair: &str| {
        machine.iter().find(|x| x.pair == pair).map_or(
            Judgement {
                stance: None,
                score: 0.0,
            },
            |x| Judgement {
                stance: x.stance,
                score: x.score,
            },
        )
    };
    let recoded = event_reviews
        .iter()
        .any(|r| r.verdict != Verdict::Confirmed);
    let mut judged: Vec<Assessment> = if !recoded {
        machine.clone()
    } else {
        // Scored from the events that stand; evidence names events by their place in the article.
        let kept: Vec<usize> = (0..events.len()).filter(|&i| !rejected[i]).collect();
        let standing: Vec<_> = kept.iter().map(|&i| events[i].clone()).collect();
        let (focus, context) =
            stance::assess(cb, &opts.focus, &opts.focus_pairs, &standing, &spans);
        let mut judged: Vec<Assessment> = focus.into_iter().chain(context).collect();
        for x in &mut judged {
            for ev in &mut x.evidence {
                for k in &mut ev.events {
                    *k = kept[*k as usize] as u32;
                }
            }
            let m = machine_judgement(&x.pair);
            if m.stance != x.stance || m.score != x.score {
                x.machine = Some(m);
            }
        }
        judged
    };

    for r in &pair_reviews {
        let current = judged.iter().position(|x| x.pair == r.pair);
        let had = machine.iter().find(|x| x.pair == r.pair);
        match (r.verdict, current, had) {
            (Verdict::Added, None, None) => match added(opts, reviews, r, &spans) {
                Ok(x) => judged.push(x),
                Err(d) => problems.extend(d),
            },
            (Verdict::Added, _, _) => {
                let x = current.map_or_else(
                    || had.cloned().expect("matched above"),
                    |i| judged[i].clone(),
                );
                problems.push(
                    reviews
                        .error(
                            r.at.verdict,
                            format!(
                                "the machine already judges {} in `{id}` ({} {:+.2})",
                                r.pair,
                                x.stance.map_or("no stance", |s| s.as_str()),
                                x.score
                            ),
                        )
                        .help(USE_CORRECT),
                );
            }
            (_, None, None) => problems.push(
                reviews
                    .error(
                        r.at.pair,
                        format!("the machine gives no judgement of {} in `{id}`", r.pair),
                    )
                    .help(USE_ADD),
            ),
            (verdict, current, had) => {
                // A pair the event reviews left without evidence keeps the machine's.
                let i = current.unwrap_or_else(|| {
                    judged.push(had.cloned().expect("matched above"));
                    judged.len() - 1
                });
                let x = &mut judged[i];
                if verdict == Verdict::Corrected {
                    let (s, score) = r
                        .judgement
                        .expect("a correction is loaded with its judgement");
                    x.machine = Some(machine_judgement(&r.pair));
                    x.stance = Some(s);
                    x.score = score;
                }
                x.review = Some(r.review.clone());
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }

    let (mut focus, mut context): (Vec<Assessment>, Vec<Assessment>) = judged
        .into_iter()
        .partition(|x| opts.focus_pairs.contains(&x.pair));
    focus.sort_by_key(|x| opts.focus_pairs.iter().position(|p| *p == x.pair));
    context.sort_by(|a, b| a.pair.cmp(&b.pair));
    an.article.assessments = focus;
    an.article.context = context;
    an.article.events = model_events;
    an.events = events;
    Vec::new()
}

/// A pair the machine missed, as the analyst judges it: the evidence sentences share the score
/// evenly, and the confidence is the support the machine gives that many sentences.
fn added(
    opts: &Options,
    reviews: &Reviews,
    r: &PairReview,
    spans: &[Span],
) -> Result<Assessment, Vec<Diagnostic>> {
    let (stance, score) = r
        .judgement
        .expect("an addition is loaded with its judgement");
    let mut problems = Vec::new();
    for (&n, &at) in r.evidence.iter().zip(&r.at.evidence) {
        if n == 0 || n as usize > spans.len() {
            problems.push(
                reviews
                    .error(
                        at,
                        format!(
                            "article `{}` has {} sentences: there is no sentence {n}",
                            r.article,
                            spans.len()
                        ),
                    )
                    .help(format!(
                        "number sentences as the article page does, from 1 to {}",
                        spans.len()
                    )),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let n = r.evidence.len() as f64;
    Ok(Assessment {
        pair: r.pair.clone(),
        stance: Some(stance),
        score,
        confidence: stance::round(stance::support(&opts.codebook, n)),
        evidence: r
            .evidence
            .iter()
            .map(|&s| Evidence {
                span: spans[s as usize - 1],
                sentence: s - 1,
                events: Vec::new(),
                weight: stance::round(score / n),
            })
            .collect(),
        review: Some(r.review.clone()),
        machine: None,
    })
}
