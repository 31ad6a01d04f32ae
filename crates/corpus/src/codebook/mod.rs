//! The codebook: actors, event categories with weights and triggers, cue words, thresholds.
//!
//! A versioned TOML file (the built-in one is `codebook.toml`, embedded at compile time). Loading
//! validates it and compiles its aliases and triggers into word-phrase matchers, so the text is
//! tokenised once and each token costs a few hash lookups.

mod cues;
mod fxhash;
mod keys;
mod matcher;
#[cfg(test)]
mod tests;

pub use cues::{Cue, Cues};
pub use fxhash::{FxHasher, FxMap};
pub use keys::{fnv1a, key_hash, Keys, FNV_OFFSET};
pub use matcher::PhraseMatcher;

use dyad_model::{Category, CodebookInfo, Thresholds, Weighting};
use serde::Deserialize;

/// The built-in codebook.
pub const DEFAULT_CODEBOOK: &str = include_str!("../codebook.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    name: String,
    version: u32,
    method: String,
    thresholds: RawThresholds,
    cues: Cues,
    #[serde(default, rename = "country")]
    countries: Vec<CountryDef>,
    #[serde(default, rename = "actor")]
    actors: Vec<ActorDef>,
    #[serde(default, rename = "category")]
    categories: Vec<CategoryDef>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    cooperative: f64,
    strained: f64,
    shrinkage: f64,
    hypothetical: f64,
    historical: f64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryDef {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub anaphors: Vec<String>,
    #[serde(default)]
    pub historical: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub id: String,
    pub label: String,
    pub weight: f64,
    #[serde(default)]
    pub symmetric: bool,
    pub description: String,
    pub triggers: Vec<String>,
}

/// What an alias stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasKind {
    /// The country itself: name, demonym, capital, metonym.
    Country,
    /// A predecessor state (`the Soviet Union`): its events are historical.
    Historical,
    /// Stands for the most recently named country carrying it (`the Kingdom`).
    Anaphor,
    /// A codebook actor (person, institution); `place` actors are locations only.
    Actor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasTarget {
    pub kind: AliasKind,
    /// Index into `countries` (for Country/Historical/Anaphor) or `actors` (for Actor).
    pub index: u32,
}

/// A loaded, validated codebook with its compiled matchers.
#[derive(Clone, Debug)]
pub struct Codebook {
    pub name: String,
    pub version: u32,
    pub method: String,
    /// FNV-1a hash of the codebook's text, part of the bundle's input digest.
    pub text_hash: u64,
    pub thresholds: Thresholds,
    pub shrinkage: f64,
    pub hypothetical_factor: f64,
    pub historical_factor: f64,
    pub countries: Vec<CountryDef>,
    pub actors: Vec<ActorDef>,
    /// Index into `countries` of each actor's country.
    pub actor_country: Vec<usize>,
    pub categories: Vec<CategoryDef>,
    /// Case-sensitive (except a leading `the`) alias matcher.
    pub aliases: PhraseMatcher<AliasTarget>,
    /// Case-insensitive trigger matcher; value = category index.
    pub triggers: PhraseMatcher<u32>,
    /// Case-insensitive cue matcher.
    pub cues: PhraseMatcher<Cue>,
}

impl Codebook {
    /// The built-in codebook.
    pub fn builtin() -> Codebook {
        Codebook::parse(DEFAULT_CODEBOOK).expect("the built-in codebook is valid")
    }

    /// Parses and validates a codebook; the error says what is wrong and where.
    pub fn parse(toml_text: &str) -> Result<Codebook, String> {
        let raw: RawCodebook =
            toml::from_str(toml_text).map_err(|e| format!("the codebook is not valid: {e}"))?;
        let mut problems = Vec::new();
        if raw.name.trim().is_empty() {
            problems.push("`name` is empty".to_string());
        }
        let t = &raw.thresholds;
        if !(t.strained < t.cooperative
            && (-1.0..=1.0).contains(&t.strained)
            && (-1.0..=1.0).contains(&t.cooperative))
        {
            problems.push("thresholds must satisfy -1 <= strained < cooperative <= 1".to_string());
        }
        if !(t.shrinkage >= 0.0
            && (0.0..=1.0).contains(&t.hypothetical)
            && (0.0..=1.0).contains(&t.historical))
        {
            problems.push("shrinkage must be >= 0 and the flag factors within 0..=1".to_string());
        }
        let mut codes = std::collections::HashSet::new();
        for c in &raw.countries {
            if c.code.len() != 2 || !c.code.bytes().all(|b| b.is_ascii_uppercase()) {
                problems.push(format!(
                    "country code `{}` is not an ISO 3166 alpha-2 code (two capital letters)",
                    c.code
                ));
            }
            if !codes.insert(c.code.clone()) {
                problems.push(format!("country `{}` is defined twice", c.code));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for a in &raw.actors {
            if !codes.contains(&a.country) {
                problems.push(format!(
                    "actor `{}` names unknown country `{}`",
                    a.id, a.country
                ));
            }
            if !ids.insert(a.id.clone()) {
                problems.push(format!("actor `{}` is defined twice", a.id));
            }
        }
        let mut cats = std::collections::HashSet::new();
        for c in &raw.categories {
            if !(-10.0..=10.0).contains(&c.weight) {
                problems.push(format!(
                    "category `{}` has weight {} outside -10..=10",
                    c.id, c.weight
                ));
            }
            if !cats.insert(c.id.clone()) {
                problems.push(format!("category `{}` is defined twice", c.id));
            }
            if c.triggers
                .iter()
                .any(|t| t.trim().is_empty() || t.trim() == "*")
            {
                problems.push(format!("category `{}` has an empty trigger", c.id));
            }
        }
        if !problems.is_empty() {
            return Err(format!(
                "the codebook is not valid:\n  - {}",
                problems.join("\n  - ")
            ));
        }

        let mut aliases = PhraseMatcher::new(false);
        for (i, c) in raw.countries.iter().enumerate() {
            let target = |kind| AliasTarget {
                kind,
                index: i as u32,
            };
            aliases.add(&c.name, target(AliasKind::Country));
            for a in &c.aliases {
                aliases.add(a, target(AliasKind::Country));
            }
            for a in &c.historical {
                aliases.add(a, target(AliasKind::Historical));
            }
            for a in &c.anaphors {
                aliases.add(a, target(AliasKind::Anaphor));
            }
        }
        for (i, a) in raw.actors.iter().enumerate() {
            for alias in &a.aliases {
                aliases.add(
                    alias,
                    AliasTarget {
                        kind: AliasKind::Actor,
                        index: i as u32,
                    },
                );
            }
        }
        let mut triggers = PhraseMatcher::new(true);
        for (i, c) in raw.categories.iter().enumerate() {
            for t in &c.triggers {
                triggers.add(t, i as u32);
            }
        }
        let mut cues = PhraseMatcher::new(true);
        for (list, cue) in [
            (&raw.cues.negation, Cue::Negation),
            (&raw.cues.hypothetical, Cue::Hypothetical),
            (&raw.cues.historical, Cue::Historical),
            (&raw.cues.locative, Cue::Locative),
            (&raw.cues.speech, Cue::Speech),
            (&raw.cues.light_verbs, Cue::LightVerb),
            (&raw.cues.not_events, Cue::NotEvent),
        ] {
            for w in list {
                cues.add(w, cue);
            }
        }
        Ok(Codebook {
            name: raw.name,
            version: raw.version,
            method: raw.method,
            text_hash: fnv1a(FNV_OFFSET, toml_text.as_bytes()),
            thresholds: Thresholds {
                cooperative: t.cooperative,
                strained: t.strained,
            },
            shrinkage: t.shrinkage,
            hypothetical_factor: t.hypothetical,
            historical_factor: t.historical,
            actor_country: raw
                .actors
                .iter()
                .map(|a| {
                    raw.countries
                        .iter()
                        .position(|c| c.code == a.country)
                        .unwrap_or(0)
                })
                .collect(),
            countries: raw.countries,
            actors: raw.actors,
            categories: raw.categories,
            aliases,
            triggers,
            cues,
        })
    }

    pub fn country_index(&self, code: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.code == code)
    }

    /// The codebook as the bundle shows it.
    pub fn info(&self) -> CodebookInfo {
        CodebookInfo {
            name: self.name.clone(),
            version: self.version,
            categories: self
                .categories
                .iter()
                .map(|c| Category {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    weight: c.weight,
                    description: c.description.clone(),
                    triggers: c.triggers.clone(),
                })
                .collect(),
            thresholds: self.thresholds.clone(),
            method: self.method.clone(),
            weighting: Weighting {
                shrinkage: self.shrinkage,
                hypothetical: self.hypothetical_factor,
                historical: self.historical_factor,
            },
        }
    }
}
