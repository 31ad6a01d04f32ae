//! The codebook's cue words: the lists as written and the tag each cue phrase carries.

use serde::Deserialize;

/// Cue words, as the codebook lists them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub negation: Vec<String>,
    pub hypothetical: Vec<String>,
    pub historical: Vec<String>,
    pub locative: Vec<String>,
    pub speech: Vec<String>,
    pub light_verbs: Vec<String>,
    /// Phrases that begin with a trigger word but report no event (`sign of`).
    #[serde(default)]
    pub not_events: Vec<String>,
    /// Stopping and harming verbs: over a cooperative trigger they reverse it (`suspended
    /// funding`, `damages trust`).
    #[serde(default)]
    pub reversal: Vec<String>,
}

/// Which cue list a cue phrase belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cue {
    Negation,
    Hypothetical,
    Historical,
    Locative,
    Speech,
    LightVerb,
    NotEvent,
    Reversal,
}
