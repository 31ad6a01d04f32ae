//! The analyst's files beside the articles: `reviews.toml` (a word on a pair's judgement in one
//! article, or on one coded event) and `annotations.toml` (dated events for the timelines).
//!
//! Both are optional. They are read from the article folder only, checked like the articles'
//! front matter (every problem a diagnostic at file:line:column with a `help:`), and digested
//! with the articles, so a changed review changes the data and its hashes. Reviews enter the
//! analysis of their article after its events are coded and before its stances are scored
//! ([`apply`]); checks that need the article (its sentences, its events, the machine's pairs)
//! are made there.

mod annotations;
mod apply;
mod checks;
#[cfg(test)]
mod error_tests;
mod load;
#[cfg(test)]
pub(crate) mod tests;

pub use apply::apply;

use crate::analyze::Options;
use crate::diagnostic::Diagnostic;
use dyad_model::{Annotation, Review, Stance, Verdict};
use std::collections::HashMap;
use std::path::Path;

/// Reviews counted by verdict (`confirmed`, …), in name order.
pub type Tally = std::collections::BTreeMap<&'static str, u32>;

/// The reviews file's name in the article folder.
pub const REVIEWS_FILE: &str = "reviews.toml";
/// The annotations file's name in the article folder.
pub const ANNOTATIONS_FILE: &str = "annotations.toml";
/// The largest reviews or annotations file read: hand-written files are a few kilobytes.
const MAX_BYTES: u64 = 4 << 20;

/// What the analyst's files hold, checked as far as can be without the articles.
#[derive(Clone, Debug, Default)]
pub struct AnalystFiles {
    pub reviews: Reviews,
    /// By date, then label.
    pub annotations: Vec<Annotation>,
    /// The files read, `(name, bytes)`, for the input digest.
    digested: Vec<(&'static str, Vec<u8>)>,
}

/// Every review of `reviews.toml`, with the places in the file that diagnostics point at.
#[derive(Clone, Debug, Default)]
pub struct Reviews {
    /// The file as diagnostics name it.
    pub(crate) file: String,
    pub(crate) text: String,
    pub pairs: Vec<PairReview>,
    pub events: Vec<EventReview>,
    /// Article id → the indices of its pair reviews and of its event reviews.
    by_article: HashMap<String, (Vec<usize>, Vec<usize>)>,
}

/// An analyst's word on a pair's judgement in one article.
#[derive(Clone, Debug, PartialEq)]
pub struct PairReview {
    pub article: String,
    /// As the data names it: the focus country first, otherwise alphabetical.
    pub pair: String,
    /// Confirmed, corrected or added.
    pub verdict: Verdict,
    /// The analyst's stance and score (correct and add).
    pub judgement: Option<(Stance, f64)>,
    /// Evidence sentences as the reader numbers them, from 1 (add).
    pub evidence: Vec<u32>,
    pub review: Review,
    pub(crate) at: PairPlaces,
}

/// Byte offsets in the reviews file of a pair review's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PairPlaces {
    pub article: usize,
    pub pair: usize,
    pub verdict: usize,
    pub evidence: Vec<usize>,
}

/// An analyst's word on one coded event: not an event, or coded otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct EventReview {
    pub article: String,
    /// As the reader numbers sentences, from 1.
    pub sentence: u32,
    /// The trigger's words, as in the text (compared case-insensitively).
    pub trigger: String,
    /// Confirmed (the coding stands), rejected or corrected.
    pub verdict: Verdict,
    pub source: Option<String>,
    pub target: Option<String>,
    pub category: Option<String>,
    pub review: Review,
    pub(crate) at: EventPlaces,
}

/// Byte offsets in the reviews file of an event review's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct EventPlaces {
    pub article: usize,
    pub sentence: usize,
    pub trigger: usize,
    pub verdict: usize,
}

impl AnalystFiles {
    /// Reads `reviews.toml` and `annotations.toml` from the article folder `dir`, when there.
    pub fn read(dir: &Path, opts: &Options) -> Result<AnalystFiles, Vec<Diagnostic>> {
        let reviews = read_optional(&dir.join(REVIEWS_FILE)).map_err(|d| vec![d])?;
        let annotations = read_optional(&dir.join(ANNOTATIONS_FILE)).map_err(|d| vec![d])?;
        AnalystFiles::parse(
            opts,
            reviews.as_ref().map(|(p, b)| (p.as_str(), b.as_slice())),
            annotations
                .as_ref()
                .map(|(p, b)| (p.as_str(), b.as_slice())),
        )
    }

    /// Parses the files' bytes, each given as `(path as diagnostics show it, bytes)`.
    pub fn parse(
        opts: &Options,
        reviews: Option<(&str, &[u8])>,
        annotations: Option<(&str, &[u8])>,
    ) -> Result<AnalystFiles, Vec<Diagnostic>> {
        let mut files = AnalystFiles::default();
        let mut problems = Vec::new();
        if let Some((shown, bytes)) = reviews {
            match utf8(shown, bytes).and_then(|text| load::reviews(opts, shown, text)) {
                Ok(r) => files.reviews = r,
                Err(d) => problems.extend(d),
            }
            files.digested.push((REVIEWS_FILE, bytes.to_vec()));
        }
        if let Some((shown, bytes)) = annotations {
            match utf8(shown, bytes).and_then(|text| annotations::parse(opts, shown, text)) {
                Ok(a) => files.annotations = a,
                Err(d) => problems.extend(d),
            }
            files.digested.push((ANNOTATIONS_FILE, bytes.to_vec()));
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }

    /// Adds the files read to a build's input digest; without them the digest is the articles'.
    pub(crate) fn digest_into(&self, digest: &mut crate::bundle::InputDigest) {
        for (name, bytes) in &self.digested {
            digest.add(name, bytes);
        }
    }
}

impl Reviews {
    /// Whether the file reviews anything of the article `id`.
    pub fn has_article(&self, id: &str) -> bool {
        self.by_article.contains_key(id)
    }

    /// A review of an article that is not in the folder: one error per review naming it.
    /// `known` tells whether an article id is one of the folder's.
    pub fn unknown_articles(&self, known: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut places: Vec<(usize, &str)> = self
            .pairs
            .iter()
            .map(|r| (r.at.article, r.article.as_str()))
            .chain(
                self.events
                    .iter()
                    .map(|r| (r.at.article, r.article.as_str())),
            )
            .filter(|(_, id)| !known(id))
            .collect();
        places.sort_unstable();
        places
            .into_iter()
            .map(|(at, id)| {
                self.error(at, format!("no article `{id}` in the folder"))
                    .help(
                    "an article's id is its file name without `.txt` (e.g. `000_c2ba2c0435569e55`)",
                )
            })
            .collect()
    }

    /// The reviews of one article: (pair reviews, event reviews).
    pub(crate) fn of(&self, id: &str) -> Option<(Vec<&PairReview>, Vec<&EventReview>)> {
        let (p, e) = self.by_article.get(id)?;
        Some((
            p.iter().map(|&i| &self.pairs[i]).collect(),
            e.iter().map(|&i| &self.events[i]).collect(),
        ))
    }

    /// An error at byte `at` of the reviews file.
    pub(crate) fn error(&self, at: usize, message: String) -> Diagnostic {
        Diagnostic::error(&self.file, message).at(&self.text, at)
    }

    fn index(&mut self) {
        self.by_article.clear();
        for (i, r) in self.pairs.iter().enumerate() {
            self.by_article
                .entry(r.article.clone())
                .or_default()
                .0
                .push(i);
        }
        for (i, r) in self.events.iter().enumerate() {
            self.by_article
                .entry(r.article.clone())
                .or_default()
                .1
                .push(i);
        }
    }
}

/// What the analysts' files brought to a bundle, one line for `check`: `None` when nothing.
pub fn summary(b: &dyad_model::Bundle) -> Option<String> {
    use dyad_model::Verdict;
    let count = |verdicts: &mut Tally, v: Verdict| *verdicts.entry(v.as_str()).or_default() += 1;
    let (mut pairs, mut events) = (Default::default(), Default::default());
    for a in &b.articles {
        for x in a.assessments.iter().chain(&a.context) {
            if let Some(r) = &x.review {
                count(&mut pairs, r.verdict);
            }
        }
        for e in &a.events {
            if let Some(r) = &e.review {
                count(&mut events, r.verdict);
            }
        }
    }
    if pairs.is_empty() && events.is_empty() && b.annotations.is_empty() {
        return None;
    }
    let list = |t: &Tally| {
        let n: u32 = t.values().sum();
        let parts: Vec<String> = t.iter().map(|(v, k)| format!("{k} {v}")).collect();
        format!(
            "{n}{}",
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        )
    };
    Some(format!(
        "reviewed judgements {}, reviewed events {}, {} annotation(s)",
        list(&pairs),
        list(&events),
        b.annotations.len()
    ))
}

/// Reads `path` if it exists: a regular file inside the folder (never through a link), at most
/// [`MAX_BYTES`].
fn read_optional(path: &Path) -> Result<Option<(String, Vec<u8>)>, Diagnostic> {
    use std::io::Read;
    let shown = path.display().to_string();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                &shown,
                format!("cannot read the file: {e}"),
            ))
        }
    };
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::error(
            &shown,
            "a symbolic link: only regular files inside the folder are read",
        )
        .help("copy the file into the folder instead of linking to it"));
    }
    if !meta.is_file() {
        return Err(Diagnostic::error(&shown, "not a regular file")
            .help("the analyst's files are TOML text files; rename or remove this entry"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(
            Diagnostic::error(&shown, format!("the file is over {MAX_BYTES} bytes"))
                .help("a reviews or annotations file is written by hand: a few kilobytes"),
        );
    }
    Ok(Some((shown, bytes)))
}

fn utf8<'a>(shown: &str, bytes: &'a [u8]) -> Result<&'a str, Vec<Diagnostic>> {
    std::str::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::error(shown, "the file is not UTF-8 text")
            .at_line(
                bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1,
                1,
            )
            .help("save it as UTF-8")]
    })
}

/// A TOML or shape error (syntax, unknown key, missing key, wrong type) of an analyst's file.
pub(crate) fn syntax(file: &str, text: &str, e: &toml::de::Error, format: &str) -> Diagnostic {
    let mut message = e.message().trim_end().to_string();
    let value = e.span().and_then(|s| text.get(s)).unwrap_or("").trim();
    let help = if message.contains("unknown field") {
        format!("remove the key or correct its spelling; {format}")
    } else if message.contains("expected a string")
        && value.starts_with(|c: char| c.is_ascii_digit())
    {
        // An unquoted date is a TOML date, which serde sees as a map.
        message = format!("`{value}` is not a quoted string");
        format!("quote it: TOML reads an unquoted date as a date, not text (`\"{value}\"`)")
    } else {
        format.to_string()
    };
    let d = Diagnostic::error(file, format!("{file} is not valid: {message}")).help(help);
    match e.span() {
        Some(span) => d.at(text, span.start),
        None => d,
    }
}

/// Whether a value holds a control or bidirectional character (they could make it read
/// differently from what it is).
pub(crate) fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || crate::diagnostic::is_bidi_control(c))
}
