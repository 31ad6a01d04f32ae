//! What a codebook defines: countries, actors and their kinds, event categories, and what an
//! alias stands for.

use serde::Deserialize;

#[derive(Clone, Debug)]
pub struct CountryDef {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub anaphors: Vec<String>,
    pub historical: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub country: String,
    pub aliases: Vec<String>,
}

/// What kind of actor a codebook entry is; the analysis treats each differently, so an unknown
/// kind is an error rather than an actor that silently loses its treatment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A head of state or government: a person, so `he said` can resolve to them.
    Leader,
    /// A minister, spokesperson, ambassador: a person too.
    Official,
    /// A ministry, army, parliament: speaks for its country, but is no `he`.
    Institution,
    /// A city or region: only ever a location, never an actor.
    Place,
}

impl ActorKind {
    /// Every kind, as the codebook spells it.
    pub const ALL: [ActorKind; 4] = [
        ActorKind::Leader,
        ActorKind::Official,
        ActorKind::Institution,
        ActorKind::Place,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Leader => "leader",
            ActorKind::Official => "official",
            ActorKind::Institution => "institution",
            ActorKind::Place => "place",
        }
    }

    /// A person: pronouns (`he said`) may refer to them.
    pub fn is_person(self) -> bool {
        matches!(self, ActorKind::Leader | ActorKind::Official)
    }
}

#[derive(Clone, Debug)]
pub struct CategoryDef {
    pub id: String,
    pub label: String,
    pub weight: f64,
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
