//! Small pieces shared by the pages, built with [`crate::dom`].

use crate::dom::{ec, el, t, El};
use dyad_digest::date::human_date;
use dyad_digest::period::{presets, Period};
use dyad_digest::quotes::Tone;
use dyad_digest::route::{with_period, Route};
use dyad_digest::text::signed;
use dyad_model::layout::PairSummary;
use dyad_model::Stance;
use wasm_bindgen::JsCast;

/// The stance label, coloured by stance, with the score and confidence in words.
pub fn stance_badge(stance: Option<Stance>, score: f64, confidence: f64) -> El {
    let (class, label) = match stance {
        Some(s) => (format!("stance stance-{}", s.as_str()), s.as_str()),
        None => ("stance stance-none".to_string(), "no stance"),
    };
    ec("span", "stance-line")
        .child(ec("span", &class).text(label))
        .child(
            ec("span", "score")
                .attr("title", "score from −1 (conflict) to +1 (cooperation)")
                .text(&signed(score)),
        )
        .child(ec("span", "confidence").text(&format!("confidence {:.0}%", confidence * 100.0)))
}

/// A pair's stance badge over a period with how many of its judgements analysts reviewed, or
/// "no assessment yet": the overview's cards, the briefing and the embedded card.
pub fn pair_badge(summary: Option<&PairSummary>) -> El {
    match summary {
        Some(a) => stance_badge(a.stance, a.score, a.confidence)
            .opt(crate::review::count_mark(a.reviewed, a.articles)),
        None => ec("span", "stance-line")
            .child(ec("span", "stance stance-none").text("no assessment yet")),
    }
}

/// A card's monthly trend, when it has one to draw.
pub fn sparkline(card: &dyad_digest::PairCard<'_>) -> Option<El> {
    card.has_trend().then(|| {
        ec("div", "sparkline")
            .attr("role", "img")
            .attr(
                "aria-label",
                &format!(
                    "Trend of the monthly score over {} months with stories",
                    card.trend.len()
                ),
            )
            .svg(&dyad_digest::charts::sparkline_svg(
                &card.trend,
                &crate::data::index().codebook.thresholds,
            ))
    })
}

/// A chart: a title, an accessible description, "SVG" and "PNG" downloads, the SVG (from
/// plotters, escaped), an optional overlay (focusable marks), and a data table to read instead.
pub fn chart_figure(
    id: &str,
    title: &str,
    description: &str,
    svg: &str,
    table: El,
    overlay: Option<El>,
) -> El {
    let (tid, did) = (format!("{id}-title"), format!("{id}-desc"));
    // The file stands alone: the light theme's colours, a white ground, the title inside.
    let src = std::rc::Rc::new((svg.to_string(), title.to_string()));
    let save = |ext: &'static str, label: &'static str| {
        let (src, chart) = (src.clone(), id.to_string());
        ec("button", "chart-save")
            .attr("type", "button")
            .attr("aria-label", &format!("{label} download: {title}"))
            .text(label)
            .on("click", move |_| {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                let name = dyad_digest::cite::file_name(&hash, &chart, ext);
                let file = dyad_digest::charts::standalone_svg(&src.0, &src.1);
                if ext == "svg" {
                    crate::download(&name, "image/svg+xml", &file);
                } else {
                    crate::download_png(name, &file);
                }
            })
    };
    ec("figure", "chart")
        .id(id)
        .attr("aria-labelledby", &tid)
        .attr("aria-describedby", &did)
        .child(
            el("figcaption")
                .child(ec("h2", "chart-title").id(&tid).text(title))
                .child(ec("p", "chart-desc").id(&did).text(description))
                .child(
                    ec("div", "chart-tools")
                        .child(save("svg", "SVG"))
                        .child(save("png", "PNG")),
                ),
        )
        .child(
            ec("div", "chart-frame")
                .child(ec("div", "chart-svg").attr("aria-hidden", "true").svg(svg))
                .opt(overlay),
        )
        .child(
            ec("details", "data-table")
                .child(t("summary", "Data table"))
                .child(table),
        )
}

/// A key quote with its attribution: `“…” — Speaker, Outlet, 27 Oct 2023`, then `· in context`
/// when `context` (the article's link at the quote) is given. One builder for the overview's
/// cards, the pair page and the briefing.
pub fn quote_block(
    class: &str,
    text: &str,
    speaker: Option<&str>,
    outlet: &str,
    date: Option<&str>,
    context: Option<String>,
) -> El {
    let footer = el("footer")
        .text(&format!("— {}, ", speaker.unwrap_or("unattributed")))
        .child(t("cite", outlet));
    let footer = match context {
        Some(href) => footer
            .text(&format!(", {} · ", human_date(date)))
            .child(crate::dom::link(&href, "in context")),
        None => footer.text(&format!(", {}", human_date(date))),
    };
    let quote = if class.is_empty() {
        el("blockquote")
    } else {
        ec("blockquote", class)
    };
    quote.child(t("p", &format!("“{text}”"))).child(footer)
}

/// Link to an article, optionally at a sentence.
pub fn article_href(id: &str, sentence: Option<u32>) -> String {
    crate::href(&Route::Article {
        id: id.to_string(),
        sentence,
    })
}

/// The period control: the presets (all, the corpus's last 12 months, each year), and the
/// period of the route when it is none of them. Choosing one goes to the same page in it.
pub fn period_picker(route: Route, period: &Period) -> El {
    let mut options = presets(&crate::data::index().months);
    if !options.iter().any(|(_, p)| p == period) {
        options.push((period.label(), *period));
    }
    let mut select = el("select").id("period");
    for (k, (label, p)) in options.iter().enumerate() {
        let mut o = el("option").attr("value", &k.to_string()).text(label);
        if p == period {
            o = o.attr("selected", "");
        }
        select = select.child(o);
    }
    let select = select.on("change", move |e| {
        let Some(s) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        if let Some((_, p)) = s.value().parse::<usize>().ok().and_then(|k| options.get(k)) {
            let _ = gloo::utils::window()
                .location()
                .set_hash(&with_period(&route.href(), p));
        }
    });
    ec("div", "period-picker")
        .child(el("label").attr("for", "period").text("Period"))
        .child(select)
}

/// The page's `<h1>`, focusable so a route change can move focus to it.
pub fn heading(text: &str) -> El {
    el("h1")
        .id("main-heading")
        .attr("tabindex", "-1")
        .text(text)
}

pub fn empty(text: &str) -> El {
    ec("p", "empty-state").text(text)
}

pub fn tone_class(w: f64) -> &'static str {
    match Tone::of(w) {
        Tone::Cooperation => "tone-coop",
        Tone::Conflict => "tone-conflict",
        Tone::Neutral => "tone-neutral",
    }
}
