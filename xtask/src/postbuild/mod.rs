//! `cargo xtask post-build`: Trunk's post_build hook. It runs on every Trunk build (so a bare
//! `trunk build`, as in the Pages workflow, gets it too) and finishes the staging folder:
//!
//! - always: the articles compiled into `data/` by the corpus compiler (natively, in release), the
//!   page's `dyad-data` and `dyad-built` meta tags, and the app icons as PNG (drawn here, so they
//!   always match `assets/icon.svg`);
//! - release builds only: the service worker `sw.js` (from `sw.js` next to this file) precaching
//!   the shell and the data index, a Content-Security-Policy in `index.html`, and
//!   `dyad-briefing.html`, the whole app and its data in one self-contained file for `file://`
//!   and air-gapped briefings.
//!
//! The wasm, its JS and the CSS never contain the data: a data change leaves them byte-identical.

use crate::{project_root, say, Result};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files a visitor fetches only on demand: not precached, not counted in the first visit.
pub const ON_DEMAND: [&str; 2] = ["dyad-briefing.html", "dyad-briefing.pdf"];
pub const SINGLE_FILE: &str = "dyad-briefing.html";
/// The data folder of the build, relative to the page (and to `sw.js`).
pub const DATA_DIR: &str = "data/";

/// Everything the site itself needs; each directive is the least the app works with.
const CSP_SITE: &str = "default-src 'self'; script-src 'self' {hashes} 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";
/// The single file loads nothing: everything is inline.
const CSP_SINGLE: &str = "default-src 'none'; script-src {hashes} 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn run() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .ok_or("post-build runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)")?;
    let staging = Path::new(&staging);
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    write_icons(staging)?;
    let data_index = compile_data(staging)?;
    let page = staging.join("index.html");
    let html = std::fs::read_to_string(&page)?;
    std::fs::write(&page, insert_meta(&html, &data_index, &build_date()?)?)?;
    if release {
        write_single_file(staging)?;
        register_service_worker(&page)?;
        add_csp(&page)?;
        write_service_worker(staging)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Data

/// Compiles the articles (`seeds/`, or `$DYAD_SEEDS`; codebook `$DYAD_CODEBOOK`) into `data/` of
/// the staging folder with the corpus compiler's CLI, built natively in release. On bad input the
/// compiler's diagnostics are printed and the build fails. Returns the index's path relative to
/// the page, `data/index-<hash>.json`.
fn compile_data(staging: &Path) -> Result<String> {
    let root = project_root();
    let seeds = std::env::var_os("DYAD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("seeds"));
    let out = staging.join(DATA_DIR.trim_end_matches('/'));
    say(
        "post-build",
        &format!("compiling the articles of {} into data/", seeds.display()),
    );
    let mut cmd = Command::new("cargo");
    cmd.args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "dyad-corpus",
        "--",
        "build",
    ])
    .arg(&seeds)
    .arg("--out")
    .arg(&out);
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
fn find_data_index(dir: &Path) -> Result<String> {
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
fn insert_meta(html: &str, data_index: &str, date: &str) -> Result<String> {
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

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The build's day, `YYYY-MM-DD` in UTC: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
fn build_date() -> Result<String> {
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
fn civil_date(days: u64) -> String {
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

// ---------------------------------------------------------------------------------------------
// Icons

fn write_icons(dir: &Path) -> Result<()> {
    for size in [192u32, 512] {
        std::fs::write(
            dir.join(format!("icon-{size}.png")),
            png(size, size, &draw_icon(size)),
        )?;
    }
    Ok(())
}

/// The icon of `assets/icon.svg` (64×64 units): a navy rounded square with two interlocking
/// rings, gold and white. Small sizes are supersampled 4×4 to smooth the edges; large ones need
/// no smoothing, and their four flat colours compress to a third.
fn draw_icon(size: u32) -> Vec<u8> {
    let ss = if size < 256 { 4 } else { 1 };
    const BG: [f32; 3] = [0x1f as f32, 0x3a as f32, 0x5f as f32];
    const GOLD: [f32; 3] = [0xf2 as f32, 0xc1 as f32, 0x4e as f32];
    const WHITE: [f32; 3] = [255.0, 255.0, 255.0];
    let scale = 64.0 / size as f32;
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (mut acc, mut alpha) = ([0f32; 3], 0f32);
            for sy in 0..ss {
                for sx in 0..ss {
                    let u = (x as f32 + (sx as f32 + 0.5) / ss as f32) * scale;
                    let v = (y as f32 + (sy as f32 + 0.5) / ss as f32) * scale;
                    if !in_rounded_square(u, v, 64.0, 12.0) {
                        continue;
                    }
                    let ring = |cx: f32| ((u - cx).hypot(v - 32.0) - 14.0).abs() <= 2.5;
                    let color = if ring(39.0) {
                        WHITE
                    } else if ring(25.0) {
                        GOLD
                    } else {
                        BG
                    };
                    for c in 0..3 {
                        acc[c] += color[c];
                    }
                    alpha += 1.0;
                }
            }
            let n = alpha.max(1.0);
            rgba.extend(acc.iter().map(|c| (c / n).round() as u8));
            rgba.push((alpha / (ss * ss) as f32 * 255.0).round() as u8);
        }
    }
    rgba
}

fn in_rounded_square(u: f32, v: f32, side: f32, r: f32) -> bool {
    let cx = u.clamp(r, side - r);
    let cy = v.clamp(r, side - r);
    (0.0..=side).contains(&u) && (0.0..=side).contains(&v) && (u - cx).hypot(v - cy) <= r
}

/// A minimal PNG encoder: 8-bit RGBA, no filtering, zlib-compressed.
fn png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(rgba.len() + height as usize);
    for row in rgba.chunks(width as usize * 4) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).unwrap();
    let idat = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr), (b"IDAT", &idat), (b"IEND", &Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        out.extend_from_slice(&chunk);
        out.extend(crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---------------------------------------------------------------------------------------------
// Service worker

/// The worker's source, a real JS file; [`service_worker`] fills in the version and the lists.
const SERVICE_WORKER: &str = include_str!("sw.js");

/// Writes `sw.js`: it precaches the shell and the data index ([`precached`]); the cache is named
/// after the worker's scope and a hash of what it precaches, so a new build installs a new cache.
fn write_service_worker(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(dir, dir, &mut files)?;
    files.sort();
    let precache: Vec<&String> = files.iter().filter(|f| precached(f)).collect();
    let mut hasher = Sha256::new();
    for f in &precache {
        hasher.update(f.as_bytes());
        hasher.update(std::fs::read(dir.join(f))?);
    }
    let version = hex(&hasher.finalize()[..8]);
    let mut urls = vec!["./".to_string()];
    urls.extend(precache.iter().map(|f| format!("./{f}")));
    let data: Vec<String> = files
        .iter()
        .filter(|f| f.starts_with(DATA_DIR) && !precached(f))
        .map(|f| format!("./{f}"))
        .collect();
    std::fs::write(dir.join("sw.js"), service_worker(&version, &urls, &data)?)?;
    Ok(())
}

/// Whether the worker precaches a file of the build: the shell and the data index, not the
/// other data files (read on demand, cached then), the single file, the PDF or the worker itself.
pub fn precached(name: &str) -> bool {
    if let Some(data) = name.strip_prefix(DATA_DIR) {
        return is_data_index(data);
    }
    !ON_DEMAND.contains(&name) && name != "sw.js"
}

/// `index-<hash>.json`, the one data file the first page needs.
pub fn is_data_index(name: &str) -> bool {
    name.starts_with("index-") && name.ends_with(".json") && !name.contains('/')
}

/// `sw.js` with the version and the two lists of URLs substituted.
fn service_worker(version: &str, precache: &[String], data: &[String]) -> Result<String> {
    let list = |urls: &[String]| {
        if urls.is_empty() {
            "[]".to_string()
        } else {
            format!(
                "[\n{}\n]",
                urls.iter()
                    .map(|u| format!("  {}", js_string(u)))
                    .collect::<Vec<_>>()
                    .join(",\n")
            )
        }
    };
    let mut sw = SERVICE_WORKER.to_string();
    for (placeholder, value) in [
        ("\"__DYAD_VERSION__\"", js_string(version)),
        ("/*__DYAD_PRECACHE__*/ []", list(precache)),
        ("/*__DYAD_DATA__*/ []", list(data)),
    ] {
        if sw.matches(placeholder).count() != 1 {
            return Err(format!("xtask/src/sw.js must hold `{placeholder}` exactly once").into());
        }
        sw = sw.replacen(placeholder, &value, 1);
    }
    let header = "// Generated by `cargo xtask post-build` from xtask/src/sw.js: do not edit.\n";
    Ok(format!("{header}{sw}"))
}

/// A JS (and JSON) string literal.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Registers the worker from the page (relative URL: the scope is wherever the site is served).
fn register_service_worker(index: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index)?;
    let script = "<script>if (\"serviceWorker\" in navigator) navigator.serviceWorker.register(\"./sw.js\");</script>\n</head>";
    std::fs::write(index, html.replacen("</head>", script, 1))?;
    Ok(())
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue; // Trunk's own staging folders
        }
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy

/// Adds a CSP meta tag allowing exactly the inline scripts the page has (by hash).
fn add_csp(index: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index)?;
    let html = insert_csp(&html, CSP_SITE)?;
    std::fs::write(index, html)?;
    Ok(())
}

fn insert_csp(html: &str, template: &str) -> Result<String> {
    let hashes: Vec<String> = inline_scripts(html)
        .into_iter()
        .map(|body| {
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))
            )
        })
        .collect();
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        template.replace("{hashes}", &hashes.join(" "))
    );
    let at = html
        .find("<meta charset=\"utf-8\">")
        .map(|i| i + "<meta charset=\"utf-8\">".len())
        .ok_or("index.html has no <meta charset=\"utf-8\">")?;
    Ok(format!("{}\n  {meta}{}", &html[..at], &html[at..]))
}

/// The bodies of the executable inline `<script>` elements (classic or module).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut base = 0;
    while let Some(i) = rest.find("<script") {
        let open_end = match rest[i..].find('>') {
            Some(j) => i + j + 1,
            None => break,
        };
        let tag = &rest[i..open_end];
        let close = match rest[open_end..].find("</script>") {
            Some(j) => open_end + j,
            None => break,
        };
        let executable = !tag.contains(" src=")
            && (!tag.contains("type=")
                || tag.contains("type=\"module\"")
                || tag.contains("type=module"));
        if executable {
            out.push(&html[base + open_end..base + close]);
        }
        base += close + "</script>".len();
        rest = &html[base..];
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Single-file export

/// `dyad-briefing.html`: index.html with the CSS, icon and fonts inlined as data, every data file
/// as a JSON script, the JS glue inlined without its exports, and the wasm as base64 handed to
/// the glue's initialiser.
pub(crate) fn write_single_file(dir: &Path) -> Result<()> {
    let index = std::fs::read_to_string(dir.join("index.html"))?;
    let mut html = String::with_capacity(index.len());
    let mut rest = index.as_str();
    let mut glue = None;
    // Rebuild the page tag by tag: only <link> and <script> tags change.
    while let Some(i) = rest.find(['<']) {
        html.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<link") {
            let end = rest.find('>').ok_or("unclosed <link>")? + 1;
            let tag = &rest[..end];
            html.push_str(&inline_link(dir, tag)?);
            rest = &rest[end..];
        } else if rest.starts_with("<script") {
            let end = rest.find("</script>").ok_or("unclosed <script>")? + "</script>".len();
            let tag = &rest[..end];
            if tag.contains("TrunkApplicationStarted") || tag.contains("import init") {
                let js_name = between(tag, "from '", "'")
                    .ok_or("no wasm-bindgen import in Trunk's loader")?;
                let wasm_name = between(tag, "module_or_path: '", "'")
                    .ok_or("no wasm path in Trunk's loader")?;
                glue = Some((file_name(js_name), file_name(wasm_name)));
                html.push_str("<!--dyad:app-->");
            } else if !tag.contains(" src=") {
                html.push_str(tag);
            }
            rest = &rest[end..];
        } else {
            html.push('<');
            rest = &rest[1..];
        }
    }
    html.push_str(rest);

    let (js_name, wasm_name) = glue.ok_or("Trunk's loader script was not found in index.html")?;
    let js = std::fs::read_to_string(dir.join(&js_name))?;
    let wasm = std::fs::read(dir.join(&wasm_name))?;
    let app = format!(
        "<script type=\"application/octet-stream\" id=\"dyad-wasm\">{}</script>\n<script type=\"module\">{}\n\
         const bytes = Uint8Array.from(atob(document.getElementById(\"dyad-wasm\").textContent), (c) => c.charCodeAt(0));\n\
         await __wbg_init({{ module_or_path: bytes }});\n</script>",
        base64::engine::general_purpose::STANDARD.encode(&wasm),
        strip_exports(&js)
    );
    let html = html.replace("<!--dyad:app-->", &format!("{}{app}", data_scripts(dir)?));
    let html = insert_csp(&html, CSP_SINGLE)?;
    std::fs::write(dir.join(SINGLE_FILE), html)?;
    Ok(())
}

/// Every file of `data/` as a JSON script element the app reads instead of fetching the file
/// (it looks them up by `data-dyad-path`, the path the page's meta tag and the index use).
fn data_scripts(dir: &Path) -> Result<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir.join(DATA_DIR.trim_end_matches('/')))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        // Not the compiler's marker file `.dyad-data`: the JSON files only.
        if name.ends_with(".json") && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let mut out = String::new();
    for name in names {
        let json = std::fs::read_to_string(dir.join(DATA_DIR).join(&name))
            .map_err(|e| format!("{DATA_DIR}{name}: {e}"))?;
        out.push_str(&json_script(&format!("{DATA_DIR}{name}"), &json));
        out.push('\n');
    }
    Ok(out)
}

/// A data file inline. JSON scripts are not executable (no CSP hash needed); their text may not
/// contain `</script` nor open an HTML comment, so `</` becomes `<\/` and `<!--` becomes
/// `\u003c!--`: `<` only occurs inside JSON strings, where both escapes mean the same text.
fn json_script(path: &str, json: &str) -> String {
    let text = json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    format!(
        "<script type=\"application/json\" data-dyad-path=\"{}\">{text}</script>",
        escape_attr(path)
    )
}

/// A `<link>` of the page, as it stands in the single file.
fn inline_link(dir: &Path, tag: &str) -> Result<String> {
    let rel = attr(tag, "rel").unwrap_or_default();
    let href = attr(tag, "href").unwrap_or_default();
    Ok(match rel.as_str() {
        "stylesheet" => format!(
            "<style>{}</style>",
            inline_css_urls(dir, &std::fs::read_to_string(dir.join(file_name(&href)))?)?
        ),
        "icon" => format!(
            "<link rel=\"icon\" href=\"{}\">",
            data_url(dir, &file_name(&href))?
        ),
        // Preloads, the manifest: nothing to fetch in a single file.
        _ => String::new(),
    })
}

/// Replaces `url(…)` references to files of the build with data URLs.
fn inline_css_urls(dir: &Path, css: &str) -> Result<String> {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let end = rest.find(')').ok_or("unclosed url( in CSS")?;
        let target = rest[..end].trim().trim_matches(['"', '\'']);
        if target.starts_with("data:") || target.starts_with('#') {
            out.push_str(&rest[..end]);
        } else {
            out.push_str(&format!("\"{}\"", data_url(dir, &file_name(target))?));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

fn data_url(dir: &Path, name: &str) -> Result<String> {
    let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
    let mime = match name.rsplit('.').next().unwrap_or("") {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    };
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The wasm-bindgen glue (`--target web`) as a plain script body: `export` keywords and the
/// export list removed, so it can run inline with no module to import.
fn strip_exports(js: &str) -> String {
    js.lines()
        .filter(|l| !l.starts_with("export {") && !l.starts_with("export default"))
        .map(|l| l.strip_prefix("export ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(v) = between(tag, &format!(" {name}={quote}"), &quote.to_string()) {
            return Some(v.to_string());
        }
    }
    // Unquoted (Trunk may minify attributes).
    let start = tag.find(&format!(" {name}="))? + name.len() + 2;
    let end = tag[start..]
        .find([' ', '>', '/'])
        .map_or(tag.len(), |j| start + j);
    Some(tag[start..end].to_string())
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

/// `/dyad/app-123.js` and `./app-123.js` give `app-123.js`.
fn file_name(url: &str) -> String {
    url.rsplit('/').next().unwrap_or(url).to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_valid_structure() {
        let img = png(2, 1, &[255, 0, 0, 255, 0, 0, 255, 128]);
        assert!(img.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&img[12..16], b"IHDR");
        assert!(img.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "IEND's CRC");
    }

    /// Decodes our PNG (inflate, then undo each row's filter as the PNG spec says) and compares.
    #[test]
    fn png_decodes_to_the_pixels() {
        use std::io::Read;
        let (w, h) = (24u32, 24u32);
        let px = draw_icon(w);
        let img = png(w, h, &px);
        let idat_len = u32::from_be_bytes(img[33..37].try_into().unwrap()) as usize;
        assert_eq!(&img[37..41], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&img[41..41 + idat_len])
            .read_to_end(&mut raw)
            .unwrap();
        let stride = (w * 4) as usize;
        let mut out: Vec<u8> = Vec::new();
        for y in 0..h as usize {
            let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
            for i in 0..stride {
                let a = if i >= 4 { out[y * stride + i - 4] } else { 0 } as i16;
                let b = if y > 0 { out[(y - 1) * stride + i] } else { 0 } as i16;
                let c = if y > 0 && i >= 4 {
                    out[(y - 1) * stride + i - 4]
                } else {
                    0
                } as i16;
                let pred = match line[0] {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => {
                        let p = a + b - c;
                        let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                        if pa <= pb && pa <= pc {
                            a
                        } else if pb <= pc {
                            b
                        } else {
                            c
                        }
                    }
                };
                out.push((i16::from(line[1 + i]) + pred) as u8);
            }
        }
        assert_eq!(out, px);
    }

    #[test]
    fn crc32_matches_the_standard() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn icon_is_opaque_inside_and_transparent_in_the_corner() {
        let px = draw_icon(64);
        assert_eq!(px[3], 0, "the rounded corner is transparent");
        let mid = ((32 * 64 + 32) * 4) as usize;
        assert_eq!(px[mid + 3], 255);
    }

    #[test]
    fn csp_hashes_each_inline_script() {
        let html = "<head><meta charset=\"utf-8\"><script type=\"module\">a()</script><script src=\"x.js\"></script><script type=\"application/octet-stream\">AAAA</script></head>";
        let out = insert_csp(html, "script-src {hashes}").unwrap();
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"a()"));
        assert!(
            out.contains(&format!("script-src 'sha256-{expected}'\"")),
            "{out}"
        );
        assert_eq!(out.matches("sha256-").count(), 1);
    }

    #[test]
    fn meta_tags_name_the_data_index_and_the_day() {
        let html = "<head>\n  <meta charset=\"utf-8\">\n</head>\n<body></body>";
        let out = insert_meta(html, "data/index-0123abcd.json", "2026-11-23").unwrap();
        let head = &out[..out.find("</head>").unwrap()];
        assert!(
            head.contains("<meta name=\"dyad-data\" content=\"data/index-0123abcd.json\">"),
            "{out}"
        );
        assert!(
            head.contains("<meta name=\"dyad-built\" content=\"2026-11-23\">"),
            "{out}"
        );
        assert!(insert_meta("<body></body>", "data/index-x.json", "2026-11-23").is_err());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_515), "2026-03-03");
        assert_eq!(civil_date(1_700_000_000 / 86_400), "2023-11-14");
    }

    #[test]
    fn the_data_index_is_found_alone() {
        let dir = std::env::temp_dir().join(format!("dyad-xtask-data-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "catalog-1.json",
            "quotes-2.json",
            "shard-0000-3.json",
            "index-4.json",
        ] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        assert_eq!(find_data_index(&dir).unwrap(), "index-4.json");
        std::fs::write(dir.join("index-5.json"), "{}").unwrap();
        assert!(find_data_index(&dir).is_err(), "two indexes");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(find_data_index(&dir).is_err(), "no folder");
    }

    /// Text that would end the script element or open an HTML comment is escaped, and the
    /// script's text is still the same JSON value.
    #[test]
    fn inline_json_cannot_close_its_script() {
        let json =
            r#"{"text":"a </script><script>alert(1)</script> <!-- <script> b","list":[1,"</"]}"#;
        let tag = json_script("data/shard-0000-ab.json", json);
        assert!(
            tag.starts_with(
                "<script type=\"application/json\" data-dyad-path=\"data/shard-0000-ab.json\">"
            ),
            "{tag}"
        );
        let body = &tag[tag.find('>').unwrap() + 1..tag.len() - "</script>".len()];
        assert!(
            !body.to_ascii_lowercase().contains("</script") && !body.contains("<!--"),
            "{body}"
        );
        assert_eq!(tag.matches("</script>").count(), 1);
        let back: serde_json::Value = serde_json::from_str(body).unwrap();
        let original: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, original);
    }

    /// The single file's CSP hashes its executable scripts only: the data scripts are JSON.
    #[test]
    fn csp_skips_inline_json_data() {
        let data = json_script("data/index-1.json", r#"{"a":"</b>"}"#);
        let html = format!("<head><meta charset=\"utf-8\"></head><body>{data}<script type=\"module\">run()</script></body>");
        assert_eq!(inline_scripts(&html), vec!["run()"]);
        let out = insert_csp(&html, "script-src {hashes}").unwrap();
        assert_eq!(out.matches("sha256-").count(), 1);
    }

    #[test]
    fn precache_holds_the_shell_and_the_data_index_only() {
        for f in [
            "index.html",
            "dyad-1a.js",
            "dyad-1a_bg.wasm",
            "main-2b.css",
            "atkinson.woff2",
            "icon-192.png",
            "manifest.webmanifest",
            "data/index-3c.json",
        ] {
            assert!(precached(f), "{f}");
        }
        for f in [
            "sw.js",
            "dyad-briefing.html",
            "dyad-briefing.pdf",
            "data/catalog-4d.json",
            "data/quotes-5e.json",
            "data/shard-0000-6f.json",
        ] {
            assert!(!precached(f), "{f}");
        }
    }

    #[test]
    fn service_worker_caches_by_scope_and_version() {
        let sw = service_worker(
            "0123abcd",
            &[
                "./".into(),
                "./index.html".into(),
                "./data/index-9.json".into(),
            ],
            &["./data/shard-0000-8.json".into()],
        )
        .unwrap();
        assert!(!sw.contains("__DYAD_"), "every placeholder is filled in");
        assert!(sw.contains("const VERSION = \"0123abcd\";"), "{sw}");
        assert!(
            sw.contains(
                "const PRECACHE = [\n  \"./\",\n  \"./index.html\",\n  \"./data/index-9.json\"\n];"
            ),
            "{sw}"
        );
        assert!(
            sw.contains("const DATA = [\n  \"./data/shard-0000-8.json\"\n];"),
            "{sw}"
        );
        // The cache name carries the worker's scope, and only this scope's caches are deleted.
        assert!(
            sw.contains("const PREFIX = \"dyad:\" + self.registration.scope + \":\";"),
            "{sw}"
        );
        assert!(sw.contains("const CACHE = PREFIX + VERSION;"), "{sw}");
        assert!(
            sw.contains("name.startsWith(PREFIX) && name !== CACHE"),
            "{sw}"
        );
        assert!(
            sw.contains("{ cache: \"reload\" }"),
            "precache past the HTTP cache"
        );
        assert!(service_worker("x", &[], &[])
            .unwrap()
            .contains("const DATA = [];"));
    }

    /// The generated workers run in node against one shared cache storage: two sites on one
    /// origin (at `/` and at `/dyad/`) never delete each other's caches (`sw_test.js`).
    #[test]
    fn service_worker_keeps_to_its_scope() {
        // node is there wherever setup ran: it installs binaryen and axe-core with npm.
        assert!(
            Command::new("node")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "node runs the worker test: install Node.js"
        );
        let dir = std::env::temp_dir().join(format!("dyad-xtask-sw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let shell = |site: &str| {
            vec![
                "./".to_string(),
                "./index.html".into(),
                "./dyad-1.js".into(),
                format!("./data/index-{site}.json"),
            ]
        };
        let workers = [
            (
                "root-v1.js",
                "1111",
                shell("r1"),
                vec!["./data/shard-0000-r1.json".to_string()],
            ),
            (
                "dyad-v1.js",
                "2222",
                shell("d1"),
                vec!["./data/shard-0000-d1.json".to_string()],
            ),
            (
                "dyad-v2.js",
                "3333",
                shell("d2"),
                vec![
                    "./data/shard-0000-d1.json".to_string(),
                    "./data/shard-0001-d2.json".into(),
                ],
            ),
        ];
        for (name, version, precache, data) in &workers {
            std::fs::write(
                dir.join(name),
                service_worker(version, precache, data).unwrap(),
            )
            .unwrap();
        }
        std::fs::write(dir.join("sw_test.js"), include_str!("sw_test.js")).unwrap();
        let out = Command::new("node")
            .arg("sw_test.js")
            .args(workers.iter().map(|w| w.0))
            .current_dir(&dir)
            .output()
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn js_strings_are_escaped() {
        assert_eq!(js_string(r#"a"b\c</d"#), r#""a\"b\\c\u003c/d""#);
    }

    #[test]
    fn exports_are_stripped() {
        let js = "export class A {}\nexport function f() {}\nfunction g() {}\nexport { initSync, __wbg_init as default };";
        assert_eq!(
            strip_exports(js),
            "class A {}\nfunction f() {}\nfunction g() {}"
        );
    }

    #[test]
    fn attributes_quoted_and_unquoted() {
        assert_eq!(
            attr("<link rel=\"icon\" href=\"/d/i.svg\">", "href").as_deref(),
            Some("/d/i.svg")
        );
        assert_eq!(
            attr("<link rel=stylesheet href=/d/m.css>", "rel").as_deref(),
            Some("stylesheet")
        );
    }
}
