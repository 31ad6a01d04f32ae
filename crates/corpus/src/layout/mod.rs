//! The data folder the site reads: the compiled [`Bundle`] split into the files of
//! [`dyad_model::layout`], each named by a hash of its bytes.
//!
//! ```text
//! index-<hash>.json         Index: codebook summary, statistics, months, the pairs over all time, the file table
//! articles-<hash>.json      Directory: each article's id and shard, in catalog order
//! catalog-<hash>.json       Catalog: one ArticleMeta per article, in bundle order
//! quotes-<hash>.json        Quotes: every quote, in catalog order
//! shard-<nnnn>-<hash>.json  Shard: the full articles of consecutive catalog entries
//! .dyad-data                the marker: this folder was written here and may be replaced whole
//! ```
//!
//! A [`SiteWriter`] takes the articles one by one in catalog order and hands each shard to its
//! sink as soon as the shard is full, so only one shard's full articles are held: the compiler
//! streams a corpus of any size through it ([`crate::compile_dir_into`]). [`split`] runs it over a
//! compiled bundle in memory; [`write_data_dir`] writes into a fresh folder next to the
//! destination and swaps it in, so a reader (or a failed build) never sees half a folder.
//! The index is hashed last, after the other files' names are in it: its name changes when any
//! byte of any file does. The same bundle always gives the same bytes.

mod entries;
mod folder;
mod sink;
#[cfg(test)]
mod tests;

pub use entries::{catalog, quotes};
pub use sink::{DataSink, Sink};

use dyad_model::layout::{
    ArticleMeta, Catalog, DataFiles, Directory, FileRef, Index, QuoteMeta, Quotes, ShardRef,
};
use dyad_model::{Article, Bundle};
use entries::{article_meta, months_of, quote_metas};
use folder::write_folder;
use serde::Serialize;
use sink::MemorySink;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

/// A shard holds at most this many articles…
///
/// The shards are what a reader fetches to open an article: one request should bring a useful
/// run of articles (their neighbours in date order are the likely next reads) in about 0.5 MB of
/// JSON, neither one request per article (10,000 articles would be 10,000 files and requests)
/// nor a few huge files. A shard's JSON is about four times its text, so 96 KiB of text is about
/// 0.4 MB; the article cap keeps a shard of many short articles near that size too. Measured on
/// the benchmark's corpus (articles of about 2 KB): 10,000 articles make 196 shards of about
/// 0.4 MB each (about 50 kB gzipped).
pub const SHARD_ARTICLES: usize = 128;
/// …and is closed once its articles' text exceeds this many bytes (see [`SHARD_ARTICLES`]): the
/// article that crosses the limit is the shard's last, so a very long article never waits for
/// company in the next shard.
pub const SHARD_TEXT_BYTES: usize = 96 * 1024;

/// The marker file of a data folder: [`write_data_dir`] replaces an existing folder only if it
/// holds this file (or is empty), so a mistyped `--out` never deletes someone's folder.
pub const MARKER: &str = ".dyad-data";

/// Every file of the data folder, in memory.
#[derive(Clone, Debug)]
pub struct SiteData {
    /// The index, with the file table filled in.
    pub index: Index,
    pub catalog: Catalog,
    pub quotes: Quotes,
    /// The bundle's articles of each shard (`bundle.articles[range]`), shard `k` at `k`.
    pub shards: Vec<Range<usize>>,
    /// The index's own file name and size.
    pub index_file: FileRef,
    /// Every file as written: the catalog, the quotes, the shards in order, the index last.
    pub files: Vec<DataFile>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataFile {
    /// The file name, e.g. `catalog-0123456789abcdef.json`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What [`write_data_dir`] wrote, for the command line to report.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub index: FileRef,
    pub files: DataFiles,
}

/// Splits a compiled bundle into the data folder's files, all in memory.
pub fn split(bundle: &Bundle) -> SiteData {
    let mut sink = MemorySink(Vec::new());
    let parts = emit_bundle(bundle, &mut sink).expect("writing into memory cannot fail");
    let files = sink.0;
    SiteData {
        index: parts.index,
        catalog: parts.catalog,
        quotes: parts.quotes,
        shards: parts.shards,
        index_file: parts.index_file,
        files,
    }
}

/// The articles of each shard: consecutive runs of the bundle's articles, each closed at
/// [`SHARD_ARTICLES`] articles or once its text exceeds [`SHARD_TEXT_BYTES`].
pub fn shard_ranges(articles: &[Article]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut text) = (0, 0);
    for (i, a) in articles.iter().enumerate() {
        text += a.text.len();
        if shard_is_full(i + 1 - start, text) {
            ranges.push(start..i + 1);
            (start, text) = (i + 1, 0);
        }
    }
    if start < articles.len() {
        ranges.push(start..articles.len());
    }
    ranges
}

/// Whether a shard of `articles` articles holding `text` bytes of text is closed.
fn shard_is_full(articles: usize, text: usize) -> bool {
    articles == SHARD_ARTICLES || text > SHARD_TEXT_BYTES
}

struct Parts {
    index: Index,
    index_file: FileRef,
    catalog: Catalog,
    quotes: Quotes,
    shards: Vec<Range<usize>>,
}

/// Makes the data files from articles given one by one in catalog order (by date, then file
/// name): each full shard is serialised and handed to the sink at once and its articles
/// dropped; the catalog and the quotes grow as articles come; [`SiteWriter::finish`] writes
/// them and the index. Only one shard of full articles is ever held.
pub struct SiteWriter<'s> {
    schema_version: u32,
    input_digest: String,
    sink: Sink<'s>,
    shard: Vec<Article>,
    shard_text: usize,
    shard_files: Vec<ShardRef>,
    shard_ranges: Vec<Range<usize>>,
    catalog: Vec<ArticleMeta>,
    quotes: Vec<QuoteMeta>,
    /// Seconds spent in the sink (serialising, hashing and writing files), for the benchmark.
    writing: f64,
}

impl<'s> SiteWriter<'s> {
    pub fn new(schema_version: u32, input_digest: &str, sink: Sink<'s>) -> SiteWriter<'s> {
        SiteWriter {
            schema_version,
            input_digest: input_digest.to_string(),
            sink,
            shard: Vec::new(),
            shard_text: 0,
            shard_files: Vec::new(),
            shard_ranges: Vec::new(),
            catalog: Vec::new(),
            quotes: Vec::new(),
            writing: 0.0,
        }
    }

    /// Seconds spent so far serialising, hashing and writing the files.
    pub fn seconds_writing(&self) -> f64 {
        self.writing
    }

    /// Writes one file through the sink, timed.
    fn put(
        sink: &mut dyn DataSink,
        writing: &mut f64,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef> {
        let t = std::time::Instant::now();
        let file = sink.put(stem, write);
        *writing += t.elapsed().as_secs_f64();
        file
    }

    /// The next article in catalog order. Its story goes into the catalog only: the compiler
    /// knows an article's story once every article is analysed, after its shard is written. Its
    /// mentions stay out of the shard: no page shows them (`dyad-corpus explain` and the bundle
    /// do), and they were a fifth of a shard's bytes.
    pub fn push(&mut self, mut article: Article) -> io::Result<()> {
        let index = self.catalog.len() as u32;
        self.catalog
            .push(article_meta(&article, self.shard_files.len() as u32));
        article.story.clear();
        article.mentions.clear();
        self.quotes.extend(quote_metas(&article, index));
        self.shard_text += article.text.len();
        self.shard.push(article);
        if shard_is_full(self.shard.len(), self.shard_text) {
            self.close_shard()?;
        }
        Ok(())
    }

    fn close_shard(&mut self) -> io::Result<()> {
        if self.shard.is_empty() {
            return Ok(());
        }
        let k = self.shard_files.len();
        let shard = ShardFile {
            schema_version: self.schema_version,
            input_digest: &self.input_digest,
            articles: &self.shard,
        };
        let file = Self::put(
            self.sink,
            &mut self.writing,
            &format!("shard-{k:04}"),
            &mut json(&shard),
        )?;
        let end = self.catalog.len();
        self.shard_ranges.push(end - self.shard.len()..end);
        self.shard_files.push(ShardRef {
            path: file.path,
            bytes: file.bytes,
            articles: self.shard.len() as u32,
        });
        self.shard.clear();
        self.shard_text = 0;
        Ok(())
    }

    /// Writes the last shard, the catalog, the quotes and the index. `head` gives what the
    /// index copies (build, focus, countries, codebook, statistics; its articles are not read);
    /// `stories`, when given, is each article's story id in catalog order (the compiler knows
    /// them only once every article is analysed; a bundle's articles carry theirs). Records
    /// the time of the pairs' judgements and of the files it writes in `clock`.
    fn finish(
        mut self,
        head: &Bundle,
        stories: Option<Vec<String>>,
        clock: &mut crate::Stages,
    ) -> io::Result<Parts> {
        let before = self.writing;
        self.close_shard()?;
        if let Some(stories) = stories {
            for (meta, story) in self.catalog.iter_mut().zip(stories) {
                meta.story = story;
            }
        }
        let catalog = Catalog {
            schema_version: self.schema_version,
            input_digest: self.input_digest.clone(),
            articles: self.catalog,
        };
        let quotes = Quotes {
            schema_version: self.schema_version,
            input_digest: self.input_digest.clone(),
            quotes: self.quotes,
        };
        let catalog_file = Self::put(self.sink, &mut self.writing, "catalog", &mut json(&catalog))?;
        let directory = Directory {
            schema_version: self.schema_version,
            input_digest: self.input_digest.clone(),
            articles: catalog
                .articles
                .iter()
                .map(|a| (a.id.clone(), a.shard))
                .collect(),
        };
        let directory_file = Self::put(
            self.sink,
            &mut self.writing,
            "articles",
            &mut json(&directory),
        )?;
        drop(directory);
        let quotes_file = Self::put(self.sink, &mut self.writing, "quotes", &mut json(&quotes))?;

        let judging = std::time::Instant::now();
        let pairs = dyad_digest::period::summaries(
            &head.focus_pairs,
            &head.codebook.thresholds,
            &catalog,
            &quotes.quotes,
            &dyad_digest::period::Period::ALL,
        );
        clock.add("judgements", judging.elapsed().as_secs_f64());
        let index = Index {
            schema_version: self.schema_version,
            build: head.build.clone(),
            focus: head.focus.clone(),
            focus_pairs: head.focus_pairs.clone(),
            countries: head.countries.clone(),
            codebook: head.codebook.clone(),
            stats: head.stats.clone(),
            months: months_of(catalog.articles.iter().map(|a| a.date.as_deref())),
            pairs,
            annotations: head.annotations.clone(),
            files: DataFiles {
                directory: directory_file,
                catalog: catalog_file,
                quotes: quotes_file,
                shards: self.shard_files,
            },
        };
        let index_file = Self::put(self.sink, &mut self.writing, "index", &mut json(&index))?;
        clock.add(
            "last shard, catalog, quotes, index: JSON",
            self.writing - before,
        );
        Ok(Parts {
            index,
            index_file,
            catalog,
            quotes,
            shards: self.shard_ranges,
        })
    }
}

/// A file's bytes: `value` as serde_json writes it. serde_json writes a few bytes at a time:
/// they go into a buffer of a known type, and only its 64 KiB flushes through the sink's `dyn
/// Write` (a call through it per few bytes cost the shards 0.08 s of a 0.9 s compile).
fn json<T: Serialize>(value: &T) -> impl FnMut(&mut dyn Write) -> io::Result<()> + '_ {
    move |w| {
        let mut w = io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer(&mut w, value)?;
        w.flush()
    }
}

/// A shard file: the fields of [`dyad_model::layout::Shard`] in its order, borrowing the
/// articles instead of owning them, so it serialises to the same bytes without a copy.
#[derive(Serialize)]
struct ShardFile<'a> {
    schema_version: u32,
    input_digest: &'a str,
    articles: &'a [Article],
}

/// Every file of a compiled bundle, through a [`SiteWriter`].
fn emit_bundle(bundle: &Bundle, sink: Sink<'_>) -> io::Result<Parts> {
    let mut w = SiteWriter::new(bundle.schema_version, &bundle.build.input_digest, sink);
    for a in &bundle.articles {
        w.push(a.clone())?;
    }
    w.finish(bundle, None, &mut crate::Stages::default())
}

/// Writes the data folder of `bundle` at `out`, replacing the folder a previous build wrote there.
///
/// Every file is written and synced into a fresh folder next to `out` (`.<name>.tmp-<pid>-<n>`);
/// then the previous folder is renamed aside, the new one renamed in, and the previous one
/// removed. An existing `out` is replaced only if it is a folder holding the [`MARKER`] and
/// nothing but `*.json` files, or an empty folder; anything else is refused before a byte is
/// written. On any failure the previous `out` stays whole and the temporary folder is removed.
pub fn write_data_dir(out: &Path, bundle: &Bundle) -> io::Result<Written> {
    write_folder(
        out,
        |sink, _| emit_bundle(bundle, sink),
        &mut crate::Stages::default(),
    )
}

/// Writes the data folder at `out` from articles given one by one (see [`SiteWriter`]):
/// `articles` pushes them in catalog order and returns the index's head and each article's story.
pub fn write_data_dir_streaming(
    out: &Path,
    schema_version: u32,
    input_digest: &str,
    articles: impl FnOnce(&mut SiteWriter<'_>, &mut crate::Stages) -> io::Result<(Bundle, Vec<String>)>,
    clock: &mut crate::Stages,
) -> io::Result<Written> {
    write_folder(
        out,
        |sink, clock| {
            let mut w = SiteWriter::new(schema_version, input_digest, sink);
            let (head, stories) = articles(&mut w, clock)?;
            w.finish(&head, Some(stories), clock)
        },
        clock,
    )
}
