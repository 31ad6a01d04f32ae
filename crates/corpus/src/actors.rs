//! Finding countries named in a text.
//!
//! First version: country names and demonyms matched as whole words. The corpus issue replaces
//! this list with the editable codebook (aliases, capitals, metonyms, leaders, institutions).

use dyad_model::Span;

/// (ISO code, display name, words that name the country).
pub const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("KH", "Cambodia", &["Cambodia", "Cambodian", "Cambodians"]),
    ("UA", "Ukraine", &["Ukraine", "Ukrainian", "Ukrainians"]),
    ("RU", "Russia", &["Russia", "Russian", "Russians"]),
    ("US", "United States", &["United States", "U.S.", "US", "American", "Americans"]),
    ("CN", "China", &["China", "Chinese"]),
];

/// Every whole-word mention of a known country in `text`, in text order.
pub fn find_countries(text: &str) -> Vec<(Span, &'static str)> {
    let mut found = Vec::new();
    for &(code, _, words) in COUNTRIES {
        for word in words {
            let mut from = 0;
            while let Some(i) = text[from..].find(word) {
                let start = from + i;
                let end = start + word.len();
                if is_word_edge(text, start, end) {
                    found.push((Span::new(start, end), code));
                }
                from = end;
            }
        }
    }
    found.sort();
    found
}

fn is_word_edge(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_only() {
        let text = "Cambodian deminers went to Ukraine; USB is not the US. Russiaa no.";
        let codes: Vec<_> = find_countries(text).into_iter().map(|(s, c)| (s.slice(text), c)).collect();
        assert_eq!(codes, vec![("Cambodian", "KH"), ("Ukraine", "UA"), ("US", "US")]);
    }
}
