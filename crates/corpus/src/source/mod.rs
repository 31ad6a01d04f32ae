//! Reading article files: front matter, validation, and the body kept byte for byte.
//!
//! An article is a UTF-8 text file. It may open with a front matter between two `---` lines:
//!
//! ```text
//! ---
//! title: Cambodia to Send Deminers to Train Ukrainians in Mine Clearance
//! source: CamboJA News
//! date: 2022-11-02
//! url: https://cambojanews.com/…
//! ---
//! The body, verbatim.
//! ```
//!
//! Every byte offset the compiler emits points into the body as it stands after the front matter.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// An article file as read, before any analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceArticle {
    /// File name, e.g. `000_c2ba2c0435569e55.txt`.
    pub file: String,
    /// File name without `.txt`.
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
    pub url: Option<String>,
    /// The body, exactly as in the file after the front matter (a leading BOM dropped).
    pub text: String,
    /// 1-based line of the file on which the body starts (for diagnostics on body offsets).
    pub body_line: usize,
}

const KEYS: [&str; 4] = ["title", "source", "date", "url"];

/// Lists the `*.txt` files of a folder, sorted by name, so builds are reproducible.
pub fn list_articles(dir: &Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(&shown, format!("cannot read the article folder: {e}"))
            .help("pass a folder that holds the article files (*.txt), e.g. `seeds/`")
    })?;
    let mut files = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        // The entry itself, not what a link points to: a link could bring any file of the
        // machine into a public site.
        let kind = entry.file_type().map_err(|e| {
            Diagnostic::error(
                &path.display().to_string(),
                format!("cannot read the entry: {e}"),
            )
        })?;
        if kind.is_symlink() {
            return Err(Diagnostic::error(
                &path.display().to_string(),
                "a symbolic link: only regular files inside the folder are read",
            )
            .help("copy the article into the folder instead of linking to it"));
        }
        if kind.is_file() {
            // The name becomes the article's id: two names that are not UTF-8 could read the
            // same once made text.
            if path.file_name().and_then(|n| n.to_str()).is_none() {
                return Err(Diagnostic::error(
                    &path.display().to_string(),
                    "the file name is not valid UTF-8",
                )
                .help(
                    "rename the file: its name is the article's id and its address in the site",
                ));
            }
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(
            Diagnostic::error(&shown, "the article folder holds no `*.txt` file")
                .help("add articles as UTF-8 text files ending in `.txt`"),
        );
    }
    Ok(files)
}

/// How large an article file may be. A news article is a few to some tens of kilobytes: one far
/// larger is most likely not an article (a book, a data dump, a device), and compile time and
/// data grow with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Above this, a warning naming the file.
    pub warn_bytes: u64,
    /// Above this, an error: the file is not read past it (`dyad-corpus --max-article-bytes N`).
    pub max_bytes: u64,
    /// The compiler's first pass keeps the parsed articles for the second while their text
    /// adds up to at most this (about 120,000 typical articles at the default): opening and
    /// reading every file twice was a fifth of a compile, and what is analysed is then
    /// exactly what was validated and digested. Beyond it the files are read again, so memory
    /// stays bounded whatever the corpus.
    pub kept_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            warn_bytes: 1 << 20,
            max_bytes: 8 << 20,
            kept_text_bytes: 256 << 20,
        }
    }
}

/// Reads an article file, never more than `limits.max_bytes` of it (a device or a growing
/// file included), with a warning when it is unusually large.
pub fn read_article(
    path: &Path,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<Diagnostic>), Diagnostic> {
    use std::io::Read;
    let shown = path.display().to_string();
    let too_large = |n: u64| {
        Diagnostic::error(&shown, format!("the file is over {} bytes, the most an article may have ({n} bytes or more read)", limits.max_bytes))
            .help("split it into articles, or raise the limit with `--max-article-bytes N` if it really is one article")
    };
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    let warning = (bytes.len() as u64 > limits.warn_bytes).then(|| {
        Diagnostic::warning(
            &shown,
            format!(
                "the file is {} bytes, unusually large for a news article",
                bytes.len()
            ),
        )
        .help("check that it is one article; compile time and the site's data grow with it")
    });
    Ok((bytes, warning))
}

/// Parses one article file's bytes. Returns the article and its warnings, or every error found.
pub fn parse_article(
    file_name: &str,
    shown: &str,
    bytes: &[u8],
) -> Result<(SourceArticle, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = utf16(shown, bytes) {
        return Err(vec![d]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| vec![not_utf8(shown, bytes, e)])?;
    let (head, warnings) = parse_text(shown, text)?;
    let body = text[head.body_start..].to_string();
    Ok((head.into_article(file_name, body), warnings))
}

/// [`parse_article`] taking the bytes by value: the body keeps the file's buffer (the front
/// matter is cut off in place) instead of being copied into a new one.
pub fn parse_article_owned(
    file_name: &str,
    shown: &str,
    bytes: Vec<u8>,
) -> Result<(SourceArticle, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = utf16(shown, &bytes) {
        return Err(vec![d]);
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|e| vec![not_utf8(shown, e.as_bytes(), e.utf8_error())])?;
    let (head, warnings) = parse_text(shown, &text)?;
    text.drain(..head.body_start);
    Ok((head.into_article(file_name, text), warnings))
}

/// An article file's front matter, and where its body starts.
struct Head {
    title: String,
    source: String,
    date: Option<String>,
    url: Option<String>,
    /// Byte offset of the body in the file.
    body_start: usize,
    body_line: usize,
}

impl Head {
    fn into_article(self, file_name: &str, text: String) -> SourceArticle {
        SourceArticle {
            file: file_name.to_string(),
            id: file_name
                .strip_suffix(".txt")
                .unwrap_or(file_name)
                .to_string(),
            title: self.title,
            source: self.source,
            date: self.date,
            url: self.url,
            text,
            body_line: self.body_line,
        }
    }
}

mod date;
mod encoding;
mod front_matter;

pub use date::{check_date, EARLIEST_YEAR};
use encoding::{not_utf8, utf16};
use front_matter::parse_text;

#[cfg(test)]
mod tests;
