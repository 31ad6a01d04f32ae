//! `dyad-import`: saved web pages, RSS/Atom files and fetched feeds in, Dyad article files out
//! (`DATE_slug.txt`: a front matter with `title`, `source`, `date`, `url`, then the text, one
//! paragraph per line and a blank line between them), as `dyad-corpus import` runs it.
//!
//! The crates it stands on, and why:
//! - `dom_smoothie` finds a page's main content: a close port of Mozilla's Readability (the
//!   algorithm of Firefox's reader view), released often and tested against Readability's own
//!   test pages; it parses with html5ever through `dom_query`, whose DOM this crate also reads
//!   for the metadata. (`readability` has had no release in years; a hand-written scorer on
//!   `scraper` would re-do what Readability has tuned on thousands of sites.)
//! - `feed-rs` reads RSS 0.x/1.0/2.0, Atom and JSON Feed into one model, `content:encoded`
//!   included, and is maintained.
//! - `ureq` fetches: blocking (no async runtime to compile), rustls (no OpenSSL to install),
//!   with a global timeout, a redirect limit, a body size limit and an https-only switch.
//!
//! Nothing here depends on the compiler (`dyad-corpus`): the command line passes in what it
//! needs from the codebook (the names for `--filter`). Every file written is new
//! (`create_new`), so an import never replaces an article; one whose url or text is already in
//! the folder is skipped and said so.

pub mod clean;
pub mod cli;
pub mod feed;
pub mod fetch;
pub mod page;
pub mod store;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};

/// An article ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// Where it came from, for messages: a file, or a feed and its item.
    pub origin: String,
    pub title: String,
    pub source: String,
    /// `YYYY-MM-DD`, or none (then a warning says why).
    pub date: Option<String>,
    /// An `http(s)` address, or none.
    pub url: Option<String>,
    /// Paragraphs, one per line, separated by a blank line.
    pub body: String,
    pub warnings: Vec<String>,
}

impl Draft {
    /// A draft from what was found: fields on one line with control and bidi characters
    /// removed, the date checked (an impossible or missing one is left empty, with a warning),
    /// only an `http(s)` url kept. An error when there is no title and no text to make one.
    pub fn new(
        origin: &str,
        title: String,
        source: String,
        raw_date: Option<String>,
        url: Option<String>,
        body: String,
    ) -> Result<Draft, String> {
        let mut warnings = Vec::new();
        let body = body
            .split("\n\n")
            .map(text::one_line)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut title = text::one_line(&title);
        if title.is_empty() {
            title = body
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect();
            if title.is_empty() {
                return Err("no title and no text".to_string());
            }
            warnings.push("no title found: the first paragraph is used".to_string());
        }
        let date = match raw_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => {
                warnings.push("no date found: imported with an empty date".to_string());
                None
            }
            Some(raw) => match text::parse_date(raw).map(|d| text::check_date(&d).map(|()| d)) {
                Some(Ok(d)) => Some(d),
                Some(Err(why)) => {
                    warnings.push(format!("date {why}: imported with an empty date"));
                    None
                }
                None => {
                    warnings.push(format!(
                        "date `{raw}` not understood: imported with an empty date"
                    ));
                    None
                }
            },
        };
        // Re-serialised by the URL parser: no spaces or control characters can reach the line.
        let url = url
            .and_then(|u| url::Url::parse(u.trim()).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(String::from);
        Ok(Draft {
            origin: origin.to_string(),
            title,
            source: text::one_line(&source),
            date,
            url,
            body,
            warnings,
        })
    }

    /// The article file's text, in the format `dyad-corpus check` reads.
    pub fn file_text(&self) -> String {
        format!(
            "---\ntitle: {}\nsource: {}\ndate: {}\nurl: {}\n---\n{}\n",
            self.title,
            self.source,
            self.date.as_deref().unwrap_or(""),
            self.url.as_deref().unwrap_or(""),
            self.body
        )
    }
}

/// Keeps only articles that name both countries of a pair.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Per pair, each side's names (e.g. `Cambodia`, `Cambodian`, `Phnom Penh` / `China`, …).
    pub pairs: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Filter {
    /// The pair the text names both sides of, if any.
    pub fn matches(&self, title: &str, body: &str) -> Option<&str> {
        let named = |names: &[String]| {
            names
                .iter()
                .any(|n| text::names(title, n) || text::names(body, n))
        };
        self.pairs
            .iter()
            .find(|(_, a, b)| named(a) && named(b))
            .map(|(p, _, _)| p.as_str())
    }
}

/// What an import is asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Print what would be written; write nothing.
    pub dry_run: bool,
    /// Import a feed item that carries only a summary, with the summary as its text.
    pub summaries: bool,
    /// Keep only articles naming a focus pair.
    pub filter: Option<Filter>,
}

/// What became of one input or feed item.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Written {
        path: PathBuf,
        draft: Draft,
    },
    WouldWrite {
        path: PathBuf,
        draft: Draft,
    },
    Duplicate {
        origin: String,
        of: store::Duplicate,
    },
    SummaryOnly {
        origin: String,
    },
    Filtered {
        origin: String,
    },
    NotModified {
        origin: String,
    },
    Failed {
        origin: String,
        reason: String,
    },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Written { path, draft } | Outcome::WouldWrite { path, draft } => {
                let verb = if matches!(self, Outcome::Written { .. }) {
                    "wrote"
                } else {
                    "would write"
                };
                write!(
                    f,
                    "{verb} {}: “{}” ({}, {}, {} paragraphs) from {}",
                    path.display(),
                    draft.title,
                    draft.source,
                    draft.date.as_deref().unwrap_or("no date"),
                    draft.body.split("\n\n").count(),
                    draft.origin
                )?;
                for w in &draft.warnings {
                    write!(f, "\n  warning: {w}")?;
                }
                Ok(())
            }
            Outcome::Duplicate { origin, of } => {
                let (file, same) = match of {
                    store::Duplicate::SameUrl(file) => (file, "url"),
                    store::Duplicate::SameText(file) => (file, "text"),
                };
                write!(
                    f,
                    "skipped {origin}: already present as {file} (same {same})"
                )
            }
            Outcome::SummaryOnly { origin } => write!(
                f,
                "skipped {origin}: summary only (the feed does not carry the text; \
                 `--summaries` imports the summary)"
            ),
            Outcome::Filtered { origin } => {
                write!(f, "skipped {origin}: names no focus pair (--filter)")
            }
            Outcome::NotModified { origin } => {
                write!(f, "{origin}: not modified since the last import")
            }
            Outcome::Failed { origin, reason } => write!(f, "cannot import {origin}: {reason}"),
        }
    }
}

/// Every outcome of an import, in input order.
#[derive(Debug, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The files written (or, in a dry run, that would be).
    pub fn written(&self) -> Vec<&Path> {
        self.outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Written { path, .. } | Outcome::WouldWrite { path, .. } => {
                    Some(path.as_path())
                }
                _ => None,
            })
            .collect()
    }

    pub fn failures(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Failed { .. }))
            .count()
    }
}

/// Takes a draft into the store unless it is filtered out or already there.
pub(crate) fn take(store: &mut store::Store, draft: Draft, opts: &Options, report: &mut Report) {
    if draft.body.is_empty() {
        report.outcomes.push(Outcome::Failed {
            origin: draft.origin,
            reason: "no article body found".to_string(),
        });
        return;
    }
    if let Some(filter) = &opts.filter {
        if filter.matches(&draft.title, &draft.body).is_none() {
            report.outcomes.push(Outcome::Filtered {
                origin: draft.origin,
            });
            return;
        }
    }
    if let Some(of) = store.duplicate(&draft) {
        report.outcomes.push(Outcome::Duplicate {
            origin: draft.origin,
            of,
        });
        return;
    }
    let name = store.name_for(&draft);
    report
        .outcomes
        .push(match store.add(&draft, &name, opts.dry_run) {
            Ok(path) if opts.dry_run => Outcome::WouldWrite { path, draft },
            Ok(path) => Outcome::Written { path, draft },
            Err(reason) => Outcome::Failed {
                origin: draft.origin,
                reason,
            },
        });
}

/// The most a saved page or feed file may weigh.
const MAX_FILE_BYTES: u64 = 32 << 20;

/// File extensions read when a folder is given.
const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "xml", "rss", "atom"];

/// Imports saved pages and feed files (folders: their pages and feeds, not the `_files/`
/// folders browsers save beside pages) into `into`.
pub fn import_paths(paths: &[PathBuf], into: &Path, opts: &Options) -> Result<Report, String> {
    let mut store = store::Store::open(into)?;
    let mut report = Report::default();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| {
                    f.is_file()
                        && f.extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    for file in files {
        let origin = file.display().to_string();
        match read_input(&file) {
            Err(reason) => report.outcomes.push(Outcome::Failed { origin, reason }),
            Ok(Input::Feed(bytes)) => {
                import_feed_items(&mut store, &bytes, &origin, opts, &mut report)
            }
            Ok(Input::Page(text)) => match page::extract(&text, &origin, None) {
                Ok(d) => take(&mut store, d, opts, &mut report),
                Err(reason) => report.outcomes.push(Outcome::Failed { origin, reason }),
            },
        }
    }
    Ok(report)
}

/// A feed file's items, taken (full text) or listed as summary only.
fn import_feed_items(
    store: &mut store::Store,
    bytes: &[u8],
    origin: &str,
    opts: &Options,
    report: &mut Report,
) {
    match feed::items(bytes, origin, None, None) {
        Err(reason) => report.outcomes.push(Outcome::Failed {
            origin: origin.to_string(),
            reason,
        }),
        Ok(items) => {
            for item in items {
                match item {
                    feed::Item::Full(d) => take(store, d, opts, report),
                    feed::Item::SummaryOnly { draft, .. } if opts.summaries => {
                        take(store, draft, opts, report)
                    }
                    feed::Item::SummaryOnly { draft, .. } => {
                        report.outcomes.push(Outcome::SummaryOnly {
                            origin: draft.origin,
                        })
                    }
                    feed::Item::Failed { origin, reason } => {
                        report.outcomes.push(Outcome::Failed { origin, reason })
                    }
                }
            }
        }
    }
}

/// A saved page or feed file, as the importer reads it.
enum Input {
    /// Bytes, for the feed parser reads the encoding its XML declaration names.
    Feed(Vec<u8>),
    Page(String),
}

/// A saved page (decoded by its declared charset) or feed file, or why it cannot be read.
fn read_input(path: &Path) -> Result<Input, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "over {MAX_FILE_BYTES} bytes: not a saved page or feed"
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if feed::looks_like_feed(&head) {
        return Ok(Input::Feed(bytes));
    }
    if !["<html", "<!doctype html", "<head", "<body"]
        .iter()
        .any(|t| head.contains(t))
    {
        return Err("not HTML and not an RSS or Atom feed".to_string());
    }
    text::decode_html(bytes, None).map(Input::Page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_hold_only_what_the_front_matter_can_carry() {
        let d = Draft::new(
            "x",
            "Ream\u{202E} deal\n---\u{7} signed".to_string(),
            "Khmer\tDaily\r\n".to_string(),
            Some("2024-02-31".to_string()),
            Some("javascript:alert(1)".to_string()),
            "  First  paragraph.\n\n\n\nSecond\nline.  ".to_string(),
        )
        .unwrap();
        assert_eq!(d.title, "Ream deal --- signed");
        assert_eq!(d.source, "Khmer Daily");
        assert_eq!((d.date.as_deref(), d.url.as_deref()), (None, None));
        assert!(
            d.warnings[0].contains("not a day of the calendar"),
            "{:?}",
            d.warnings
        );
        assert_eq!(d.body, "First paragraph.\n\nSecond line.");
        assert_eq!(
            d.file_text(),
            "---\ntitle: Ream deal --- signed\nsource: Khmer Daily\ndate: \nurl: \n---\nFirst paragraph.\n\nSecond line.\n"
        );
        let d = Draft::new(
            "x",
            String::new(),
            String::new(),
            Some("9999-01-01".to_string()),
            Some("https://a.example/a b".to_string()),
            "Only a paragraph.".to_string(),
        )
        .unwrap();
        assert_eq!(d.title, "Only a paragraph.");
        assert_eq!(d.url.as_deref(), Some("https://a.example/a%20b"));
        assert!(
            d.warnings.iter().any(|w| w.contains("after today")),
            "{:?}",
            d.warnings
        );
        assert!(Draft::new("x", String::new(), String::new(), None, None, String::new()).is_err());
    }
}
