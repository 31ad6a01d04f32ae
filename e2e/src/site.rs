//! The built site on disk: where it is, its data files, copies of it to alter.

use std::path::{Path, PathBuf};

/// The folder of the built site.
pub fn dist() -> PathBuf {
    std::env::var_os("DYAD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// Where tests leave screenshots.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The data files of a built site, as its page names them (`<meta name="dyad-data">`).
pub struct SiteData {
    pub index: dyad_model::layout::Index,
    pub catalog: dyad_model::layout::Catalog,
    pub quotes: dyad_model::layout::Quotes,
    /// The data folder (`data/` under the site).
    pub folder: PathBuf,
    /// The index's path as the page names it (`data/index-….json`).
    pub index_path: String,
}

impl SiteData {
    /// The dates of the articles that assess `pair`, in order.
    pub fn dates_of(&self, pair: &str) -> Vec<String> {
        let mut d: Vec<String> = self
            .catalog
            .articles
            .iter()
            .filter(|a| a.assessments.iter().any(|s| s.pair == pair))
            .filter_map(|a| a.date.clone())
            .collect();
        d.sort();
        d
    }

    pub fn read(site: &Path) -> SiteData {
        let html =
            std::fs::read_to_string(site.join("index.html")).expect("the site has an index.html");
        let at = html
            .find("name=\"dyad-data\" content=\"")
            .expect("index.html names its data")
            + "name=\"dyad-data\" content=\"".len();
        let path = &html[at..at + html[at..].find('"').unwrap()];
        let index_file = site.join(path);
        let folder = index_file.parent().unwrap().to_path_buf();
        let read = |p: &Path| {
            std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let index: dyad_model::layout::Index =
            dyad_model::layout::parse_versioned("index", &read(&index_file)).unwrap();
        let catalog = dyad_model::layout::parse_versioned(
            "catalog",
            &read(&folder.join(&index.files.catalog.path)),
        )
        .unwrap();
        let quotes = dyad_model::layout::parse_versioned(
            "quotes",
            &read(&folder.join(&index.files.quotes.path)),
        )
        .unwrap();
        SiteData {
            index,
            catalog,
            quotes,
            folder,
            index_path: path.to_string(),
        }
    }
}

/// Copies a built site into a fresh folder (to change its data or remove a file), and removes
/// the copy when dropped.
pub struct SiteCopy(pub PathBuf);

impl SiteCopy {
    pub fn of(site: &Path, name: &str) -> SiteCopy {
        let to = std::env::temp_dir().join(format!("dyad-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&to);
        copy_dir(site, &to);
        SiteCopy(to)
    }
}

impl Drop for SiteCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Page objects in a PDF: `/Type /Page` (with or without the space), not `/Type /Pages`.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    [&b"/Type /Page"[..], &b"/Type/Page"[..]]
        .iter()
        .map(|pat| {
            pdf.windows(pat.len() + 1)
                .filter(|w| w.starts_with(pat) && w[pat.len()] != b's')
                .count()
        })
        .sum()
}

/// The seed articles' ids (file names without `.txt`), sorted.
pub fn seed_ids() -> Vec<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut ids: Vec<String> = std::fs::read_dir(seeds)
        .expect("the seeds folder")
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    assert!(!ids.is_empty(), "seeds/ holds no article");
    ids
}

/// `?from=YYYY-01&to=YYYY-12`: the calendar year of a `YYYY-MM-DD` date.
pub fn year_period(date: &str) -> String {
    let y = &date[..4];
    format!("?from={y}-01&to={y}-12")
}
