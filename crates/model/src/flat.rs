//! How the model's records are written. Most are arrays of their fields ([`as_array!`]); the
//! bundle's evidence and mentions keep named fields with their span flattened
//! (`{"start":…,"end":…,…}`), since the reference scorer reads evidence by name.
//!
//! `#[serde(flatten)]` would write them through a generic map, several times slower on a large
//! bundle, and read them through serde's buffered content, which cost the app's wasm several
//! KiB: so they are written field by field here, and read through plain records of the same
//! fields.

use super::*;
use serde::ser::{SerializeStruct, Serializer};

/// Reads and writes a struct as a JSON array of its fields in order, `[a, b, …]`: serde's
/// derive reads a struct both as a map and as a sequence, and the map half, with its field
/// names, was most of the app's wasm for the site's many small records (and of their bytes).
/// Written from borrowed fields; read through a tuple record of the same fields.
macro_rules! as_array {
    ($ty:ident via $record:ident { $($field:ident : $fty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        pub struct $record($($fty),*);

        impl From<$record> for $ty {
            fn from(r: $record) -> Self {
                let $record($($field),*) = r;
                $ty { $($field),* }
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ($(&self.$field,)*).serialize(s)
            }
        }
    };
}

/// `[start, end, paragraph]`: a shard holds one per sentence.
#[derive(Deserialize)]
pub struct SentenceRecord(u32, u32, u32);

impl From<SentenceRecord> for Sentence {
    fn from(SentenceRecord(start, end, paragraph): SentenceRecord) -> Self {
        Sentence {
            span: Span { start, end },
            paragraph,
        }
    }
}

#[derive(Deserialize)]
pub struct MentionRecord {
    start: u32,
    end: u32,
    actor: String,
    country: String,
    sentence: u32,
    #[serde(default)]
    locative: bool,
}

impl From<MentionRecord> for Mention {
    fn from(r: MentionRecord) -> Self {
        Mention {
            span: Span {
                start: r.start,
                end: r.end,
            },
            actor: r.actor,
            country: r.country,
            sentence: r.sentence,
            locative: r.locative,
        }
    }
}

/// `[start, end, [first, last], speaker]`.
#[derive(Deserialize)]
pub struct QuoteRecord(u32, u32, (u32, u32), Option<Speaker>);

impl From<QuoteRecord> for Quote {
    fn from(QuoteRecord(start, end, sentences, speaker): QuoteRecord) -> Self {
        Quote {
            span: Span { start, end },
            sentences,
            speaker,
        }
    }
}

#[derive(Deserialize)]
pub struct EvidenceRecord {
    start: u32,
    end: u32,
    sentence: u32,
    events: Vec<u32>,
    weight: f64,
}

impl From<EvidenceRecord> for Evidence {
    fn from(r: EvidenceRecord) -> Self {
        Evidence {
            span: Span {
                start: r.start,
                end: r.end,
            },
            sentence: r.sentence,
            events: r.events,
            weight: r.weight,
        }
    }
}

impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.span.start, self.span.end, self.paragraph).serialize(s)
    }
}

impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Mention", 6)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("actor", &self.actor)?;
        st.serialize_field("country", &self.country)?;
        st.serialize_field("sentence", &self.sentence)?;
        // Written only when true.
        if self.locative {
            st.serialize_field("locative", &true)?;
        } else {
            st.skip_field("locative")?;
        }
        st.end()
    }
}

impl Serialize for Quote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (
            self.span.start,
            self.span.end,
            self.sentences,
            &self.speaker,
        )
            .serialize(s)
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Evidence", 5)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("sentence", &self.sentence)?;
        st.serialize_field("events", &self.events)?;
        st.serialize_field("weight", &self.weight)?;
        st.end()
    }
}

use crate::layout::{
    ArticleMeta, ArticleRef, AssessmentMeta, DataFiles, FileRef, KeyQuote, PairSummary, QuoteMeta,
    ShardRef,
};

as_array!(ArticleMeta via ArticleMetaRecord { id: String, title: String, source: String, date: Option<String>, url: Option<String>, story: String, shard: u32, assessments: Vec<AssessmentMeta>, context: Vec<AssessmentMeta> });
as_array!(AssessmentMeta via AssessmentMetaRecord { pair: String, stance: Option<Stance>, score: f64, confidence: f64, evidence: u32, evidence_weight: f64, categories: Vec<CategoryTally>, review: Option<Review>, machine: Option<Judgement> });
as_array!(QuoteMeta via QuoteMetaRecord { article: u32, sentences: (u32, u32), text: String, speaker: Option<String>, country: Option<String>, pairs: Vec<(String, f64)> });
as_array!(PairSummary via PairSummaryRecord { pair: String, focus: bool, stance: Option<Stance>, score: f64, confidence: f64, stories: u32, articles: u32, sources: u32, months: Vec<MonthPoint>, categories: Vec<CategoryTally>, latest: Vec<ArticleRef>, key_quote: Option<KeyQuote>, reviewed: u32 });
as_array!(ArticleRef via ArticleRefRecord { id: String, title: String, source: String, date: Option<String> });
as_array!(KeyQuote via KeyQuoteRecord { article: ArticleRef, sentence: u32, text: String, speaker: Option<String> });
as_array!(ShardRef via ShardRefRecord { path: String, bytes: u64, articles: u32 });
as_array!(Event via EventRecord { sentence: u32, source: String, target: String, category: String, weight: f64, trigger: Span, flags: Flags, review: Option<Review>, machine: Option<Coding> });
as_array!(Flags via FlagsRecord { negated: bool, hypothetical: bool, historical: bool });
as_array!(Country via CountryRecord { code: String, name: String });
as_array!(BuildInfo via BuildInfoRecord { generator: String, codebook: String, input_digest: String });
as_array!(CodebookInfo via CodebookInfoRecord { name: String, version: u32, categories: Vec<Category>, thresholds: Thresholds, method: String, weighting: Weighting });
as_array!(Weighting via WeightingRecord { shrinkage: f64, hypothetical: f64, historical: f64 });
as_array!(Category via CategoryRecord { id: String, label: String, weight: f64, description: String, triggers: Vec<String> });
as_array!(Thresholds via ThresholdsRecord { cooperative: f64, strained: f64 });
as_array!(Speaker via SpeakerRecord { name: String, actor: Option<String>, country: Option<String>, mention: Option<Span> });
as_array!(CorpusStats via CorpusStatsRecord { articles: u32, stories: u32, sources: u32, bytes: u64, sentences: u32, quotes: u32, events: u32, first_date: Option<String>, last_date: Option<String> });
as_array!(Span via SpanRecord { start: u32, end: u32 });
as_array!(DataFiles via DataFilesRecord { directory: FileRef, catalog: FileRef, quotes: FileRef, shards: Vec<ShardRef> });
as_array!(FileRef via FileRefRecord { path: String, bytes: u64 });
as_array!(Review via ReviewRecord { verdict: Verdict, by: String, note: String, date: Option<String> });
as_array!(Judgement via JudgementRecord { stance: Option<Stance>, score: f64 });
as_array!(Coding via CodingRecord { source: String, target: String, category: String, weight: f64 });
as_array!(CategoryTally via TallyRecord { category: String, events: u32, cooperation: f64, conflict: f64 });
as_array!(MonthPoint via MonthPointRecord { month: String, score: f64, stories: u32 });
as_array!(Annotation via AnnotationRecord { date: String, until: Option<String>, label: String, pairs: Vec<String> });
