//! Dyad's corpus compiler: a folder of article files in, one versioned [`Bundle`] out.
//!
//! The pipeline runs one way: [`source`] reads and validates the files, [`actors`] finds who is
//! named where, and [`bundle`] assembles the result. Every span points into an article's body as
//! it stands in its file.

pub mod actors;
pub mod bundle;
pub mod diagnostic;
pub mod source;

use diagnostic::Diagnostic;
use dyad_model::Bundle;
use std::path::Path;

pub use bundle::build_bundle;

/// What a successful compile gives: the bundle and the warnings met on the way.
#[derive(Debug)]
pub struct Compiled {
    pub bundle: Bundle,
    pub warnings: Vec<Diagnostic>,
}

/// Reads every `*.txt` article in `dir` and compiles them. On any error, returns all the
/// diagnostics (errors and warnings) and no bundle.
pub fn compile_dir(dir: &Path) -> Result<Compiled, Vec<Diagnostic>> {
    let files = source::list_articles(dir).map_err(|d| vec![d])?;
    let mut articles = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::with_capacity(files.len());
    for path in &files {
        let shown = path.display().to_string();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                diagnostics.push(Diagnostic::error(&shown, format!("cannot read the file: {e}")));
                continue;
            }
        };
        match source::parse_article(&name, &shown, &bytes) {
            Ok((article, warnings)) => {
                diagnostics.extend(warnings);
                articles.push(article);
            }
            Err(errors) => diagnostics.extend(errors),
        }
        inputs.push((name, bytes));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let bundle = build_bundle(articles, &inputs);
    Ok(Compiled { bundle, warnings: diagnostics })
}

/// Serialises a bundle. The same bundle always gives the same bytes.
pub fn to_json(bundle: &Bundle) -> String {
    serde_json::to_string(bundle).expect("a bundle always serialises")
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader sees either the previous file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
