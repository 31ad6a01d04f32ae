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

use crate::stance::round;
use dyad_model::layout::{
    ArticleMeta, AssessmentMeta, Catalog, DataFiles, Directory, FileRef, Index, QuoteMeta, Quotes,
    ShardRef,
};
use dyad_model::{Article, Assessment, Bundle, CategoryTally};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
const MARKER_TEXT: &str = "Written by dyad-corpus: this folder is replaced whole by every build.\n";

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

/// The catalog: every article's metadata and judgements, in bundle order.
pub fn catalog(bundle: &Bundle, shards: &[Range<usize>]) -> Catalog {
    let mut articles = Vec::with_capacity(bundle.articles.len());
    for (k, range) in shards.iter().enumerate() {
        articles.extend(
            bundle.articles[range.clone()]
                .iter()
                .map(|a| article_meta(a, k as u32)),
        );
    }
    Catalog {
        schema_version: bundle.schema_version,
        input_digest: bundle.build.input_digest.clone(),
        articles,
    }
}

/// An article's catalog entry.
fn article_meta(a: &Article, shard: u32) -> ArticleMeta {
    ArticleMeta {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.source.clone(),
        date: a.date.clone(),
        url: a.url.clone(),
        story: a.story.clone(),
        shard,
        assessments: a
            .assessments
            .iter()
            .map(|x| assessment_meta(a, x))
            .collect(),
        context: a.context.iter().map(|x| assessment_meta(a, x)).collect(),
    }
}

/// An assessment without its evidence sentences (counted, their weights summed), and the
/// article's events between the pair's countries tallied by category.
fn assessment_meta(a: &Article, x: &Assessment) -> AssessmentMeta {
    AssessmentMeta {
        pair: x.pair.clone(),
        stance: x.stance,
        score: x.score,
        confidence: x.confidence,
        evidence: x.evidence.len() as u32,
        evidence_weight: round(x.evidence.iter().map(|e| e.weight).sum()),
        categories: category_tallies(a, &x.pair),
    }
}

/// The article's events between the pair's two countries (either way), by category: as the
/// bundle's pair aggregates tally them (rounded after each addition, sorted by category id).
fn category_tallies(a: &Article, pair: &str) -> Vec<CategoryTally> {
    let Some((x, y)) = pair.split_once('-') else {
        return Vec::new();
    };
    let mut tallies: Vec<CategoryTally> = Vec::new();
    for e in a
        .events
        .iter()
        .filter(|e| (e.source == x && e.target == y) || (e.source == y && e.target == x))
    {
        let t = match tallies.iter().position(|t| t.category == e.category) {
            Some(i) => &mut tallies[i],
            None => {
                tallies.push(CategoryTally {
                    category: e.category.clone(),
                    ..Default::default()
                });
                tallies.last_mut().expect("just pushed")
            }
        };
        t.events += 1;
        if e.weight > 0.0 {
            t.cooperation = round(t.cooperation + e.weight);
        } else {
            t.conflict = round(t.conflict + e.weight);
        }
    }
    tallies.sort_by(|a, b| a.category.cmp(&b.category));
    tallies
}

/// Every quote of every article, in catalog order.
pub fn quotes(bundle: &Bundle) -> Quotes {
    let quotes = bundle
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| quote_metas(a, i as u32))
        .collect();
    Quotes {
        schema_version: bundle.schema_version,
        input_digest: bundle.build.input_digest.clone(),
        quotes,
    }
}

/// An article's quotes, as the quotes file lists them; `article` is its catalog index.
fn quote_metas(a: &Article, article: u32) -> impl Iterator<Item = QuoteMeta> + '_ {
    a.quotes.iter().map(move |q| QuoteMeta {
        article,
        sentences: q.sentences,
        text: q.span.slice(&a.text).to_string(),
        speaker: q.speaker.as_ref().map(|s| s.name.clone()),
        country: q.speaker.as_ref().and_then(|s| s.country.clone()),
        pairs: quote_pairs(a, q.sentences),
    })
}

/// The pairs whose evidence lies in the sentences `first..=last`, with the weight they draw
/// from them (rounded as every weight), focus pairs first, in the article's order.
fn quote_pairs(a: &Article, (first, last): (u32, u32)) -> Vec<(String, f64)> {
    let mut pairs = Vec::new();
    for x in a.assessments.iter().chain(&a.context) {
        // Evidence is in sentence order: found by halving, not by a pass per quote (quadratic
        // in an article with many quotes).
        debug_assert!(x.evidence.is_sorted_by_key(|e| e.sentence));
        let from = x.evidence.partition_point(|e| e.sentence < first);
        let to = x.evidence.partition_point(|e| e.sentence <= last);
        let mut inside = x.evidence[from..to.max(from)].iter().peekable();
        if inside.peek().is_some() {
            pairs.push((x.pair.clone(), round(inside.map(|e| e.weight).sum())));
        }
    }
    pairs
}

/// The months with dated articles (`YYYY-MM`), in order, with their article counts.
fn months_of<'a>(dates: impl Iterator<Item = Option<&'a str>>) -> Vec<(String, u32)> {
    let mut months: BTreeMap<&str, u32> = BTreeMap::new();
    for m in dates.filter_map(|d| d?.get(..7)) {
        *months.entry(m).or_default() += 1;
    }
    months
        .into_iter()
        .map(|(m, n)| (m.to_string(), n))
        .collect()
}

/// A file name with the hash of its bytes (xxh3, 64 bits): `<stem>-<16 hex digits>.json`.
fn hashed_name(stem: &str, bytes: &[u8]) -> String {
    format!("{stem}-{:016x}.json", xxhash_rust::xxh3::xxh3_64(bytes))
}

struct Parts {
    index: Index,
    index_file: FileRef,
    catalog: Catalog,
    quotes: Quotes,
    shards: Vec<Range<usize>>,
}

/// Where the data files go, each streamed as it is made: a folder ([`write_data_dir`]) or
/// memory ([`split`]). The catalog of 100,000 articles is some 100 MB of JSON: written through,
/// never held.
pub trait DataSink {
    /// Writes one file, whose bytes `write` produces, as `<stem>-<xxh3 of its bytes>.json`.
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef>;
}

pub type Sink<'s> = &'s mut dyn DataSink;

/// A writer that hashes and counts what passes through it, for a file's name and size.
struct Hashing<W> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hashing<W: Write>(inner: W) -> Hashing<W> {
    Hashing {
        inner,
        hash: xxhash_rust::xxh3::Xxh3::new(),
        bytes: 0,
    }
}

/// The files in memory, for tests and [`split`].
struct MemorySink(Vec<DataFile>);

impl DataSink for MemorySink {
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let path = hashed_name(stem, &bytes);
        self.0.push(DataFile {
            name: path.clone(),
            bytes,
        });
        Ok(FileRef {
            path,
            bytes: self.0.last().expect("just pushed").bytes.len() as u64,
        })
    }
}

/// The files in a folder: each written under a scratch name, then renamed to its hashed name.
struct FolderSink<'d> {
    dir: &'d Path,
    names: Vec<String>,
}

impl DataSink for FolderSink<'_> {
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef> {
        let part = self.dir.join(format!(".{stem}.part"));
        // Buffered before the hash: serde_json writes a few bytes at a time.
        let mut w = io::BufWriter::with_capacity(1 << 16, hashing(std::fs::File::create(&part)?));
        write(&mut w)?;
        let w = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        let path = format!("{stem}-{:016x}.json", w.hash.digest());
        std::fs::rename(&part, self.dir.join(&path))?;
        self.names.push(path.clone());
        Ok(FileRef {
            path,
            bytes: w.bytes,
        })
    }
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

/// A file's bytes: `value` as serde_json writes it (the sinks buffer them).
fn json<T: Serialize>(value: &T) -> impl FnMut(&mut dyn Write) -> io::Result<()> + '_ {
    move |w| serde_json::to_writer(w, value).map_err(io::Error::other)
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

/// Writes a data folder at `out` as [`write_data_dir`] does, with the files `make` hands its sink.
fn write_folder(
    out: &Path,
    make: impl FnOnce(Sink<'_>, &mut crate::Stages) -> io::Result<Parts>,
    clock: &mut crate::Stages,
) -> io::Result<Written> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` does not name a folder", out.display()),
            )
        })?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    check_replaceable(out)?;
    std::fs::create_dir_all(&parent)?;
    let (tmp, old) = scratch_names(&parent, &name);
    std::fs::create_dir(&tmp)?;
    let result = fill(&tmp, make, clock).and_then(|written| {
        swap_in(&tmp, out, &old)?;
        Ok(written)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
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

/// Two unused names next to `out`: the new folder while it is written, the old one while it is
/// removed. The counter tells apart two writes of one process (tests run in threads).
fn scratch_names(parent: &Path, name: &str) -> (PathBuf, PathBuf) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    (
        parent.join(format!(".{name}.tmp-{pid}-{n}")),
        parent.join(format!(".{name}.old-{pid}-{n}")),
    )
}

/// Whether `out` may be replaced: absent, an empty folder, or a data folder written here.
fn check_replaceable(out: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let refuse = |why: String| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} {why}; refusing to replace it (remove it or choose another `--out`)",
                out.display()
            ),
        ))
    };
    if !meta.is_dir() {
        return refuse("exists and is not a folder".to_string());
    }
    let mut marked = false;
    let mut entries = 0;
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        entries += 1;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let is_file = entry.file_type()?.is_file();
        if is_file && file_name == MARKER {
            marked = true;
        } else if !(is_file && file_name.ends_with(".json")) {
            return refuse(format!(
                "holds `{file_name}`, which dyad-corpus does not write"
            ));
        }
    }
    if entries > 0 && !marked {
        return refuse(format!(
            "is not a data folder written by dyad-corpus (it has no `{MARKER}` file)"
        ));
    }
    Ok(())
}

/// Writes the marker and every file into `dir`, then syncs them. The syncs come after the last
/// file: the system writes the earlier ones out while the later ones are compiled, and a sync
/// after each file would stop the compiler until its file is on disk.
fn fill(
    dir: &Path,
    make: impl FnOnce(Sink<'_>, &mut crate::Stages) -> io::Result<Parts>,
    clock: &mut crate::Stages,
) -> io::Result<Written> {
    std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
    let mut sink = FolderSink {
        dir,
        names: vec![MARKER.to_string()],
    };
    let parts = make(&mut sink, clock)?;
    clock.restart();
    for name in &sink.names {
        std::fs::File::open(dir.join(name))?.sync_all()?;
    }
    sync_dir(dir)?;
    clock.lap("sync to disk");
    Ok(Written {
        index: parts.index_file,
        files: parts.index.files,
    })
}

/// Puts the folder `new` at `out`, moving a previous `out` aside to `old` and removing it after.
/// If the new folder cannot be moved in, the previous one is moved back.
fn swap_in(new: &Path, out: &Path, old: &Path) -> io::Result<()> {
    // Checked again: a folder may have appeared at `out` while the files were written.
    check_replaceable(out)?;
    let had_previous = std::fs::symlink_metadata(out).is_ok();
    if had_previous {
        std::fs::rename(out, old)?;
    }
    if let Err(e) = std::fs::rename(new, out) {
        if had_previous {
            let _ = std::fs::rename(old, out);
        }
        return Err(e);
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = sync_dir(parent);
    }
    if had_previous {
        // The new folder is in place: a previous one left behind is only clutter.
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Syncs a folder's entries (the names of the files in it), where the platform allows.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{Event, Evidence, Quote, Span, Speaker};

    fn article(text_len: usize) -> Article {
        Article {
            text: "x".repeat(text_len),
            ..Default::default()
        }
    }

    #[test]
    fn shards_close_at_the_article_count_or_the_text_size() {
        assert!(shard_ranges(&[]).is_empty());
        let small: Vec<Article> = (0..300).map(|_| article(10)).collect();
        assert_eq!(shard_ranges(&small), vec![0..128, 128..256, 256..300]);
        // 40 KiB each: the third one takes a shard over 96 KiB and closes it.
        let big: Vec<Article> = (0..7).map(|_| article(40 * 1024)).collect();
        assert_eq!(shard_ranges(&big), vec![0..3, 3..6, 6..7]);
        // A single article longer than the limit has its shard to itself.
        let huge = vec![article(10), article(200 * 1024), article(10)];
        assert_eq!(shard_ranges(&huge), vec![0..2, 2..3]);
        let exact = vec![article(SHARD_TEXT_BYTES), article(1)];
        assert_eq!(shard_ranges(&exact), vec![0..2]);
    }

    fn event(source: &str, target: &str, category: &str, weight: f64) -> Event {
        Event {
            source: source.into(),
            target: target.into(),
            category: category.into(),
            weight,
            ..Default::default()
        }
    }

    #[test]
    fn assessments_keep_their_evidence_and_tally_the_pairs_events() {
        let a = Article {
            text: "“We agree,” he said. More.".into(),
            events: vec![
                event("KH", "CN", "aid", 0.1),
                event("CN", "KH", "aid", 0.2),
                event("KH", "CN", "criticise", -0.3),
                event("KH", "US", "aid", 0.5),
                event("CN", "KH", "aid", 0.0),
                event("KH", "CN", "agree", 0.7),
            ],
            assessments: vec![Assessment {
                pair: "KH-CN".into(),
                score: 0.5,
                confidence: 0.25,
                evidence: vec![
                    Evidence {
                        span: Span::new(0, 4),
                        sentence: 0,
                        events: vec![5, 0, 1, 5, 9],
                        weight: 0.75,
                    },
                    Evidence {
                        span: Span::new(5, 9),
                        sentence: 3,
                        events: vec![],
                        weight: -0.25,
                    },
                ],
                ..Default::default()
            }],
            quotes: vec![Quote {
                span: Span::new(3, 11),
                sentences: (0, 0),
                speaker: Some(Speaker {
                    name: "Hun Manet".into(),
                    country: Some("KH".into()),
                    ..Default::default()
                }),
            }],
            ..Default::default()
        };
        let a_pair = a.assessments[0].pair.clone();
        let bundle = Bundle {
            articles: vec![a],
            ..Default::default()
        };
        let c = catalog(&bundle, &shard_ranges(&bundle.articles));
        let x = &c.articles[0].assessments[0];
        assert_eq!(
            (x.evidence, x.evidence_weight),
            (2, 0.5),
            "two sentences, 0.75 - 0.25"
        );
        let tally = |category: &str, events, cooperation, conflict| CategoryTally {
            category: category.into(),
            events,
            cooperation,
            conflict,
        };
        assert_eq!(
            x.categories,
            vec![
                tally("agree", 1, 0.7, 0.0),
                tally("aid", 3, 0.3, 0.0),
                tally("criticise", 1, 0.0, -0.3)
            ]
        );
        let q = quotes(&bundle);
        // The quote lies in sentence 0, which carries 0.75 of the pair's evidence (not sentence 3's).
        let quote = QuoteMeta {
            article: 0,
            sentences: (0, 0),
            text: "We agree".into(),
            speaker: Some("Hun Manet".into()),
            country: Some("KH".into()),
            pairs: vec![(a_pair.clone(), 0.75)],
        };
        assert_eq!(q.quotes, vec![quote]);
    }

    #[test]
    fn a_shard_file_is_the_models_shard() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let b = crate::compile_dir(&dir).expect("the seeds compile").bundle;
        assert!(b.articles.len() >= 3);
        for articles in [&b.articles[..], &b.articles[1..3], &[]] {
            let file = ShardFile {
                schema_version: 2,
                input_digest: "d\"1",
                articles,
            };
            let model = dyad_model::layout::Shard {
                schema_version: 2,
                input_digest: "d\"1".into(),
                articles: articles.to_vec(),
            };
            let bytes = serde_json::to_vec(&file).unwrap();
            assert!(bytes == serde_json::to_vec(&model).unwrap());
            assert_eq!(
                serde_json::from_slice::<dyad_model::layout::Shard>(&bytes).unwrap(),
                model
            );
        }
    }

    #[test]
    fn refuses_to_replace_what_it_did_not_write() {
        let root = std::env::temp_dir().join(format!("dyad-layout-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        assert!(check_replaceable(&root.join("absent")).is_ok());
        let empty = root.join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check_replaceable(&empty).is_ok());
        let file = root.join("file");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            check_replaceable(&file).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        let foreign = root.join("foreign");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("index-0.json"), "{}").unwrap();
        assert!(check_replaceable(&foreign)
            .unwrap_err()
            .to_string()
            .contains(MARKER));
        std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_replaceable(&foreign).is_ok());
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(check_replaceable(&foreign)
            .unwrap_err()
            .to_string()
            .contains("notes.txt"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
