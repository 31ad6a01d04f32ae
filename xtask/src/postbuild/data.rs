//! The articles compiled into `data/`, and the page's meta tags naming the index and the day.

use super::{is_data_index, DATA_DIR};
use crate::{project_root, say, Result};
use std::path::{Path, PathBuf};

/// Compiles the articles (`seeds/`, or `$DYAD_SEEDS`; codebook `$DYAD_CODEBOOK`) into `data/` of
/// the staging folder with the corpus compiler's CLI, built natively in release. On bad input the
/// compiler's diagnostics are printed and the build fails. Returns the index's path relative to
/// the page, `data/index-<hash>.json`.
pub(super) fn compile_data(staging: &Path) -> Result<String> {
    let root = project_root();
    let seeds = std::env::var_os("DYAD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("seeds"));
    let out = staging.join(DATA_DIR.trim_end_matches('/'));
    say(
        "post-build",
        &format!("compiling the articles of {} into data/", seeds.display()),
    );
    let mut cmd = crate::corpus_command("build");
    cmd.arg(&seeds).arg("--out").arg(&out);
    if let Some(codebook) = std::env::var_os("DYAD_CODEBOOK") {
        cmd.arg("--codebook").arg(codebook);
    }
    // Relative DYAD_SEEDS and DYAD_CODEBOOK are read from the project root, as Trunk runs there.
    let status = cmd
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo for the corpus compiler: {e}"))?;
    if !status.success() {
        return Err(format!("the articles of {} were not compiled (the compiler's diagnostics are above); the build stops", seeds.display()).into());
    }
    let name = find_data_index(&out)?;
    Ok(format!("{DATA_DIR}{name}"))
}

/// The one `index-<hash>.json` the compiler wrote into `dir`.
pub(super) fn find_data_index(dir: &Path) -> Result<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: {e} (the corpus compiler wrote no data folder)",
            dir.display()
        )
    })? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_data_index(&name) {
            found.push(name);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "{}: no index-<hash>.json; the corpus compiler's output is not a data folder",
            dir.display()
        )
        .into()),
        many => Err(format!(
            "{}: several data indexes ({}); expected one",
            dir.display(),
            many.join(", ")
        )
        .into()),
    }
}

/// Adds the two meta tags the app starts from: where the data index is (relative to the page,
/// so the site works under any sub-path) and the day the data was built.
pub(super) fn insert_meta(html: &str, data_index: &str, date: &str) -> Result<String> {
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    // On lines of their own (Trunk's preload links end without a line break).
    let newline = if html[..at].ends_with('\n') { "" } else { "\n" };
    let meta = format!(
        "{newline}  <meta name=\"dyad-data\" content=\"{}\">\n  <meta name=\"dyad-built\" content=\"{}\">\n",
        escape_attr(data_index),
        escape_attr(date)
    );
    Ok(format!("{}{meta}{}", &html[..at], &html[at..]))
}

pub(super) fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The build's day, `YYYY-MM-DD` in UTC: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
pub(super) fn build_date() -> Result<String> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s.trim().parse::<u64>().map_err(|_| {
            format!("SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not `{s}`")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    Ok(civil_date(secs / 86_400))
}

/// `YYYY-MM-DD` of a count of days since 1970-01-01 (Howard Hinnant's civil-from-days).
pub(super) fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
