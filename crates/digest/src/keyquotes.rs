//! A pair's key quotes: one ranking for the overview's cards (the index's `key_quote` is the
//! first), the pair page and the briefing, so the three never show different "best" quotes.

use crate::quotes::{is_statement, QuoteRow};
use std::cmp::Ordering;

/// What the ranking reads of a quote, for one pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate<'a> {
    pub text: &'a str,
    pub speaker: Option<&'a str>,
    pub date: Option<&'a str>,
    /// The evidence weight the quote's sentences carry for the pair.
    pub weight: f64,
    /// The article's id and the quote's first sentence: the last tie-break, so the choice never
    /// depends on the order the quotes come in (syndicated copies share a quote).
    pub article: &'a str,
    pub sentence: u32,
}

impl Candidate<'_> {
    /// A key quote is an attributed statement (not a phrase of a few words); being a candidate,
    /// it carries the pair's evidence, if only a negated event's (weight 0, ranked last).
    pub fn eligible(&self) -> bool {
        self.speaker.is_some() && is_statement(self.text)
    }

    /// The better quote first: the weightiest, then the latest (undated last), the shortest,
    /// then by article and sentence.
    fn rank(&self, other: &Candidate<'_>) -> Ordering {
        other
            .weight
            .abs()
            .total_cmp(&self.weight.abs())
            .then(other.date.cmp(&self.date))
            .then(self.text.len().cmp(&other.text.len()))
            .then(self.article.cmp(other.article))
            .then(self.sentence.cmp(&other.sentence))
    }
}

/// The positions in `candidates` of up to `n` key quotes, best first, at most one per speaker
/// so the list is not one voice. Positions, not items: one instance of the code for the index's
/// quotes and the explorer's rows alike.
pub fn best(candidates: &[Candidate<'_>], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].eligible())
        .collect();
    let rank = |a: &usize, b: &usize| candidates[*a].rank(&candidates[*b]);
    if n == 1 {
        // The index asks for one quote per pair over every quote: no need to sort them all.
        return order
            .into_iter()
            .reduce(|a, b| if rank(&b, &a).is_lt() { b } else { a })
            .into_iter()
            .collect();
    }
    crate::sort::sort_by(&mut order, rank);
    let mut speakers: Vec<Option<&str>> = Vec::new();
    let mut out = Vec::new();
    for i in order {
        if out.len() == n {
            break;
        }
        let speaker = candidates[i].speaker;
        if !speakers.contains(&speaker) {
            speakers.push(speaker);
            out.push(i);
        }
    }
    out
}

/// Up to `n` key quotes for `pair` among the explorer's rows (the pair page shows five, a
/// briefing slide three).
pub fn for_pair<'r, 'a>(rows: &[&'r QuoteRow<'a>], pair: &str, n: usize) -> Vec<&'r QuoteRow<'a>> {
    let (on_pair, candidates): (Vec<&'r QuoteRow<'a>>, Vec<Candidate<'_>>) = rows
        .iter()
        .filter_map(|&r| Some((r, r.candidate(pair)?)))
        .unzip();
    best(&candidates, n)
        .into_iter()
        .map(|i| on_pair[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{summaries, Period};
    use crate::quotes::quote_rows;
    use dyad_model::layout::QuoteMeta;

    fn quote(text: &str, speaker: Option<&str>, pair: &str, weight: f64) -> QuoteMeta {
        QuoteMeta {
            article: 0,
            sentences: (0, 0),
            text: text.into(),
            speaker: speaker.map(String::from),
            country: None,
            pairs: vec![(pair.into(), weight)],
        }
    }

    #[test]
    fn key_quotes_are_attributed_statements_one_per_speaker() {
        let d = crate::test_data();
        let mut quotes = d.quotes.quotes.clone();
        quotes.extend([
            quote("very soon", Some("Someone"), "KH-CN", 5.0),
            quote("a long statement with no speaker", None, "KH-CN", 9.0),
            quote(
                "we will see about the visit",
                Some("Hun Manet"),
                "KH-CN",
                1.0,
            ),
            quote(
                "nothing coded in these words",
                Some("A third"),
                "KH-CN",
                0.0,
            ),
        ]);
        let rows = quote_rows(&d.catalog, &quotes, &d.index.focus_pairs);
        let rows: Vec<_> = rows.iter().collect();
        let k = for_pair(&rows, "KH-CN", 5);
        let said: Vec<(&str, &str)> = k.iter().map(|r| (r.speaker.unwrap(), r.text)).collect();
        assert_eq!(
            said,
            [
                ("An aide", "Phnom Pénh rejects the claims"),
                ("Hun Manet", "We welcome the naval visit"),
                ("A third", "nothing coded in these words")
            ]
        );
        assert_eq!(for_pair(&rows, "KH-CN", 1).len(), 1);
        assert!(for_pair(&rows, "KH-UA", 5).is_empty());
    }

    #[test]
    fn the_index_the_pair_page_and_the_briefing_agree() {
        let d = crate::test_data();
        let mut quotes = d.quotes.quotes.clone();
        // A tie on weight, date and length with the aide's quote (sentence 1): the sentence decides.
        quotes.push(QuoteMeta {
            sentences: (0, 0),
            ..quote(
                "Phnom Pénh rejects the claimz",
                Some("Other"),
                "KH-CN",
                -3.0,
            )
        });
        let rows = quote_rows(&d.catalog, &quotes, &d.index.focus_pairs);
        let mut refs: Vec<_> = rows.iter().collect();
        for period in [Period::ALL, Period::parse(Some("2023-10"), Some("2023-10"))] {
            let in_period: Vec<_> = refs
                .iter()
                .copied()
                .filter(|r| period.contains(r.date()))
                .collect();
            let index = summaries(
                &d.index.focus_pairs,
                &d.index.codebook.thresholds,
                &d.catalog,
                &quotes,
                &period,
            );
            let mut checked = 0;
            for s in &index {
                let page = for_pair(&in_period, &s.pair, 5);
                let first = page
                    .first()
                    .map(|r| (r.article.id.as_str(), r.sentence(), r.text));
                let card = s
                    .key_quote
                    .as_ref()
                    .map(|q| (q.article.id.as_str(), q.sentence, q.text.as_str()));
                assert_eq!(card, first, "{}", s.pair);
                checked += usize::from(card.is_some());
            }
            assert!(checked >= 1, "some pair has a key quote");
        }
        // The order the rows come in does not change the choice.
        let before: Vec<_> = for_pair(&refs, "KH-CN", 5).iter().map(|r| r.text).collect();
        refs.reverse();
        let after: Vec<_> = for_pair(&refs, "KH-CN", 5).iter().map(|r| r.text).collect();
        assert_eq!(before, after);
        assert_eq!(before[0], "Phnom Pénh rejects the claimz");
    }
}
