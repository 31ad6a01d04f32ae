//! `dyad-briefing.html`: the whole app and its data in one self-contained file.

use super::csp::{insert_csp, CSP_SINGLE};
use super::data::escape_attr;
use super::{DATA_DIR, SINGLE_FILE};
use crate::Result;
use base64::Engine;
use std::path::Path;

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
pub(super) fn data_scripts(dir: &Path) -> Result<String> {
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
pub(super) fn json_script(path: &str, json: &str) -> String {
    let text = json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    format!(
        "<script type=\"application/json\" data-dyad-path=\"{}\">{text}</script>",
        escape_attr(path)
    )
}

/// A `<link>` of the page, as it stands in the single file.
pub(super) fn inline_link(dir: &Path, tag: &str) -> Result<String> {
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
pub(super) fn inline_css_urls(dir: &Path, css: &str) -> Result<String> {
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

pub(super) fn data_url(dir: &Path, name: &str) -> Result<String> {
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
pub(super) fn strip_exports(js: &str) -> String {
    js.lines()
        .filter(|l| !l.starts_with("export {") && !l.starts_with("export default"))
        .map(|l| l.strip_prefix("export ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn attr(tag: &str, name: &str) -> Option<String> {
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

pub(super) fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

/// `/dyad/app-123.js` and `./app-123.js` give `app-123.js`.
pub(super) fn file_name(url: &str) -> String {
    url.rsplit('/').next().unwrap_or(url).to_string()
}
