//! A saved or fetched web page: its metadata from what publishers put in pages, its body by
//! main-content extraction.
//!
//! Metadata, first found wins:
//! - title: `og:title`, JSON-LD `headline`, the page's `<h1>`, `<title>` (less a ` | Site` tail);
//! - source: `og:site_name`, JSON-LD `publisher.name`, the domain of the url;
//! - date: `article:published_time` (and its `itemprop`/`pubdate` kin), JSON-LD
//!   `datePublished`, `<time datetime>`;
//! - url: `link rel=canonical`, `og:url`, JSON-LD `url`, the `<!-- saved from url=… -->` comment a
//!   browser writes into a saved page, the address it was fetched from.
//!
//! The body: boilerplate whose class or id says what it is (ads, share bars, related stories,
//! cookie banners, captions, newsletters) and AMP's own components are removed first; Readability
//! (`dom_smoothie`) then finds the main content, and [`blocks`] turns it into paragraphs.

use crate::text::one_line;
use crate::Draft;
use dom_query::{Document, NodeRef};

/// Fewer characters than this in the extracted body: no article was found.
const MIN_BODY_CHARS: usize = 200;

/// Reads one page. `origin` names it in messages; `fetched_from` is the address it came from,
/// if it was fetched. Errors are the reason it cannot be imported.
pub fn extract(html: &str, origin: &str, fetched_from: Option<&str>) -> Result<Draft, String> {
    let doc = Document::from(html);
    if doc.select("body").text().trim().is_empty() {
        return Err("the page has no text".to_string());
    }
    let ld = json_ld(&doc);
    let meta = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            let sel = format!("meta[property=\"{k}\"], meta[name=\"{k}\"], meta[itemprop=\"{k}\"]");
            doc.select(&sel)
                .nodes()
                .iter()
                .filter_map(|n| n.attr("content"))
                .map(|c| one_line(&c))
                .find(|c| !c.is_empty())
        })
    };

    let base = fetched_from
        .map(str::to_string)
        .or_else(|| saved_from(html));
    let resolve = |href: &str| -> Option<String> {
        let joined = match &base {
            Some(b) => url::Url::parse(b).ok()?.join(href.trim()).ok()?,
            None => url::Url::parse(href.trim()).ok()?,
        };
        matches!(joined.scheme(), "http" | "https").then(|| {
            let mut u = joined;
            u.set_fragment(None);
            u.to_string()
        })
    };
    let canonical = doc
        .select("link[rel=\"canonical\"]")
        .attr("href")
        .and_then(|h| resolve(&h));
    let url = canonical
        .or_else(|| meta(&["og:url"]).and_then(|u| resolve(&u)))
        .or_else(|| ld.url.as_deref().and_then(resolve))
        .or_else(|| base.as_deref().and_then(resolve));

    let h1 = || {
        let s = doc.select("article h1, main h1, h1").first().text();
        Some(one_line(&s)).filter(|s| !s.is_empty())
    };
    let site_name = meta(&["og:site_name", "application-name"]).or(ld.publisher.clone());
    let title = meta(&["og:title", "twitter:title"])
        .or(ld.headline.clone())
        .or_else(h1)
        .or_else(|| {
            let t = one_line(&doc.select("title").first().text());
            Some(strip_site(&t, site_name.as_deref())).filter(|t| !t.is_empty())
        })
        .unwrap_or_default();
    let source = site_name
        .or_else(|| url.as_deref().and_then(domain))
        .unwrap_or_default();
    let raw_date = meta(&[
        "article:published_time",
        "datePublished",
        "pubdate",
        "publish-date",
        "parsely-pub-date",
        "dc.date",
        "date",
    ])
    .or(ld.date.clone())
    .or_else(|| {
        let t = doc.select("article time[datetime], time[datetime]").first();
        t.attr("datetime").map(|d| d.to_string())
    });

    strip_boilerplate(&doc);
    let mut reader = dom_smoothie::Readability::with_document(doc, None, None)
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = reader
        .parse()
        .map_err(|_| "no article body found".to_string())?;
    let mut paragraphs = blocks(&Document::fragment(article.content.to_string()));
    // Readability keeps the headline at the top of the content; the title is in the front matter.
    while paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    let body = paragraphs.join("\n\n");
    if body.chars().count() < MIN_BODY_CHARS {
        return Err(format!(
            "no article body found (only {} characters of text after removing navigation and boilerplate)",
            body.chars().count()
        ));
    }
    Draft::new(origin, title, source, raw_date, url, body)
}

/// What the page's JSON-LD says about its article (the first `Article`-like object wins).
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

fn json_ld(doc: &Document) -> LinkedData {
    let mut objects = Vec::new();
    for script in doc.select("script[type=\"application/ld+json\"]").nodes() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(script.text().trim()) {
            flatten(v, &mut objects);
        }
    }
    let is_article = |o: &serde_json::Value| {
        let types: Vec<&str> = match &o["@type"] {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|t| t.as_str()).collect(),
            _ => Vec::new(),
        };
        types
            .iter()
            .any(|t| t.ends_with("Article") || *t == "BlogPosting")
    };
    let Some(a) = objects.iter().find(|o| is_article(o)) else {
        return LinkedData::default();
    };
    let text = |v: &serde_json::Value| v.as_str().map(one_line).filter(|s| !s.is_empty());
    let publisher = match &a["publisher"] {
        serde_json::Value::Array(list) => list.first().and_then(|p| text(&p["name"])),
        p => text(&p["name"]).or_else(|| text(p)),
    };
    LinkedData {
        headline: text(&a["headline"]),
        publisher,
        date: text(&a["datePublished"]),
        url: text(&a["url"]).or_else(|| text(&a["mainEntityOfPage"]["@id"])),
    }
}

/// JSON-LD objects from arrays and `@graph` lists, in document order.
fn flatten(v: serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        serde_json::Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                flatten(graph, out);
            }
            out.push(serde_json::Value::Object(o));
        }
        _ => {}
    }
}

/// The address in `<!-- saved from url=(0042)https://… -->`, which browsers write into a page
/// saved with "Save page as…".
fn saved_from(html: &str) -> Option<String> {
    let at = html.get(..4096.min(html.len()))?.find("saved from url=(")?;
    let rest = &html[at + "saved from url=(".len()..];
    let rest = &rest[rest.find(')')? + 1..];
    let end = rest.find("-->")?;
    let end = rest[..end].find(char::is_whitespace).unwrap_or(end);
    Some(rest[..end].to_string())
}

/// `example.com` from `https://www.example.com/a`.
fn domain(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_string();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// `Headline | Site` or `Headline - Site` less the site's name.
fn strip_site(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if site.is_none_or(|s| tail.trim().eq_ignore_ascii_case(s.trim())) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
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
fn strip_boilerplate(doc: &Document) {
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
    fn saved_from_comment() {
        assert_eq!(
            saved_from("<!DOCTYPE html>\n<!-- saved from url=(0031)https://example.com/a-b.html-->\n<html>")
                .as_deref(),
            Some("https://example.com/a-b.html")
        );
        assert_eq!(saved_from("<html>"), None);
    }

    #[test]
    fn title_tails() {
        assert_eq!(
            strip_site("Talks resume | Khmer Daily", Some("Khmer Daily")),
            "Talks resume"
        );
        assert_eq!(strip_site("Talks resume - Site", None), "Talks resume");
        assert_eq!(strip_site("A - B | Other", Some("Site")), "A - B | Other");
    }

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
}
