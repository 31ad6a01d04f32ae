//! `#/brief` and `#/brief/<n>`: the briefing deck over the route's period, generated from the data.
//!
//! Every slide is built at once: the screen shows the current one (16:9, projector type), print
//! shows them all, one landscape page each, so printing `#/brief` prints the deck. The slide
//! number lives in the URL, so back/forward and deep links work like every other page.

use crate::components::{pair_badge, quote_block, tone_class};
use crate::dom::{ec, el, link, s, t, table, El};
use dyad_digest::brief::{cited_articles, clamp_slide, context_pairs, corpus_span, deck, Slide};
use dyad_digest::charts::{
    compare_rows, comparison_svg, notes_in, notes_line, timeline_range, timeline_svg, TimelineInput,
};
use dyad_digest::date::human_date;
use dyad_digest::pair_name;
use dyad_digest::pairs::{assessed, marks, pair_cards, plural};
use dyad_digest::period::{PairIndex, Period};
use dyad_digest::quotes::QuoteRow;
use dyad_digest::route::Route;
use dyad_digest::text::signed;
use dyad_model::layout::{Catalog, Index, PairSummary};
use wasm_bindgen::JsCast;

/// What the slides are made from: the period's judgements, articles and quotes.
struct Deck {
    index: &'static Index,
    catalog: &'static Catalog,
    period: Period,
    summaries: &'static [PairSummary],
    pairs: PairIndex<'static>,
    rows: Vec<&'static QuoteRow<'static>>,
}

const KEYS: [(&str, &str); 7] = [
    ("→  PageDown  Space", "next slide"),
    ("←  PageUp", "previous slide"),
    ("Home  End", "first and last slide"),
    ("f", "full screen on or off"),
    ("?", "this help"),
    ("Esc", "close the help, or leave the briefing"),
    ("Ctrl+P", "print or save the whole deck as PDF"),
];

pub fn build(requested: Option<usize>, period: &Period) -> El {
    let index = crate::data::index();
    let loaded = crate::data::both(crate::data::catalog(), crate::data::summaries_in(period))
        .and_then(|(c, s)| Ok((c, s, crate::data::rows()?)));
    let (catalog, summaries, rows) = match loaded {
        Ok(x) => x,
        Err(note) => {
            return el("div")
                .child(
                    el("h1")
                        .id("main-heading")
                        .attr("tabindex", "-1")
                        .text("Briefing"),
                )
                .child(note)
        }
    };
    let d = Deck {
        index,
        catalog,
        period: *period,
        summaries,
        pairs: PairIndex::new(catalog, &index.focus_pairs, period),
        rows: rows.iter().filter(|r| period.contains(r.date())).collect(),
    };
    let slides = deck(&index.focus_pairs, summaries);
    let total = slides.len();
    let current = clamp_slide(requested, total);

    let mut deck_el = ec("div", "deck").attr("aria-live", "polite");
    for (i, slide) in slides.iter().enumerate() {
        let n = i + 1;
        let title = slide.title(&index.countries, index.focus_pairs.len());
        let section = ec(
            "section",
            if n == current {
                "slide current"
            } else {
                "slide"
            },
        )
        .id(&format!("slide-{n}"))
        .attr("aria-roledescription", "slide")
        .attr("aria-label", &format!("Slide {n} of {total}: {title}"))
        .child(content(&d, slide))
        .child(ec("footer", "slide-foot").text(&format!("Dyad · {title} · {n} / {total}")));
        deck_el = deck_el.child(section);
    }

    let help = help_overlay();
    let controls = ec("nav", "deck-controls")
        .attr("aria-label", "Slides")
        .child(nav_link(
            "Previous slide",
            "←",
            current > 1,
            current.saturating_sub(1),
        ))
        .child(ec("span", "deck-count").text(&format!("{current} / {total}")))
        .child(nav_link("Next slide", "→", current < total, current + 1))
        .child(
            button("deck-full", "Full screen (f)", "Full screen")
                .on("click", |_| toggle_fullscreen()),
        )
        .child(button("deck-help", "Keyboard help (?)", "?").on("click", |_| toggle_help()))
        .child(
            link(&crate::href(&Route::Overview), "Leave")
                .class("deck-leave")
                .attr("title", "Leave the briefing (Esc)"),
        );

    let root = ec("div", "brief")
        .child(
            el("h1")
                .id("main-heading")
                .class("sr-only")
                .attr("tabindex", "-1")
                .text("Briefing"),
        )
        .child(deck_el)
        .child(controls)
        .child(help);
    listen_keys(root, current, total)
}

/// What a slide shows.
fn content(d: &Deck, slide: &Slide) -> El {
    match slide {
        Slide::Title => title_slide(d),
        Slide::Overview => overview_slide(d),
        Slide::Pair(p) => pair_slide(d, p),
        Slide::Context => context_slide(d),
        Slide::Sources => sources_slide(d),
    }
}

fn title_slide(d: &Deck) -> El {
    let st = &d.index.stats;
    let scope = if d.period.is_all() {
        format!(
            "{} ({} stories) from {}, dated {}",
            plural(st.articles as usize, "article", "articles"),
            st.stories,
            plural(st.sources as usize, "outlet", "outlets"),
            corpus_span(st)
        )
    } else {
        let n = d
            .catalog
            .articles
            .iter()
            .filter(|a| d.period.contains(a.date.as_deref()))
            .count();
        format!(
            "{}: {} of the {} in the corpus",
            d.period.label(),
            plural(n, "article", "articles"),
            st.articles
        )
    };
    ec("div", "slide-body title-slide")
        .child(t("h2", &dyad_digest::relations_title(d.index)))
        .child(
            ec("p", "slide-lead")
                .text("As the news tells them: every judgement traceable to its sentence."),
        )
        .child(ec("p", "slide-meta").text(&scope))
        .child(ec("p", "slide-meta").text(&format!(
            "Built {} · codebook {}",
            human_date(crate::data::build_date().as_deref()),
            d.index.build.codebook
        )))
}

fn overview_slide(d: &Deck) -> El {
    let cards = pair_cards(&d.index.focus_pairs, &d.index.countries, d.summaries);
    let rows = compare_rows(&cards);
    let mut badges = ec("ul", "slide-badges");
    for c in &cards {
        let item = el("li").child(ec("span", "badge-pair").text(c.partner));
        let item = match c.summary {
            Some(a) => item
                .child(pair_badge(Some(a)))
                .child(ec("span", "badge-note").text(&c.evidence_note())),
            None => item.child(ec("span", "badge-note").text(&c.evidence_note())),
        };
        badges = badges.child(item);
    }
    ec("div", "slide-body")
        .child(t(
            "h2",
            &Slide::Overview.title(&[], d.index.focus_pairs.len()),
        ))
        .child(
            ec("div", "slide-chart")
                .attr("role", "img")
                .attr(
                    "aria-label",
                    "Score of each pair from −1 (conflict) to +1 (cooperation)",
                )
                .svg(&comparison_svg(&rows, &d.index.codebook.thresholds)),
        )
        .child(badges)
}

fn pair_slide(d: &Deck, pair: &str) -> El {
    let name = pair_name(&d.index.countries, pair);
    let mut body = ec("div", "slide-body").child(t("h2", &name));
    match assessed(d.summaries, pair) {
        Some(a) => {
            body = body.child(ec("div", "slide-stance").child(pair_badge(Some(a))).child(
                ec("span", "badge-note").text(&format!(
                    "from {} ({}, {})",
                    plural(a.stories as usize, "story", "stories"),
                    plural(a.articles as usize, "article", "articles"),
                    plural(a.sources as usize, "outlet", "outlets")
                )),
            ))
        }
        None => {
            return body.child(ec("p", "slide-lead").text(&format!(
                "No assessment: no article in {} codes an event between these two countries.",
                d.period.label()
            )))
        }
    }
    let inputs: Vec<TimelineInput> = marks(d.catalog, &d.pairs, pair)
        .iter()
        .filter_map(|m| {
            Some(TimelineInput {
                day: m.day?,
                score: m.score,
                evidence: m.evidence_count,
            })
        })
        .collect();
    let mut row = ec("div", "slide-row");
    if !inputs.is_empty() {
        let notes = notes_in(
            &d.index.annotations,
            pair,
            &d.index.focus_pairs,
            timeline_range(&inputs),
        );
        let (svg, _) = timeline_svg(&inputs, &notes, &d.index.codebook.thresholds);
        let line = notes_line(&notes);
        row = row.child(
            ec("div", "slide-timeline")
                .child(
                    ec("div", "slide-chart")
                        .attr("role", "img")
                        .attr(
                            "aria-label",
                            &format!("{name}: one mark per story, dated, score from −1 to +1"),
                        )
                        .svg(&svg),
                )
                .opt((!line.is_empty()).then(|| ec("p", "slide-notes").text(&line))),
        );
    }
    let quotes = dyad_digest::keyquotes::for_pair(&d.rows, pair, 3);
    let mut list = ec("div", "slide-quotes");
    for q in &quotes {
        list = list.child(quote_block(
            &format!("slide-quote {}", tone_class(q.weight_for(pair))),
            q.text,
            q.speaker,
            q.outlet(),
            q.date(),
            None,
        ));
    }
    if quotes.is_empty() {
        list = list
            .child(ec("p", "badge-note").text("No attributed quote carries this pair's evidence."));
    }
    body.child(row.child(list))
}

fn context_slide(d: &Deck) -> El {
    let rows = context_pairs(d.summaries)
        .into_iter()
        .take(8)
        .map(|p| {
            vec![
                s(&pair_name(&d.index.countries, &p.pair)),
                s(p.stance.map_or("–", |s| s.as_str())).class(&format!(
                    "stance stance-{}",
                    p.stance.map_or("none", |s| s.as_str())
                )),
                s(&signed(p.score)),
                s(&p.stories.to_string()),
            ]
        })
        .collect();
    ec("div", "slide-body")
        .child(t("h2", "Context: the other pairs in the same articles"))
        .child(table(
            "slide-table",
            None,
            &["Pair", "Stance", "Score", "Stories"],
            rows,
        ))
}

fn sources_slide(d: &Deck) -> El {
    let mut list = ec("ol", "slide-sources");
    for a in cited_articles(d.catalog, d.summaries, &d.period) {
        let line = format!(
            "{} — {}, {}",
            a.title,
            a.source,
            human_date(a.date.as_deref())
        );
        list = list.child(el("li").child(match &a.url {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                link(url, &line).attr("rel", "noopener")
            }
            _ => s(&line),
        }));
    }
    let t_ = &d.index.codebook.thresholds;
    ec("div", "slide-body")
        .child(t("h2", "Sources and method"))
        .child(list)
        .child(ec("p", "slide-meta").text(&format!(
            "Each sentence is coded into events with the codebook's categories and weights; a pair's score runs from −1 (conflict) to +1 (cooperation): cooperative from {}, strained to {}, mixed between. Each syndicated story counts once. Method and data: the Method page.",
            signed(t_.cooperative),
            signed(t_.strained)
        )))
}

fn nav_link(label: &str, symbol: &str, enabled: bool, to: usize) -> El {
    if enabled {
        link(&crate::href(&Route::Brief(Some(to))), symbol)
            .class("deck-nav")
            .attr("aria-label", label)
    } else {
        ec("span", "deck-nav deck-nav-off")
            .attr("aria-hidden", "true")
            .text(symbol)
    }
}

fn button(id: &str, label: &str, symbol: &str) -> El {
    ec("button", "deck-button")
        .id(id)
        .attr("type", "button")
        .attr("aria-label", label)
        .attr("title", label)
        .text(symbol)
}

fn help_overlay() -> El {
    let rows = KEYS.iter().map(|(k, what)| vec![s(k), s(what)]).collect();
    ec("div", "deck-help-overlay")
        .id("deck-help-overlay")
        .attr("role", "dialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", "deck-help-title")
        .attr("hidden", "")
        .child(
            ec("div", "deck-help-box")
                .child(t("h2", "Keyboard").id("deck-help-title"))
                .child(table("", None, &["Key", "Does"], rows))
                .child(
                    button("deck-help-close", "Close the help", "Close")
                        .on("click", |_| toggle_help()),
                ),
        )
}

fn help_open() -> Option<web_sys::Element> {
    gloo::utils::document()
        .get_element_by_id("deck-help-overlay")
        .filter(|e| !e.has_attribute("hidden"))
}

fn toggle_help() {
    let Some(overlay) = gloo::utils::document().get_element_by_id("deck-help-overlay") else {
        return;
    };
    if overlay.has_attribute("hidden") {
        let _ = overlay.remove_attribute("hidden");
        if let Some(b) = gloo::utils::document().get_element_by_id("deck-help-close") {
            let _ = b.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    } else {
        let _ = overlay.set_attribute("hidden", "");
        if let Some(b) = gloo::utils::document().get_element_by_id("deck-help") {
            let _ = b.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}

fn toggle_fullscreen() {
    let doc = gloo::utils::document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

fn go(to: Route) {
    let _ = gloo::utils::window().location().set_hash(&crate::href(&to));
}

/// The deck's keys, on the document while the deck is shown (dropped with the page).
fn listen_keys(root: El, current: usize, total: usize) -> El {
    let doc_root = El(gloo::utils::document()
        .document_element()
        .expect("a document element"));
    let _ = doc_root.on("keydown", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field {
            return;
        }
        let slide = |n: usize| Route::Brief(Some(n.clamp(1, total)));
        let target = match ev.key().as_str() {
            "ArrowRight" | "PageDown" | " " => Some(slide(current + 1)),
            "ArrowLeft" | "PageUp" => Some(slide(current.saturating_sub(1))),
            "Home" => Some(slide(1)),
            "End" => Some(slide(total)),
            "f" | "F" => {
                toggle_fullscreen();
                None
            }
            "?" => {
                toggle_help();
                None
            }
            "Escape" => {
                if help_open().is_some() {
                    toggle_help();
                    None
                } else if gloo::utils::document().fullscreen_element().is_some() {
                    None // the browser leaves full screen itself
                } else {
                    Some(Route::Overview)
                }
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(to) = target {
            if to != Route::Brief(Some(current)) {
                go(to);
            }
        }
    });
    root
}
