//! `#/pair/<kh-xx>`: one relationship: its timeline (every mark leads to its sentences), the
//! cooperation/conflict breakdown, key quotes, the articles and the context pairs.

use crate::components::{
    article_href, chart_figure, empty, heading, period_picker, quote_block, stance_badge,
    tone_class,
};
use crate::dom::{ec, el, link, s, t, table, El};
use dyad_digest::charts::{
    categories_svg, notes_in, notes_line, timeline_range, timeline_svg, TimelineInput,
};
use dyad_digest::date::human_date;
use dyad_digest::pairs::{
    assessed, category_rows, context_pairs, evidence_lines, marks, pair_articles, plural, Mark,
    MIN_SMOOTH_POINTS,
};
use dyad_digest::period::{PairIndex, Period};
use dyad_digest::quotes::QuoteFilter;
use dyad_digest::review::ReviewFilter;
use dyad_digest::route::{with_period, Route};
use dyad_digest::text::signed;
use dyad_digest::{country_name, pair_name};
use dyad_model::layout::{ArticleMeta, AssessmentMeta};
use std::rc::Rc;

pub fn build(pair: &str, reviewed: ReviewFilter, period: &Period) -> El {
    match try_build(pair, reviewed, period) {
        Ok(page) | Err(page) => page,
    }
}

fn try_build(pair: &str, reviewed: ReviewFilter, period: &Period) -> Result<El, El> {
    let index = crate::data::index();
    if !index.focus_pairs.iter().any(|p| p == pair) && !index.pairs.iter().any(|p| p.pair == pair) {
        return Ok(crate::pages::not_found::build(&format!(
            "/pair/{}",
            pair.to_ascii_lowercase()
        )));
    }
    let name = pair_name(&index.countries, pair);
    let (a, b) = pair.split_once('-').unwrap_or((pair, ""));
    let (first, second) = (
        country_name(&index.countries, a),
        country_name(&index.countries, b),
    );
    let head = el("div")
        .child(
            ec("p", "crumbs")
                .child(link(&crate::href(&Route::Overview), "Overview"))
                .text(&format!(" › {name}")),
        )
        .child(heading(&name))
        .child(period_picker(
            Route::Pair(pair.to_string(), reviewed),
            period,
        ));
    let loaded = crate::data::both(crate::data::catalog(), crate::data::summaries_in(period))
        .and_then(|(c, s)| Ok((c, s, crate::data::rows()?)));
    let (catalog, summaries, rows) = match loaded {
        Ok(x) => x,
        Err(note) => return Err(head.child(note)),
    };
    let pairs = PairIndex::new(catalog, &index.focus_pairs, period);
    let agg = assessed(summaries, pair);
    let (dated, undated): (Vec<Mark<'static>>, Vec<Mark<'static>>) = marks(catalog, &pairs, pair)
        .into_iter()
        .partition(|m| m.day.is_some());

    let summary = match agg {
        Some(a) => ec("div", "pair-summary")
            .child(stance_badge(a.stance, a.score, a.confidence))
            .opt(crate::review::count_mark(a.reviewed, a.articles))
            .child(ec("p", "pair-count").text(&format!(
                "From {} ({}, {}).{}",
                plural(a.stories as usize, "story", "stories"),
                plural(a.articles as usize, "article", "articles"),
                plural(a.sources as usize, "outlet", "outlets"),
                if (a.stories as usize) < dyad_digest::pairs::MIN_TREND_POINTS {
                    " Too few stories to speak of a trend: read the evidence."
                } else {
                    ""
                }
            ))),
        None => empty(&format!(
            "No assessment: no article in {} codes an event between {first} and {second}.",
            period.label()
        )),
    };

    let mut main = ec("div", "pair-main");
    if !dated.is_empty() {
        main = main.child(timeline(&name, pair, Rc::new(dated)));
    }
    if !undated.is_empty() {
        let mut list = ec("ul", "plain-list");
        for m in &undated {
            list = list.child(el("li").child(evidence_panel_for(m)));
        }
        main = main.child(
            ec("section", "undated")
                .child(t("h2", "Undated stories (not on the timeline)"))
                .child(list),
        );
    }
    let cats = agg
        .map(|a| category_rows(&index.codebook, a))
        .unwrap_or_default();
    if !cats.is_empty() {
        let rows = cats
            .iter()
            .map(|r| {
                vec![
                    s(&r.label),
                    s(&r.events.to_string()),
                    s(&format!("{:.1}", r.cooperation)),
                    s(&format!("{:.1}", r.conflict)),
                ]
            })
            .collect();
        let coop: f64 = cats.iter().map(|r| r.cooperation).sum();
        let conf: f64 = cats.iter().map(|r| r.conflict).sum();
        main = main.child(chart_figure(
            "categories",
            &format!("Cooperation and conflict by kind of event: {name}"),
            &format!(
                "Summed event weights per codebook category: cooperation {coop:.1} to the right, conflict {conf:.1} to the left, over {}.",
                plural(cats.iter().map(|r| r.events as usize).sum(), "event", "events")
            ),
            &categories_svg(&cats),
            table("", None, &["Category", "Events", "Cooperation weight", "Conflict weight"], rows),
            None,
        ));
    }

    // Key quotes: the ranking of the overview's card and the briefing, over the period's quotes.
    let in_period: Vec<_> = rows.iter().filter(|r| period.contains(r.date())).collect();
    let key = dyad_digest::keyquotes::for_pair(&in_period, pair, 5);
    let all_on_pair = in_period.iter().filter(|r| r.has_pair(pair)).count();
    let quotes_href = crate::href(&Route::Quotes(QuoteFilter {
        pair: Some(pair.to_string()),
        ..Default::default()
    }));
    let mut quotes = ec("section", "key-quotes").child(t("h2", "Key quotes"));
    if key.is_empty() {
        quotes = quotes.child(empty(
            "No attributed statement carries evidence for this pair.",
        ));
    } else {
        let mut list = ec("ul", "plain-list");
        for q in &key {
            let w = q.weight_for(pair);
            list = list.child(ec("li", &format!("quote-item {}", tone_class(w))).child(
                quote_block(
                    "",
                    q.text,
                    q.speaker,
                    q.outlet(),
                    q.date(),
                    Some(article_href(&q.article.id, Some(q.sentence()))),
                ),
            ));
        }
        quotes = quotes.child(list);
    }
    quotes = quotes.child(link(
        &quotes_href,
        &format!("All quotes on {name} ({all_on_pair})"),
    ));

    let mut articles = ec("section", "pair-articles").child(t("h2", "Articles"));
    let all_of = pair_articles(catalog, &pairs, pair);
    fn judged<'c>(a: &'c ArticleMeta, pair: &str) -> Option<&'c AssessmentMeta> {
        a.assessments
            .iter()
            .chain(&a.context)
            .find(|s| s.pair == pair)
    }
    let is_reviewed = |a: &ArticleMeta| judged(a, pair).is_some_and(|s| s.review.is_some());
    let n_reviewed = all_of.iter().filter(|a| is_reviewed(a)).count();
    if n_reviewed > 0 || reviewed != ReviewFilter::All {
        articles = articles.child(review_filter(
            pair,
            reviewed,
            period,
            n_reviewed,
            all_of.len(),
        ));
    }
    let list_of: Vec<_> = all_of
        .into_iter()
        .filter(|a| reviewed.passes(is_reviewed(a)))
        .collect();
    if list_of.is_empty() {
        articles = articles.child(empty("No article in the period names both countries."));
    } else {
        let mut list = ec("ul", "article-list");
        for a in list_of {
            let assessment = judged(a, pair);
            let meta = format!(
                "{} · {}{}",
                a.source,
                human_date(a.date.as_deref()),
                assessment.map_or(String::new(), |s| format!(
                    " · {} {}",
                    s.stance.map_or("no stance", |x| x.as_str()),
                    signed(s.score)
                ))
            );
            list = list.child(
                ec("li", "article-item")
                    .child(
                        ec("a", "article-title")
                            .href(&article_href(&a.id, None))
                            .text(&a.title),
                    )
                    .child(ec("span", "article-meta").text(&meta))
                    .opt(assessment.and_then(|s| {
                        s.review.as_ref().map(|r| crate::review::mark(r, s.machine))
                    })),
            );
        }
        articles = articles.child(list);
    }

    let ctx = context_pairs(summaries, pair);
    let context = ec("section", "context")
        .child(t("h2", "Context: pairs that touch this relationship"))
        .child(if ctx.is_empty() {
            empty("No other pair involving these countries is assessed in the corpus.")
        } else {
            let rows = ctx
                .iter()
                .map(|c| {
                    vec![
                        s(&pair_name(&index.countries, &c.pair)),
                        s(c.stance.map_or("–", |s| s.as_str())),
                        s(&signed(c.score)),
                        s(&format!("{:.0}%", c.confidence * 100.0)),
                        s(&c.stories.to_string()),
                    ]
                })
                .collect();
            table(
                "context-table",
                None,
                &["Pair", "Stance", "Score", "Confidence", "Stories"],
                rows,
            )
        });

    Ok(head.child(summary).child(
        ec("div", "pair-layout").child(main).child(
            ec("aside", "pair-side")
                .attr("aria-label", "Quotes, articles and context")
                .child(quotes)
                .child(articles)
                .child(context),
        ),
    ))
}

/// The timeline chart with a focusable button over each mark, the annotations of its time range
/// (numbered on the chart, listed under it and in its data table), and the evidence panel the
/// marks fill when clicked or focused. Also the timeline embed's content.
pub fn timeline(name: &str, pair: &str, dated: Rc<Vec<Mark<'static>>>) -> El {
    let inputs: Vec<TimelineInput> = dated
        .iter()
        .map(|m| TimelineInput {
            day: m.day.unwrap_or(0),
            score: m.score,
            evidence: m.evidence_count,
        })
        .collect();
    let index = crate::data::index();
    let notes = notes_in(
        &index.annotations,
        pair,
        &index.focus_pairs,
        timeline_range(&inputs),
    );
    let (svg, pos) = timeline_svg(&inputs, &notes, &index.codebook.thresholds);
    let panel = ec("section", "evidence-panel")
        .id("evidence-panel")
        .attr("aria-live", "polite")
        .attr("aria-label", "Evidence behind the selected mark")
        .child(ec("p", "hint").text("Select a mark on the timeline (click it, or Tab to it) to read the sentences behind it."));
    let layer = ec("div", "marks");
    let buttons: Rc<Vec<El>> = Rc::new(
        dated
            .iter()
            .zip(&pos)
            .map(|(m, p)| {
                let label = format!(
                    "{}, {}: score {}, {}",
                    human_date(m.date),
                    m.article.source,
                    signed(m.score),
                    plural(
                        m.evidence_count as usize,
                        "evidence sentence",
                        "evidence sentences"
                    )
                );
                ec("button", "mark")
                    .attr("type", "button")
                    .attr("aria-label", &label)
                    .attr("aria-pressed", "false")
                    .attr("aria-controls", "evidence-panel")
                    .style("left", &format!("{:.2}%", p.x))
                    .style("top", &format!("{:.2}%", p.y))
                    .style("width", &format!("max(2rem, {:.2}%)", p.r * 2.0))
            })
            .collect(),
    );
    let select = {
        let (panel, buttons, dated) = (panel.clone(), buttons.clone(), dated.clone());
        Rc::new(move |i: usize| {
            for (j, b) in buttons.iter().enumerate() {
                let _ =
                    b.0.set_attribute("aria-pressed", if i == j { "true" } else { "false" });
            }
            panel.clear();
            let _ = panel.0.append_child(&evidence_panel_for(&dated[i]).0);
        })
    };
    let mut layer = layer;
    for (i, b) in buttons.iter().enumerate() {
        let (s1, s2) = (select.clone(), select.clone());
        layer = layer.child(
            b.clone()
                .on("click", move |_| s1(i))
                .on("focus", move |_| s2(i)),
        );
    }
    let rows = dated
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let s3 = select.clone();
            vec![
                s(&human_date(m.date)),
                link(&article_href(&m.article.id, None), &m.article.title),
                s(&m.article.source),
                s(&signed(m.score)),
                s(m.stance.map_or("–", |s| s.as_str())),
                s(&m.evidence_count.to_string()),
                ec("button", "link-button")
                    .attr("type", "button")
                    .text("Show evidence")
                    .on("click", move |_| s3(i)),
            ]
        })
        .collect();
    let n = dated.len();
    let description = format!(
        "One mark per story, placed by date and score (−1 conflict to +1 cooperation), sized by its evidence sentences. {}Select a mark to read its evidence.",
        if n < MIN_SMOOTH_POINTS { format!("{} only: no trend line is drawn. ", plural(n, "story", "stories")) } else { "The line is a three-story moving average. ".into() },
    );
    let marks_table = table(
        "",
        None,
        &[
            "Date",
            "Article",
            "Outlet",
            "Score",
            "Stance",
            "Evidence sentences",
            "Evidence",
        ],
        rows,
    );
    let notes_table = (!notes.is_empty()).then(|| {
        let rows = notes
            .iter()
            .map(|n| vec![s(&n.n.to_string()), s(&n.dates()), s(&n.annotation.label)])
            .collect();
        table(
            "notes-table",
            Some("Events marked on the chart"),
            &["No.", "Date", "Event"],
            rows,
        )
    });
    el("div")
        .child(chart_figure(
            "timeline",
            &format!("Stance over time: {name}"),
            &description,
            &svg,
            el("div").opt(notes_table).child(marks_table),
            Some(layer),
        ))
        .opt((!notes.is_empty()).then(|| ec("p", "chart-notes").text(&notes_line(&notes))))
        .child(panel)
}

/// A mark's article and its evidence sentences: the sentences come from the article's shard,
/// loaded here if it is not yet.
fn evidence_panel_for(m: &Mark<'static>) -> El {
    let holder = ec("div", "evidence-holder");
    let k = m.article.shard;
    // Not `data::shard`: a load it starts builds the page again when it lands, which would
    // drop the selection; this panel fills itself in.
    match crate::data::loaded_shard(k) {
        Some(shard) => return holder.child(evidence_view(m, shard)),
        None => {
            let (target, m) = (holder.clone(), m.clone());
            let _ = holder.0.append_child(
                &ec("p", "data-loading")
                    .attr("role", "status")
                    .text("Loading the evidence…")
                    .0,
            );
            wasm_bindgen_futures::spawn_local(async move {
                let view = match crate::data::load_shard(k).await {
                    Ok(shard) => evidence_view(&m, shard),
                    Err(e) => crate::data::failure(&e),
                };
                target.clear();
                let _ = target.0.append_child(&view.0);
            });
        }
    }
    holder
}

fn evidence_view(m: &Mark<'static>, shard: &'static dyad_model::layout::Shard) -> El {
    let copies = if m.copies > 0 {
        format!(
            " (and {} syndicated {})",
            m.copies,
            if m.copies == 1 { "copy" } else { "copies" }
        )
    } else {
        String::new()
    };
    let head = ec("div", "evidence-head")
        .child(el("h2").child(link(&article_href(&m.article.id, None), &m.article.title)))
        .child(ec("p", "article-meta").text(&format!(
            "{} · {} · score {} · {}{copies}",
            m.article.source,
            human_date(m.date),
            signed(m.score),
            m.stance.map_or("no stance", |s| s.as_str())
        )));
    let Some(article) = shard.articles.iter().find(|a| a.id == m.article.id) else {
        return el("div").child(head).child(crate::data::failure(&format!(
            "the article {} is not in the shard the catalog names: reload the page",
            m.article.id
        )));
    };
    let pair = m.pair;
    let evidence = evidence_lines(&crate::data::index().codebook, article, pair);
    let body = if evidence.is_empty() {
        empty("This assessment lists no evidence sentence.")
    } else {
        let mut list = ec("ol", "evidence-list");
        for e in &evidence {
            let cats = if e.categories.is_empty() {
                String::new()
            } else {
                format!(" · {}", e.categories.join(", "))
            };
            list = list.child(
                ec("li", &format!("evidence {}", tone_class(e.weight)))
                    .child(ec("p", "evidence-text").text(e.text))
                    .child(
                        ec("p", "evidence-meta")
                            .text(&format!("weight {}{cats} · ", signed(e.weight)))
                            .child(link(
                                &article_href(&m.article.id, Some(e.sentence)),
                                "in context",
                            )),
                    ),
            );
        }
        list
    };
    el("div").child(head).child(body)
}

/// "Analyst review: all / reviewed / not reviewed": the list of articles by whether an analyst
/// reviewed the pair's judgement in them; the choice is in the address (`?reviewed=yes|no`).
fn review_filter(pair: &str, current: ReviewFilter, period: &Period, n: usize, all: usize) -> El {
    let mut select = el("select").id("filter-reviewed");
    for (f, label) in [
        (ReviewFilter::All, format!("All articles ({all})")),
        (
            ReviewFilter::Reviewed,
            format!("Reviewed by an analyst ({n})"),
        ),
        (
            ReviewFilter::Unreviewed,
            format!("Not reviewed ({})", all - n),
        ),
    ] {
        let mut o = el("option")
            .attr("value", f.as_param().unwrap_or(""))
            .text(&label);
        if f == current {
            o = o.attr("selected", "");
        }
        select = select.child(o);
    }
    let (pair, period) = (pair.to_string(), *period);
    let select = select.on("change", move |e| {
        let v = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
            .map(|s| s.value());
        let route = Route::Pair(pair.clone(), ReviewFilter::parse(v.as_deref()));
        let _ = gloo::utils::window()
            .location()
            .set_hash(&with_period(&route.href(), &period));
    });
    ec("div", "filter")
        .child(
            el("label")
                .attr("for", "filter-reviewed")
                .text("Analyst review"),
        )
        .child(select)
}
