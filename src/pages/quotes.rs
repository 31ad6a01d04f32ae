//! `#/quotes?pair=kh-cn&q=naval…`: every quote, searchable (case- and accent-insensitive) and
//! filterable, each with a "copy citation" button. The filters live in the hash, replaced (not
//! pushed) as they change, so a filtered view is a link to share and typing fills no history.

use crate::components::{article_href, empty, heading, period_picker, tone_class};
use crate::dom::{ec, el, link, t, El};
use dyad_digest::date::human_date;
use dyad_digest::pair_name;
use dyad_digest::period::Period;
use dyad_digest::quotes::{citation, facets, is_statement, passes, QuoteFilter, QuoteRow, Tone};
use dyad_digest::review::ReviewFilter;
use dyad_digest::route::Route;
use std::cell::Cell;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

type Setter = fn(&mut QuoteFilter, Option<String>);

fn value_of(e: &web_sys::Event) -> String {
    e.target()
        .and_then(|t| {
            t.dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|t| {
                    t.dyn_into::<web_sys::HtmlSelectElement>()
                        .map(|s| s.value())
                })
                .ok()
        })
        .unwrap_or_default()
}

/// How many matching quotes are shown at once; "Show more" adds as many again. A list of tens
/// of thousands of elements would make every keystroke slow.
const PAGE: usize = 100;

pub fn build(initial: QuoteFilter, period: &Period) -> El {
    match try_build(initial, period) {
        Ok(page) | Err(page) => page,
    }
}

fn try_build(initial: QuoteFilter, period: &Period) -> Result<El, El> {
    let index = crate::data::index();
    let head = el("div")
        .child(heading("Quotes"))
        .child(period_picker(Route::Quotes(initial.clone()), period));
    let all = crate::data::rows().map_err(|note| head.clone().child(note))?;
    let rows: Rc<Vec<&'static QuoteRow<'static>>> =
        Rc::new(all.iter().filter(|r| period.contains(r.date())).collect());
    let total = rows.len();
    let f = facets(&rows, &index.focus_pairs);
    let reviewed = rows.iter().filter(|r| r.reviewed.is_some()).count();
    let state = Rc::new(RefCell::new(initial.clone()));

    let count = ec("p", "result-count")
        .attr("role", "status")
        .attr("aria-live", "polite");
    let none = ec("div", "empty-state no-match")
        .child(t("p", "No quote matches these filters."))
        .child(link(
            &crate::href(&Route::Quotes(QuoteFilter::default())),
            "Clear all filters",
        ));
    let list = ec("ol", "quote-list");
    let more = ec("button", "show-more")
        .attr("type", "button")
        .id("show-more");
    let shown = Rc::new(Cell::new(PAGE));

    // Filters every quote of the period, and shows the first `shown` matches.
    let apply: Rc<dyn Fn()> = {
        let (state, count, none, list, more, rows, shown) = (
            state.clone(),
            count.clone(),
            none.clone(),
            list.clone(),
            more.clone(),
            rows.clone(),
            shown.clone(),
        );
        Rc::new(move || {
            let f = state.borrow();
            let matching: Vec<usize> = (0..rows.len()).filter(|&i| passes(rows[i], &f)).collect();
            list.clear();
            for &i in matching.iter().take(shown.get()) {
                let _ = list.0.append_child(&quote_item(rows[i], i).0);
            }
            let n = matching.len();
            count.set_text(&if f.is_empty() {
                format!("{total} quotes")
            } else {
                format!("{n} of {total} quotes match")
            });
            let _ = none
                .0
                .toggle_attribute_with_force("hidden", n > 0 || total == 0);
            let rest = n.saturating_sub(shown.get());
            more.set_text(&format!("Show {} more of {rest}", rest.min(PAGE)));
            let _ = more.0.toggle_attribute_with_force("hidden", rest == 0);
        })
    };
    let more = {
        let (apply, shown) = (apply.clone(), shown.clone());
        more.on("click", move |_| {
            shown.set(shown.get() + PAGE);
            apply();
        })
    };
    let changed = {
        let (state, apply) = (state.clone(), apply.clone());
        let shown = shown.clone();
        move |set: &dyn Fn(&mut QuoteFilter)| {
            set(&mut state.borrow_mut());
            crate::app::replace_route(&Route::Quotes(state.borrow().clone()));
            shown.set(PAGE);
            apply();
        }
    };

    let select = |label: &str,
                  key: &str,
                  options: Vec<(String, String, usize)>,
                  current: Option<String>,
                  set: Setter| {
        let id = format!("filter-{key}");
        let mut sel = el("select")
            .id(&id)
            .child(el("option").attr("value", "").text("Any"));
        for (value, text, n) in options {
            let mut o = el("option")
                .attr("value", &value)
                .text(&format!("{text} ({n})"));
            if current.as_deref() == Some(value.as_str()) {
                o = o.attr("selected", "");
            }
            sel = sel.child(o);
        }
        let changed = changed.clone();
        let sel = sel.on("change", move |e| {
            let v = value_of(e);
            changed(&|f: &mut QuoteFilter| set(f, (!v.is_empty()).then(|| v.clone())));
        });
        ec("div", "filter")
            .child(el("label").attr("for", &id).text(label))
            .child(sel)
    };
    let tone_label = |t: &str| {
        [Tone::Cooperation, Tone::Conflict, Tone::Neutral]
            .into_iter()
            .find(|x| x.as_str() == t)
            .map_or(t.to_string(), |x| x.label().to_string())
    };
    let search = {
        let changed = changed.clone();
        el("input")
            .id("quote-search")
            .attr("type", "search")
            .attr("placeholder", "e.g. naval, Hun Manet, landmine")
            .attr("value", &initial.q)
            .on("input", move |e| {
                let v = value_of(e);
                changed(&|f: &mut QuoteFilter| f.q = v.clone());
            })
    };

    let form = ec("form", "filters")
        .attr("role", "search")
        .attr("aria-label", "Filter quotes")
        .on("submit", |e| e.prevent_default())
        .child(
            ec("div", "filter filter-search")
                .child(
                    el("label")
                        .attr("for", "quote-search")
                        .text("Search quotes"),
                )
                .child(search),
        )
        .child(select(
            "Pair",
            "pair",
            f.pairs
                .iter()
                .map(|(p, n)| (p.clone(), pair_name(&index.countries, p), *n))
                .collect(),
            initial.pair.clone(),
            |f, v| f.pair = v,
        ))
        .child(select(
            "Speaker",
            "speaker",
            f.speakers
                .iter()
                .map(|(s, n)| (s.clone(), s.clone(), *n))
                .collect(),
            initial.speaker.clone(),
            |f, v| f.speaker = v,
        ))
        .child(select(
            "Speaker's country",
            "country",
            f.countries
                .iter()
                .map(|(c, n)| {
                    (
                        c.clone(),
                        dyad_digest::country_name(&index.countries, c).to_string(),
                        *n,
                    )
                })
                .collect(),
            initial.country.clone(),
            |f, v| f.country = v,
        ))
        .child(select(
            "Tone",
            "tone",
            f.tones
                .iter()
                .map(|(t, n)| (t.clone(), tone_label(t), *n))
                .collect(),
            initial.tone.clone(),
            |f, v| f.tone = v,
        ))
        .child(select(
            "Outlet",
            "outlet",
            f.outlets
                .iter()
                .map(|(o, n)| (o.clone(), o.clone(), *n))
                .collect(),
            initial.outlet.clone(),
            |f, v| f.outlet = v,
        ))
        .opt((reviewed > 0).then(|| {
            select(
                "Analyst review",
                "reviewed",
                vec![
                    ("yes".into(), "Reviewed".into(), reviewed),
                    ("no".into(), "Not reviewed".into(), total - reviewed),
                ],
                initial.reviewed.as_param().map(str::to_string),
                |f, v| f.reviewed = ReviewFilter::parse(v.as_deref()),
            )
        }))
        .child(
            ec("div", "filter filter-reset").child(
                ec("a", "button-link")
                    .href(&crate::href(&Route::Quotes(QuoteFilter::default())))
                    .text("Clear filters"),
            ),
        );

    apply();
    Ok(head
        .child(ec("p", "corpus-line").text(&format!("Every direct quote in {}, with who said it, where and when. Search ignores case and accents.", period.label())))
        .child(form)
        .child(count)
        .opt((total == 0).then(|| empty("No quotes in this period.")))
        .child(none)
        .child(list)
        .child(more))
}

fn quote_item(r: &'static QuoteRow<'static>, i: usize) -> El {
    let index = crate::data::index();
    let cite = citation(r);
    let tone = tone_class(r.weight);
    let pairs = r.pairs.iter().fold(
        ec("ul", "chips").attr("aria-label", "Pairs"),
        |ul, (p, _)| ul.child(ec("li", "chip").text(&pair_name(&index.countries, p))),
    );
    let status = ec("span", "copy-status").attr("role", "status");
    let button = {
        let status = status.clone();
        ec("button", "copy-citation")
            .attr("type", "button")
            .attr("data-citation", &cite)
            .text("Copy citation")
            .on("click", move |_| {
                let status = status.clone();
                crate::copy_text(cite.clone(), move |ok| {
                    status.set_text(if ok {
                        "Copied"
                    } else {
                        "Could not copy: select the quote and copy it by hand"
                    })
                });
            })
    };
    let mut footer = el("footer")
        .text("— ")
        .child(ec("span", "speaker").text(r.speaker.unwrap_or("unattributed")));
    if let Some(c) = r.country {
        footer = footer.text(&format!(
            " ({})",
            dyad_digest::country_name(&index.countries, c)
        ));
    }
    footer = footer
        .text(", ")
        .child(t("cite", r.outlet()))
        .text(&format!(", {}", human_date(r.date())));
    ec("li", &format!("quote-item {tone}"))
        .attr("data-index", &i.to_string())
        .child(
            el("blockquote")
                .child(ec("p", "quote-text").text(&format!("“{}”", r.text)))
                .child(footer),
        )
        .child(
            ec("div", "quote-meta")
                .child(ec("span", &format!("tone-label {tone}")).text(r.tone.label()))
                .opt((!is_statement(r.text)).then(|| {
                    ec("span", "phrase-label")
                        .attr(
                            "title",
                            "a quoted phrase, not a statement: never a key quote",
                        )
                        .text("phrase")
                }))
                .child(pairs)
                .opt(
                    r.reviewed
                        .and_then(|a| a.review.as_ref().map(|v| crate::review::mark(v, a.machine))),
                )
                .child(
                    ec("a", "in-context")
                        .href(&article_href(&r.article.id, Some(r.sentence())))
                        .text("in context: ")
                        .child(t("span", &r.article.title)),
                )
                .child(button)
                .child(status),
        )
}
