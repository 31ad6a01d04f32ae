//! Reading `reviews.toml`: its shape (serde, with the span of every value a check points at) and
//! the checks that need no article, each problem a diagnostic at its file:line:column.

use super::checks::{check_judgement, check_note, check_pair, check_review};
use super::{EventPlaces, EventReview, PairPlaces, PairReview, Reviews};
use crate::analyze::Options;
use crate::diagnostic::Diagnostic;
use dyad_model::{Review, Verdict};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReviews {
    #[serde(default)]
    pair: Vec<RawPair>,
    #[serde(default)]
    event: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    article: Spanned<String>,
    pair: Spanned<String>,
    verdict: Spanned<String>,
    stance: Option<Spanned<String>>,
    score: Option<Spanned<f64>>,
    evidence: Option<Spanned<Vec<Spanned<i64>>>>,
    by: Spanned<String>,
    note: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    article: Spanned<String>,
    sentence: Spanned<i64>,
    trigger: Spanned<String>,
    verdict: Spanned<String>,
    source: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    by: Spanned<String>,
    note: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
}

pub(super) const FORMAT: &str = "README.md (\"Reviews and annotations\") shows every key";

/// Parses and checks `text`, the reviews file `file`.
pub(super) fn reviews(opts: &Options, file: &str, text: &str) -> Result<Reviews, Vec<Diagnostic>> {
    let raw: RawReviews =
        toml::from_str(text).map_err(|e| vec![super::syntax(file, text, &e, FORMAT)])?;
    let mut problems = Vec::new();
    let mut at = |offset: usize, message: String, help: String| {
        problems.push(Diagnostic::error(file, message).at(text, offset).help(help));
    };
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset) + 1;
    let mut out = Reviews {
        file: file.to_string(),
        text: text.to_string(),
        ..Reviews::default()
    };

    let mut first_pair: HashMap<(String, String), usize> = HashMap::new();
    for p in raw.pair {
        let verdict = match p.verdict.get_ref().as_str() {
            "confirm" => Some(Verdict::Confirmed),
            "correct" => Some(Verdict::Corrected),
            "add" => Some(Verdict::Added),
            other => {
                at(
                    p.verdict.span().start,
                    format!("`{other}` is not a verdict on a pair"),
                    "a pair's verdict is `confirm`, `correct` or `add`".into(),
                );
                None
            }
        };
        let pair = check_pair(opts, &p.pair, &mut at);
        let review = check_review(&p.by, p.note.as_ref(), p.date.as_ref(), &mut at);
        let judgement = match verdict {
            Some(Verdict::Confirmed) => {
                if let Some(x) = p
                    .stance
                    .as_ref()
                    .map(Spanned::span)
                    .or(p.score.as_ref().map(Spanned::span))
                {
                    at(
                        x.start,
                        "a confirmation takes no stance or score: the machine's stand".into(),
                        "remove `stance` and `score`, or make the verdict `correct`".into(),
                    );
                }
                None
            }
            Some(v) => check_judgement(
                opts,
                v,
                &p.verdict,
                p.stance.as_ref(),
                p.score.as_ref(),
                &mut at,
            ),
            None => None,
        };
        if matches!(verdict, Some(Verdict::Corrected | Verdict::Added)) {
            check_note(
                &p.verdict,
                p.note.as_ref(),
                "say in a sentence why the analyst judges otherwise",
                &mut at,
            );
        }
        // (sentence, offset), in the text's order, as the machine lists its evidence.
        let mut evidence: Vec<(u32, usize)> = Vec::new();
        match (&p.evidence, verdict) {
            (None, Some(Verdict::Added)) => at(
                p.verdict.span().start,
                "an added pair needs its `evidence`".into(),
                "list the sentences that show the relation, numbered as the article page numbers them: `evidence = [3, 4]`".into(),
            ),
            (Some(e), Some(Verdict::Added)) if e.get_ref().is_empty() => at(
                e.span().start,
                "`evidence` is empty".into(),
                "list at least one sentence, numbered as the article page numbers them: `evidence = [3]`".into(),
            ),
            (Some(e), Some(Verdict::Added)) => {
                for n in e.get_ref() {
                    if *n.get_ref() < 1 || *n.get_ref() > u32::MAX as i64 {
                        at(
                            n.span().start,
                            format!("there is no sentence {}", n.get_ref()),
                            "sentences are numbered from 1, as on the article page".into(),
                        );
                    } else {
                        evidence.push((*n.get_ref() as u32, n.span().start));
                    }
                }
                evidence.sort_unstable();
                for w in evidence.windows(2).filter(|w| w[0].0 == w[1].0) {
                    at(
                        w[1].1,
                        format!("sentence {} is listed twice", w[1].0),
                        "list each evidence sentence once".into(),
                    );
                }
            }
            (Some(e), Some(_)) => at(
                e.span().start,
                "`evidence` is for an added pair only".into(),
                "a confirmed or corrected pair keeps the machine's evidence: remove `evidence`".into(),
            ),
            _ => {}
        }
        let key = (
            p.article.get_ref().clone(),
            pair.clone().unwrap_or_default(),
        );
        if pair.is_some() {
            if let Some(&first) = first_pair.get(&key) {
                at(
                    p.article.span().start,
                    format!("pair {} of article `{}` is reviewed twice", key.1, key.0),
                    format!("its first review is on line {}: keep one", line_of(first)),
                );
            } else {
                first_pair.insert(key.clone(), p.article.span().start);
            }
        }
        let (evidence, evidence_at): (Vec<u32>, Vec<usize>) = evidence.into_iter().unzip();
        if let (Some(verdict), Some(pair), Some(review)) = (verdict, pair, review) {
            out.pairs.push(PairReview {
                article: key.0,
                pair,
                verdict,
                judgement,
                evidence,
                review: Review { verdict, ..review },
                at: PairPlaces {
                    article: p.article.span().start,
                    pair: p.pair.span().start,
                    verdict: p.verdict.span().start,
                    evidence: evidence_at,
                },
            });
        }
    }

    let mut first_event: HashMap<(String, i64, String), usize> = HashMap::new();
    let cb = &opts.codebook;
    for e in raw.event {
        let verdict = match e.verdict.get_ref().as_str() {
            "confirm" => Some(Verdict::Confirmed),
            "reject" => Some(Verdict::Rejected),
            "correct" => Some(Verdict::Corrected),
            other => {
                at(
                    e.verdict.span().start,
                    format!("`{other}` is not a verdict on an event"),
                    "an event's verdict is `confirm`, `reject` or `correct`".into(),
                );
                None
            }
        };
        let review = check_review(&e.by, e.note.as_ref(), e.date.as_ref(), &mut at);
        if matches!(verdict, Some(Verdict::Rejected | Verdict::Corrected)) {
            check_note(
                &e.verdict,
                e.note.as_ref(),
                "say in a sentence why the event is not one, or is coded otherwise",
                &mut at,
            );
        }
        let sentence = *e.sentence.get_ref();
        if sentence < 1 || sentence > u32::MAX as i64 {
            at(
                e.sentence.span().start,
                format!("there is no sentence {sentence}"),
                "sentences are numbered from 1, as on the article page".into(),
            );
        }
        if e.trigger.get_ref().trim().is_empty() {
            at(
                e.trigger.span().start,
                "`trigger` is empty".into(),
                "give the trigger's words as in the text (`dyad-corpus explain FILE` shows each event's trigger)".into(),
            );
        }
        let codings = [&e.source, &e.target, &e.category];
        match verdict {
            Some(v @ (Verdict::Rejected | Verdict::Confirmed)) => {
                if let Some(x) = codings.iter().find_map(|c| c.as_ref()) {
                    at(
                        x.span().start,
                        format!("a {} event takes no source, target or category", v.as_str()),
                        "remove them, or make the verdict `correct`".into(),
                    );
                }
            }
            Some(_) if codings.iter().all(|c| c.is_none()) => at(
                e.verdict.span().start,
                "a corrected event needs its new `source`, `target` or `category`".into(),
                "give at least one of them, e.g. `target = \"UA\"`".into(),
            ),
            _ => {}
        }
        for side in [&e.source, &e.target].into_iter().flatten() {
            if cb.country_index(side.get_ref()).is_none() {
                at(
                    side.span().start,
                    format!("`{}` is not a country of the codebook", side.get_ref()),
                    "use the ISO code of a [[country]] the codebook defines, e.g. `KH`".into(),
                );
            }
        }
        if let (Some(s), Some(t)) = (&e.source, &e.target) {
            if s.get_ref() == t.get_ref() {
                at(
                    t.span().start,
                    format!("the event would join {} to itself", s.get_ref()),
                    "an event's source and target are two countries".into(),
                );
            }
        }
        if let Some(c) = &e.category {
            if !cb.categories.iter().any(|x| x.id == *c.get_ref()) {
                let ids: Vec<&str> = cb.categories.iter().map(|x| x.id.as_str()).collect();
                at(
                    c.span().start,
                    format!("`{}` is not a category of the codebook", c.get_ref()),
                    format!("the categories are {}", ids.join(", ")),
                );
            }
        }
        let key = (
            e.article.get_ref().clone(),
            sentence,
            trigger_key(e.trigger.get_ref()),
        );
        if let Some(&first) = first_event.get(&key) {
            at(
                e.article.span().start,
                format!(
                    "the event «{}» of sentence {sentence} of article `{}` is reviewed twice",
                    e.trigger.get_ref(),
                    key.0
                ),
                format!("its first review is on line {}: keep one", line_of(first)),
            );
        } else {
            first_event.insert(key.clone(), e.article.span().start);
        }
        if let (Some(verdict), Some(review)) = (verdict, review) {
            out.events.push(EventReview {
                article: key.0,
                sentence: sentence.clamp(0, u32::MAX as i64) as u32,
                trigger: e.trigger.get_ref().clone(),
                verdict,
                source: e.source.map(Spanned::into_inner),
                target: e.target.map(Spanned::into_inner),
                category: e.category.map(Spanned::into_inner),
                review: Review { verdict, ..review },
                at: EventPlaces {
                    article: e.article.span().start,
                    sentence: e.sentence.span().start,
                    trigger: e.trigger.span().start,
                    verdict: e.verdict.span().start,
                },
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    out.index();
    Ok(out)
}

/// A trigger's words as compared with the text: lower case, single spaces.
pub(super) fn trigger_key(words: &str) -> String {
    words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
