//! Reading a codebook's TOML: its shape (serde, with the span of every value a check may point
//! at) and the checks no type can express, each problem a diagnostic at its file:line:column.

use super::defs::{ActorDef, ActorKind, CategoryDef, CountryDef};
use super::Cues;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    name: Spanned<String>,
    version: u32,
    method: String,
    focus: RawFocus,
    thresholds: RawThresholds,
    cues: Cues,
    #[serde(default, rename = "country")]
    countries: Vec<RawCountry>,
    #[serde(default, rename = "actor")]
    actors: Vec<RawActor>,
    #[serde(default, rename = "category")]
    categories: Vec<RawCategory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFocus {
    country: Spanned<String>,
    partners: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    cooperative: Spanned<f64>,
    strained: Spanned<f64>,
    shrinkage: Spanned<f64>,
    hypothetical: Spanned<f64>,
    historical: Spanned<f64>,
    /// The minority side's share of the current weight that makes a pair mixed (default 0.3).
    #[serde(default)]
    mixed_share: Option<Spanned<f64>>,
    /// What a sentence of only background evidence counts toward support (default 0.5).
    #[serde(default)]
    background: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    code: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    anaphors: Vec<Spanned<String>>,
    #[serde(default)]
    historical: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    name: String,
    kind: ActorKind,
    country: Spanned<String>,
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    label: String,
    weight: Spanned<f64>,
    #[serde(default)]
    symmetric: bool,
    description: String,
    triggers: Vec<Spanned<String>>,
}

/// Why a codebook was refused: every problem found, each with its place in the file.
#[derive(Clone, Debug)]
pub struct CodebookError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for CodebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CodebookError {}

/// A codebook's definitions, checked.
pub(super) struct Loaded {
    pub name: String,
    pub version: u32,
    pub method: String,
    pub focus: String,
    pub partners: Vec<String>,
    /// cooperative, strained, shrinkage, hypothetical, historical, mixed_share, background.
    pub thresholds: [f64; 7],
    pub cues: Cues,
    pub countries: Vec<CountryDef>,
    pub actors: Vec<ActorDef>,
    pub categories: Vec<CategoryDef>,
}

const FORMAT_HELP: &str =
    "the built-in codebook (crates/corpus/src/codebook.toml) shows every table and field";

/// Parses `text` (the file `file`) and checks it.
pub(super) fn load(file: &str, text: &str) -> Result<Loaded, CodebookError> {
    let raw: RawCodebook = toml::from_str(text).map_err(|e| CodebookError {
        diagnostics: vec![syntax(file, text, &e)],
    })?;
    let mut problems = Vec::new();
    let mut at = |span: std::ops::Range<usize>, message: String, help: &str| {
        problems.push(
            Diagnostic::error(file, message)
                .at(text, span.start)
                .help(help),
        );
    };
    if raw.name.get_ref().trim().is_empty() {
        at(
            raw.name.span(),
            "`name` is empty".into(),
            "name the codebook",
        );
    }
    let t = &raw.thresholds;
    let (coop, strained) = (*t.cooperative.get_ref(), *t.strained.get_ref());
    if !(strained < coop && (-1.0..=1.0).contains(&strained) && (-1.0..=1.0).contains(&coop)) {
        at(
            t.strained.span(),
            format!("thresholds strained = {strained}, cooperative = {coop} are out of order"),
            "they must satisfy -1 <= strained < cooperative <= 1",
        );
    }
    if *t.shrinkage.get_ref() < 0.0 || t.shrinkage.get_ref().is_nan() {
        at(
            t.shrinkage.span(),
            "`shrinkage` is negative".into(),
            "shrinkage is a count of neutral evidence units: 0 or more",
        );
    }
    for factor in [
        Some(&t.hypothetical),
        Some(&t.historical),
        t.mixed_share.as_ref(),
        t.background.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        if !(0.0..=1.0).contains(factor.get_ref()) {
            at(
                factor.span(),
                format!("the flag factor {} is outside 0..=1", factor.get_ref()),
                "a flagged event weighs this share of its category's weight",
            );
        }
    }

    let mut codes = HashSet::new();
    for c in &raw.countries {
        let code = c.code.get_ref();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            at(
                c.code.span(),
                format!("country code `{code}` is not an ISO 3166 alpha-2 code"),
                "use two capital letters, e.g. `KH`",
            );
        }
        if !codes.insert(code.as_str()) {
            at(
                c.code.span(),
                format!("country `{code}` is defined twice"),
                "merge the two [[country]] tables",
            );
        }
    }
    let known = |code: &str| codes.contains(code);
    let unknown_help = "use the code of a [[country]] the codebook defines";

    let focus = raw.focus.country.get_ref();
    if !known(focus) {
        at(
            raw.focus.country.span(),
            format!("the focus country `{focus}` is not defined"),
            unknown_help,
        );
    }
    if raw.focus.partners.get_ref().is_empty() {
        at(
            raw.focus.partners.span(),
            "the focus has no partners".into(),
            "list the countries whose relations with the focus country the site shows",
        );
    }
    let mut seen = HashSet::new();
    for p in raw.focus.partners.get_ref() {
        let code = p.get_ref();
        if !known(code) {
            at(
                p.span(),
                format!("partner `{code}` is not defined"),
                unknown_help,
            );
        } else if code == focus {
            at(
                p.span(),
                format!("`{code}` is the focus country and a partner"),
                "a pair joins the focus country to another country: remove it from `partners`",
            );
        } else if !seen.insert(code.as_str()) {
            at(
                p.span(),
                format!("partner `{code}` is listed twice"),
                "list each partner once",
            );
        }
    }

    let mut ids = HashSet::new();
    for a in &raw.actors {
        if !known(a.country.get_ref()) {
            at(
                a.country.span(),
                format!(
                    "actor `{}` names unknown country `{}`",
                    a.id.get_ref(),
                    a.country.get_ref()
                ),
                unknown_help,
            );
        }
        if !ids.insert(a.id.get_ref().as_str()) {
            at(
                a.id.span(),
                format!("actor `{}` is defined twice", a.id.get_ref()),
                "give each actor its own id",
            );
        }
    }

    // An alias stands for one country or actor; only anaphors (`the Kingdom`) may be shared,
    // since they stand for whichever carrier was named last.
    let mut aliases: HashMap<String, (String, bool)> = HashMap::new();
    let mut alias = |word: &Spanned<String>, owner: &str, anaphor: bool| {
        let key = alias_key(word.get_ref());
        match aliases.get(&key) {
            Some((first, shared)) if first != owner && !(anaphor && *shared) => Some(format!(
                "alias `{}` stands for both `{first}` and `{owner}`",
                word.get_ref()
            )),
            Some(_) => None,
            None => {
                aliases.insert(key, (owner.to_string(), anaphor));
                None
            }
        }
    };
    let mut duplicates = Vec::new();
    for c in &raw.countries {
        let owner = c.code.get_ref();
        let plain = std::iter::once(&c.name)
            .chain(&c.aliases)
            .chain(&c.historical);
        for w in plain
            .map(|w| (w, false))
            .chain(c.anaphors.iter().map(|w| (w, true)))
        {
            if let Some(m) = alias(w.0, owner, w.1) {
                duplicates.push((w.0.span(), m));
            }
        }
    }
    for a in &raw.actors {
        for w in &a.aliases {
            if let Some(m) = alias(w, a.id.get_ref(), false) {
                duplicates.push((w.span(), m));
            }
        }
    }
    for (span, message) in duplicates {
        at(
            span,
            message,
            "remove it from one of them (only `anaphors` may be shared between countries)",
        );
    }

    let mut cats = HashSet::new();
    for c in &raw.categories {
        let id = c.id.get_ref();
        if !(-10.0..=10.0).contains(c.weight.get_ref()) {
            at(
                c.weight.span(),
                format!(
                    "category `{id}` has weight {} outside -10..=10",
                    c.weight.get_ref()
                ),
                "weights follow a Goldstein-like scale from -10 (war) to +10",
            );
        }
        if !cats.insert(id.as_str()) {
            at(
                c.id.span(),
                format!("category `{id}` is defined twice"),
                "merge the two [[category]] tables",
            );
        }
        for t in &c.triggers {
            if t.get_ref().trim().is_empty() || t.get_ref().trim() == "*" {
                at(
                    t.span(),
                    format!("category `{id}` has an empty trigger"),
                    "a trigger is a word or phrase; `word*` matches words starting with `word`",
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(CodebookError {
            diagnostics: problems,
        });
    }
    Ok(convert(raw))
}

/// The alias as the matcher compares it: a leading `The` is `the`, spaces are single.
fn alias_key(alias: &str) -> String {
    let words = alias.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => words,
    }
}

/// A TOML or shape error (syntax, unknown field, missing field, wrong type, unknown kind).
fn syntax(file: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim_end().to_string();
    let help = if message.contains("`leader`") {
        let kinds: Vec<&str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("an actor's kind is one of {}", kinds.join(", "))
    } else if message.contains("unknown field") {
        format!("remove the field or correct its spelling; {FORMAT_HELP}")
    } else {
        FORMAT_HELP.to_string()
    };
    let d = Diagnostic::error(file, format!("the codebook is not valid: {message}")).help(help);
    match e.span() {
        Some(span) => d.at(text, span.start),
        None => d,
    }
}

fn convert(raw: RawCodebook) -> Loaded {
    let strings = |v: Vec<Spanned<String>>| v.into_iter().map(Spanned::into_inner).collect();
    let t = raw.thresholds;
    Loaded {
        name: raw.name.into_inner(),
        version: raw.version,
        method: raw.method,
        focus: raw.focus.country.into_inner(),
        partners: strings(raw.focus.partners.into_inner()),
        thresholds: [
            t.cooperative.into_inner(),
            t.strained.into_inner(),
            t.shrinkage.into_inner(),
            t.hypothetical.into_inner(),
            t.historical.into_inner(),
            t.mixed_share.map_or(0.3, Spanned::into_inner),
            t.background.map_or(0.5, Spanned::into_inner),
        ],
        cues: raw.cues,
        countries: raw
            .countries
            .into_iter()
            .map(|c| CountryDef {
                code: c.code.into_inner(),
                name: c.name.into_inner(),
                aliases: strings(c.aliases),
                anaphors: strings(c.anaphors),
                historical: strings(c.historical),
            })
            .collect(),
        actors: raw
            .actors
            .into_iter()
            .map(|a| ActorDef {
                id: a.id.into_inner(),
                name: a.name,
                kind: a.kind,
                country: a.country.into_inner(),
                aliases: strings(a.aliases),
            })
            .collect(),
        categories: raw
            .categories
            .into_iter()
            .map(|c| CategoryDef {
                id: c.id.into_inner(),
                label: c.label,
                weight: c.weight.into_inner(),
                symmetric: c.symmetric,
                description: c.description,
                triggers: strings(c.triggers),
            })
            .collect(),
    }
}
