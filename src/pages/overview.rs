//! `#/`: the focus pairs at a glance, and a comparison chart.

use crate::components::{
    article_href, chart_figure, heading, pair_badge, period_picker, quote_block, sparkline,
};
use crate::dom::{ec, el, link, s, t, table, El};
use dyad_digest::charts::{compare_rows, comparison_svg};
use dyad_digest::date::human_date;
use dyad_digest::period::{changes, Period};
use dyad_digest::route::Route;
use dyad_digest::text::signed;
use dyad_digest::{count_word, pair_cards, partner_code};

pub fn build(period: &Period) -> El {
    match try_build(period) {
        Ok(page) | Err(page) => page,
    }
}

fn try_build(period: &Period) -> Result<El, El> {
    let index = crate::data::index();
    let focus_name = dyad_digest::focus_name(index);
    let head = el("div")
        .child(heading(&format!("Where {focus_name}'s relations stand")))
        .child(period_picker(Route::Overview, period));
    let summaries = match crate::data::summaries_in(period) {
        Ok(s) => s,
        Err(note) => return Err(head.child(note)),
    };
    let cards = pair_cards(&index.focus_pairs, &index.countries, summaries);
    let bands = &index.codebook.thresholds;
    let compare = compare_rows(&cards);
    let rows = cards
        .iter()
        .map(|c| {
            let a = c.summary;
            vec![
                s(&format!("{focus_name} – {}", c.partner)),
                s(a.and_then(|a| a.stance)
                    .map_or("no assessment yet", |s| s.as_str())),
                s(&a.map_or("–".to_string(), |a| signed(a.score))),
                s(&a.map_or("–".to_string(), |a| {
                    format!("{:.0}%", a.confidence * 100.0)
                })),
                s(&a.map_or(0, |a| a.stories).to_string()),
                s(&a.map_or(0, |a| a.articles).to_string()),
                s(&a.map_or(0, |a| a.sources).to_string()),
            ]
        })
        .collect();
    let tbl = table(
        "",
        None,
        &[
            "Pair",
            "Stance",
            "Score",
            "Confidence",
            "Stories",
            "Articles",
            "Outlets",
        ],
        rows,
    );
    let description = if cards.iter().any(|c| c.summary.is_some()) {
        cards
            .iter()
            .map(|c| match c.summary {
                Some(a) => format!(
                    "{}: {} ({})",
                    c.partner,
                    a.stance.map_or("no stance", |s| s.as_str()),
                    signed(a.score)
                ),
                None => format!("{}: no assessment yet", c.partner),
            })
            .collect::<Vec<_>>()
            .join("; ")
            + "."
    } else {
        "No pair has an assessment yet.".to_string()
    };

    let mut grid = ec("div", "pair-grid");
    for card in &cards {
        let slug = &card.slug;
        let pair_href = crate::href(&Route::pair(card.pair));
        let agg = card.summary;
        let spark = if let Some(spark) = sparkline(card) {
            spark
        } else {
            let text = match agg {
                None => "No trend: nothing to draw.".to_string(),
                Some(_) => format!(
                    "No trend drawn from {} {} with dated stories.",
                    card.trend.len(),
                    if card.trend.len() == 1 {
                        "month"
                    } else {
                        "months"
                    }
                ),
            };
            ec("div", "sparkline sparkline-empty").child(t("span", &text))
        };
        let quote = agg.and_then(|a| a.key_quote.as_ref()).map(|q| {
            quote_block(
                "card-quote",
                &q.text,
                q.speaker.as_deref(),
                &q.article.source,
                q.article.date.as_deref(),
                Some(article_href(&q.article.id, Some(q.sentence))),
            )
        });
        let mut list = ec("ul", "article-list");
        let latest = agg.map_or(&[][..], |a| a.latest.as_slice());
        for a in latest {
            list = list.child(
                ec("li", "article-item")
                    .child(
                        ec("a", "article-title")
                            .href(&article_href(&a.id, None))
                            .text(&a.title),
                    )
                    .child(ec("span", "article-meta").text(&format!(
                        "{} · {}",
                        a.source,
                        human_date(a.date.as_deref())
                    ))),
            );
        }
        let more = (card.articles as usize).saturating_sub(latest.len());
        let badge = pair_badge(agg);
        grid = grid.child(
            ec("section", "pair-card")
                .attr("data-pair", slug)
                .attr("aria-labelledby", &format!("h-{slug}"))
                .child(el("h2").id(&format!("h-{slug}")).child(link(
                    &pair_href,
                    &format!("{focus_name} – {}", card.partner),
                )))
                .child(badge)
                .child(ec("p", "pair-count").text(&card.evidence_note()))
                .child(spark)
                .opt(quote)
                .child(list)
                .opt((more > 0).then(|| ec("p", "more").text(&format!("and {more} more"))))
                .child(ec("a", "card-link").href(&pair_href).text(&format!(
                    "Timeline and evidence: {focus_name} – {}",
                    card.partner
                ))),
        );
    }

    let st = &index.stats;
    let corpus_line = if period.is_all() {
        let span = match (&st.first_date, &st.last_date) {
            (Some(a), Some(b)) => format!(", {} to {}", human_date(Some(a)), human_date(Some(b))),
            _ => String::new(),
        };
        format!(
            "{} articles ({} stories) from {} outlets{span}. ",
            st.articles, st.stories, st.sources
        )
    } else {
        let n: u32 = index
            .months
            .iter()
            .filter(|(m, _)| period.contains(Some(m)))
            .map(|(_, n)| n)
            .sum();
        format!(
            "{} in {}, of {} in the corpus. ",
            dyad_digest::pairs::plural(n as usize, "article", "articles"),
            period.label(),
            st.articles
        )
    };
    Ok(head
        .child(ec("p", "corpus-line").text(&corpus_line).child(link(
            &crate::href(&Route::Method),
            "How the scores are made",
        )))
        .opt(comparison(period, summaries)?)
        .child(grid)
        .child(chart_figure(
            "compare",
            &format!("The {} relationships compared", count_word(cards.len())),
            &format!("Score of each pair from −1 (conflict) to +1 (cooperation). {description}"),
            &comparison_svg(&compare, bands),
            tbl,
            None,
        )))
}

/// "What changed": each focus pair in the period against the period of the same length before
/// it (`KH-US +0.20 → −0.30, 14 → 22 stories`). Only for a bounded period.
fn comparison(period: &Period, now: &[dyad_model::layout::PairSummary]) -> Result<Option<El>, El> {
    let Some(previous) = period.previous() else {
        return Ok(None);
    };
    let before = crate::data::summaries_in(&previous)?;
    let index = crate::data::index();
    let mut list = ec("ul", "changes");
    for c in changes(&index.focus_pairs, before, now) {
        let side = |x: Option<(f64, u32)>| {
            x.map_or("no assessment".to_string(), |(score, _)| signed(score))
        };
        let stories = |x: Option<(f64, u32)>| x.map_or(0, |(_, n)| n);
        let partner = dyad_digest::country_name(&index.countries, partner_code(&c.pair));
        list = list.child(
            el("li")
                .attr("data-pair", &c.pair.to_ascii_lowercase())
                .child(t("strong", &c.pair))
                .text(&format!(
                    " ({partner}) {} → {}, {} → {} stories",
                    side(c.before),
                    side(c.now),
                    stories(c.before),
                    stories(c.now)
                )),
        );
    }
    Ok(Some(
        ec("section", "what-changed")
            .attr("aria-labelledby", "changed-h")
            .child(el("h2").id("changed-h").text(&format!(
                "What changed: {} against {}",
                period.label(),
                previous.label()
            )))
            .child(list),
    ))
}
