//! The Dyad bundle: the one JSON document the corpus compiler writes and the web app reads.
//!
//! This crate is the contract between build time and run time. It holds plain serde types and
//! nothing else (no analysis, no I/O), so it compiles for `wasm32` and native alike.
//!
//! Every span is a pair of UTF-8 byte offsets `start..end` into [`Article::text`], the article
//! body exactly as it stands in its file after the front matter. Slicing `text[start..end]` gives
//! the sentence, quote, mention or trigger the span names.
//!
//! The compiler's whole product is a [`Bundle`]; the site reads it split into the files of
//! [`layout`]: a small index, a catalog, the quotes and shards of full articles.
//!
//! Change the shape of anything here and bump [`SCHEMA_VERSION`].

pub mod layout;

use serde::{Deserialize, Serialize};

/// The data format's version (the bundle and every file of [`layout`]). Readers refuse data
/// whose version they do not know.
pub const SCHEMA_VERSION: u32 = 3;

/// The whole compiled corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub schema_version: u32,
    /// What made this bundle. Holds no clock time, so the same input gives the same bytes.
    pub build: BuildInfo,
    /// The focus country's code: the codebook's `[focus] country` (`KH` in the built-in one), or
    /// the compiler's `--focus`.
    pub focus: String,
    /// The focus pairs, focus country first (`KH-UA`, …), in the order of the codebook's
    /// `[focus] partners`.
    pub focus_pairs: Vec<String>,
    /// Countries known to the codebook.
    pub countries: Vec<Country>,
    /// Actors known to the codebook (people, institutions, metonyms) with their country.
    pub actors: Vec<Actor>,
    /// The codebook's event categories and thresholds, so the method page shows the real method.
    pub codebook: CodebookInfo,
    /// Every article, sorted by date (unknown dates last), then file name.
    pub articles: Vec<Article>,
    /// Groups of articles that are copies of one story (syndicated wire copies); a story counts once.
    pub stories: Vec<Story>,
    /// Corpus statistics.
    pub stats: CorpusStats,
    /// Dated events to draw on the timelines (`annotations.toml`), by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::BuildInfoRecord")]
pub struct BuildInfo {
    /// The generator and its version, e.g. `dyad-corpus 0.1.0`.
    pub generator: String,
    /// The codebook's name and version, e.g. `dyad-default 1`.
    pub codebook: String,
    /// A content hash (hex) of the inputs: the article files and the codebook.
    pub input_digest: String,
}

/// Written as `[code, name]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::CountryRecord")]
pub struct Country {
    /// ISO 3166 alpha-2 code, e.g. `KH`.
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable identifier from the codebook, e.g. `hun-manet`.
    pub id: String,
    /// Display name, e.g. `Hun Manet`.
    pub name: String,
    /// What kind of actor: `leader`, `official`, `institution` or `place` (the codebook's kinds).
    pub kind: String,
    /// The country the actor stands for.
    pub country: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::CodebookInfoRecord")]
pub struct CodebookInfo {
    pub name: String,
    pub version: u32,
    pub categories: Vec<Category>,
    pub thresholds: Thresholds,
    /// How a score is made, in a few sentences, as the codebook states it.
    pub method: String,
    /// How flags and thin evidence weigh on a score.
    pub weighting: Weighting,
}

/// The numbers behind a score besides the category weights: an article's pair score is
/// `(cooperation - conflict) / (cooperation + conflict + negated + shrinkage)`, where a
/// hypothetical or future event weighs `hypothetical` times its category weight, a historical
/// one `historical` times, and a negated one 0 (its would-be weight goes into `negated`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::WeightingRecord")]
pub struct Weighting {
    pub shrinkage: f64,
    pub hypothetical: f64,
    pub historical: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::CategoryRecord")]
pub struct Category {
    /// e.g. `cooperate`.
    pub id: String,
    pub label: String,
    /// Cooperation (+) or conflict (−) weight on a Goldstein-like scale, −10..=10.
    pub weight: f64,
    pub description: String,
    /// The trigger words and phrases that code a sentence into this category.
    pub triggers: Vec<String>,
}

/// Score thresholds for the stance labels: `score >= cooperative` is cooperative,
/// `score <= strained` is strained, anything between is mixed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::ThresholdsRecord")]
pub struct Thresholds {
    pub cooperative: f64,
    pub strained: f64,
}

/// A byte range `start..end` into an article's text.
/// Written as `[start, end]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(from = "flat::SpanRecord")]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The spanned text, or `""` if the span does not fit `text` on character boundaries.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The three stance labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Cooperative,
    Mixed,
    Strained,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Cooperative => "cooperative",
            Stance::Mixed => "mixed",
            Stance::Strained => "strained",
        }
    }
    /// The label a score earns under the given thresholds.
    pub fn from_score(score: f64, t: &Thresholds) -> Stance {
        if score >= t.cooperative {
            Stance::Cooperative
        } else if score <= t.strained {
            Stance::Strained
        } else {
            Stance::Mixed
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the file name without `.txt`.
    pub id: String,
    /// The file name, e.g. `000_c2ba2c0435569e55.txt`.
    pub file: String,
    pub title: String,
    pub source: String,
    /// `YYYY-MM-DD`, or `None` when unknown.
    pub date: Option<String>,
    pub url: Option<String>,
    /// The body exactly as in the file, after the front matter. Untrusted: never render as HTML.
    pub text: String,
    /// The story this article belongs to (see [`Bundle::stories`]). Empty in the site's shards,
    /// whose catalog holds each article's story.
    pub story: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    /// Where the text names an actor. Empty in the site's shards, where no page shows them.
    // So the app does not read them: its wasm carries no code for them.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    /// Stances for the focus pairs the article speaks about. An article where the focus country is
    /// only the venue has none.
    pub assessments: Vec<Assessment>,
    /// Stances for other pairs the article speaks about (`US-UA`, `RU-UA`, …), kept as context.
    pub context: Vec<Assessment>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::SentenceRecord")]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Article::paragraphs`].
    pub paragraph: u32,
}

/// A place where the text names an actor.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::MentionRecord")]
pub struct Mention {
    pub span: Span,
    /// The actor's id (a country's id is its code).
    pub actor: String,
    pub country: String,
    pub sentence: u32,
    /// The mention names a place (`in Cambodia`, a dateline, a city), not an actor. Written
    /// only when true.
    pub locative: bool,
}

/// A direct quote.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::QuoteRecord")]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub span: Span,
    /// The sentences the quote touches (first..=last index).
    pub sentences: (u32, u32),
    pub speaker: Option<Speaker>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::SpeakerRecord")]
pub struct Speaker {
    /// The speaker as named, e.g. `Heng Ratana`, or as resolved from "he said".
    pub name: String,
    /// The codebook actor, when the speaker is one.
    pub actor: Option<String>,
    /// The country the speaker stands for, when known.
    pub country: Option<String>,
    /// Where the attribution names the speaker (`said Heng Ratana`), if it does in this article.
    pub mention: Option<Span>,
}

/// Context flags of an event: the compiler keeps flagged events but weighs them down or out.
/// Written as `[negated, hypothetical, historical]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "flat::FlagsRecord")]
pub struct Flags {
    /// "would not affect relations", "this is not a … base".
    pub negated: bool,
    /// Conditional or future: "would", "plans to", "if …".
    pub hypothetical: bool,
    /// In the past beyond the story: "the then-Soviet Union provided assistance".
    pub historical: bool,
}

/// A coded event: a source country did something of a category to a target country.
/// Written as `[sentence, source, target, category, weight, trigger, flags, review, machine]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::EventRecord")]
pub struct Event {
    pub sentence: u32,
    pub source: String,
    pub target: String,
    /// A [`Category::id`].
    pub category: String,
    /// The category's weight after the flags were applied (0 when the event is negated).
    pub weight: f64,
    /// The words that fired the category.
    pub trigger: Span,
    pub flags: Flags,
    /// The analyst's review (`reviews.toml`): [`Verdict::Confirmed`] (the coding stands),
    /// [`Verdict::Rejected`] (not an event: weight 0) or [`Verdict::Corrected`] (source, target
    /// or category as the analyst coded them).
    pub review: Option<Review>,
    /// The machine's coding, when a review changed it.
    pub machine: Option<Coding>,
}

/// An event's coding as the machine made it, kept when an analyst corrects or rejects it.
/// Written as `[source, target, category, weight]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::CodingRecord")]
pub struct Coding {
    pub source: String,
    pub target: String,
    pub category: String,
    pub weight: f64,
}

/// An analyst's word on a judgement or an event, from the corpus's `reviews.toml`. Written as
/// `[verdict, by, note, date]` (date `null` when not given): a tuple costs the app's wasm less
/// to read than a map of named fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::ReviewRecord")]
pub struct Review {
    pub verdict: Verdict,
    /// The analyst's initials.
    pub by: String,
    pub note: String,
    /// `YYYY-MM-DD`, when the review gives it.
    pub date: Option<String>,
}

/// What an analyst did with a machine judgement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The machine's judgement stands.
    #[default]
    Confirmed,
    /// The analyst's stance and score (or, for an event, coding) replace the machine's.
    Corrected,
    /// A pair the machine missed, with the analyst's evidence sentences.
    Added,
    /// An event that is not one.
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Corrected => "corrected",
            Verdict::Added => "added",
            Verdict::Rejected => "rejected",
        }
    }
}

/// A stance and score as one judge (the machine or an analyst) gave them. Written as
/// `[stance, score]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::JudgementRecord")]
pub struct Judgement {
    pub stance: Option<Stance>,
    pub score: f64,
}

/// A dated event drawn on the timelines and slides (`annotations.toml`): an invasion, an
/// election, a state visit. Written as `[date, until, label, pairs]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::AnnotationRecord")]
pub struct Annotation {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The last day of a range, `YYYY-MM-DD`, when the annotation is one.
    pub until: Option<String>,
    /// A short label, as drawn on a chart.
    pub label: String,
    /// The pairs it concerns (`KH-UA`); empty: every focus pair.
    pub pairs: Vec<String>,
}

/// A stance for one pair in one article, with the evidence behind it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// `KH-UA`: ISO codes, focus country first; context pairs in alphabetical order.
    pub pair: String,
    pub stance: Option<Stance>,
    /// −1.0 (conflict) ..= 1.0 (cooperation).
    pub score: f64,
    /// 0.0 ..= 1.0: how much evidence backs the score.
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// The analyst's review: `stance` and `score` are then the analyst's (confirmed, corrected
    /// or added), and aggregates use them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The machine's own judgement, when the published one differs from it (a correction, or
    /// events the analyst rejected or recoded); `None` when they agree or the pair was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<Judgement>,
}

/// One sentence behind an assessment.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::EvidenceRecord")]
pub struct Evidence {
    /// The sentence's span.
    pub span: Span,
    pub sentence: u32,
    /// Indices into [`Article::events`] that this sentence contributes.
    pub events: Vec<u32>,
    /// The sentence's share of the score, signed.
    pub weight: f64,
}

/// Syndicated copies of one story, counted once in aggregates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    /// Article ids, the earliest first.
    pub articles: Vec<String>,
}

/// A pair in one month: the mean score of its stories that month. Written as
/// `[month, score, stories]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::MonthPointRecord")]
pub struct MonthPoint {
    pub month: String,
    pub score: f64,
    pub stories: u32,
}

/// A pair's events of one category. Written as `[category, events, cooperation, conflict]`:
/// the catalog holds one per category and assessment, and field names were half its bytes.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::TallyRecord")]
pub struct CategoryTally {
    pub category: String,
    pub events: u32,
    /// Sum of positive weights.
    pub cooperation: f64,
    /// Sum of negative weights (≤ 0).
    pub conflict: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "flat::CorpusStatsRecord")]
pub struct CorpusStats {
    pub articles: u32,
    pub stories: u32,
    pub sources: u32,
    pub bytes: u64,
    pub sentences: u32,
    pub quotes: u32,
    pub events: u32,
    /// Earliest and latest known article dates.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

mod flat;

impl Bundle {
    /// Parses a bundle and refuses one of another schema version.
    pub fn from_json(json: &str) -> Result<Bundle, String> {
        layout::parse_versioned("bundle", json)
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_records_round_trip() {
        let a = Article {
            sentences: vec![Sentence {
                span: Span::new(0, 4),
                paragraph: 0,
            }],
            mentions: vec![
                Mention {
                    span: Span::new(0, 2),
                    actor: "KH".into(),
                    country: "KH".into(),
                    sentence: 0,
                    locative: false,
                },
                Mention {
                    span: Span::new(3, 4),
                    actor: "x".into(),
                    country: "CN".into(),
                    sentence: 0,
                    locative: true,
                },
            ],
            quotes: vec![Quote {
                span: Span::new(1, 3),
                sentences: (0, 0),
                speaker: None,
            }],
            assessments: vec![Assessment {
                pair: "KH-CN".into(),
                stance: Some(Stance::Mixed),
                evidence: vec![Evidence {
                    span: Span::new(0, 4),
                    sentence: 0,
                    events: vec![1],
                    weight: 0.5,
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""sentences":[[0,4,0]]"#), "{json}");
        assert!(json.contains(r#""quotes":[[1,3,[0,0],null]]"#), "{json}");
        assert!(
            json.contains(r#"{"start":0,"end":2,"actor":"KH","country":"KH","sentence":0}"#),
            "{json}"
        );
        assert!(json.contains(r#""locative":true"#), "{json}");
        assert!(
            json.contains(
                r#""evidence":[{"start":0,"end":4,"sentence":0,"events":[1],"weight":0.5}]"#
            ),
            "{json}"
        );
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn reviews_and_annotations_round_trip_as_arrays() {
        let review = Review {
            verdict: Verdict::Corrected,
            by: "SK".into(),
            note: "a gift".into(),
            date: None,
        };
        let e = Event {
            sentence: 2,
            source: "KH".into(),
            target: "UA".into(),
            category: "aid".into(),
            weight: 4.0,
            trigger: Span::new(5, 9),
            flags: Flags {
                hypothetical: true,
                ..Flags::default()
            },
            review: Some(review.clone()),
            machine: Some(Coding {
                source: "KH".into(),
                target: "UA".into(),
                category: "consult".into(),
                weight: 1.0,
            }),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"[2,"KH","UA","aid",4.0,[5,9],[false,true,false],["corrected","SK","a gift",null],["KH","UA","consult",1.0]]"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
        let a = layout::AssessmentMeta {
            pair: "KH-UA".into(),
            stance: Some(Stance::Mixed),
            review: Some(review),
            machine: Some(Judgement {
                stance: Some(Stance::Cooperative),
                score: 0.5,
            }),
            ..Default::default()
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(
            json.ends_with(r#"["corrected","SK","a gift",null],["cooperative",0.5]]"#),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<layout::AssessmentMeta>(&json).unwrap(),
            a
        );
        let n = Annotation {
            date: "2022-02-24".into(),
            until: None,
            label: "Invasion".into(),
            pairs: vec!["KH-UA".into()],
        };
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, r#"["2022-02-24",null,"Invasion",["KH-UA"]]"#);
        assert_eq!(serde_json::from_str::<Annotation>(&json).unwrap(), n);
    }
}
