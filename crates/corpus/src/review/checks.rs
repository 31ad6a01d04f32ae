//! The checks of a review's values that need no article: the pair, the analyst's judgement
//! against the codebook's thresholds, and who reviewed it when.

use crate::analyze::Options;
use dyad_model::{Review, Stance, Verdict};
use toml::Spanned;

/// The pair as the data names it, or a diagnostic: two different known codes, the focus
/// country first, otherwise alphabetical.
pub(super) fn check_pair(
    opts: &Options,
    pair: &Spanned<String>,
    at: &mut impl FnMut(usize, String, String),
) -> Option<String> {
    let offset = pair.span().start;
    let value = pair.get_ref();
    let Some((a, b)) = value.split_once('-') else {
        at(
            offset,
            format!("`{value}` is not a pair"),
            "a pair is two country codes joined by `-`, e.g. `KH-UA`".into(),
        );
        return None;
    };
    let cb = &opts.codebook;
    let unknown: Vec<&str> = [a, b]
        .into_iter()
        .filter(|c| cb.country_index(c).is_none())
        .collect();
    if !unknown.is_empty() {
        at(
            offset,
            format!(
                "`{}` in pair `{value}` is not a country of the codebook",
                unknown[0]
            ),
            "a pair is two country codes of the codebook joined by `-`, in capitals, e.g. `KH-UA`"
                .into(),
        );
        return None;
    }
    if a == b {
        at(
            offset,
            format!("`{value}` joins a country to itself"),
            "a pair is two different countries".into(),
        );
        return None;
    }
    let key = crate::stance::pair_key(&opts.focus, a, b);
    if key != *value {
        let why = if a == opts.focus || b == opts.focus {
            format!("the focus country {} first", opts.focus)
        } else {
            "a pair without the focus country in alphabetical order".to_string()
        };
        at(
            offset,
            format!("pair `{value}` is written `{key}` in the data"),
            format!("write `pair = \"{key}\"`: {why}"),
        );
        return None;
    }
    Some(key)
}

/// The analyst's stance and score, checked against each other under the codebook's thresholds.
pub(super) fn check_judgement(
    opts: &Options,
    verdict: Verdict,
    verdict_at: &Spanned<String>,
    stance: Option<&Spanned<String>>,
    score: Option<&Spanned<f64>>,
    at: &mut impl FnMut(usize, String, String),
) -> Option<(Stance, f64)> {
    let word = if verdict == Verdict::Added {
        "an added pair"
    } else {
        "a correction"
    };
    let (Some(stance), Some(score)) = (stance, score) else {
        let missing = if stance.is_none() { "stance" } else { "score" };
        at(
            verdict_at.span().start,
            format!("{word} needs a `{missing}`"),
            "give the analyst's `stance` (cooperative, mixed or strained) and `score` (-1 to 1)"
                .into(),
        );
        return None;
    };
    let label = match stance.get_ref().as_str() {
        "cooperative" => Stance::Cooperative,
        "mixed" => Stance::Mixed,
        "strained" => Stance::Strained,
        other => {
            at(
                stance.span().start,
                format!("`{other}` is not a stance"),
                "a stance is `cooperative`, `mixed` or `strained`".into(),
            );
            return None;
        }
    };
    let value = *score.get_ref();
    if !(-1.0..=1.0).contains(&value) {
        at(
            score.span().start,
            format!("score {value} is outside -1..=1"),
            "a score runs from -1 (conflict) to 1 (cooperation)".into(),
        );
        return None;
    }
    let t = &opts.codebook.thresholds;
    let reads = Stance::from_score(value, t);
    if reads != label {
        at(
            score.span().start,
            format!("score {value} reads `{}`, not `{}`", reads.as_str(), label.as_str()),
            format!(
                "under the codebook's thresholds a score of {} or more is cooperative, {} or less strained, mixed between: change the score or the stance",
                t.cooperative, t.strained
            ),
        );
        return None;
    }
    Some((label, value))
}

/// The note of a verdict that needs one (every verdict but a confirmation): missing, the
/// verdict is pointed at; empty, the note. An empty note of a confirmation is no note.
pub(super) fn check_note(
    verdict: &Spanned<String>,
    note: Option<&Spanned<String>>,
    why: &str,
    at: &mut impl FnMut(usize, String, String),
) {
    match note {
        None => at(
            verdict.span().start,
            format!("`{}` needs a `note`", verdict.get_ref()),
            format!("{why}: `note = \"…\"`"),
        ),
        Some(n) if n.get_ref().trim().is_empty() => {
            at(n.span().start, "`note` is empty".into(), why.to_string())
        }
        Some(_) => {}
    }
}

/// `by`, `note` and `date`, as the review records them (its verdict set by the caller).
pub(super) fn check_review(
    by: &Spanned<String>,
    note: Option<&Spanned<String>>,
    date: Option<&Spanned<String>>,
    at: &mut impl FnMut(usize, String, String),
) -> Option<Review> {
    let mut ok = true;
    if by.get_ref().trim().is_empty() {
        at(
            by.span().start,
            "`by` is empty".into(),
            "give the analyst's initials, e.g. `by = \"SK\"`".into(),
        );
        ok = false;
    }
    for value in std::iter::once(by).chain(note) {
        if super::has_control(value.get_ref()) {
            at(
                value.span().start,
                "the value holds a control or bidirectional character".into(),
                "write plain text: such characters can make it read differently from what it is"
                    .into(),
            );
            ok = false;
        }
    }
    if let Some(d) = date {
        if let Err(why) = crate::source::check_date(d.get_ref()) {
            at(
                d.span().start,
                format!("`{}` is not a date: {why}", d.get_ref()),
                "write the review's day as YYYY-MM-DD, e.g. `date = \"2026-11-30\"`".into(),
            );
            ok = false;
        }
    }
    ok.then(|| Review {
        verdict: Verdict::Confirmed,
        by: by.get_ref().trim().to_string(),
        note: note.map_or(String::new(), |n| n.get_ref().trim().to_string()),
        date: date.map(|d| d.get_ref().clone()),
    })
}
