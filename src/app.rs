//! The application shell: skip link, header with navigation and theme, and the page for the
//! current hash route. Routing is by hand on `location.hash` (leptos_router has no hash mode):
//! a pure [`parse_route`] in `dyad-digest`, one `hashchange` listener, real `<a href="#/…">`
//! links, so back/forward, deep links and `file://` all work.

use crate::dom::{ec, el, El};
use crate::pages;
use dyad_digest::route::{parse_period, parse_route, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replaces the current history entry's hash without a `hashchange` (typing in a search box
/// must not fill the history, nor rebuild the page under the cursor). The period stays in it, so
/// the address is always a link to exactly what is shown.
pub fn replace_route(route: &Route) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&crate::href(route)),
        );
    }
}

const THEMES: [(&str, &str); 4] = [
    ("auto", "System"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("contrast", "Projector (high contrast)"),
];
const THEME_KEY: &str = "dyad.theme";

/// The browser's local storage, where it is available (not in some private modes).
fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn apply_theme(theme: &str) {
    if let Some(root) = document().document_element() {
        if theme == "auto" {
            let _ = root.remove_attribute("data-theme");
        } else {
            let _ = root.set_attribute("data-theme", theme);
        }
    }
}

/// `aria-current="page"` on the navigation entry of the current section.
/// The navigation's links keep the current period.
/// The tab's title is the page's heading, then Dyad: every page titled for tabs, history and
/// screen readers (WCAG 2.4.2), and named by the data's focus, not by the static `index.html`.
fn sync_title() {
    let doc = document();
    let heading = doc
        .get_element_by_id("main-heading")
        .or_else(|| doc.query_selector("main h1").ok().flatten())
        .and_then(|h| h.text_content())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let title = heading.map_or_else(|| "Dyad".to_string(), |h| format!("{h} — Dyad"));
    if doc.title() != title {
        doc.set_title(&title);
    }
}

fn mark_nav(section: &str) {
    for (id, href) in [
        ("overview", "#/"),
        ("quotes", "#/quotes"),
        ("method", "#/method"),
        ("brief", "#/brief"),
    ] {
        if let Some(a) = document().get_element_by_id(&format!("nav-{id}")) {
            let _ = a.set_attribute(
                "href",
                &dyad_digest::route::with_period(href, &crate::period()),
            );
            if id == section {
                let _ = a.set_attribute("aria-current", "page");
            } else {
                let _ = a.remove_attribute("aria-current");
            }
        }
    }
}

/// "Link" copies the page's address (the whole view is in its hash); "Cite" opens a panel with
/// the view's citation (`dyad_digest::cite`) and a copy button. Both read the page at the click.
fn page_tools() -> El {
    let status = ec("span", "copy-status").attr("role", "status");
    let copy = |text: String, status: El, what: &'static str| {
        crate::copy_text(text, move |ok| {
            status.set_text(if ok {
                what
            } else {
                "Could not copy: select the text and copy it by hand"
            })
        })
    };
    let link = {
        let status = status.clone();
        ec("button", "tool")
            .attr("type", "button")
            .attr("aria-label", "Link to this view: copy it")
            .text("Link")
            .on("click", move |_| {
                copy(
                    window().location().href().unwrap_or_default(),
                    status.clone(),
                    "Link copied",
                )
            })
    };
    let text = ec("p", "cite-text").id("cite-text");
    let panel = ec("div", "cite-panel")
        .id("cite-panel")
        .attr("role", "region")
        .attr("aria-label", "Citation of this view")
        .attr("hidden", "");
    let cite = {
        let (panel, text, status) = (panel.clone(), text.clone(), status.clone());
        ec("button", "tool")
            .id("cite-button")
            .attr("type", "button")
            .attr("aria-expanded", "false")
            .attr("aria-controls", "cite-panel")
            .text("Cite")
            .on("click", move |e| {
                status.set_text("");
                let open = panel.0.has_attribute("hidden");
                if let Some(b) = e
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
                }
                if !open {
                    let _ = panel.0.set_attribute("hidden", "");
                    return;
                }
                let title = document()
                    .get_element_by_id("main-heading")
                    .and_then(|h| h.text_content())
                    .unwrap_or_default();
                let built = crate::data::build_date();
                text.set_text(&dyad_digest::cite::citation(&dyad_digest::cite::View {
                    title: &title,
                    built: built.as_deref(),
                    digest: &crate::data::index().build.input_digest,
                    period: &crate::period(),
                    url: &window().location().href().unwrap_or_default(),
                }));
                let _ = panel.0.remove_attribute("hidden");
            })
    };
    let copy_cite = {
        let (text, status) = (text.clone(), status.clone());
        el("button")
            .attr("type", "button")
            .text("Copy citation")
            .on("click", move |_| {
                copy(
                    text.0.text_content().unwrap_or_default(),
                    status.clone(),
                    "Citation copied",
                )
            })
    };
    ec("div", "page-tools")
        .child(link)
        .child(cite)
        .child(status)
        .child(panel.child(text).child(copy_cite))
}

/// Closes the citation panel: it cites the page it was opened on.
fn close_cite() {
    if let Some(p) = document().get_element_by_id("cite-panel") {
        let _ = p.set_attribute("hidden", "");
    }
    if let Some(b) = document().get_element_by_id("cite-button") {
        let _ = b.set_attribute("aria-expanded", "false");
    }
}

/// The skip link and the masthead: brand, navigation, page tools, theme picker.
fn header(theme: String) -> El {
    let skip = ec("a", "skip-link")
        .href("#main")
        .text("Skip to content")
        .on("click", |e| {
            e.prevent_default();
            if let Some(h) = document().get_element_by_id("main-heading") {
                let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    let nav = [
        ("#/", "overview", "Overview"),
        ("#/quotes", "quotes", "Quotes"),
        ("#/method", "method", "Method & data"),
        ("#/brief", "brief", "Briefing"),
    ]
    .iter()
    .fold(
        ec("nav", "main-nav").attr("aria-label", "Main"),
        |nav, (href, section, label)| {
            nav.child(
                ec("a", "nav-link")
                    .href(href)
                    .id(&format!("nav-{section}"))
                    .text(label),
            )
        },
    );
    let mut select = el("select").id("theme");
    for (k, label) in THEMES {
        let mut o = el("option").attr("value", k).text(label);
        if k == theme {
            o = o.attr("selected", "");
        }
        select = select.child(o);
    }
    let select = select.on("change", |e| {
        if let Some(s) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            let t = s.value();
            if let Some(store) = local_storage() {
                let _ = store.set_item(THEME_KEY, &t);
            }
            apply_theme(&t);
        }
    });
    el("div").child(skip).child(
        ec("header", "masthead")
            .child(ec("a", "brand").href("#/").text("Dyad"))
            .child(ec("span", "tagline").text(&format!(
                "{}'s relations, judged from the news, sentence by sentence",
                dyad_digest::focus_name(crate::data::index())
            )))
            .child(nav)
            .child(page_tools())
            .child(
                ec("div", "theme-picker")
                    .child(el("label").attr("for", "theme").text("Theme"))
                    .child(select),
            ),
    )
}

#[component]
pub fn App() -> impl IntoView {
    let index = crate::data::index();
    let read = || {
        let hash = location_hash();
        crate::set_period(parse_period(&hash));
        parse_route(&hash)
    };
    let route = RwSignal::new(read());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(read()));
    on_cleanup(move || handle.remove());

    // Every hashchange builds its page, even to an equal route: the quote explorer's filters
    // change the address with replaceState (no signal), so the DOM may differ from the route.
    let page = route;
    // A new page starts at the top, or at its deep-linked sentence, with focus on its heading.
    Effect::new(move |prev: Option<()>| {
        let r = page.get();
        let first = prev.is_none();
        request_animation_frame(move || {
            mark_nav(r.section());
            sync_title();
            if !first {
                close_cite();
            }
            if !first
                || matches!(
                    r,
                    Route::Article {
                        sentence: Some(_),
                        ..
                    }
                )
            {
                crate::scroll_to_route_target(&r);
            }
        });
    });

    // A deep-linked sentence exists only once its article's shard has arrived: look for it again
    // each time a data file lands while such a route is shown.
    let version = crate::data::version();
    // The heading of a page that waited for its data (an article's title) changes then too.
    Effect::new(move |_| {
        version.track();
        let r = page.get_untracked();
        request_animation_frame(move || {
            sync_title();
            if matches!(
                r,
                Route::Article {
                    sentence: Some(_),
                    ..
                }
            ) {
                crate::scroll_to_route_target(&r);
            }
        });
    });

    let theme = local_storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .filter(|t| THEMES.iter().any(|(k, _)| k == t))
        .unwrap_or_else(|| "auto".into());
    apply_theme(&theme);

    view! {
        {crate::dom::mount(header(theme))}
        <main id="main">
            {move || {
                // Built again when a data file the page waits for arrives.
                crate::data::version().track();
                let period = crate::period();
                crate::dom::mount(match page.get() {
                    Route::Overview => pages::overview::build(&period),
                    Route::Pair(pair, reviewed) => pages::pair::build(&pair, reviewed, &period),
                    Route::Article { id, sentence } => pages::article::build(&id, sentence),
                    Route::Quotes(filter) => pages::quotes::build(filter, &period),
                    Route::Method => pages::method::build(),
                    Route::Brief(slide) => pages::brief::build(slide, &period),
                    Route::EmbedPair(pair) => pages::embed::card(&pair, &period),
                    Route::EmbedTimeline(pair) => pages::embed::timeline(&pair, &period),
                    Route::NotFound(path) => pages::not_found::build(&path),
                })
            }}
        </main>
        <footer class="colophon">
            {format!(
                "Built from {} articles · data schema {} · {} · codebook {}",
                index.stats.articles,
                index.schema_version,
                if index.build.generator.is_empty() { "generator unknown" } else { index.build.generator.as_str() },
                if index.build.codebook.is_empty() { "none" } else { index.build.codebook.as_str() },
            )}
        </footer>
    }
}
