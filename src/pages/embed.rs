//! `#/embed/pair/<kh-xx>` (one pair's card) and `#/embed/timeline/<kh-xx>` (its timeline), for an
//! `<iframe>`: no header, navigation or footer (the stylesheet hides them under `.embed`), the
//! content filling the frame, and a small "Dyad" link to the full page in a new tab. The period
//! comes from the route's query, as on every page.

use crate::components::{pair_badge, quote_block, sparkline};
use crate::dom::{ec, el, El};
use dyad_digest::pairs::{marks, Mark};
use dyad_digest::period::{PairIndex, Period};
use dyad_digest::route::Route;
use dyad_digest::{pair_cards, pair_name};
use std::rc::Rc;

/// One focus pair's card: stance, score, sparkline, key quote.
pub fn card(pair: &str, period: &Period) -> El {
    let index = crate::data::index();
    let name = pair_name(&index.countries, pair);
    let body = match crate::data::summaries_in(period) {
        Err(note) => note,
        Ok(summaries) => {
            let cards = pair_cards(&index.focus_pairs, &index.countries, summaries);
            match cards.iter().find(|c| c.pair == pair) {
                None => ec("p", "empty-state")
                    .text(&format!("{name} is not a focus pair of this corpus.")),
                Some(c) => {
                    let badge = pair_badge(c.summary);
                    let spark = sparkline(c);
                    let quote = c.summary.and_then(|a| a.key_quote.as_ref()).map(|q| {
                        quote_block(
                            "card-quote",
                            &q.text,
                            q.speaker.as_deref(),
                            &q.article.source,
                            q.article.date.as_deref(),
                            None,
                        )
                    });
                    el("div")
                        .child(badge)
                        .child(ec("p", "pair-count").text(&c.evidence_note()))
                        .opt(spark)
                        .opt(quote)
                }
            }
        }
    };
    frame(
        &name,
        Route::pair(pair),
        ec("section", "pair-card").child(body),
    )
}

/// One pair's timeline, with its marks, annotations and evidence panel.
pub fn timeline(pair: &str, period: &Period) -> El {
    let index = crate::data::index();
    let name = pair_name(&index.countries, pair);
    let body = match crate::data::catalog() {
        Err(note) => note,
        Ok(catalog) => {
            let pairs = PairIndex::new(catalog, &index.focus_pairs, period);
            let dated: Vec<Mark<'static>> = marks(catalog, &pairs, pair)
                .into_iter()
                .filter(|m| m.day.is_some())
                .collect();
            if dated.is_empty() {
                ec("p", "empty-state")
                    .text(&format!("No dated story on {name} in {}.", period.label()))
            } else {
                crate::pages::pair::timeline(&name, pair, Rc::new(dated))
            }
        }
    };
    frame(
        &format!("Stance over time: {name}"),
        Route::pair(pair),
        body,
    )
}

/// The embed's page: a heading for screen readers, the content, and the link to the full page.
fn frame(title: &str, full: Route, content: El) -> El {
    ec("div", "embed")
        .child(
            ec("h1", "embed-title")
                .id("main-heading")
                .attr("tabindex", "-1")
                .text(title),
        )
        .child(content)
        .child(
            ec("p", "embed-foot").child(
                ec("a", "embed-link")
                    .href(&crate::href(&full))
                    .attr("target", "_blank")
                    .attr("rel", "noopener")
                    .text("Dyad")
                    .child(ec("span", "sr-only").text(": the full page, in a new tab")),
            ),
        )
}
