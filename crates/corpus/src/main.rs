//! `dyad-corpus`: the command line of the corpus compiler.
//!
//! ```text
//! dyad-corpus build <DIR> --out <OUTDIR>     compile the articles of DIR into the site's data folder
//! dyad-corpus build <DIR> --bundle <FILE>    … or into one JSON bundle (both may be given)
//! dyad-corpus build <DIR> --out <OUTDIR> --from <YYYY-MM> --to <YYYY-MM> [--pair <KH-CN>]
//!                                            … only the articles of a period (and assessing a pair)
//! dyad-corpus check <DIR>                    validate, print diagnostics and a summary
//! dyad-corpus explain <FILE>                 the audit view of one article
//! dyad-corpus eval <DIR> [GOLD]              score DIR's judgements against an analyst's gold
//! dyad-corpus eval <DIR> --reviews           … or against the analysts' reviews (DIR/reviews.toml)
//! dyad-corpus generate <N> --out <DIR>        write N invented news-like articles (benchmarks, tests)
//! ```
//! Options for every command: `--codebook <FILE>` (a TOML codebook replacing the built-in one),
//! `--focus <CODE>` (the focus country for this build, overriding the codebook's `[focus]`).
//!
//! The data folder (see `dyad_corpus::layout`) is what the site reads: an index, a catalog, the
//! quotes and shards of full articles. It replaces the folder a previous build wrote, whole or not
//! at all; an existing folder or file it did not write is refused. The single bundle is kept for
//! tools that read one file (the evaluation scorer).

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use dyad_corpus::diagnostic::Diagnostic;
use dyad_corpus::{Codebook, Options, Selection};
use dyad_digest::period::{Month, Period};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  dyad-corpus build <DIR> --out <OUTDIR>   compile the articles (*.txt) of DIR into the site's data folder
                                           (index, catalog, quotes, shards; replaces a previous one whole)
  dyad-corpus build <DIR> --bundle <FILE>  compile them into one JSON bundle instead (or as well)
  dyad-corpus build <DIR> --out <OUTDIR> [--from <YYYY-MM>] [--to <YYYY-MM>] [--pair <PAIR>]
                                           only the articles dated within the months (inclusive; undated
                                           ones left out) and, with --pair (e.g. KH-CN), assessing that pair
  dyad-corpus check <DIR>                  validate the articles, print diagnostics and a summary
  dyad-corpus explain <FILE>               each sentence with its actors, quotes, events and flags
  dyad-corpus eval <DIR> [GOLD]            compile DIR and score it against a gold file (default
                                           DIR/gold.json): pair F1, stance accuracy, MAE, evidence
  dyad-corpus eval <DIR> --reviews         score the machine's judgements against the analysts' pair reviews
                                           (DIR/reviews.toml): labels agreed, score difference, missed pairs
  dyad-corpus generate <N> --out <DIR>     write N invented news-like articles into a new folder DIR
                                           (for benchmarks and tests; never mistake them for news)
  dyad-corpus import <PATH>… --into <DIR>  saved web pages and RSS/Atom files into new article files in DIR
  dyad-corpus import --feeds <FILE> --into <DIR>
                                           fetch the feeds a TOML file lists and import their articles
                                           (--dry-run, --summaries, --filter: `dyad-corpus import --help`)
options:
  --codebook <FILE>                        use this TOML codebook instead of the built-in one
  --focus <CODE>                           the focus country (ISO 3166 alpha-2) for this build, overriding
                                           the codebook's [focus] country (KH in the built-in one)
  --max-article-bytes <N>                  the largest article file read (default 8 MiB; a warning above 1 MiB)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    // `import` has its own options (dyad-import's); the codebook only names `--filter`'s countries.
    #[cfg(feature = "import")]
    if args.first().is_some_and(|a| a == "import") {
        return import(&args[1..]);
    }
    // Options first, then the command's own arguments.
    let mut rest: Vec<&str> = Vec::new();
    let mut codebook_path = None;
    let mut focus: Option<String> = None;
    let mut max_article_bytes = None;
    let mut out = None;
    let mut bundle_out = None;
    let (mut from, mut to, mut pair) = (None, None, None);
    let mut against_reviews = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--codebook" => {
                codebook_path = Some(
                    it.next()
                        .ok_or(format!("error: `--codebook` needs a file\n{USAGE}"))?
                        .clone(),
                )
            }
            "--focus" => {
                focus = Some(
                    it.next()
                        .ok_or(format!("error: `--focus` needs a country code\n{USAGE}"))?
                        .clone(),
                )
            }
            "--max-article-bytes" => {
                let n = it.next().ok_or(format!(
                    "error: `--max-article-bytes` needs a number\n{USAGE}"
                ))?;
                max_article_bytes = Some(n.parse::<u64>().map_err(|_| {
                    format!(
                        "error: `--max-article-bytes` takes a number of bytes, not `{n}`\n{USAGE}"
                    )
                })?);
            }
            "--out" => {
                out = Some(
                    it.next()
                        .ok_or(format!("error: `--out` needs a folder\n{USAGE}"))?
                        .clone(),
                )
            }
            "--bundle" => {
                bundle_out = Some(
                    it.next()
                        .ok_or(format!("error: `--bundle` needs a file\n{USAGE}"))?
                        .clone(),
                )
            }
            "--from" => from = Some(parse_month("--from", it.next())?),
            "--to" => to = Some(parse_month("--to", it.next())?),
            "--pair" => {
                pair = Some(
                    it.next()
                        .ok_or("error: --pair takes two country codes, e.g. KH-CN")?
                        .clone(),
                )
            }
            "--reviews" => against_reviews = true,
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => rest.push(other),
        }
    }
    let codebook = match &codebook_path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("error: cannot read the codebook {p}: {e}"))?;
            Codebook::parse_file(p, &text).map_err(|e| e.to_string().trim_end().to_string())?
        }
        None => Codebook::builtin(),
    };
    let focus = focus.unwrap_or_else(|| codebook.focus.clone());
    if codebook.country_index(&focus).is_none() {
        return Err(format!("error: the focus country `{focus}` is not in the codebook\n  = help: pass an ISO code the codebook defines, e.g. `--focus KH`"));
    }
    let selection = selection(&parse_pair(&codebook, &focus, pair.as_deref())?, from, to)?;
    let mut opts = Options::with_focus(codebook, &focus);
    if let Some(n) = max_article_bytes {
        opts.limits.max_bytes = n;
        opts.limits.warn_bytes = opts.limits.warn_bytes.min(n);
    }
    let streamed_build =
        matches!(rest.as_slice(), ["build", _]) && bundle_out.is_none() && out.is_some();
    if !selection.is_all() && !streamed_build {
        return Err(format!("error: `--from`, `--to` and `--pair` are for `build <DIR> --out <OUTDIR>` only\n{USAGE}"));
    }
    if against_reviews && !matches!(rest.as_slice(), ["eval", _]) {
        return Err(format!(
            "error: `--reviews` is for `eval <DIR> --reviews` only (without a gold file)\n{USAGE}"
        ));
    }
    match rest.as_slice() {
        ["build", dir] => {
            if out.is_none() && bundle_out.is_none() {
                return Err(format!("error: `build` needs `--out <OUTDIR>` (the data folder) or `--bundle <FILE>`\n{USAGE}"));
            }
            if bundle_out.is_none() {
                // Streamed: one shard of full articles at a time, whatever the corpus' size.
                let out = PathBuf::from(out.expect("checked above"));
                let c =
                    dyad_corpus::compile_dir_selected_into(Path::new(dir), &opts, &selection, &out)
                        .map_err(|d| report_failure(&d, dir))?;
                print_diagnostics(&c.warnings);
                print_written(&out, c.articles, &c.written);
                return Ok(());
            }
            let compiled = compile(Path::new(dir), &opts)?;
            let articles = compiled.bundle.articles.len();
            if let Some(out) = out.map(PathBuf::from) {
                let w =
                    dyad_corpus::layout::write_data_dir(&out, &compiled.bundle).map_err(|e| {
                        format!("error: cannot write the data folder {}: {e}", out.display())
                    })?;
                print_written(&out, articles, &w);
            }
            if let Some(path) = bundle_out.map(PathBuf::from) {
                // An output over an input would replace an article with the bundle.
                let inputs = dyad_corpus::source::list_articles(Path::new(dir)).unwrap_or_default();
                let same = |a: &Path| {
                    std::fs::canonicalize(a)
                        .ok()
                        .zip(std::fs::canonicalize(&path).ok())
                        .is_some_and(|(a, b)| a == b)
                };
                if inputs.iter().any(|i| same(i)) {
                    return Err(format!("error: {} is one of the articles; refusing to write the bundle over it\n  = help: give `--bundle` a path outside the article folder", path.display()));
                }
                // Streamed into the file: the JSON is several times the text, never held whole.
                let bytes = dyad_corpus::write_json_atomic(&path, &compiled.bundle)
                    .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
                eprintln!(
                    "wrote {} ({articles} articles, {bytes} bytes)",
                    path.display()
                );
            }
            Ok(())
        }
        ["generate", n] => {
            let n: usize = n.parse().map_err(|_| {
                format!("error: `generate` takes a number of articles, not `{n}`\n{USAGE}")
            })?;
            let Some(out) = out.map(PathBuf::from) else {
                return Err(format!("error: `generate` needs `--out <DIR>`\n{USAGE}"));
            };
            if out.exists() {
                return Err(format!("error: {} exists; `generate` writes a new folder only\n  = help: name a folder that does not exist yet", out.display()));
            }
            std::fs::create_dir_all(&out)
                .map_err(|e| format!("error: cannot create {}: {e}", out.display()))?;
            let mut bytes = 0;
            for (name, text) in dyad_corpus::sample::corpus(n) {
                let file = out.join(
                    Path::new(&name)
                        .file_name()
                        .expect("generated names end in a file name"),
                );
                std::fs::write(&file, &text)
                    .map_err(|e| format!("error: cannot write {}: {e}", file.display()))?;
                bytes += text.len();
            }
            eprintln!(
                "wrote {n} generated articles ({bytes} bytes) into {}",
                out.display()
            );
            Ok(())
        }
        ["check", dir] => {
            let compiled = compile(Path::new(dir), &opts)?;
            let b = &compiled.bundle;
            let s = &b.stats;
            println!(
                "ok: {} articles ({} stories) from {} sources, {} bytes of text, dated {} to {}",
                s.articles,
                s.stories,
                s.sources,
                s.bytes,
                s.first_date.as_deref().unwrap_or("?"),
                s.last_date.as_deref().unwrap_or("?")
            );
            println!(
                "    {} sentences, {} quotes, {} events, {} warning(s)",
                s.sentences,
                s.quotes,
                s.events,
                compiled.warnings.len()
            );
            if let Some(line) = dyad_corpus::review::summary(b) {
                println!("    {line}");
            }
            let catalog =
                dyad_corpus::layout::catalog(b, &dyad_corpus::layout::shard_ranges(&b.articles));
            let quotes = dyad_corpus::layout::quotes(b);
            let pairs = dyad_digest::period::summaries(
                &b.focus_pairs,
                &b.codebook.thresholds,
                &catalog,
                &quotes.quotes,
                &dyad_digest::period::Period::ALL,
            );
            for p in pairs.iter().filter(|p| p.focus) {
                println!(
                    "    {}: {} ({:+.2}) from {} stories, {} articles",
                    p.pair,
                    p.stance.map_or("no stance", |s| s.as_str()),
                    p.score,
                    p.stories,
                    p.articles
                );
            }
            Ok(())
        }
        ["explain", file] => {
            let path = Path::new(file);
            let (bytes, warning) = dyad_corpus::source::read_article(path, &opts.limits)
                .map_err(|d| format!("{d}"))?;
            print_diagnostics(&warning.into_iter().collect::<Vec<_>>());
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match dyad_corpus::source::parse_article(&name, file, &bytes) {
                Ok((article, warnings)) => {
                    print_diagnostics(&warnings);
                    print!("{}", dyad_corpus::explain::explain(&opts, article));
                    Ok(())
                }
                Err(errors) => {
                    print_diagnostics(&errors);
                    Err(format!("error: {} error(s) in {file}", errors.len()))
                }
            }
        }
        ["eval", dir] if against_reviews => {
            print!(
                "{}",
                dyad_corpus::eval::reviews::eval_reviews(Path::new(dir), &opts)?
            );
            Ok(())
        }
        ["eval", dir, gold @ ..] if gold.len() <= 1 => {
            let dir = Path::new(dir);
            let gold = gold.first().map_or(dir.join("gold.json"), PathBuf::from);
            let (_, scores) = dyad_corpus::eval::eval_dir(dir, &gold, &opts)?;
            print!("{}", scores.report());
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    }
}

/// A month flag's value, `YYYY-MM`.
fn parse_month(flag: &str, value: Option<&String>) -> Result<Month, String> {
    value
        .filter(|v| v.len() == 7)
        .and_then(|v| Month::parse(v))
        .ok_or_else(|| {
            let got = value.map_or(String::new(), |v| format!(" (not `{v}`)"));
            format!("error: {flag} takes a month YYYY-MM, e.g. 2024-01{got}")
        })
}

/// The pair of `--pair` as the articles' assessments name it: upper case, the focus country
/// first, otherwise alphabetical (`cn-kh` gives `KH-CN`); both codes must be the codebook's.
fn parse_pair(
    codebook: &Codebook,
    focus: &str,
    pair: Option<&str>,
) -> Result<Option<String>, String> {
    let Some(pair) = pair else { return Ok(None) };
    let upper = pair.to_ascii_uppercase();
    let (a, b) = upper
        .split_once('-')
        .filter(|(a, b)| {
            a.len() == 2
                && b.len() == 2
                && a != b
                && (a.to_string() + b).bytes().all(|c| c.is_ascii_uppercase())
        })
        .ok_or(format!(
            "error: --pair takes two different country codes, e.g. KH-CN (not `{pair}`)"
        ))?;
    for code in [a, b] {
        if codebook.country_index(code).is_none() {
            return Err(format!(
                "error: --pair {pair}: `{code}` is not a country of the codebook"
            ));
        }
    }
    Ok(Some(dyad_corpus::stance::pair_key(focus, a, b)))
}

/// The articles `build` keeps: `from` and `to` inclusive, and the pair.
fn selection(
    pair: &Option<String>,
    from: Option<Month>,
    to: Option<Month>,
) -> Result<Selection, String> {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(format!(
                "error: --from {} is after --to {}",
                f.key(),
                t.key()
            ));
        }
    }
    Ok(Selection {
        period: Period { from, to },
        pair: pair.clone(),
    })
}

/// Compiles and prints every diagnostic; on errors, says how many and fails.
fn compile(dir: &Path, opts: &Options) -> Result<dyad_corpus::Compiled, String> {
    match dyad_corpus::compile_dir_with(dir, opts) {
        Ok(compiled) => {
            print_diagnostics(&compiled.warnings);
            Ok(compiled)
        }
        Err(diagnostics) => Err(report_failure(&diagnostics, &dir.display().to_string())),
    }
}

/// Prints the diagnostics of a failed compile; the message to exit with.
fn report_failure(diagnostics: &[Diagnostic], dir: &str) -> String {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    format!("error: {errors} error(s) in {dir}; nothing was written")
}

fn print_written(out: &Path, articles: usize, w: &dyad_corpus::layout::Written) {
    let shard_bytes: u64 = w.files.shards.iter().map(|s| s.bytes).sum();
    eprintln!("wrote {} ({articles} articles):", out.display());
    eprintln!("  index    {} ({} bytes)", w.index.path, w.index.bytes);
    eprintln!(
        "  catalog  {} ({} bytes)",
        w.files.catalog.path, w.files.catalog.bytes
    );
    eprintln!(
        "  quotes   {} ({} bytes)",
        w.files.quotes.path, w.files.quotes.bytes
    );
    eprintln!(
        "  shards   {} files ({shard_bytes} bytes in all)",
        w.files.shards.len()
    );
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// `import`: saved pages, feed files or fetched feeds into an article folder (`dyad-import`).
/// `--filter` keeps articles naming both countries of a focus pair, by the codebook's names.
#[cfg(feature = "import")]
fn import(args: &[String]) -> Result<(), String> {
    let (mut codebook_path, mut focus, mut rest) = (None, None, Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--codebook" => {
                codebook_path = Some(it.next().ok_or("error: `--codebook` needs a file")?)
            }
            "--focus" => focus = Some(it.next().ok_or("error: `--focus` needs a country code")?),
            _ => rest.push(a.clone()),
        }
    }
    let filter = || {
        let codebook = match codebook_path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| format!("error: cannot read the codebook {p}: {e}"))?;
                Codebook::parse_file(p, &text).map_err(|e| e.to_string().trim_end().to_string())?
            }
            None => Codebook::builtin(),
        };
        let focus = focus.cloned().unwrap_or_else(|| codebook.focus.clone());
        let opts = Options::with_focus(codebook, &focus);
        let cb = &opts.codebook;
        // A country's name, its aliases, and its actors' (leaders, institutions).
        let names = |code: &str| -> Vec<String> {
            let countries = cb.countries.iter().filter(|c| c.code == code);
            let actors = cb.actors.iter().filter(|a| a.country == code);
            countries
                .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases))
                .chain(actors.flat_map(|a| &a.aliases))
                .cloned()
                .collect()
        };
        let pairs = opts.focus_pairs.iter().filter_map(|p| {
            let (a, b) = p.split_once('-')?;
            Some((p.clone(), names(a), names(b)))
        });
        Ok(dyad_import::Filter {
            pairs: pairs.collect(),
        })
    };
    dyad_import::cli::run(&rest, &filter)
}
