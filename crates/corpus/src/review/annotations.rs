//! Reading `annotations.toml`: dated events drawn on the timelines, checked and sorted.

use crate::analyze::Options;
use crate::diagnostic::Diagnostic;
use dyad_model::Annotation;
use serde::Deserialize;
use toml::Spanned;

/// The longest label, in characters: it is drawn on a chart.
pub const MAX_LABEL_CHARS: usize = 48;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnotations {
    #[serde(default)]
    annotation: Vec<RawAnnotation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnotation {
    date: Spanned<String>,
    until: Option<Spanned<String>>,
    label: Spanned<String>,
    pairs: Option<Vec<Spanned<String>>>,
}

const FORMAT: &str = "README.md (\"Reviews and annotations\") shows every key";

/// Parses and checks `text`, the annotations file `file`: the annotations by date, then label.
pub(super) fn parse(
    opts: &Options,
    file: &str,
    text: &str,
) -> Result<Vec<Annotation>, Vec<Diagnostic>> {
    let raw: RawAnnotations =
        toml::from_str(text).map_err(|e| vec![super::syntax(file, text, &e, FORMAT)])?;
    let mut problems = Vec::new();
    let mut at = |offset: usize, message: String, help: String| {
        problems.push(Diagnostic::error(file, message).at(text, offset).help(help));
    };
    let mut out = Vec::with_capacity(raw.annotation.len());
    for a in raw.annotation {
        let mut ok = true;
        for d in std::iter::once(&a.date).chain(&a.until) {
            if let Err(why) = crate::source::check_date(d.get_ref()) {
                at(
                    d.span().start,
                    format!("`{}` is not a date: {why}", d.get_ref()),
                    "write a day as YYYY-MM-DD, e.g. `date = \"2022-02-24\"`".into(),
                );
                ok = false;
            }
        }
        if let (true, Some(until)) = (ok, &a.until) {
            if until.get_ref() < a.date.get_ref() {
                at(
                    until.span().start,
                    format!(
                        "`until` {} is before `date` {}",
                        until.get_ref(),
                        a.date.get_ref()
                    ),
                    "a range ends on or after the day it starts: swap them, or remove `until` for one day".into(),
                );
                ok = false;
            }
        }
        let label = a.label.get_ref().trim();
        let chars = label.chars().count();
        if label.is_empty() {
            at(
                a.label.span().start,
                "`label` is empty".into(),
                "name the event in a few words, e.g. `label = \"Russia invades Ukraine\"`".into(),
            );
            ok = false;
        } else if chars > MAX_LABEL_CHARS {
            at(
                a.label.span().start,
                format!("the label has {chars} characters, more than {MAX_LABEL_CHARS}"),
                format!(
                    "a label is drawn on a chart: say it in {MAX_LABEL_CHARS} characters or fewer"
                ),
            );
            ok = false;
        }
        if super::has_control(label) {
            at(
                a.label.span().start,
                "the label holds a control or bidirectional character".into(),
                "write plain text: such characters can make it read differently from what it is"
                    .into(),
            );
            ok = false;
        }
        let mut pairs: Vec<String> = Vec::new();
        for p in a.pairs.iter().flatten() {
            if !opts.focus_pairs.contains(p.get_ref()) {
                at(
                    p.span().start,
                    format!("`{}` is not a focus pair", p.get_ref()),
                    format!(
                        "an annotation concerns focus pairs: {} (or remove `pairs` for all of them)",
                        opts.focus_pairs.join(", ")
                    ),
                );
                ok = false;
            } else if pairs.contains(p.get_ref()) {
                at(
                    p.span().start,
                    format!("`{}` is listed twice", p.get_ref()),
                    "list each pair once".into(),
                );
                ok = false;
            } else {
                pairs.push(p.get_ref().clone());
            }
        }
        if ok {
            out.push(Annotation {
                date: a.date.into_inner(),
                until: a.until.map(Spanned::into_inner),
                label: label.to_string(),
                pairs,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    out.sort_by(|a, b| (&a.date, &a.label).cmp(&(&b.date, &b.label)));
    Ok(out)
}
