//! The data as the site reads it: a small index for the first page, a catalog of every article's
//! metadata and judgements, every quote, and the full articles in shards fetched on demand.
//!
//! ```text
//! data/index-<hash>.json          Index: codebook summary, statistics, the pairs over all time, the file table
//! data/articles-<hash>.json       Directory: each article's id and shard, for opening one article
//! data/catalog-<hash>.json        Catalog: one ArticleMeta per article (metadata, judgements, evidence refs)
//! data/quotes-<hash>.json         Quotes: every quote with its words and speaker
//! data/shard-<n>-<hash>.json      Shard: the full Article records of consecutive catalog entries
//! ```
//!
//! Every file name carries a hash of its content, so a cache can never mix two builds: a page that
//! points to `index-<hash>` reads the catalog and shards that index names, and no other.

use crate::{
    Annotation, Article, BuildInfo, CategoryTally, CodebookInfo, CorpusStats, Country, Judgement,
    MonthPoint, Review, Stance,
};
use serde::{Deserialize, Serialize};

/// `data/index-<hash>.json`: what the first page needs, and where everything else is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub schema_version: u32,
    pub build: BuildInfo,
    pub focus: String,
    pub focus_pairs: Vec<String>,
    pub countries: Vec<Country>,
    pub codebook: CodebookInfo,
    pub stats: CorpusStats,
    /// The months that have dated articles, `YYYY-MM`, in order, with their article counts:
    /// the periods a reader can choose from.
    pub months: Vec<(String, u32)>,
    /// Every pair over the whole corpus: focus pairs first, then context pairs.
    pub pairs: Vec<PairSummary>,
    /// The corpus's `annotations.toml`, by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    pub files: DataFiles,
}

/// The other data files, by path relative to the index's folder.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::DataFilesRecord")]
pub struct DataFiles {
    pub directory: FileRef,
    pub catalog: FileRef,
    pub quotes: FileRef,
    /// Shard `k` holds the articles whose [`ArticleMeta::shard`] is `k`, in catalog order.
    pub shards: Vec<ShardRef>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::FileRefRecord")]
pub struct FileRef {
    pub path: String,
    pub bytes: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::ShardRefRecord")]
pub struct ShardRef {
    pub path: String,
    pub bytes: u64,
    /// How many articles the shard holds.
    pub articles: u32,
}

/// `data/articles-<hash>.json`: which shard holds each article, in catalog order. An article
/// page needs only this and one shard: the catalog is some hundred times larger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    pub schema_version: u32,
    pub input_digest: String,
    /// `(article id, shard)`.
    pub articles: Vec<(String, u32)>,
}

/// `data/catalog-<hash>.json`: every article without its text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub schema_version: u32,
    /// The input digest of the build, as in [`Index::build`]: a catalog belongs to one index.
    pub input_digest: String,
    /// In bundle order: by date (unknown dates last), then file name.
    pub articles: Vec<ArticleMeta>,
}

/// An article's metadata and judgements: what lists, timelines and periods need of it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::ArticleMetaRecord")]
pub struct ArticleMeta {
    /// The file name without `.txt`.
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub story: String,
    /// The shard holding the full article.
    pub shard: u32,
    pub assessments: Vec<AssessmentMeta>,
    pub context: Vec<AssessmentMeta>,
}

/// An [`crate::Assessment`] without its evidence sentences, which are in the shard.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::AssessmentMetaRecord")]
pub struct AssessmentMeta {
    pub pair: String,
    pub stance: Option<Stance>,
    pub score: f64,
    pub confidence: f64,
    /// How many evidence sentences back the score.
    pub evidence: u32,
    /// The sum of their signed weights.
    pub evidence_weight: f64,
    /// The article's events between the pair's two countries, by category.
    pub categories: Vec<CategoryTally>,
    /// As [`crate::Assessment::review`].
    pub review: Option<Review>,
    /// As [`crate::Assessment::machine`].
    pub machine: Option<Judgement>,
}

/// `data/quotes-<hash>.json`: every quote of the corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quotes {
    pub schema_version: u32,
    pub input_digest: String,
    pub quotes: Vec<QuoteMeta>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::QuoteMetaRecord")]
pub struct QuoteMeta {
    /// Index into [`Catalog::articles`].
    pub article: u32,
    /// The sentences the quote touches (first..=last index).
    pub sentences: (u32, u32),
    /// The quoted words.
    pub text: String,
    pub speaker: Option<String>,
    /// The speaker's country, when known.
    pub country: Option<String>,
    /// The pairs (focus and context) whose evidence lies in the quote's sentences, with the
    /// evidence weight they draw from them.
    pub pairs: Vec<(String, f64)>,
}

/// `data/shard-<n>-<hash>.json`: full articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    pub schema_version: u32,
    pub input_digest: String,
    pub articles: Vec<Article>,
}

/// A pair over a period, as the overview shows it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::PairSummaryRecord")]
pub struct PairSummary {
    pub pair: String,
    pub focus: bool,
    /// `None` when no story in the period codes an event between the two countries.
    pub stance: Option<Stance>,
    pub score: f64,
    pub confidence: f64,
    pub stories: u32,
    pub articles: u32,
    pub sources: u32,
    /// By month, each story once: months with no story are absent (a gap, not a zero).
    pub months: Vec<MonthPoint>,
    pub categories: Vec<CategoryTally>,
    /// The latest articles behind the pair (at most [`LATEST_ARTICLES`]), latest first.
    pub latest: Vec<ArticleRef>,
    /// The quote that best speaks for the pair in the period.
    pub key_quote: Option<KeyQuote>,
    /// How many of the judgements behind it (of `articles`) an analyst reviewed.
    pub reviewed: u32,
}

/// How many of a pair's latest articles a summary lists.
pub const LATEST_ARTICLES: usize = 4;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::ArticleRefRecord")]
pub struct ArticleRef {
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "crate::flat::KeyQuoteRecord")]
pub struct KeyQuote {
    pub article: ArticleRef,
    pub sentence: u32,
    pub text: String,
    pub speaker: Option<String>,
}

/// Refuses a data file of another schema version before parsing the rest of it.
pub fn parse_versioned<T: serde::de::DeserializeOwned>(
    what: &str,
    json: &str,
) -> Result<T, String> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: u32,
    }
    let v: Version =
        serde_json::from_str(json).map_err(|e| format!("the {what} is not Dyad data: {e}"))?;
    if v.schema_version != crate::SCHEMA_VERSION {
        return Err(format!(
            "the {what} has schema version {} but this build reads version {}; rebuild the site",
            v.schema_version,
            crate::SCHEMA_VERSION
        ));
    }
    serde_json::from_str(json).map_err(|e| {
        format!(
            "the {what} does not match schema {}: {e}",
            crate::SCHEMA_VERSION
        )
    })
}
