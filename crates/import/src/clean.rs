//! What is not the story, and the story's paragraphs: boilerplate found by tag, role and the
//! words of its class or id (ads, share bars, related stories, cookie banners, captions,
//! newsletters) and AMP's own components; label lines ("Advertisement", "Read more: …"); and the
//! nesting limits that keep a crafted page from exhausting the stack.

use crate::text::one_line;
use dom_query::{Document, NodeRef};

/// News pages nest elements a few dozen deep. Far deeper ones (a crafted or broken page) would
/// exhaust the stack of the recursive passes here and in Readability, and take quadratic time.
pub const MAX_DEPTH: usize = 512;

/// The most tags open at once in the raw text, counting every start tag but the void ones
/// (`<br>`, `<img>`…) and every end tag: an upper bound on the parsed nesting, give or take tags
/// the parser closes by itself.
pub fn rough_depth(html: &str) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"param",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in (0..b.len()).filter(|&i| b[i] == b'<') {
        match b.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[at + 1..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |n| at + 1 + n);
                let name = b[at + 1..name_end].to_ascii_lowercase();
                // Only a bounded stretch is searched for the tag's end: no quadratic scan.
                let tail = &b[at..b.len().min(at + 2048)];
                let self_closing = tail
                    .iter()
                    .position(|&c| c == b'>')
                    .is_some_and(|e| tail[e - 1] == b'/');
                if !VOID.contains(&name.as_slice()) && !self_closing {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// How deep the document's elements nest, counted without recursion.
pub fn depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        if d <= MAX_DEPTH {
            stack.extend(
                node.children_it(false)
                    .filter(|c| c.is_element())
                    .map(|c| (c, d + 1)),
            );
        }
    }
    deepest
}

/// Words in a class or id that mark a block as not the story.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adsbygoogle",
    "advert",
    "advertisement",
    "author",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comments",
    "consent",
    "cookie",
    "copyright",
    "cookies",
    "credit",
    "footer",
    "gdpr",
    "menu",
    "meta",
    "nav",
    "newsletter",
    "outbrain",
    "paywall",
    "popular",
    "promo",
    "recommended",
    "related",
    "share",
    "sharing",
    "sidebar",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "taboola",
    "tags",
    "trending",
    "widget",
];

/// Elements never part of the text.
const DROPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "figure",
    "figcaption",
    "picture",
    "img",
    "svg",
    "video",
    "audio",
    "source",
    "select",
    "input",
    "label",
    "dialog",
];

fn is_boilerplate(n: &NodeRef) -> bool {
    let name = n
        .node_name()
        .map(|t| t.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(name.as_str(), "html" | "body" | "main" | "article") {
        return false;
    }
    if DROPPED_TAGS.contains(&name.as_str()) || name.starts_with("amp-") {
        return true;
    }
    if n.attr("aria-hidden").is_some_and(|v| &*v == "true") || n.has_attr("hidden") {
        return true;
    }
    let marks = |attr: &str| {
        n.attr(attr).is_some_and(|v| {
            v.to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| BOILERPLATE_WORDS.contains(&w))
        })
    };
    let role = n.attr("role").map(|r| r.to_ascii_lowercase());
    let by_role = matches!(
        role.as_deref(),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alertdialog")
    );
    // A container of the story itself is never dropped for a word in its class.
    (by_role || marks("class") || marks("id"))
        && !n.descendants_it().any(|d| {
            d.node_name().is_some_and(|t| {
                t.eq_ignore_ascii_case("article") || t.eq_ignore_ascii_case("main")
            })
        })
}

/// Removes the blocks that are not the story, outermost first.
pub fn strip_boilerplate(doc: &Document) {
    let Some(body) = doc.body() else { return };
    let doomed: Vec<NodeRef> = body
        .descendants_it()
        .filter(|n| n.is_element() && is_boilerplate(n))
        .collect();
    for n in doomed {
        n.remove_from_parent();
    }
}

/// Paragraphs whose whole text is a label, not the story.
fn is_boilerplate_line(p: &str) -> bool {
    let lower = p.to_lowercase();
    let lower = lower.trim_end_matches([':', '.', '…']);
    matches!(
        lower,
        "advertisement"
            | "sponsored"
            | "scroll to continue with content"
            | "share"
            | "share this"
            | "related"
            | "related stories"
            | "read more"
            | "continue reading"
            | "comments"
    ) || [
        "read more:",
        "read also:",
        "also read:",
        "related:",
        "see also:",
        "©",
        "copyright ©",
        "copyright (c)",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
        || (lower.starts_with("the post ") && lower.contains(" appeared first on "))
}

/// The text of an HTML tree as paragraphs: one per block element (`p`, headings, list items,
/// quotes…) or run of text between `<br>`s, each on one line; captions, images, scripts and
/// other boilerplate skipped.
pub fn blocks(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    walk(&doc.root(), &mut line, &mut out);
    flush(&mut line, &mut out);
    out
}

fn walk(node: &NodeRef, line: &mut String, out: &mut Vec<String>) {
    for child in node.children_it(false) {
        if child.is_text() {
            line.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        if is_boilerplate(&child) {
            continue;
        }
        let name = child
            .node_name()
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        if name == "br" {
            flush(line, out);
            continue;
        }
        let block = matches!(
            name.as_str(),
            "p" | "div"
                | "section"
                | "article"
                | "main"
                | "header"
                | "blockquote"
                | "pre"
                | "ul"
                | "ol"
                | "li"
                | "dl"
                | "dt"
                | "dd"
                | "table"
                | "tr"
                | "td"
                | "th"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
        );
        if block {
            flush(line, out);
        }
        walk(&child, line, out);
        if block {
            flush(line, out);
        }
    }
}

fn flush(line: &mut String, out: &mut Vec<String>) {
    let p = one_line(line);
    line.clear();
    if !p.is_empty() && !is_boilerplate_line(&p) {
        out.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_not_paragraphs() {
        for l in [
            "ADVERTISEMENT",
            "Read more: Ream base opens",
            "The post X appeared first on Y.",
        ] {
            assert!(is_boilerplate_line(l), "{l}");
        }
        assert!(!is_boilerplate_line("Readers said more was needed."));
    }

    #[test]
    fn nesting_is_measured_without_recursion() {
        let deep = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(3000),
            "</div>".repeat(3000)
        );
        assert_eq!(depth(&Document::from(deep.as_str())), MAX_DEPTH + 1);
        assert!(rough_depth(&deep) >= 3000);
        let flat = "<p>a<br>b<img src=x><br/>c</p><p>d</p><span/>";
        assert_eq!(rough_depth(flat), 1);
    }
}
