//! Text helpers: accent- and case-insensitive folding for search, signed scores, and splitting a text
//! into highlighted segments from byte spans (the views render segments as text nodes and
//! `<mark>` elements, never as HTML).

use dyad_model::Span;

/// Lower-cases and strips the accents of Latin letters, and straightens typographic quotes and
/// dashes, so `Phnom Penh`, `PHNOM PENH` and `Phnôm Pénh` fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '‘' | '’' | '‚' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            '\u{0300}'..='\u{036F}' => {} // combining marks
            c => {
                for l in c.to_lowercase() {
                    out.push(base_letter(l));
                }
            }
        }
    }
    out
}

fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ'
        | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể'
        | 'ễ' | 'ệ' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ỉ' | 'ị' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ'
        | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ'
        | 'ử' | 'ữ' | 'ự' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// Whether every word of `query` occurs in `haystack_folded` (already [`fold`]ed).
/// An empty query matches everything.
pub fn matches(haystack_folded: &str, query: &str) -> bool {
    fold(query)
        .split_whitespace()
        .all(|w| haystack_folded.contains(w))
}

/// A run of text `range` within a larger text, with the labels of every span covering it.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment<L> {
    pub start: usize,
    pub end: usize,
    pub labels: Vec<L>,
}

/// Splits `within` into consecutive segments at every boundary of `spans` (clipped to `within`
/// and to character boundaries of `text`). Overlapping spans are fine: a segment carries every
/// label covering it. Segments cover `within` exactly, in order.
pub fn segments<L: Clone>(text: &str, within: Span, spans: &[(Span, L)]) -> Vec<Segment<L>> {
    let (lo, hi) = (within.start as usize, (within.end as usize).min(text.len()));
    if lo >= hi {
        return Vec::new();
    }
    let clip = |x: usize| {
        let mut x = x.clamp(lo, hi);
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let mut cuts = vec![lo, hi];
    for (s, _) in spans {
        cuts.push(clip(s.start as usize));
        cuts.push(clip(s.end as usize));
    }
    crate::sort::sort_by(&mut cuts, Ord::cmp);
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Segment {
            start: w[0],
            end: w[1],
            labels: spans
                .iter()
                .filter(|(s, _)| (s.start as usize) <= w[0] && w[1] <= (s.end as usize))
                .map(|(_, l)| l.clone())
                .collect(),
        })
        .collect()
}

/// A signed score with two decimals and a real minus sign: `+0.86`, `−0.40`, `0.00`.
pub fn signed(x: f64) -> String {
    if x.abs() < 0.005 {
        "0.00".into()
    } else if x > 0.0 {
        format!("+{x:.2}")
    } else {
        format!("−{:.2}", -x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_typography() {
        assert_eq!(fold("Phnôm PÉNH"), "phnom penh");
        assert_eq!(fold("Hun Manet’s “good”"), "hun manet's \"good\"");
        assert_eq!(fold("Zelens\u{0301}ky"), "zelensky");
        assert!(matches(
            &fold("Russian naval vessels are scheduled to dock"),
            "NAVAL  vessels"
        ));
        assert!(matches(&fold("Ré"), "re"));
        assert!(!matches(&fold("naval"), "naval base"));
        assert!(matches("anything", "  "));
    }

    #[test]
    fn segments_cover_the_range_and_carry_overlapping_labels() {
        let text = "abcdefghij";
        let spans = [
            (Span::new(2, 6), 'q'),
            (Span::new(4, 8), 't'),
            (Span::new(20, 30), 'x'),
        ];
        let segs = segments(text, Span::new(0, 10), &spans);
        let got: Vec<_> = segs
            .iter()
            .map(|s| (&text[s.start..s.end], s.labels.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ab", vec![]),
                ("cd", vec!['q']),
                ("ef", vec!['q', 't']),
                ("gh", vec!['t']),
                ("ij", vec![])
            ]
        );
    }

    #[test]
    fn segments_respect_char_boundaries() {
        let text = "é“q”";
        // A span cutting inside a multi-byte character is pulled back to the boundary.
        let segs = segments(text, Span::new(0, text.len()), &[(Span::new(1, 6), 1)]);
        assert!(segs
            .iter()
            .all(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end)));
        assert_eq!(
            segs.iter()
                .map(|s| &text[s.start..s.end])
                .collect::<String>(),
            text
        );
    }

    #[test]
    fn signed_scores() {
        assert_eq!(signed(0.86), "+0.86");
        assert_eq!(signed(0.001), "0.00");
        assert_eq!(signed(-0.4), "−0.40");
    }
}
