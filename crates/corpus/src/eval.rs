//! Scores compiled judgements against an analyst's gold file, exactly as
//! `../shared/eval/score.py` does: pair F1 (an `optional` gold pair is neither a miss nor an
//! extra), stance accuracy with its 95% Wilson interval, score MAE, evidence recall (a gold
//! sentence is found when it and a predicted evidence span contain one another, or share a run of
//! 60 characters). Each wrong judgement is listed with the rules of the events behind it.

use crate::analyze::{analyze, Options};
use dyad_model::{Article, Bundle, Stance};
use serde::Deserialize;
use std::fmt::Write;
use std::path::Path;

/// One article of a gold file.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldArticle {
    pub file: String,
    pub pairs: Vec<GoldPair>,
}

/// One pair as the analysts judged it.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldPair {
    pub pair: String,
    pub stance: Stance,
    pub score: f64,
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The coders disagreed whether the pair is there: neither a miss nor an extra.
    #[serde(default)]
    pub optional: bool,
}

/// Parses a gold file (a JSON array of [`GoldArticle`]).
pub fn parse_gold(json: &str) -> Result<Vec<GoldArticle>, String> {
    serde_json::from_str(json).map_err(|e| format!("the gold file is not valid: {e}"))
}

/// What became of one gold or predicted pair.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Found with the gold's label.
    Right,
    /// Found with another label.
    Wrong,
    /// In the gold, not found.
    Miss,
    /// Found, not in the gold (nor optional there).
    Extra,
}

/// One judgement compared with the gold.
#[derive(Clone, Debug)]
pub struct Judgement {
    pub file: String,
    pub pair: String,
    pub outcome: Outcome,
    pub gold: Option<(Stance, f64)>,
    pub got: Option<(Option<Stance>, f64)>,
    /// For a wrong, missed or extra judgement: the events behind it, one line each.
    pub why: Vec<String>,
}

/// The figures of one gold file.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub label_ok: usize,
    pub label_n: usize,
    pub abs_err: Vec<f64>,
    pub evidence_hit: usize,
    pub evidence_n: usize,
    pub missing_files: Vec<String>,
    pub judgements: Vec<Judgement>,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
    pub fn accuracy(&self) -> f64 {
        ratio(self.label_ok, self.label_n)
    }
    /// The 95% Wilson interval of the stance accuracy: how much the set's size leaves open.
    pub fn accuracy_interval(&self) -> (f64, f64) {
        dyad_digest::review::wilson(self.label_ok as u32, self.label_n as u32)
    }
    /// Mean absolute score error over the pairs found (2.0, the worst, when none was).
    pub fn mae(&self) -> f64 {
        if self.abs_err.is_empty() {
            2.0
        } else {
            self.abs_err.iter().sum::<f64>() / self.abs_err.len() as f64
        }
    }
    pub fn evidence_recall(&self) -> f64 {
        ratio(self.evidence_hit, self.evidence_n)
    }

    /// The summary lines, worded as score.py prints them.
    pub fn summary(&self) -> String {
        let (lo, hi) = self.accuracy_interval();
        let mut s = String::new();
        if !self.missing_files.is_empty() {
            let _ = writeln!(
                s,
                "articles missing from the bundle: {}",
                self.missing_files.join(", ")
            );
        }
        let _ = writeln!(
            s,
            "pairs: precision {:.2} recall {:.2} (tp {} fp {} fn {}); stance accuracy 95% interval [{lo:.2}, {hi:.2}] over {} judgements",
            self.precision(),
            self.recall(),
            self.tp,
            self.fp,
            self.fn_,
            self.label_n
        );
        let _ = writeln!(
            s,
            "pair F1 {:.2}, stance accuracy {:.2}, score MAE {:.2}, evidence recall {:.2}",
            self.f1(),
            self.accuracy(),
            self.mae(),
            self.evidence_recall()
        );
        s
    }

    /// Every judgement (wrong ones with the events behind them), then the summary.
    pub fn report(&self) -> String {
        let mut s = String::new();
        for j in &self.judgements {
            let tag = match j.outcome {
                Outcome::Right => "ok   ",
                Outcome::Wrong => "WRONG",
                Outcome::Miss => "miss ",
                Outcome::Extra => "extra",
            };
            let _ = write!(s, "  {tag} {} {}", j.file, j.pair);
            if let Some((stance, score)) = j.gold {
                let _ = write!(s, " gold {} {score:+.2}", stance.as_str());
            }
            if let Some((stance, score)) = j.got {
                let _ = write!(s, " got {} {score:+.2}", stance.map_or("-", |x| x.as_str()));
            }
            s.push('\n');
            for line in &j.why {
                let _ = writeln!(s, "        {line}");
            }
        }
        s.push_str(&self.summary());
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// score.py's `norm`: straight quote marks, one space for any run of white space, lower case.
fn norm(s: &str) -> String {
    let s = s
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2019}', '\u{2018}'], "'");
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// score.py's `overlaps`: one contains the other, or (both 60 characters or more) a run of 60
/// characters of the gold sentence, taken every 20 characters, is in the predicted span.
fn overlaps(gold_sentence: &str, predicted: &[String]) -> bool {
    let g = norm(gold_sentence);
    let gc: Vec<(usize, char)> = g.char_indices().collect();
    predicted.iter().filter(|p| !p.is_empty()).any(|p| {
        if g.contains(p.as_str()) || p.contains(g.as_str()) {
            return true;
        }
        if p.chars().count() < 60 || gc.len() < 60 {
            return false;
        }
        (0..gc.len() - 59).step_by(20).any(|i| {
            let start = gc[i].0;
            let end = gc.get(i + 60).map_or(g.len(), |&(b, _)| b);
            p.contains(&g[start..end])
        })
    })
}

/// Scores `articles` against `gold`; `focus_pairs` are the pairs judged (others are ignored).
/// `why(article, pair)` lists the events behind a judgement that is not right.
pub fn score(
    articles: &[Article],
    focus_pairs: &[String],
    gold: &[GoldArticle],
    why: &dyn Fn(&Article, &str) -> Vec<String>,
) -> Scores {
    let mut s = Scores::default();
    let by_file = |file: &str| {
        articles
            .iter()
            .find(|a| a.file.rsplit('/').next() == Some(file))
    };
    for g in gold {
        let Some(art) = by_file(&g.file) else {
            s.missing_files.push(g.file.clone());
            s.fn_ += g.pairs.len();
            continue;
        };
        let pred = |pair: &str| {
            art.assessments
                .iter()
                .find(|x| x.pair.eq_ignore_ascii_case(pair))
        };
        let judged = |pair: &str| focus_pairs.iter().any(|p| p.eq_ignore_ascii_case(pair));
        for gx in g.pairs.iter().filter(|x| !x.optional) {
            let Some(px) = pred(&gx.pair).filter(|_| judged(&gx.pair)) else {
                s.fn_ += 1;
                s.judgements.push(Judgement {
                    file: g.file.clone(),
                    pair: gx.pair.clone(),
                    outcome: Outcome::Miss,
                    gold: Some((gx.stance, gx.score)),
                    got: None,
                    why: why(art, &gx.pair),
                });
                continue;
            };
            s.tp += 1;
            s.label_n += 1;
            let ok = px.stance == Some(gx.stance);
            s.label_ok += usize::from(ok);
            s.abs_err.push((px.score - gx.score).abs());
            let got: Vec<String> = px
                .evidence
                .iter()
                .map(|e| norm(e.span.slice(&art.text)))
                .collect();
            for sentence in &gx.evidence {
                s.evidence_n += 1;
                s.evidence_hit += usize::from(overlaps(sentence, &got));
            }
            s.judgements.push(Judgement {
                file: g.file.clone(),
                pair: gx.pair.clone(),
                outcome: if ok { Outcome::Right } else { Outcome::Wrong },
                gold: Some((gx.stance, gx.score)),
                got: Some((px.stance, px.score)),
                why: if ok { Vec::new() } else { why(art, &gx.pair) },
            });
        }
        for px in art.assessments.iter().filter(|x| judged(&x.pair)) {
            if !g
                .pairs
                .iter()
                .any(|x| x.pair.eq_ignore_ascii_case(&px.pair))
            {
                s.fp += 1;
                s.judgements.push(Judgement {
                    file: g.file.clone(),
                    pair: px.pair.clone(),
                    outcome: Outcome::Extra,
                    gold: None,
                    got: Some((px.stance, px.score)),
                    why: why(art, &px.pair),
                });
            }
        }
    }
    s
}

/// Compiles the articles of `dir` (the machine's judgements, without the folder's reviews),
/// scores them against the gold file `gold`, and explains each wrong judgement by the rules of
/// its events (the articles concerned are analysed again).
pub fn eval_dir(dir: &Path, gold: &Path, opts: &Options) -> Result<(Bundle, Scores), String> {
    let gold_text = std::fs::read_to_string(gold)
        .map_err(|e| format!("error: cannot read the gold file {}: {e}", gold.display()))?;
    let gold_articles =
        parse_gold(&gold_text).map_err(|e| format!("error: {}: {e}", gold.display()))?;
    // The machine alone: an analyst's reviews in the folder would grade their own corrections.
    let compiled = crate::compile_dir_machine(dir, opts).map_err(|d| {
        let shown: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        format!(
            "{}\nerror: the articles of {} do not compile",
            shown.join("\n"),
            dir.display()
        )
    })?;
    let why = |art: &Article, pair: &str| events_behind(dir, opts, art, pair);
    let scores = score(
        &compiled.bundle.articles,
        &compiled.bundle.focus_pairs,
        &gold_articles,
        &why,
    );
    Ok((compiled.bundle, scores))
}

/// The events of `pair` in an article, one line each with the rule that coded it.
fn events_behind(dir: &Path, opts: &Options, art: &Article, pair: &str) -> Vec<String> {
    let Ok(bytes) = std::fs::read(dir.join(&art.file)) else {
        return vec!["(the article could not be read again)".into()];
    };
    let Ok((src, _)) = crate::source::parse_article(&art.file, &art.file, &bytes) else {
        return vec!["(the article could not be parsed again)".into()];
    };
    let an = analyze(opts, src);
    let cb = &opts.codebook;
    let text = &an.article.text;
    let mut lines = Vec::new();
    for e in &an.events {
        let (a, b) = (&cb.countries[e.source].code, &cb.countries[e.target].code);
        if !crate::stance::pair_key(&opts.focus, a, b).eq_ignore_ascii_case(pair) {
            continue;
        }
        let mut flags = String::new();
        for (on, name) in [
            (e.flags.negated, " negated"),
            (e.flags.hypothetical, " hypothetical"),
            (e.flags.historical, " historical"),
        ] {
            if on {
                flags.push_str(name);
            }
        }
        lines.push(format!(
            "[{}] {a}→{b} {} {:+.2}{flags} «{}» by rule {}",
            e.sentence,
            cb.categories[e.category].id,
            e.weight,
            e.trigger.slice(text),
            e.rule
        ));
    }
    if lines.is_empty() {
        lines.push("no event of the pair was coded".into());
    }
    lines
}

pub mod reviews;
#[cfg(test)]
mod tests;
