//! Syndication: articles that are copies of one wire story, found by shared word shingles.
//!
//! Each article is reduced to a sample of hashed 6-word shingles (lower-cased word tokens; a shingle
//! is kept when its hash is 0 mod 4, so copies keep the same sample). Two articles are one story
//! when they share at least 6 sampled shingles and those cover at least 10% of the smaller
//! sample, and their dates (when known) are at most 30 days apart. Only the first 16 articles
//! with a shingle (in bundle order) are linked through it, so boilerplate does not link everything.
//!
//! The shingles of all articles are sorted into one list by shingle (split first by the hash's top
//! bits, so that each part is sorted while it is in the cache). Each run of one shingle gives a
//! pair for every later article and each of the first 16 that is close enough in time; the pairs
//! are then sorted and counted. No step keeps a list per shingle or compares every article with
//! every other, so the cost grows in step with the corpus.

const SHINGLE: usize = 6;
const SAMPLE_MOD: u64 = 4;
const MIN_SHARED: usize = 6;
const MIN_SHARE: f64 = 0.10;
const MAX_DAYS_APART: i32 = 30;
/// At most this many articles are linked through one shingle: the first ones that have it.
const COMMON: usize = 16;
/// About how many shingles are sorted together: a part this size fits in the L2 cache.
const SORT_PART: usize = 4096;
/// The day number of an undated article, which is close in time to every article.
const UNDATED: i32 = i32::MIN;

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
    let mut out: Vec<u64> = keys
        .word_hashes(tokens)
        .windows(SHINGLE)
        .map(|w| {
            w.iter()
                .fold(0u64, |acc, &x| acc.rotate_left(7) ^ x)
                .wrapping_mul(0x9E3779B97F4A7C15)
        })
        .filter(|h| h % SAMPLE_MOD == 0)
        .collect();
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
    // Day numbers of 4-digit years fit an `i32`, which keeps a shingle entry at 16 bytes.
    let days: Vec<i32> = dates
        .iter()
        .map(|d| d.and_then(day_number).map_or(UNDATED, |d| d as i32))
        .collect();
    let shingles = sorted_shingles(fingerprints, &days);

    // One (earlier, later) pair per shingle the two share, when the earlier is among the first
    // COMMON articles with the shingle and the two are close in time.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for run in shingles.chunk_by(|a, b| a.hash == b.hash) {
        let linked = &run[..run.len().min(COMMON)];
        let span = DaySpan::of(linked);
        for (k, later) in run.iter().enumerate().skip(1) {
            // Most later articles of a common shingle are far in time from all of its first ones.
            if !span.near(later.day) {
                continue;
            }
            for earlier in &run[..k.min(COMMON)] {
                if close_in_time(earlier.day, later.day) {
                    pairs.push((earlier.article, later.article));
                }
            }
        }
    }
    drop(shingles);
    pairs.sort_unstable();

    let n = fingerprints.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    // The order of the unions does not matter: a story's root is always its smallest index.
    for same in pairs.chunk_by(|a, b| a == b) {
        let (j, i) = (same[0].0 as usize, same[0].1 as usize);
        let count = same.len();
        let smaller = fingerprints[i].len().min(fingerprints[j].len()).max(1);
        if count >= MIN_SHARED && count as f64 / smaller as f64 >= MIN_SHARE {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            let (lo, hi) = (ri.min(rj), ri.max(rj));
            parent[hi] = lo;
        }
    }
    (0..n).map(|i| find(&mut parent, i)).collect()
}

/// One sampled shingle of one article.
#[derive(Clone, Copy, Default)]
struct Shingle {
    hash: u64,
    article: u32,
    /// The article's day number, or [`UNDATED`].
    day: i32,
}

/// Every article's shingles in one list, ordered by hash and then article. A counting pass
/// splits them by the hash's top bits into parts of about [`SORT_PART`], kept in article order,
/// and each part is sorted on its own: linear in the corpus, where one big sort is not.
fn sorted_shingles(fingerprints: &[Vec<u64>], days: &[i32]) -> Vec<Shingle> {
    let total: usize = fingerprints.iter().map(Vec::len).sum();
    let parts = (total / SORT_PART).next_power_of_two();
    let shift = 64 - parts.trailing_zeros();
    let part_of = |hash: u64| hash.checked_shr(shift).unwrap_or(0) as usize;
    let mut starts = vec![0; parts + 1];
    for fp in fingerprints {
        for &hash in fp {
            starts[part_of(hash) + 1] += 1;
        }
    }
    for p in 1..=parts {
        starts[p] += starts[p - 1];
    }
    let mut next = starts.clone();
    let mut shingles = vec![Shingle::default(); total];
    for (i, (fp, &day)) in fingerprints.iter().zip(days).enumerate() {
        for &hash in fp {
            let slot = &mut next[part_of(hash)];
            shingles[*slot] = Shingle {
                hash,
                article: i as u32,
                day,
            };
            *slot += 1;
        }
    }
    // Stable: each part is in article order, and stays so within a hash.
    for part in starts.windows(2) {
        shingles[part[0]..part[1]].sort_by_key(|s| s.hash);
    }
    shingles
}

fn close_in_time(a: i32, b: i32) -> bool {
    a == UNDATED || b == UNDATED || (a - b).abs() <= MAX_DAYS_APART
}

/// The days of a few articles, to tell at once that another article is far from all of them.
struct DaySpan {
    first: i32,
    last: i32,
    undated: bool,
}

impl DaySpan {
    fn of(shingles: &[Shingle]) -> DaySpan {
        let mut span = DaySpan {
            first: i32::MAX,
            last: i32::MIN,
            undated: false,
        };
        for s in shingles {
            if s.day == UNDATED {
                span.undated = true;
            } else {
                span.first = span.first.min(s.day);
                span.last = span.last.max(s.day);
            }
        }
        span
    }

    /// Whether an article on `day` may be close in time to one of the articles.
    fn near(&self, day: i32) -> bool {
        self.undated
            || day == UNDATED
            || (self.first - MAX_DAYS_APART <= day && day <= self.last + MAX_DAYS_APART)
    }
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
        let g = group(
            &fps,
            &[Some("2024-11-28"), Some("2024-11-30"), Some("2024-11-29")],
        );
        assert_eq!(g, vec![0, 0, 2]);
        // The same text a year later is a new story (recycled boilerplate, not a copy).
        let g = group(&fps[..2], &[Some("2023-11-28"), Some("2024-11-30")]);
        assert_eq!(g, vec![0, 1]);
    }

    /// `n` distinct sampled shingles, sorted as [`fingerprint`] gives them.
    fn shingles(from: u64, n: u64) -> Vec<u64> {
        (from..from + n).map(|x| x * SAMPLE_MOD).collect()
    }

    #[test]
    fn copies_at_most_30_days_apart_group() {
        let fps = vec![shingles(0, 20); 3];
        // 30 days, then 31 (2024 is a leap year).
        assert_eq!(
            group(
                &fps,
                &[Some("2024-01-01"), Some("2024-01-31"), Some("2024-03-02")]
            ),
            vec![0, 0, 2]
        );
    }

    #[test]
    fn an_undated_copy_groups_with_every_copy() {
        let fps = vec![shingles(0, 20); 3];
        // The dated copies are years apart, but the undated one links them into one story.
        assert_eq!(
            group(&fps, &[Some("2020-01-01"), Some("2024-06-01"), None]),
            vec![0, 0, 0]
        );
        assert_eq!(group(&fps[..2], &[None, None]), vec![0, 0]);
    }

    #[test]
    fn copies_share_six_shingles_and_a_tenth_of_the_smaller_sample() {
        let day = Some("2024-01-01");
        let five_of_twenty = vec![
            shingles(0, 20),
            [shingles(0, 5), shingles(100, 15)].concat(),
        ];
        assert_eq!(group(&five_of_twenty, &[day, day]), vec![0, 1]);
        let six_of_sixty_one = vec![
            shingles(0, 61),
            [shingles(0, 6), shingles(100, 60)].concat(),
        ];
        assert_eq!(group(&six_of_sixty_one, &[day, day]), vec![0, 1]);
        let six_of_sixty = vec![
            shingles(0, 60),
            [shingles(0, 6), shingles(100, 60)].concat(),
        ];
        assert_eq!(group(&six_of_sixty, &[day, day]), vec![0, 0]);
    }

    #[test]
    fn only_the_first_16_articles_with_a_shingle_link_through_it() {
        // Sixteen old articles hold the shingles; the next two, close to each other but far from
        // the sixteen, share all of them, yet are not linked through them.
        let fps = vec![shingles(0, 20); 18];
        let mut dates = vec![Some("2020-01-01"); 16];
        dates.extend([Some("2024-01-01"), Some("2024-01-02")]);
        let mut expected = vec![0; 16];
        expected.extend([16, 17]);
        assert_eq!(group(&fps, &dates), expected);
    }

    /// The method as first written: an inverted index (shingle to the first articles with it)
    /// built article by article, each article counting the shingles it shares with earlier ones.
    fn group_by_inverted_index(fingerprints: &[Vec<u64>], dates: &[Option<&str>]) -> Vec<usize> {
        let n = fingerprints.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                x = p[x];
            }
            x
        }
        let days: Vec<Option<i64>> = dates.iter().map(|d| d.and_then(day_number)).collect();
        // Keys are already hashes: Fx, not SipHash, to look them up.
        let mut index: rustc_hash::FxHashMap<u64, Vec<usize>> = Default::default();
        for (i, fp) in fingerprints.iter().enumerate() {
            let mut shared: std::collections::BTreeMap<usize, usize> =
                std::collections::BTreeMap::new();
            for h in fp {
                for &j in index.get(h).map_or(&[][..], |l| l.as_slice()) {
                    *shared.entry(j).or_default() += 1;
                }
            }
            for (j, count) in shared {
                let smaller = fp.len().min(fingerprints[j].len()).max(1);
                let close = match (days[i], days[j]) {
                    (Some(a), Some(b)) => (a - b).abs() <= i64::from(MAX_DAYS_APART),
                    _ => true,
                };
                if count >= MIN_SHARED && count as f64 / smaller as f64 >= MIN_SHARE && close {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
            for &h in fp {
                let list = index.entry(h).or_default();
                if list.len() < COMMON {
                    list.push(i);
                }
            }
        }
        (0..n).map(|i| find(&mut parent, i)).collect()
    }

    #[test]
    fn groups_as_the_inverted_index_does() {
        let mut seed = 0x9E3779B97F4A7C15u64;
        let mut below = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20 {
            // Articles on a few topics (overlapping shingle ranges, some shingles in more than 16
            // articles), a quarter of them near-copies of an earlier one, an eighth undated, in
            // no particular date order.
            let (mut fps, mut dates): (Vec<Vec<u64>>, Vec<Option<String>>) =
                (Vec::new(), Vec::new());
            for i in 0..150 {
                let mut fp: Vec<u64> = if i > 0 && below(4) == 0 {
                    let mut copy = fps[below(i) as usize].clone();
                    copy.retain(|_| below(10) != 0);
                    copy
                } else {
                    let topic = below(8) * 40;
                    (0..below(60))
                        .map(|_| (topic + below(120)) * SAMPLE_MOD)
                        .collect()
                };
                fp.extend((0..below(4)).map(|_| (1000 + below(1000)) * SAMPLE_MOD));
                fp.sort_unstable();
                fp.dedup();
                fps.push(fp);
                dates.push(
                    (below(8) != 0)
                        .then(|| format!("2024-{:02}-{:02}", 1 + below(4), 1 + below(28))),
                );
            }
            let dates: Vec<Option<&str>> = dates.iter().map(|d| d.as_deref()).collect();
            assert_eq!(group(&fps, &dates), group_by_inverted_index(&fps, &dates));
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(
            day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(),
            1
        );
    }
}
