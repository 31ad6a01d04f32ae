//! The site under measure: dist/ built or reused, copies of it with generated corpora, and
//! what each holds.

use super::*;

/// dist/ built under /dyad/: reused when its index.html is newer than every input (and its
/// addresses work under /dyad/), else built. Returns it and a line saying which.
pub(super) fn built_site(tools: &crate::toolchain::Tools) -> Result<(PathBuf, String)> {
    let dist = project_root().join("dist");
    let page = dist.join("index.html");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(built), Ok(html)) = (modified(&page), std::fs::read_to_string(&page)) {
        let newest = newest_input()?;
        if built > newest && serves_under_prefix(&html) {
            say(
                "bench-site",
                "reusing dist/: its index.html is newer than every file it is built from",
            );
            return Ok((
                dist,
                format!(
                    "App: the existing dist/ (its index.html is newer than every file under {}).",
                    INPUTS.join(", ")
                ),
            ));
        }
    }
    let started = SystemTime::now();
    match crate::site::build(tools, PREFIX) {
        Ok(dist) => Ok((
            dist,
            format!("App: dist/ built for this run (`cargo xtask build --public-url {PREFIX}`)."),
        )),
        // The build writes dist/ before it checks the size budgets: measure what it wrote.
        Err(e)
            if crate::site::is_over_budget(&e.to_string())
                && modified(&page).is_some_and(|t| t >= started) =>
        {
            say(
                "bench-site",
                &format!("the build is over a size budget; measuring the dist/ it wrote ({e})"),
            );
            Ok((
                dist,
                format!(
                    "App: dist/ built for this run; the build failed its budget check only ({e})."
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The latest modification time of any file the build reads.
pub(super) fn newest_input() -> Result<SystemTime> {
    fn walk(path: &Path, newest: &mut SystemTime) -> std::io::Result<()> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(path)? {
                walk(&entry?.path(), newest)?;
            }
        } else {
            *newest = (*newest).max(meta.modified()?);
        }
        Ok(())
    }
    let mut newest = SystemTime::UNIX_EPOCH;
    for input in INPUTS {
        let path = project_root().join(input);
        if path.exists() {
            walk(&path, &mut newest)?;
        }
    }
    Ok(newest)
}

/// Whether a page's root-relative addresses all lie under [`PREFIX`] (relative ones work anywhere).
pub(super) fn serves_under_prefix(html: &str) -> bool {
    crate::site::root_relative_refs(html)
        .iter()
        .all(|r| r.starts_with(PREFIX))
}

/// The data index the page names: `<meta name="dyad-data" content="data/index-….json">`.
pub(super) fn data_index_path(html: &str) -> Option<&str> {
    let key = "name=\"dyad-data\" content=\"";
    let at = html.find(key)? + key.len();
    Some(&html[at..at + html[at..].find('"')?])
}

/// `text` with the old index's path replaced by the new one's; an error when it does not name it.
pub(super) fn rename_index(text: &str, old: &str, new: &str) -> Result<String> {
    if !text.contains(old) {
        return Err(format!("it does not name {old}").into());
    }
    Ok(text.replace(old, new))
}

/// A copy of the site with the data of `n` generated articles.
pub(super) fn corpus_site(app: &Path, n: usize, work: &Path) -> Result<PathBuf> {
    let articles = work.join(format!("articles-{n}"));
    let site = work.join(format!("site-{n}"));
    say(
        "bench-site",
        &format!("{n} generated articles: dyad-corpus generate, build"),
    );
    corpus(&["generate", &n.to_string(), "--out"], &articles)?;
    copy_dir(app, &site)?;
    let old = data_index_path(&std::fs::read_to_string(site.join("index.html"))?)
        .ok_or("index.html names no data index")?
        .to_string();
    let data = site.join(
        Path::new(&old)
            .parent()
            .ok_or("the data index is in no folder")?,
    );
    std::fs::remove_dir_all(&data)?;
    corpus(&["build", &articles.to_string_lossy(), "--out"], &data)?;
    let _ = std::fs::remove_dir_all(&articles);
    let new = std::fs::read_dir(&data)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| crate::postbuild::is_data_index(n))
        .ok_or("the corpus build wrote no index")?;
    let new = format!(
        "{}/{new}",
        Path::new(&old).parent().unwrap().to_string_lossy()
    );
    for page in ["index.html", "sw.js"] {
        let path = site.join(page);
        let text = rename_index(&std::fs::read_to_string(&path)?, &old, &new)
            .map_err(|e| format!("{page}: {e}"))?;
        std::fs::write(&path, text)?;
    }
    Ok(site)
}

/// `cargo run --release -p dyad-corpus -- ARGS… OUT`; its output goes to stderr, beside the progress.
pub(super) fn corpus(args: &[&str], out: &Path) -> Result<()> {
    let mut cmd = crate::corpus_command(args[0]);
    cmd.args(&args[1..]).arg(out).current_dir(project_root());
    if let Ok(stderr) = std::os::fd::AsFd::as_fd(&std::io::stderr()).try_clone_to_owned() {
        cmd.stdout(Stdio::from(stderr));
    }
    crate::check(cmd.status()?, &format!("dyad-corpus {}", args[0]))
}

pub(super) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A folder of its own under the system's temporary folder, removed when dropped.
pub(super) struct TempDir(pub(super) PathBuf);

impl TempDir {
    pub(super) fn new(name: &str) -> Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// What the site holds

/// The articles (id, shard) and the number of quotes of a site's data, from its files.
pub(super) struct SiteData {
    pub(super) articles: Vec<(String, u64)>,
    pub(super) quotes: usize,
    pub(super) shards: usize,
}

pub(super) fn site_data(site: &Path) -> Result<SiteData> {
    use dyad_model::layout::{parse_versioned, Catalog, Index, Quotes};
    let read = |p: &Path| -> Result<String> {
        std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()).into())
    };
    let index_path = data_index_path(&std::fs::read_to_string(site.join("index.html"))?)
        .ok_or("index.html names no data index")?
        .to_string();
    let index_file = site.join(&index_path);
    let folder = index_file.parent().unwrap();
    let index: Index = parse_versioned("index", &read(&index_file)?)?;
    let catalog: Catalog =
        parse_versioned("catalog", &read(&folder.join(&index.files.catalog.path))?)?;
    let quotes: Quotes = parse_versioned("quotes", &read(&folder.join(&index.files.quotes.path))?)?;
    Ok(SiteData {
        articles: catalog
            .articles
            .into_iter()
            .map(|a| (a.id, u64::from(a.shard)))
            .collect(),
        quotes: quotes.quotes.len(),
        shards: index.files.shards.len(),
    })
}
