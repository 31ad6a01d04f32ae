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
//! The body: boilerplate is removed first ([`crate::clean`]); Readability (`dom_smoothie`) then
//! finds the main content, and [`blocks`] turns it into paragraphs.

use crate::clean::{blocks, depth, rough_depth, strip_boilerplate, MAX_DEPTH};
use crate::text::one_line;
use crate::Draft;
use dom_query::Document;

/// Fewer characters than this in the extracted body: no article was found.
const MIN_BODY_CHARS: usize = 200;

/// Reads one page. `origin` names it in messages; `fetched_from` is the address it came from,
/// if it was fetched. Errors are the reason it cannot be imported.
pub fn extract(html: &str, origin: &str, fetched_from: Option<&str>) -> Result<Draft, String> {
    // html5ever's tree builder takes time in the square of the nesting: a page far too deep is
    // refused before it is parsed (unclosed `<p>`s and `<li>`s count here, hence the margin).
    if rough_depth(html) > 8 * MAX_DEPTH {
        return Err(format!(
            "elements nested over {} deep: not a news page",
            8 * MAX_DEPTH
        ));
    }
    let doc = Document::from(html);
    let depth = depth(&doc);
    if depth > MAX_DEPTH {
        return Err(format!(
            "elements nested {depth} deep (at most {MAX_DEPTH} are read): not a news page"
        ));
    }
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

    // The story's own heading before one in the masthead; the story's own date likewise.
    let h1 = || {
        ["article h1", "main h1", "h1"].iter().find_map(|sel| {
            let s = one_line(&doc.select(sel).first().text());
            (!s.is_empty()).then_some(s)
        })
    };
    let site_name = meta(&["og:site_name", "application-name"]).or(ld.publisher.clone());
    // Some sites put their name after the headline in og:title as well.
    let title = meta(&["og:title", "twitter:title"])
        .map(|t| match &site_name {
            Some(site) => strip_site(&t, Some(site)),
            None => t,
        })
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
        // Microdata on any element (`<time itemprop="datePublished" content=…>`), then the
        // story's `<time>`.
        let by = |sel: &str, attr: &str| doc.select(sel).first().attr(attr);
        by("[itemprop=\"datePublished\"][content]", "content")
            .or_else(|| by("[itemprop=\"datePublished\"][datetime]", "datetime"))
            .or_else(|| by("article time[datetime]", "datetime"))
            .or_else(|| by("time[datetime]", "datetime"))
            .map(|d| d.to_string())
    });

    strip_boilerplate(&doc);
    let mut reader = dom_smoothie::Readability::with_document(doc, None, None)
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = reader
        .parse()
        .map_err(|_| "no article body found".to_string())?;
    let mut paragraphs = blocks(&Document::fragment(article.content.to_string()));
    // Readability keeps the headline, and often the byline and the date, at the top of the
    // content: the front matter holds them.
    while paragraphs
        .first()
        .is_some_and(|p| *p == title || is_byline(p) || is_dateline(p))
    {
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

/// `By Sok Chenda`, `By Dara Lim and Chea Vannak, Reuters`: a short line naming the writers.
fn is_byline(p: &str) -> bool {
    let words = p.split_whitespace().count();
    p.strip_prefix("By ").is_some_and(|rest| {
        rest.starts_with(char::is_uppercase) && words <= 10 && !p.ends_with('.')
    })
}

/// A line that is only the date: `March 12, 2024`, `Published: 2024-03-12 08:15`, `Updated …`.
fn is_dateline(p: &str) -> bool {
    if p.chars().count() > 80 {
        return false;
    }
    let rest = ["Published", "Updated", "Posted", "Last updated"]
        .iter()
        .find_map(|w| p.strip_prefix(w))
        .map(|r| r.trim_start_matches([':', ' ', 'o', 'n']))
        .unwrap_or(p);
    crate::text::parse_date(rest).is_some()
        || crate::text::parse_date(rest.split(" at ").next().unwrap_or(rest)).is_some()
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
    fn bylines_and_datelines() {
        for p in ["By Sok Chenda", "By Dara Lim and Chea Vannak, Mekong Wire"] {
            assert!(is_byline(p), "{p}");
        }
        for p in [
            "By the end of the year, the pier will be finished.",
            "Byways matter",
        ] {
            assert!(!is_byline(p), "{p}");
        }
        for p in [
            "March 12, 2024",
            "Published: 2024-03-12 08:15",
            "Updated on March 12, 2024",
        ] {
            assert!(is_dateline(p), "{p}");
        }
        assert!(!is_dateline(
            "March 12, 2024 was the day Cambodia and China signed the deal."
        ));
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
}
