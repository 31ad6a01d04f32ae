//! The codebook: actors, event categories with weights and triggers, cue words, thresholds.
//!
//! A versioned TOML file (the built-in one is `codebook.toml`, embedded at compile time). Loading
//! validates it and compiles its aliases and triggers into word-phrase matchers, so the text is
//! tokenised once and each token costs a few hash lookups.

mod cues;
mod defs;
mod keys;
mod load;
mod matcher;
#[cfg(test)]
mod tests;

pub use cues::{Cue, Cues};
pub use defs::{ActorDef, ActorKind, AliasKind, AliasTarget, CategoryDef, CountryDef};
pub use keys::{fnv1a, key_hash, Keys, FNV_OFFSET};
pub use load::CodebookError;
pub use matcher::PhraseMatcher;

use dyad_model::{Category, CodebookInfo, Thresholds, Weighting};

/// The built-in codebook.
pub const DEFAULT_CODEBOOK: &str = include_str!("../codebook.toml");

/// A loaded, validated codebook with its compiled matchers.
#[derive(Clone, Debug)]
pub struct Codebook {
    pub name: String,
    pub version: u32,
    pub method: String,
    /// The country whose relations the site shows (`[focus] country`).
    pub focus: String,
    /// The countries it is paired with, in display order (`[focus] partners`).
    pub partners: Vec<String>,
    /// FNV-1a hash of the codebook's text, part of the bundle's input digest.
    pub text_hash: u64,
    pub thresholds: Thresholds,
    pub shrinkage: f64,
    pub hypothetical_factor: f64,
    pub historical_factor: f64,
    /// A pair is mixed when its minority side carries at least this share of the current weight.
    pub mixed_share: f64,
    /// What a sentence of only background (historical, hypothetical, denied) evidence counts
    /// toward a score's support, where a sentence of current evidence counts one.
    pub background_support: f64,
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
    /// The index of the category with this id.
    pub fn category(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    /// The built-in codebook.
    pub fn builtin() -> Codebook {
        Codebook::parse(DEFAULT_CODEBOOK).expect("the built-in codebook is valid")
    }

    /// Parses and validates a codebook's text, named `codebook.toml` in diagnostics.
    pub fn parse(toml_text: &str) -> Result<Codebook, CodebookError> {
        Codebook::parse_file("codebook.toml", toml_text)
    }

    /// Parses and validates the codebook file `file`: every problem is a diagnostic at its
    /// line and column.
    pub fn parse_file(file: &str, toml_text: &str) -> Result<Codebook, CodebookError> {
        let raw = load::load(file, toml_text)?;
        let [cooperative, strained, shrinkage, hypothetical, historical, mixed_share, background_support] =
            raw.thresholds;
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
            (&raw.cues.reversal, Cue::Reversal),
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
            focus: raw.focus,
            partners: raw.partners,
            thresholds: Thresholds {
                cooperative,
                strained,
            },
            shrinkage,
            hypothetical_factor: hypothetical,
            historical_factor: historical,
            mixed_share,
            background_support,
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

    /// The focus pairs when `focus` is the focus country (the codebook's own, or another chosen
    /// for one build): `focus-partner` for each partner in order; a partner chosen as the focus
    /// gives its place to the codebook's focus country.
    pub fn pairs_for(&self, focus: &str) -> Vec<String> {
        self.partners
            .iter()
            .map(|p| if p == focus { &self.focus } else { p })
            .filter(|p| *p != focus)
            .map(|p| format!("{focus}-{p}"))
            .collect()
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
