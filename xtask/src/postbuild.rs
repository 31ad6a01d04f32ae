//! `cargo xtask post-build`: Trunk's post_build hook. It runs on every Trunk build (so a bare
//! `trunk build`, as in the Pages workflow, gets it too) and finishes the staging folder:
//!
//! - always: the app icons as PNG (drawn here, so they always match `assets/icon.svg`);
//! - release builds only: the service worker `sw.js` precaching every file of the build, a
//!   Content-Security-Policy in `index.html`, and `dyad-briefing.html`, the whole app in one
//!   self-contained file for `file://` and air-gapped briefings.

use crate::Result;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// Files a visitor fetches only on demand: not precached, not counted in the first visit.
pub const ON_DEMAND: [&str; 2] = ["dyad-briefing.html", "dyad-briefing.pdf"];
pub const SINGLE_FILE: &str = "dyad-briefing.html";

/// Everything the site itself needs; each directive is the least the app works with.
const CSP_SITE: &str = "default-src 'self'; script-src 'self' {hashes} 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";
/// The single file loads nothing: everything is inline.
const CSP_SINGLE: &str = "default-src 'none'; script-src {hashes} 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn run() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or("post-build runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)")?;
    let staging = Path::new(&staging);
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    write_icons(staging)?;
    if release {
        write_single_file(staging)?;
        register_service_worker(&staging.join("index.html"))?;
        add_csp(&staging.join("index.html"))?;
        write_service_worker(staging)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Icons

fn write_icons(dir: &Path) -> Result<()> {
    for size in [192u32, 512] {
        std::fs::write(dir.join(format!("icon-{size}.png")), png(size, size, &draw_icon(size)))?;
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
                    let color = if ring(39.0) { WHITE } else if ring(25.0) { GOLD } else { BG };
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
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

// ---------------------------------------------------------------------------------------------
// Service worker

/// Precaches every file of the build; the cache's name is a hash of their contents, so a new
/// build installs a new cache and the old one is removed on activate.
fn write_service_worker(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(dir, dir, &mut files)?;
    files.retain(|f| !ON_DEMAND.contains(&f.as_str()) && f != "sw.js");
    files.sort();
    let mut hasher = Sha256::new();
    for f in &files {
        hasher.update(f.as_bytes());
        hasher.update(std::fs::read(dir.join(f))?);
    }
    let version = hex(&hasher.finalize()[..8]);
    let mut urls = vec!["./".to_string()];
    urls.extend(files.iter().map(|f| format!("./{f}")));
    let list = urls.iter().map(|u| format!("  {u:?}")).collect::<Vec<_>>().join(",\n");
    let sw = SERVICE_WORKER.replace("{version}", &version).replace("{files}", &list);
    std::fs::write(dir.join("sw.js"), sw)?;
    Ok(())
}

/// Registers the worker from the page (relative URL: the scope is wherever the site is served).
fn register_service_worker(index: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index)?;
    let script = "<script>if (\"serviceWorker\" in navigator) navigator.serviceWorker.register(\"./sw.js\");</script>\n</head>";
    std::fs::write(index, html.replacen("</head>", script, 1))?;
    Ok(())
}

const SERVICE_WORKER: &str = r#"// Dyad's service worker, generated by `cargo xtask post-build`: do not edit.
// Precaches every file of this build so the dashboard opens offline after one visit.
const CACHE = "dyad-{version}";
const FILES = [
{files}
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("dyad-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, so a new deploy is seen at once; the cached page when offline.
    event.respondWith(fetch(request).catch(() =>
      caches.match("./index.html").then((hit) => hit || caches.match("./"))));
    return;
  }
  // Built files carry a content hash in their name: the cached copy is always right.
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
});
"#;

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue; // Trunk's own staging folders
        }
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else {
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
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
        .map(|body| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))))
        .collect();
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        template.replace("{hashes}", &hashes.join(" "))
    );
    let at = html.find("<meta charset=\"utf-8\">").map(|i| i + "<meta charset=\"utf-8\">".len()).ok_or("index.html has no <meta charset=\"utf-8\">")?;
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
        let executable = !tag.contains(" src=") && (!tag.contains("type=") || tag.contains("type=\"module\"") || tag.contains("type=module"));
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

/// `dyad-briefing.html`: index.html with the CSS, icon and fonts inlined as data, the JS glue
/// inlined without its exports, and the wasm as base64 handed to the glue's initialiser.
fn write_single_file(dir: &Path) -> Result<()> {
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
                let js_name = between(tag, "from '", "'").ok_or("no wasm-bindgen import in Trunk's loader")?;
                let wasm_name = between(tag, "module_or_path: '", "'").ok_or("no wasm path in Trunk's loader")?;
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
    let html = html.replace("<!--dyad:app-->", &app);
    let html = insert_csp(&html, CSP_SINGLE)?;
    std::fs::write(dir.join(SINGLE_FILE), html)?;
    Ok(())
}

/// A `<link>` of the page, as it stands in the single file.
fn inline_link(dir: &Path, tag: &str) -> Result<String> {
    let rel = attr(tag, "rel").unwrap_or_default();
    let href = attr(tag, "href").unwrap_or_default();
    Ok(match rel.as_str() {
        "stylesheet" => format!("<style>{}</style>", inline_css_urls(dir, &std::fs::read_to_string(dir.join(file_name(&href)))?)?),
        "icon" => format!("<link rel=\"icon\" href=\"{}\">", data_url(dir, &file_name(&href))?),
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
    Ok(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
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
    let end = tag[start..].find([' ', '>', '/']).map_or(tag.len(), |j| start + j);
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
        flate2::read::ZlibDecoder::new(&img[41..41 + idat_len]).read_to_end(&mut raw).unwrap();
        let stride = (w * 4) as usize;
        let mut out: Vec<u8> = Vec::new();
        for y in 0..h as usize {
            let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
            for i in 0..stride {
                let a = if i >= 4 { out[y * stride + i - 4] } else { 0 } as i16;
                let b = if y > 0 { out[(y - 1) * stride + i] } else { 0 } as i16;
                let c = if y > 0 && i >= 4 { out[(y - 1) * stride + i - 4] } else { 0 } as i16;
                let pred = match line[0] {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => {
                        let p = a + b - c;
                        let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                        if pa <= pb && pa <= pc { a } else if pb <= pc { b } else { c }
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
        assert!(out.contains(&format!("script-src 'sha256-{expected}'\"")), "{out}");
        assert_eq!(out.matches("sha256-").count(), 1);
    }

    #[test]
    fn exports_are_stripped() {
        let js = "export class A {}\nexport function f() {}\nfunction g() {}\nexport { initSync, __wbg_init as default };";
        assert_eq!(strip_exports(js), "class A {}\nfunction f() {}\nfunction g() {}");
    }

    #[test]
    fn attributes_quoted_and_unquoted() {
        assert_eq!(attr("<link rel=\"icon\" href=\"/d/i.svg\">", "href").as_deref(), Some("/d/i.svg"));
        assert_eq!(attr("<link rel=stylesheet href=/d/m.css>", "rel").as_deref(), Some("stylesheet"));
    }
}
