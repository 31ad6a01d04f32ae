//! The article folder an import writes into: what it already holds (by url and by text), and
//! new files written beside the old ones, never over them.

use crate::text::{file_stem, text_key};
use crate::Draft;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The articles of a folder, found by url and by text.
pub struct Store {
    dir: PathBuf,
    urls: HashMap<String, String>,
    texts: HashMap<u64, String>,
    names: std::collections::HashSet<String>,
}

/// Why a draft is not written.
#[derive(Clone, Debug, PartialEq)]
pub enum Duplicate {
    SameUrl(String),
    SameText(String),
}

impl Store {
    /// Reads the `*.txt` files of `dir` (none if it does not exist yet).
    pub fn open(dir: &Path) -> Result<Store, String> {
        let mut store = Store {
            dir: dir.to_path_buf(),
            urls: HashMap::new(),
            texts: HashMap::new(),
            names: Default::default(),
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(store),
            Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".txt") || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            store.names.insert(name.clone());
            // A file that is not UTF-8 is the compiler's to report; here it is only a name taken.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (url, body) = split_front_matter(&text);
            store.remember(url.as_deref(), body, &name);
        }
        Ok(store)
    }

    fn remember(&mut self, url: Option<&str>, body: &str, name: &str) {
        if let Some(u) = url.and_then(url_key) {
            self.urls.entry(u).or_insert_with(|| name.to_string());
        }
        self.texts
            .entry(hash(&text_key(body)))
            .or_insert_with(|| name.to_string());
    }

    /// The file that already holds this article, if one does.
    pub fn duplicate(&self, d: &Draft) -> Option<Duplicate> {
        if let Some(f) = d
            .url
            .as_deref()
            .and_then(url_key)
            .and_then(|u| self.urls.get(&u))
        {
            return Some(Duplicate::SameUrl(f.clone()));
        }
        self.texts
            .get(&hash(&text_key(&d.body)))
            .map(|f| Duplicate::SameText(f.clone()))
    }

    /// The free file name for a draft: `DATE_slug.txt`, `DATE_slug-2.txt` if that is taken.
    pub fn name_for(&self, d: &Draft) -> String {
        let stem = file_stem(d.date.as_deref(), &d.title);
        let mut name = format!("{stem}.txt");
        let mut n = 2;
        while self.names.contains(&name) || self.dir.join(&name).exists() {
            name = format!("{stem}-{n}.txt");
            n += 1;
        }
        name
    }

    /// Takes the draft in under `name`: written (a new file only, never over one) unless
    /// `dry_run`; either way later drafts see it as present.
    pub fn add(&mut self, d: &Draft, name: &str, dry_run: bool) -> Result<PathBuf, String> {
        let path = self.dir.join(name);
        if !dry_run {
            std::fs::create_dir_all(&self.dir)
                .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            file.write_all(d.file_text().as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        self.names.insert(name.to_string());
        self.remember(d.url.as_deref(), &d.body, name);
        Ok(path)
    }
}

/// The `url:` of a front matter, and the body after it.
fn split_front_matter(text: &str) -> (Option<String>, &str) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (None, text);
    }
    let mut at = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut url = None;
    for line in lines {
        at += line.len();
        let l = line.trim_end();
        if l == "---" {
            return (url, &text[at..]);
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.trim().eq_ignore_ascii_case("url") && !v.trim().is_empty() {
                url = Some(v.trim().to_string());
            }
        }
    }
    (url, text)
}

/// A url as compared: scheme and host lower-cased (the parser does it), no `www.`, no
/// fragment, no tracking parameters (`utm_*`), no trailing slash; `http` and `https` alike.
pub fn url_key(url: &str) -> Option<String> {
    let mut u = url::Url::parse(url.trim()).ok()?;
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let host = u.host_str()?.to_string();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let rest = &u[url::Position::BeforePath..];
    Some(format!("{host}{}", rest.trim_end_matches('/')))
}

fn hash(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_without_noise() {
        let a = url_key("https://www.Example.com/news/a/?utm_source=rss#top").unwrap();
        assert_eq!(a, url_key("http://example.com/news/a").unwrap());
        assert_ne!(a, url_key("https://example.com/news/b").unwrap());
        assert_eq!(
            url_key("https://example.com/a?id=3&utm_medium=x").unwrap(),
            "example.com/a?id=3"
        );
    }

    #[test]
    fn front_matter_url_and_body() {
        let (url, body) =
            split_front_matter("---\r\ntitle: T\r\nurl: https://x.org/a\r\n---\r\nBody.\r\n");
        assert_eq!(url.as_deref(), Some("https://x.org/a"));
        assert_eq!(body, "Body.\r\n");
        assert_eq!(
            split_front_matter("No front matter."),
            (None, "No front matter.")
        );
    }
}
