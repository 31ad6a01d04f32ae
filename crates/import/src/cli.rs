//! The `dyad-corpus import` command's arguments and output. The compiler's command line hands
//! over the arguments after `import` and, for `--filter`, a function making the filter from its
//! codebook, so that this crate needs nothing of the compiler.

use crate::{fetch, import_paths, Filter, Options, Outcome, Report};
use std::path::PathBuf;

pub const USAGE: &str = "\
  dyad-corpus import <PATH>… --into <DIR>  saved web pages (.html, .htm; folders: their pages and feeds) and
                                           RSS/Atom files into article files DIR/DATE_slug.txt
  dyad-corpus import --feeds <FILE> --into <DIR>
                                           fetch the feeds a TOML file lists (see the README) and import them
    --dry-run                              print what would be written; write nothing
    --summaries                            import a feed item that carries only a summary, with the summary
    --filter                               keep only articles naming both countries of a focus pair";

/// Runs `import` with the arguments after it. `filter` makes the `--filter` filter.
pub fn run(args: &[String], filter: &dyn Fn() -> Result<Filter, String>) -> Result<(), String> {
    let usage = |why: &str| format!("error: {why}\nusage:\n{USAGE}");
    let mut opts = Options::default();
    let (mut into, mut feeds, mut paths, mut filtered) = (None, None, Vec::new(), false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--into" => {
                into = Some(PathBuf::from(
                    it.next().ok_or(usage("`--into` needs a folder"))?,
                ))
            }
            "--feeds" => {
                feeds = Some(PathBuf::from(
                    it.next().ok_or(usage("`--feeds` needs a file"))?,
                ))
            }
            "--dry-run" => opts.dry_run = true,
            "--summaries" => opts.summaries = true,
            "--filter" => filtered = true,
            "-h" | "--help" => {
                println!("usage:\n{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with("--") => {
                return Err(usage(&format!("unknown option `{flag}`")))
            }
            path => paths.push(PathBuf::from(path)),
        }
    }
    let into = into.ok_or(usage(
        "`import` needs `--into <DIR>`, the article folder (e.g. seeds/)",
    ))?;
    if filtered {
        opts.filter = Some(filter()?);
    }
    let report = match (feeds, paths.is_empty()) {
        (Some(f), true) => fetch::import_feeds(&f, &into, &opts)?,
        (None, false) => import_paths(&paths, &into, &opts)?,
        (Some(_), false) => {
            return Err(usage(
                "give either files to import or `--feeds <FILE>`, not both",
            ))
        }
        (None, true) => {
            return Err(usage(
                "nothing to import: give saved pages or feed files, or `--feeds <FILE>`",
            ))
        }
    };
    print(&report, opts.dry_run);
    let taken = report
        .outcomes
        .iter()
        .filter(|o| !matches!(o, Outcome::Failed { .. }))
        .count();
    // Some inputs failing is normal for a day's feeds; every input failing is an error.
    if taken == 0 && report.failures() > 0 {
        return Err(format!(
            "error: nothing could be imported ({} input(s) failed)",
            report.failures()
        ));
    }
    Ok(())
}

/// Each outcome on a line (stdout for what is written, stderr for the rest), then a summary.
fn print(report: &Report, dry_run: bool) {
    let mut counts = [0usize; 5];
    for o in &report.outcomes {
        let slot = match o {
            Outcome::Written { .. } | Outcome::WouldWrite { .. } => 0,
            Outcome::Duplicate { .. } => 1,
            Outcome::SummaryOnly { .. } | Outcome::Filtered { .. } => 2,
            Outcome::NotModified { .. } => 3,
            Outcome::Failed { .. } => 4,
        };
        counts[slot] += 1;
        if slot == 0 {
            println!("{o}");
        } else {
            eprintln!("{o}");
        }
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    eprintln!(
        "import: {verb} {} article(s); {} already present, {} skipped, {} feed(s) unchanged, {} could not be imported",
        counts[0], counts[1], counts[2], counts[3], counts[4]
    );
}
