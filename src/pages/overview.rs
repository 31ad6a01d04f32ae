//! `#/`: the four focus pairs at a glance, and a comparison chart.

use crate::components::{article_href, chart_figure, heading, stance_badge};
use crate::dom::{ec, el, link, s, t, table, El};
use dyad_digest::charts::{comparison_svg, sparkline_svg, Bands, CompareRow};
use dyad_digest::pair_cards;
use dyad_digest::text::{human_date, signed};
use dyad_model::Bundle;

pub fn bands(bundle: &Bundle) -> Bands {
    let t = &bundle.codebook.thresholds;
    if t.cooperative == 0.0 && t.strained == 0.0 {
        Bands { cooperative: 0.4, strained: -0.4 }
    } else {
        Bands { cooperative: t.cooperative, strained: t.strained }
    }
}

pub fn build(bundle: &'static Bundle) -> El {
    let cards = pair_cards(bundle, crate::all_quotes());
    let bands = bands(bundle);
    let compare: Vec<CompareRow> = cards
        .iter()
        .map(|c| CompareRow { label: c.partner.to_string(), score: c.aggregate.map(|a| a.score), confidence: c.aggregate.map_or(0.0, |a| a.confidence) })
        .collect();
    let rows = cards
        .iter()
        .map(|c| {
            let a = c.aggregate;
            vec![
                s(&format!("Cambodia – {}", c.partner)),
                s(a.and_then(|a| a.stance).map_or("no assessment yet", |s| s.as_str())),
                s(&a.map_or("–".to_string(), |a| signed(a.score))),
                s(&a.map_or("–".to_string(), |a| format!("{:.0}%", a.confidence * 100.0))),
                s(&a.map_or(0, |a| a.stories).to_string()),
                s(&a.map_or(0, |a| a.articles).to_string()),
                s(&a.map_or(0, |a| a.sources).to_string()),
            ]
        })
        .collect();
    let tbl = table("", None, &["Pair", "Stance", "Score", "Confidence", "Stories", "Articles", "Outlets"], rows);
    let description = if cards.iter().any(|c| c.aggregate.is_some()) {
        cards
            .iter()
            .map(|c| match c.aggregate {
                Some(a) => format!("{}: {} ({})", c.partner, a.stance.map_or("no stance", |s| s.as_str()), signed(a.score)),
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
        let pair_href = format!("#/pair/{slug}");
        let agg = card.aggregate;
        let spark = if card.has_trend() {
            ec("div", "sparkline")
                .attr("role", "img")
                .attr("aria-label", &format!("Trend of the score over {} stories", card.trend.len()))
                .svg(&sparkline_svg(&card.trend, bands))
        } else {
            let text = match agg {
                None => "No trend: nothing to draw.".to_string(),
                Some(_) => format!("No trend drawn from {} dated {}.", card.trend.len(), if card.trend.len() == 1 { "story" } else { "stories" }),
            };
            ec("div", "sparkline sparkline-empty").child(t("span", &text))
        };
        let quote = card.quote.as_ref().map(|q| {
            ec("blockquote", "card-quote").child(t("p", &format!("“{}”", q.text))).child(
                el("footer")
                    .text(&format!("— {}, ", q.speaker.unwrap_or("unattributed")))
                    .child(t("cite", q.outlet()))
                    .text(&format!(", {} · ", human_date(q.date())))
                    .child(link(&article_href(&q.article.id, Some(q.sentence())), "in context")),
            )
        });
        let mut list = ec("ul", "article-list");
        for a in card.articles.iter().take(4) {
            list = list.child(
                ec("li", "article-item")
                    .child(ec("a", "article-title").href(&article_href(&a.id, None)).text(&a.title))
                    .child(ec("span", "article-meta").text(&format!("{} · {}", a.source, human_date(a.date.as_deref())))),
            );
        }
        let more = card.articles.len().saturating_sub(4);
        let badge = match agg {
            Some(a) => stance_badge(a.stance, a.score, a.confidence),
            None => ec("span", "stance-line").child(ec("span", "stance stance-none").text("no assessment yet")),
        };
        grid = grid.child(
            ec("section", "pair-card")
                .attr("data-pair", slug)
                .attr("aria-labelledby", &format!("h-{slug}"))
                .child(el("h2").id(&format!("h-{slug}")).child(link(&pair_href, &format!("Cambodia – {}", card.partner))))
                .child(badge)
                .child(ec("p", "pair-count").text(&card.evidence_note()))
                .child(spark)
                .opt(quote)
                .child(list)
                .opt((more > 0).then(|| ec("p", "more").text(&format!("and {more} more"))))
                .child(ec("a", "card-link").href(&pair_href).text(&format!("Timeline and evidence: Cambodia – {}", card.partner))),
        );
    }

    let st = &bundle.stats;
    let span = match (&st.first_date, &st.last_date) {
        (Some(a), Some(b)) => format!(", {} to {}", human_date(Some(a)), human_date(Some(b))),
        _ => String::new(),
    };
    el("div")
        .child(heading("Where Cambodia's relations stand"))
        .child(
            ec("p", "corpus-line")
                .text(&format!("{} articles ({} stories) from {} outlets{span}. ", st.articles, st.stories, st.sources))
                .child(link("#/method", "How the scores are made")),
        )
        .child(grid)
        .child(chart_figure(
            "compare",
            "The four relationships compared",
            &format!("Score of each pair from −1 (conflict) to +1 (cooperation). {description}"),
            &comparison_svg(&compare, bands),
            tbl,
            None,
        ))
}
