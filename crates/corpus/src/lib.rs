//! Dyad's corpus compiler: a folder of article files in, one versioned [`Bundle`] out, written as
//! the site's data folder or as one JSON file.
//!
//! The pipeline runs one way, one module per stage: [`source`] reads and validates the files,
//! [`text`] finds paragraphs, sentences and words, [`actors`] finds who is named where (from the
//! [`codebook`]), [`quotes`] finds direct quotes and their speakers, [`events`] codes sentences
//! into events between countries, [`stance`] scores each pair per article, [`stories`] groups
//! syndicated copies, and [`bundle`] assembles the result. [`layout`] splits the bundle into the
//! files the site reads (an index, a catalog, the quotes, shards of full articles, each named by
//! its content hash) and writes them as one folder ([`layout::write_data_dir`]). Every JSON
//! file is the model's types through serde_json. [`explain`] prints the audit view.
//! Every span points into an article's body as it stands in its file.

pub mod actors;
pub mod analyze;
pub mod bundle;
pub mod codebook;
pub mod diagnostic;
pub mod eval;
pub mod events;
pub mod explain;
pub mod layout;
pub mod quotes;
pub mod review;
pub mod sample;
pub mod source;
mod stages;
pub mod stance;
pub mod stories;
pub mod text;

use diagnostic::Diagnostic;
use dyad_model::Bundle;
use std::io::Write;
use std::path::Path;

pub use analyze::Options;
pub use codebook::Codebook;
pub use stages::Stages;

/// What a successful compile gives: the bundle and the warnings met on the way.
#[derive(Debug)]
pub struct Compiled {
    pub bundle: Bundle,
    pub warnings: Vec<Diagnostic>,
}

/// Reads every `*.txt` article in `dir` (and the analyst's `reviews.toml` and `annotations.toml`
/// there, when present) and compiles them with the built-in codebook and the default focus. On
/// any error, returns all the diagnostics (errors and warnings) and no bundle.
pub fn compile_dir(dir: &Path) -> Result<Compiled, Vec<Diagnostic>> {
    compile_dir_with(dir, &Options::default())
}

/// [`compile_dir`] with a chosen codebook and focus.
pub fn compile_dir_with(dir: &Path, opts: &Options) -> Result<Compiled, Vec<Diagnostic>> {
    match review::AnalystFiles::read(dir, opts) {
        Ok(analyst) => compile_dir_reviewed(dir, opts, &analyst, Vec::new()),
        Err(d) => compile_dir_reviewed(dir, opts, &review::AnalystFiles::default(), d),
    }
}

/// The machine's own judgements of the articles of `dir`: [`compile_dir_with`] leaving the
/// folder's reviews and annotations out (what `eval` scores against a gold file).
pub fn compile_dir_machine(dir: &Path, opts: &Options) -> Result<Compiled, Vec<Diagnostic>> {
    compile_dir_reviewed(dir, opts, &review::AnalystFiles::default(), Vec::new())
}

fn compile_dir_reviewed(
    dir: &Path,
    opts: &Options,
    analyst: &review::AnalystFiles,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let files = source::list_articles(dir).map_err(|d| vec![d])?;
    let mut inputs = Vec::with_capacity(files.len());
    for path in &files {
        match source::read_article(path, &opts.limits) {
            Ok((bytes, warning)) => {
                inputs.push((path.display().to_string(), bytes));
                diagnostics.extend(warning);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    match compile_sources_with(opts, inputs, analyst) {
        Ok(mut c) if !diagnostics.iter().any(Diagnostic::is_error) => {
            c.warnings.extend(diagnostics);
            Ok(c)
        }
        Ok(_) => Err(diagnostics),
        Err(mut d) => {
            d.extend(diagnostics);
            Err(d)
        }
    }
}

/// Compiles articles already read: `(path as shown in diagnostics, bytes)`. The article's file
/// name is the path's last component. One implementation behind the CLI, `build.rs` and the
/// benchmark.
pub fn compile_sources(
    opts: &Options,
    inputs: Vec<(String, Vec<u8>)>,
) -> Result<Compiled, Vec<Diagnostic>> {
    compile_sources_with(opts, inputs, &review::AnalystFiles::default())
}

/// [`compile_sources`] with the analyst's reviews and annotations ([`review::AnalystFiles`]).
pub fn compile_sources_with(
    opts: &Options,
    inputs: Vec<(String, Vec<u8>)>,
    analyst: &review::AnalystFiles,
) -> Result<Compiled, Vec<Diagnostic>> {
    // Digest the files by name first, so each file's bytes can be handed to its article as
    // it is parsed (the body keeps the file's buffer): the raw input is not held beside the
    // parsed articles and the bundle.
    let inputs: Vec<(String, String, Vec<u8>)> = inputs
        .into_iter()
        .map(|(shown, bytes)| (file_name(&shown), shown, bytes))
        .collect();
    let digest = bundle::input_digest(
        opts,
        inputs
            .iter()
            .map(|(name, _, bytes)| (name.as_str(), bytes.as_slice())),
        analyst,
    );
    let mut articles = Vec::with_capacity(inputs.len());
    let mut diagnostics = Vec::new();
    for (name, shown, bytes) in inputs {
        match source::parse_article_owned(&name, &shown, bytes) {
            Ok((article, warnings)) => {
                diagnostics.extend(warnings);
                articles.push(article);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let bundle = bundle::build_bundle(opts, articles, digest, analyst).map_err(|mut d| {
        d.extend(diagnostics.iter().cloned());
        d
    })?;
    Ok(Compiled {
        bundle,
        warnings: diagnostics,
    })
}

/// What [`compile_dir_into`] gives: the data folder written, and the warnings met on the way.
#[derive(Debug)]
pub struct CompiledInto {
    pub written: layout::Written,
    pub articles: usize,
    pub warnings: Vec<Diagnostic>,
    /// Seconds spent in each stage, in order, for the benchmark to print.
    pub stages: Vec<(&'static str, f64)>,
}

/// Compiles every `*.txt` article in `dir` straight into the site's data folder `out`, holding
/// one shard of full articles at a time (see [`layout::SiteWriter`]), so memory grows with the
/// catalog and, up to [`source::Limits::kept_text_bytes`], the text. Two passes over the files: the first validates every file,
/// digests the input and orders the articles (nothing is written if any file has an error);
/// the second analyses them in that order, from the first pass's parsed articles while their
/// text fits [`source::Limits::kept_text_bytes`] and from the files read again beyond it. Gives the same files as
/// [`layout::write_data_dir`] on the bundle of [`compile_dir_with`].
pub fn compile_dir_into(
    dir: &Path,
    opts: &Options,
    out: &Path,
) -> Result<CompiledInto, Vec<Diagnostic>> {
    compile_dir_selected_into(dir, opts, &Selection::default(), out)
}

/// Which articles a build keeps (`dyad-corpus build --from --to --pair`): those dated within a
/// period of months and, with a pair, those of them that assess it (as a focus or a context
/// pair). The default keeps every article and changes no byte of the output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// Inclusive months; a bounded period keeps dated articles only (as the app's periods do).
    pub period: dyad_digest::period::Period,
    /// A pair key as the articles' assessments name it (`KH-CN`; see [`stance::pair_key`]).
    pub pair: Option<String>,
}

impl Selection {
    pub fn is_all(&self) -> bool {
        self.period.is_all() && self.pair.is_none()
    }

    /// What the selection asks for, for messages: `dated 2024-01 to 2024-12 and assessing KH-CN`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.period.from, self.period.to) {
            (Some(f), Some(t)) => parts.push(format!("dated {} to {}", f.key(), t.key())),
            (Some(f), None) => parts.push(format!("dated {} or later", f.key())),
            (None, Some(t)) => parts.push(format!("dated {} or earlier", t.key())),
            (None, None) => {}
        }
        if let Some(p) = &self.pair {
            parts.push(format!("assessing {p}"));
        }
        if parts.is_empty() {
            "any".to_string()
        } else {
            parts.join(" and ")
        }
    }

    /// Whether an analysed article assesses the selection's pair (always, without one).
    fn keeps(&self, a: &dyad_model::Article) -> bool {
        self.pair
            .as_ref()
            .is_none_or(|p| a.assessments.iter().chain(&a.context).any(|x| x.pair == *p))
    }

    /// The build's input digest with the selection folded in: two selections of one folder are
    /// two builds, and a page never mixes their files. The whole corpus keeps its digest.
    fn digest(&self, digest: String) -> String {
        if self.is_all() {
            return digest;
        }
        let key = format!("{digest}\0{}", self.describe());
        format!(
            "{:016x}",
            codebook::fnv1a(codebook::FNV_OFFSET, key.as_bytes())
        )
    }
}

/// The error of a selection no article matches, told apart from a failure to write.
#[derive(Debug)]
struct NoMatch(String);

impl std::fmt::Display for NoMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoMatch {}

/// An article of the first pass, waiting for the second.
struct Pending<'p> {
    date: Option<String>,
    name: String,
    path: &'p Path,
    /// The parsed article, while [`source::Limits::kept_text_bytes`] allowed keeping it.
    parsed: Option<source::SourceArticle>,
}

/// [`compile_dir_into`] keeping only the articles of a [`Selection`]. Every file is still read
/// and validated (an error anywhere stops the build); the period is applied in the first pass,
/// the pair after each article's analysis, before it reaches the writer: the statistics, the
/// stories and the pairs' judgements are those of the articles written. A selection no article
/// matches is an error, and nothing is written.
pub fn compile_dir_selected_into(
    dir: &Path,
    opts: &Options,
    selection: &Selection,
    out: &Path,
) -> Result<CompiledInto, Vec<Diagnostic>> {
    let mut clock = Stages::default();
    let files = source::list_articles(dir).map_err(|d| vec![d])?;
    let mut digest = bundle::InputDigest::default();
    let (analyst, mut diagnostics) = match review::AnalystFiles::read(dir, opts) {
        Ok(a) => (a, Vec::new()),
        Err(d) => (review::AnalystFiles::default(), d),
    };
    let mut order: Vec<Pending> = Vec::with_capacity(files.len());
    let mut kept_text = 0;
    for path in &files {
        let shown = path.display().to_string();
        let bytes = match source::read_article(path, &opts.limits) {
            Ok((b, warning)) => {
                diagnostics.extend(warning);
                b
            }
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let name = file_name(&shown);
        // `list_articles` sorts the paths of one folder, so the names come in name order.
        digest.add(&name, &bytes);
        match source::parse_article_owned(&name, &shown, bytes) {
            Ok((a, warnings)) => {
                diagnostics.extend(warnings);
                let date = a.date.clone();
                // A reviewed article is analysed here too, so that every review is checked
                // against its article before a byte is written.
                if analyst.reviews.has_article(&a.id) {
                    let mut an = analyze::analyze(opts, a.clone());
                    diagnostics.extend(review::apply(opts, &analyst.reviews, &mut an));
                }
                // Only an article the period selects is worth keeping.
                let selected = selection.period.contains(date.as_deref());
                let room = kept_text + a.text.len() <= opts.limits.kept_text_bytes;
                let parsed = (selected && room).then(|| {
                    kept_text += a.text.len();
                    a
                });
                order.push(Pending {
                    date,
                    name,
                    path,
                    parsed,
                });
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let ids: std::collections::HashSet<String> = files
        .iter()
        .map(|p| article_id(&file_name(&p.display().to_string())))
        .collect();
    diagnostics.extend(analyst.reviews.unknown_articles(&|id| ids.contains(id)));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    order.retain(|p| selection.period.contains(p.date.as_deref()));
    let no_match = || {
        format!(
            "no article matches the selection: none is {}",
            selection.describe()
        )
    };
    if order.is_empty() && !selection.period.is_all() {
        let mut d = diagnostics;
        d.push(Diagnostic::error(&dir.display().to_string(), no_match()).help("choose a period with dated articles (`dyad-corpus check` prints the first and last dates)"));
        return Err(d);
    }
    order.sort_by(|a, b| {
        bundle::article_order(&a.date, &a.name).cmp(&bundle::article_order(&b.date, &b.name))
    });
    analyst.digest_into(&mut digest);
    let digest = selection.digest(digest.finish(opts));
    clock.lap("validate and digest");
    // The articles written: all of `order` unless a pair leaves some out.
    let mut kept = 0;
    let written = layout::write_data_dir_streaming(
        out,
        dyad_model::SCHEMA_VERSION,
        &digest,
        |w, clock| {
            let mut grouping = bundle::StoryGrouping::default();
            let mut tally = bundle::StatsTally::default();
            let (mut analysing, mut writing) = (0.0, 0.0);
            for pending in &mut order {
                let (name, path) = (&pending.name, pending.path);
                let shown = path.display().to_string();
                let changed = || {
                    std::io::Error::other(format!(
                        "{shown} changed while the articles were compiled: build again"
                    ))
                };
                let t = std::time::Instant::now();
                let src = match pending.parsed.take() {
                    Some(src) => src,
                    None => {
                        let (bytes, _) =
                            source::read_article(path, &opts.limits).map_err(|_| changed())?;
                        source::parse_article_owned(name, &shown, bytes)
                            .map_err(|_| changed())?
                            .0
                    }
                };
                let mut an = analyze::analyze(opts, src);
                // Checked in the first pass: a problem now means the file changed since.
                if !review::apply(opts, &analyst.reviews, &mut an).is_empty() {
                    return Err(changed());
                }
                if !selection.keeps(&an.article) {
                    analysing += t.elapsed().as_secs_f64();
                    continue;
                }
                kept += 1;
                grouping.add(&an.article, an.fingerprint);
                tally.add(&an.article);
                let t2 = std::time::Instant::now();
                w.push(an.article)?;
                analysing += (t2 - t).as_secs_f64();
                writing += t2.elapsed().as_secs_f64();
            }
            if kept == 0 && !selection.is_all() {
                return Err(std::io::Error::other(NoMatch(no_match())));
            }
            // `w.push` makes the catalog and quote entries and writes each full shard.
            let shards = w.seconds_writing();
            clock.add("read and analyse", analysing);
            clock.add("catalog and quote entries", writing - shards);
            clock.add("shards: JSON", shards);
            clock.restart();
            let stories = grouping.story_ids();
            clock.lap("stories");
            let mut roots: Vec<&String> = stories.iter().collect();
            roots.sort_unstable();
            roots.dedup();
            let stats = tally.finish(roots.len());
            Ok((
                bundle::head(opts, digest.clone(), stats, &analyst.annotations),
                stories,
            ))
        },
        &mut clock,
    )
    .map_err(|e| {
        let mut d = diagnostics.clone();
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NoMatch>())
        {
            Some(m) => d.push(
                Diagnostic::error(&dir.display().to_string(), m.0.clone())
                    .help("choose another pair or a longer period"),
            ),
            None => d.push(Diagnostic::error(
                &out.display().to_string(),
                format!("cannot write the data folder: {e}"),
            )),
        }
        d
    })?;
    Ok(CompiledInto {
        written,
        articles: kept,
        warnings: diagnostics,
        stages: clock.stages,
    })
}

/// A path's last component, as the article's file name.
fn file_name(shown: &str) -> String {
    Path::new(shown)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string())
}

/// An article's id: its file name without `.txt`.
fn article_id(file_name: &str) -> String {
    file_name
        .strip_suffix(".txt")
        .unwrap_or(file_name)
        .to_string()
}

/// Serialises a bundle with serde_json: the same bundle always gives the same bytes.
pub fn to_json(bundle: &Bundle) -> String {
    // The JSON is several times the text: reserved once, where growing by doubling copied and
    // faulted in the pages again and again (median 0.5 s instead of 0.27 s at 10,000 articles).
    let mut out = Vec::with_capacity(bundle.stats.bytes as usize * 6 + 64 * 1024);
    serde_json::to_writer(&mut out, bundle).expect("a bundle always serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Serialises `bundle` straight into `path` without holding the whole JSON in memory; returns its
/// size in bytes. The same bytes as [`to_json`]. Written through a temporary file created new in
/// the same folder, synced, and renamed, so a reader sees either the previous file or the new
/// one, never half. A `path` that exists as anything but a regular file (a link, a folder, a
/// device) is refused.
pub fn write_json_atomic(path: &Path, bundle: &Bundle) -> std::io::Result<u64> {
    let mut size = 0;
    write_atomic_with(path, |f| {
        // Buffered: serde_json writes a few bytes at a time.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, Counted { inner: f, bytes: 0 });
        serde_json::to_writer(&mut w, bundle)?;
        size = w
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .bytes;
        Ok(())
    })?;
    Ok(size)
}

fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a regular file (a link, a folder or a device); refusing to replace it", path.display()),
            ))
        }
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Removed on drop if anything below fails.
    let mut tmp = tempfile::Builder::new()
        .prefix(".dyad-bundle-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A writer that counts the bytes it passes on.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
