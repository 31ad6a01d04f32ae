//! The records that spans are flattened into (`{"start":…,"end":…,…}`), and the tally's array.
//!
//! `#[serde(flatten)]` would write them through a generic map, several times slower on a large
//! bundle, and read them through serde's buffered content, which cost the app's wasm several
//! KiB: so they are written field by field here, and read through plain records of the same
//! fields.

use super::*;
use serde::ser::{SerializeStruct, Serializer};

#[derive(Serialize, Deserialize)]
pub struct TallyRecord(String, u32, f64, f64);

impl From<TallyRecord> for CategoryTally {
    fn from(TallyRecord(category, events, cooperation, conflict): TallyRecord) -> Self {
        CategoryTally {
            category,
            events,
            cooperation,
            conflict,
        }
    }
}

impl From<CategoryTally> for TallyRecord {
    fn from(t: CategoryTally) -> Self {
        TallyRecord(t.category, t.events, t.cooperation, t.conflict)
    }
}

#[derive(Serialize, Deserialize)]
pub struct ReviewRecord(Verdict, String, String, Option<String>);

impl From<ReviewRecord> for Review {
    fn from(ReviewRecord(verdict, by, note, date): ReviewRecord) -> Self {
        Review {
            verdict,
            by,
            note,
            date,
        }
    }
}

impl From<Review> for ReviewRecord {
    fn from(r: Review) -> Self {
        ReviewRecord(r.verdict, r.by, r.note, r.date)
    }
}

#[derive(Serialize, Deserialize)]
pub struct JudgementRecord(Option<Stance>, f64);

impl From<JudgementRecord> for Judgement {
    fn from(JudgementRecord(stance, score): JudgementRecord) -> Self {
        Judgement { stance, score }
    }
}

impl From<Judgement> for JudgementRecord {
    fn from(j: Judgement) -> Self {
        JudgementRecord(j.stance, j.score)
    }
}

#[derive(Serialize, Deserialize)]
pub struct CodingRecord(String, String, String, f64);

impl From<CodingRecord> for Coding {
    fn from(CodingRecord(source, target, category, weight): CodingRecord) -> Self {
        Coding {
            source,
            target,
            category,
            weight,
        }
    }
}

impl From<Coding> for CodingRecord {
    fn from(c: Coding) -> Self {
        CodingRecord(c.source, c.target, c.category, c.weight)
    }
}

#[derive(Deserialize)]
pub struct SentenceRecord {
    start: u32,
    end: u32,
    paragraph: u32,
}

impl From<SentenceRecord> for Sentence {
    fn from(r: SentenceRecord) -> Self {
        Sentence {
            span: Span {
                start: r.start,
                end: r.end,
            },
            paragraph: r.paragraph,
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

#[derive(Deserialize)]
pub struct QuoteRecord {
    start: u32,
    end: u32,
    sentences: (u32, u32),
    speaker: Option<Speaker>,
}

impl From<QuoteRecord> for Quote {
    fn from(r: QuoteRecord) -> Self {
        Quote {
            span: Span {
                start: r.start,
                end: r.end,
            },
            sentences: r.sentences,
            speaker: r.speaker,
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
        let mut st = s.serialize_struct("Sentence", 3)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("paragraph", &self.paragraph)?;
        st.end()
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
        let mut st = s.serialize_struct("Quote", 4)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("sentences", &self.sentences)?;
        st.serialize_field("speaker", &self.speaker)?;
        st.end()
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
