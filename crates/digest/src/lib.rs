//! What the views show, computed from the bundle.
//!
//! Pure functions from [`dyad_model::Bundle`] to small view models: no Leptos, no browser, so
//! every figure on screen is unit-tested natively.

use dyad_model::{Article, Bundle};

/// One focus pair as the overview shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PairCard<'a> {
    /// `KH-UA`.
    pub pair: &'a str,
    /// `kh-ua`, as used in links.
    pub slug: String,
    /// The partner country's name, e.g. `Ukraine`.
    pub partner: &'a str,
    /// The articles behind the pair, in bundle order.
    pub articles: Vec<&'a Article>,
}

/// The focus pairs in display order, each with the articles behind it.
pub fn pair_cards(bundle: &Bundle) -> Vec<PairCard<'_>> {
    bundle
        .focus_pairs
        .iter()
        .map(|pair| {
            let partner_code = pair.split_once('-').map_or(pair.as_str(), |(_, b)| b);
            let articles = bundle
                .pair(pair)
                .map(|p| p.article_ids.iter().filter_map(|id| bundle.article(id)).collect())
                .unwrap_or_default();
            PairCard { pair, slug: pair.to_ascii_lowercase(), partner: bundle.country_name(partner_code), articles }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{Country, PairAggregate};

    #[test]
    fn cards_follow_focus_order_and_resolve_articles() {
        let bundle = Bundle {
            focus_pairs: vec!["KH-UA".into(), "KH-CN".into()],
            countries: vec![Country { code: "UA".into(), name: "Ukraine".into() }],
            articles: vec![Article { id: "a".into(), title: "A".into(), ..Article::default() }],
            pairs: vec![PairAggregate { pair: "KH-UA".into(), article_ids: vec!["a".into(), "gone".into()], ..Default::default() }],
            ..Bundle::default()
        };
        let cards = pair_cards(&bundle);
        assert_eq!(cards.len(), 2);
        assert_eq!((cards[0].slug.as_str(), cards[0].partner), ("kh-ua", "Ukraine"));
        assert_eq!(cards[0].articles.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), vec!["A"]);
        // No name in the codebook: the code stands in; no aggregate: no articles.
        assert_eq!((cards[1].partner, cards[1].articles.len()), ("CN", 0));
    }
}
