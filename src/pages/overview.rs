//! `#/`: the four focus pairs at a glance.

use dyad_digest::pair_cards;
use dyad_model::Bundle;
use leptos::prelude::*;

#[component]
pub fn Overview(bundle: &'static Bundle) -> impl IntoView {
    let cards = pair_cards(bundle)
        .into_iter()
        .map(|card| {
            let count = card.articles.len();
            let articles = card
                .articles
                .iter()
                .map(|a| {
                    let meta = format!("{} · {}", a.source, a.date.as_deref().unwrap_or("date unknown"));
                    view! {
                        <li class="article-item">
                            <span class="article-title">{a.title.clone()}</span>
                            <span class="article-meta">{meta}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="pair-card" data-pair=card.slug.clone() aria-labelledby=format!("h-{}", card.slug)>
                    <h2 id=format!("h-{}", card.slug)>"Cambodia – " {card.partner}</h2>
                    <p class="pair-count">
                        {match count {
                            0 => "No article in the corpus names both countries.".to_string(),
                            1 => "1 article names both countries.".to_string(),
                            n => format!("{n} articles name both countries."),
                        }}
                    </p>
                    <ul class="article-list">{articles}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <h1>"Overview"</h1>
        <p class="corpus-line">
            {format!("{} articles from {} outlets", bundle.stats.articles, bundle.stats.sources)}
        </p>
        <div class="pair-grid">{cards}</div>
    }
}
