//! Analysts' reviews (`reviews.toml`, applied by the compiler) as the views use them: how often
//! the machine agreed with the analysts (the Method page; `dyad-corpus eval --reviews`), the
//! reviewed/unreviewed filter, and the `reviews.toml` snippets the article reader copies.

use dyad_model::layout::{ArticleMeta, AssessmentMeta, Catalog};
use dyad_model::{Event, Judgement, Review, Stance, Verdict};
use std::fmt::Write;

/// The machine against the analysts, over every reviewed judgement of a catalog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agreement<'a> {
    /// Judgements the analysts confirmed or corrected: the machine had made one.
    pub reviewed: u32,
    /// Of those, how many kept the machine's label.
    pub agreed: u32,
    /// Mean absolute difference between the machine's score and the analyst's.
    pub mean_score_difference: f64,
    /// Pairs the analysts added: the machine had missed them.
    pub added: u32,
    /// Every reviewed judgement whose label the analyst changed, and every added one.
    pub disagreements: Vec<Disagreement<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement<'a> {
    pub article: &'a ArticleMeta,
    pub pair: &'a str,
    /// `None` when the machine missed the pair.
    pub machine: Option<Judgement>,
    pub analyst: Judgement,
    pub review: &'a Review,
}

impl Agreement<'_> {
    /// The share of reviewed judgements whose label the analyst kept.
    pub fn share(&self) -> f64 {
        if self.reviewed == 0 {
            0.0
        } else {
            f64::from(self.agreed) / f64::from(self.reviewed)
        }
    }

    /// The 95% Wilson interval of [`Agreement::share`]: how much so few reviews leave open.
    pub fn interval(&self) -> (f64, f64) {
        wilson(self.agreed, self.reviewed)
    }
}

/// The 95% Wilson score interval of `k` successes in `n` trials (`(0, 0)` when `n` is 0).
pub fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let (z, n, p) = (1.96_f64, f64::from(n), f64::from(k) / f64::from(n));
    let c = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    ((c - h).max(0.0), (c + h).min(1.0))
}

/// The published judgement of an assessment (the analyst's, when reviewed) and the machine's.
pub fn judgements(a: &AssessmentMeta) -> (Judgement, Option<Judgement>) {
    let published = Judgement {
        stance: a.stance,
        score: a.score,
    };
    let machine = match a.review.as_ref().map(|r| r.verdict) {
        Some(Verdict::Added) => None,
        _ => Some(a.machine.unwrap_or(published)),
    };
    (published, machine)
}

/// Every assessment (focus and context pairs) an analyst reviewed, against the machine's.
pub fn agreement(catalog: &Catalog) -> Agreement<'_> {
    let mut out = Agreement::default();
    let mut differences = 0.0;
    for article in &catalog.articles {
        for a in article.assessments.iter().chain(&article.context) {
            let Some(review) = &a.review else { continue };
            let (analyst, machine) = judgements(a);
            match machine {
                None => out.added += 1,
                Some(m) => {
                    out.reviewed += 1;
                    differences += (m.score - analyst.score).abs();
                    if m.stance == analyst.stance {
                        out.agreed += 1;
                        continue;
                    }
                }
            }
            out.disagreements.push(Disagreement {
                article,
                pair: &a.pair,
                machine,
                analyst,
                review,
            });
        }
    }
    if out.reviewed > 0 {
        out.mean_score_difference = differences / f64::from(out.reviewed);
    }
    out
}

/// Which judgements a list shows: every one, or only those an analyst reviewed (or not).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewFilter {
    #[default]
    All,
    Reviewed,
    Unreviewed,
}

impl ReviewFilter {
    /// From a route's `reviewed=yes|no`; anything else shows all.
    pub fn parse(value: Option<&str>) -> ReviewFilter {
        match value {
            Some("yes") => ReviewFilter::Reviewed,
            Some("no") => ReviewFilter::Unreviewed,
            _ => ReviewFilter::All,
        }
    }

    /// The route's `reviewed=` value, `None` for all.
    pub fn as_param(self) -> Option<&'static str> {
        match self {
            ReviewFilter::All => None,
            ReviewFilter::Reviewed => Some("yes"),
            ReviewFilter::Unreviewed => Some("no"),
        }
    }

    pub fn passes(self, reviewed: bool) -> bool {
        match self {
            ReviewFilter::All => true,
            ReviewFilter::Reviewed => reviewed,
            ReviewFilter::Unreviewed => !reviewed,
        }
    }
}

/// One line for a reviewed mark: `corrected by SK on 2026-11-30: note (machine: mixed +0.10)`.
pub fn describe(review: &Review, machine: Option<Judgement>) -> String {
    let mut s = format!("{} by {}", review.verdict.as_str(), review.by);
    if let Some(d) = &review.date {
        let _ = write!(s, " on {d}");
    }
    if !review.note.is_empty() {
        let _ = write!(s, ": {}", review.note);
    }
    if let Some(m) = machine {
        let _ = write!(
            s,
            " (machine: {} {})",
            m.stance.map_or("no stance", Stance::as_str),
            crate::text::signed(m.score)
        );
    }
    s
}

/// A TOML basic string: quotes, backslashes and control characters escaped, so article text
/// (untrusted) cannot break out of the value or add keys.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `reviews.toml` entry confirming (`agree`) or correcting a pair's judgement in an article,
/// the machine's stance and score filled in for the analyst to change.
pub fn pair_snippet(article: &str, pair: &str, agree: bool, judgement: Judgement) -> String {
    let mut s = format!(
        "[[pair]]\narticle = {}\npair = {}\n",
        toml_string(article),
        toml_string(pair)
    );
    if agree {
        s.push_str("verdict = \"confirm\"\n");
    } else {
        let _ = write!(
            s,
            "verdict = \"correct\"\nstance = \"{}\"   # cooperative | mixed | strained\nscore = {}   # -1 (conflict) to +1 (cooperation)\n",
            judgement.stance.unwrap_or(Stance::Mixed).as_str(),
            judgement.score
        );
    }
    s.push_str("by = \"\"   # your initials\nnote = \"\"   # why\n");
    s
}

/// The `reviews.toml` entry confirming (`agree`) or rejecting an event; the sentence as the
/// reader numbers it (from 1), the trigger as it stands in the text.
pub fn event_snippet(article: &str, event: &Event, text: &str, agree: bool) -> String {
    let mut s = format!(
        "[[event]]\narticle = {}\nsentence = {}\ntrigger = {}\n",
        toml_string(article),
        event.sentence + 1,
        toml_string(event.trigger.slice(text))
    );
    if agree {
        s.push_str("verdict = \"confirm\"\n");
    } else {
        let _ = write!(
            s,
            "verdict = \"reject\"   # or \"correct\" with any of:\n# source = \"{}\"\n# target = \"{}\"\n# category = \"{}\"\n",
            event.source, event.target, event.category
        );
    }
    s.push_str("by = \"\"   # your initials\nnote = \"\"   # why\n");
    s
}

#[cfg(test)]
mod tests;
