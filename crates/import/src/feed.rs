//! RSS 0.x/1.0/2.0, Atom and JSON Feed files, read by `feed-rs`: one article per item.
//!
//! An item carries the full text when its `content:encoded` (RSS) or `<content>` (Atom) holds at
//! least [`FULL_TEXT_CHARS`] characters of text; otherwise it is "summary only": the feed import
//! fetches its page, a file import lists it and skips it unless `--summaries` is given.

use crate::clean::{blocks, depth, rough_depth, MAX_DEPTH};
use crate::text::one_line;
use crate::Draft;
use dom_query::Document;

/// Less text than this in an item's content: a teaser, not the article.
pub const FULL_TEXT_CHARS: usize = 280;

/// One item of a feed.
#[derive(Debug)]
pub enum Item {
    /// The item carries the article's text.
    Full(Draft),
    /// Only a summary: the draft holds the summary as its body (empty when the item has none),
    /// `link` the page to fetch for the text.
    SummaryOnly { draft: Draft, link: Option<String> },
    /// The item cannot become an article.
    Failed { origin: String, reason: String },
}

/// Whether the bytes look like a feed rather than a web page.
pub fn looks_like_feed(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let feed = head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf");
    feed && !head.contains("<html")
}

/// The items of a feed. `origin` names the feed in messages; `fetched_from` resolves relative
/// links. An error is the reason the whole feed cannot be read.
pub fn items(
    bytes: &[u8],
    origin: &str,
    fetched_from: Option<&str>,
    source_name: Option<&str>,
) -> Result<Vec<Item>, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(fetched_from)
        .build()
        .parse(bytes)
        .map_err(|e| format!("not a readable RSS or Atom feed: {e}"))?;
    if feed.entries.is_empty() {
        return Err("the feed has no items".to_string());
    }
    let feed_title = feed.title.as_ref().map(|t| html_text(&t.content));
    let source = source_name
        .map(str::to_string)
        .or(feed_title)
        .filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for (i, e) in feed.entries.into_iter().enumerate() {
        let title = e
            .title
            .as_ref()
            .map(|t| html_text(&t.content))
            .unwrap_or_default();
        let item_origin = format!("{origin} item {} ({})", i + 1, shorten(&title));
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.clone())
            .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
        let date = e
            .published
            .or(e.updated)
            .map(|d| d.format("%Y-%m-%d").to_string());
        let source = source
            .clone()
            .or_else(|| link.as_deref().and_then(host))
            .unwrap_or_default();
        let content = e
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html_paragraphs)
            .unwrap_or_default();
        let summary = e
            .summary
            .as_ref()
            .map(|s| html_paragraphs(&s.content))
            .unwrap_or_default();
        let full = content.chars().count() >= FULL_TEXT_CHARS;
        let body = if full { content } else { summary };
        let draft = Draft::new(&item_origin, title, source, date, link.clone(), body);
        out.push(match draft {
            Ok(d) if full => Item::Full(d),
            Ok(d) => Item::SummaryOnly { draft: d, link },
            Err(reason) => Item::Failed {
                origin: item_origin,
                reason,
            },
        });
    }
    Ok(out)
}

/// An item's HTML (or plain text) as paragraphs separated by blank lines; nothing when it
/// nests too deep to be an article (see [`crate::clean::MAX_DEPTH`]).
fn html_paragraphs(html: &str) -> String {
    if rough_depth(html) > 8 * MAX_DEPTH {
        return String::new();
    }
    let doc = Document::fragment(html);
    if depth(&doc) > MAX_DEPTH {
        return String::new();
    }
    blocks(&doc).join("\n\n")
}

/// Text that may hold markup or entities, on one line.
fn html_text(s: &str) -> String {
    one_line(&Document::fragment(s).text())
}

fn host(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_string();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

fn shorten(title: &str) -> String {
    if title.chars().count() <= 50 {
        title.to_string()
    } else {
        title.chars().take(49).collect::<String>() + "…"
    }
}
