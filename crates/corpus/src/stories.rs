//! Syndication: articles that are copies of one wire story, found by shared word shingles.
//!
//! Each article is reduced to a sample of hashed 6-word shingles (lower-cased word tokens; a shingle
//! is kept when its hash is 0 mod 4, so copies keep the same sample). Two articles are one story
//! when they share at least 6 sampled shingles and those cover at least 10% of the smaller
//! sample, and their dates (when known) are at most 30 days apart. An inverted index finds the
//! candidates, so the cost grows with the corpus size, not its square.

use crate::codebook::FxMap;

const SHINGLE: usize = 6;
const SAMPLE_MOD: u64 = 4;
const MIN_SHARED: usize = 6;
const MIN_SHARE: f64 = 0.10;
const MAX_DAYS_APART: i64 = 30;
/// At most this many articles are remembered per shingle (boilerplate makes long lists).
const COMMON: usize = 16;

/// Sampled shingle hashes of a text, sorted and deduplicated.
pub fn fingerprint(text: &str) -> Vec<u64> {
    let mut tokens = Vec::new();
    crate::text::tokenize(text, dyad_model::Span::new(0, text.len()), &mut tokens);
    let keys = crate::codebook::Keys::new(text, &tokens);
    fingerprint_tokens(&tokens, &keys)
}

/// Sampled shingle hashes of an article's word tokens (their lower-cased keys).
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` needs Rust 1.87; the workspace supports 1.85
pub fn fingerprint_tokens(tokens: &[crate::text::Token], keys: &crate::codebook::Keys) -> Vec<u64> {
    // Plain loops: iterator adapters are not inlined at the release profile's opt-level "z".
    let hashes = keys.word_hashes(tokens);
    let mut out: Vec<u64> = Vec::with_capacity(hashes.len() / SAMPLE_MOD as usize + 1);
    for w in hashes.windows(SHINGLE) {
        let mut acc = 0u64;
        for &x in w {
            acc = acc.rotate_left(7) ^ x;
        }
        let h = acc.wrapping_mul(0x9E3779B97F4A7C15);
        if h % SAMPLE_MOD == 0 {
            out.push(h);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Days since 0000-03-01 for a `YYYY-MM-DD` date (civil calendar), for date distances.
pub fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d)
}

/// Groups articles (given in bundle order with their dates) into stories; returns for each
/// article the index of its story's first article.
pub fn group(fingerprints: &[Vec<u64>], dates: &[Option<&str>]) -> Vec<usize> {
    let n = fingerprints.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let days: Vec<Option<i64>> = dates.iter().map(|d| d.and_then(day_number)).collect();
    let mut index: FxMap<u64, Vec<u32>> = FxMap::default();
    // Shingles shared with each earlier article, counted in place (no sort of the hits); the
    // articles touched are listed to be checked and reset. The order of the unions does not
    // matter: a story's root is always its smallest index.
    let mut shared: Vec<u32> = vec![0; n];
    let mut touched: Vec<u32> = Vec::new();
    for (i, fp) in fingerprints.iter().enumerate() {
        for h in fp {
            // Posting lists are capped: a shingle in many articles links to the first few only.
            if let Some(list) = index.get(h) {
                for &j in list {
                    if shared[j as usize] == 0 {
                        touched.push(j);
                    }
                    shared[j as usize] += 1;
                }
            }
        }
        for &j in &touched {
            let j = j as usize;
            let count = std::mem::take(&mut shared[j]) as usize;
            let smaller = fp.len().min(fingerprints[j].len()).max(1);
            let close_in_time = match (days[i], days[j]) {
                (Some(a), Some(b)) => (a - b).abs() <= MAX_DAYS_APART,
                _ => true,
            };
            if count >= MIN_SHARED && count as f64 / smaller as f64 >= MIN_SHARE && close_in_time {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                let (lo, hi) = (ri.min(rj), ri.max(rj));
                parent[hi] = lo;
            }
        }
        touched.clear();
        for &h in fp {
            let list = index.entry(h).or_default();
            if list.len() < COMMON {
                list.push(i as u32);
            }
        }
    }
    (0..n).map(|i| find(&mut parent, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The Siem Reap conference is a five-yearly meeting held by signatories to the anti-landmine treaty to assess progress in its objective towards a world without antipersonnel mines. More than 100 demonstrators lined the walkway to the venue while delegates arrived for the talks on the treaty and its future in the region. Officials said the treaty had never faced such a challenge to its integrity in the twenty five years since it entered into force.";

    #[test]
    fn copies_group_and_distinct_stories_do_not() {
        let copy = format!("Another outlet adds a lead paragraph of its own here today. {WIRE} And a closing line.");
        let other = "Cambodia and China held a joint exercise near the coast this month, officials in both capitals said on Monday, as part of a long programme of military cooperation between the two armies that began years ago.";
        let fps = vec![fingerprint(WIRE), fingerprint(&copy), fingerprint(other)];
        let g = group(&fps, &[Some("2024-11-28"), Some("2024-11-30"), Some("2024-11-29")]);
        assert_eq!(g, vec![0, 0, 2]);
        // The same text a year later is a new story (recycled boilerplate, not a copy).
        let g = group(&fps[..2], &[Some("2023-11-28"), Some("2024-11-30")]);
        assert_eq!(g, vec![0, 1]);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(), 2);
        assert_eq!(day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(), 1);
    }
}
