//! Text analysis: paragraphs, sentences and word tokens, all as byte spans into the body.
//!
//! Every boundary is found on a `char` boundary, so any span slices the text safely.

use dyad_model::Span;

/// A paragraph is a non-blank line, trimmed: news bodies put one paragraph per line, and a
/// sentence never runs over a line break.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = trim_span(text, start, end);
        if !trimmed.is_empty() {
            out.push(trimmed);
        }
        start = end;
    }
    out
}

/// Trims whitespace (including `\r`) from both ends of `text[start..end]`.
pub fn trim_span(text: &str, start: usize, end: usize) -> Span {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return Span::new(start, start);
    }
    Span::new(start + lead, end - trail)
}

/// Abbreviations whose period does not end a sentence (case-sensitive).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Gov", "Sen", "Rep", "Prof",
    "St", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos",
    "vs", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Mt", "Ft", "approx", "Vol", "Gov", "Pres", "Amb", "Maj",
    "Brig", "Rev", "Fr", "Hon", "Dept", "Univ", "Est", "cf", "al",
];

/// Words that begin a new sentence even after an abbreviation like `U.S.`.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "But", "This", "That", "These", "Those", "In",
    "On", "At", "However", "Meanwhile", "And", "Its", "His", "Her", "Their", "There", "Some", "Many",
];

/// Sentences of one paragraph `[start, end)`, as trimmed spans.
pub fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let (start, end) = (para.start as usize, para.end as usize);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut sent_start = start;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            // Take the run of terminal punctuation and closing quotes/brackets.
            let mut j = i + 1;
            while j < end {
                let c = text[j..].chars().next().unwrap_or(' ');
                if matches!(c, '.' | '!' | '?' | '”' | '"' | '’' | '\'' | ')' | ']' | '»') {
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            let next_ws = j >= end || text[j..].starts_with(|c: char| c.is_whitespace());
            if next_ws && ends_sentence(text, i, j, end, b) {
                let s = trim_span(text, sent_start, j);
                if !s.is_empty() {
                    out.push(s);
                }
                sent_start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let s = trim_span(text, sent_start, end);
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Whether the terminal punctuation at `dot` (run ends at `run_end`) ends a sentence.
fn ends_sentence(text: &str, dot: usize, run_end: usize, para_end: usize, mark: u8) -> bool {
    // The next word: the sentence ends only before something that can start one.
    let rest = text[run_end..para_end].trim_start();
    let Some(first) = rest.chars().next() else { return true };
    let starts_like_sentence =
        first.is_uppercase() || first.is_ascii_digit() || matches!(first, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '—');
    if !starts_like_sentence {
        return false;
    }
    if mark != b'.' {
        return true;
    }
    // The word the period closes.
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &text[word_start..dot];
    if word.is_empty() {
        return true;
    }
    let next_word: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if word.contains('.') {
        // `U.S.`, `U.N.`, `e.g.`: a sentence ends here only if a typical sentence opener follows.
        return SENTENCE_STARTERS.contains(&next_word);
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A single capital is an initial: `W. Patrick Murphy`.
        if c.is_uppercase() {
            return false;
        }
    }
    !ABBREVIATIONS.contains(&word)
}

/// All sentences with the index of their paragraph.
pub fn sentences(text: &str, paragraphs: &[Span]) -> Vec<(Span, u32)> {
    let mut out = Vec::new();
    for (p, &para) in paragraphs.iter().enumerate() {
        for s in sentences_in(text, para) {
            out.push((s, p as u32));
        }
    }
    out
}

/// A word or punctuation token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// A word (letters/digits) rather than punctuation.
    pub word: bool,
}

impl Token {
    pub fn text(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize).unwrap_or("")
    }
    pub fn span(self) -> Span {
        Span { start: self.start, end: self.end }
    }
}

/// Quote marks: handled by the quote finder, never tokens, so phrases match across them.
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '«' | '»' | '„')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text[span]` into tokens. Words are runs of letters and digits, with an inner
/// apostrophe (`don't`) or inner periods between single letters (`U.S.`) kept; a possessive
/// `'s` is its own token; other punctuation is one token per character; quote marks are skipped.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let (start, end) = (span.start as usize, span.end as usize);
    let s = &text[start..end];
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() || is_quote_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + c.len_utf8();
            // Initialism: single letters joined by periods (`U.S.`, `U.N.`).
            if c.is_alphabetic() && s[j..].starts_with('.') && s[j + 1..].starts_with(|d: char| d.is_alphabetic()) {
                let mut k = j;
                let mut ok = true;
                let bytes = s.as_bytes();
                // Pattern: (letter '.')+
                while k < s.len() && bytes[k] == b'.' {
                    let next = s[k + 1..].chars().next();
                    match next {
                        Some(d) if d.is_alphabetic() => {
                            let after = k + 1 + d.len_utf8();
                            if s[after..].starts_with('.') {
                                k = after;
                            } else {
                                ok = false;
                                break;
                            }
                        }
                        _ => break,
                    }
                }
                if ok && k > j {
                    let stop = k + 1; // include the final period
                    out.push(Token { start: (start + i) as u32, end: (start + stop) as u32, word: true });
                    while iter.peek().is_some_and(|&(p, _)| p < stop) {
                        iter.next();
                    }
                    continue;
                }
            }
            while let Some(&(p, d)) = iter.peek() {
                if d.is_alphanumeric() {
                    iter.next();
                    j = p + d.len_utf8();
                } else if is_apostrophe(d) {
                    // `'s` + non-letter: a possessive, split off. `n't`, `o'clock`: keep inside.
                    let after = p + d.len_utf8();
                    let rest = &s[after..];
                    let possessive = (rest.starts_with('s') || rest.starts_with('S'))
                        && !rest[1..].starts_with(|x: char| x.is_alphanumeric());
                    if possessive || !rest.starts_with(|x: char| x.is_alphabetic()) {
                        break;
                    }
                    iter.next();
                    j = after;
                } else if d == '.' && s[p + 1..].starts_with(|x: char| x.is_ascii_digit()) && c.is_ascii_digit() {
                    // 17.5
                    iter.next();
                    j = p + 1;
                } else {
                    break;
                }
            }
            out.push(Token { start: (start + i) as u32, end: (start + j) as u32, word: true });
        } else if is_apostrophe(c) {
            let after = i + c.len_utf8();
            let rest = &s[after..];
            if (rest.starts_with('s') || rest.starts_with('S')) && !rest[1..].starts_with(|x: char| x.is_alphanumeric()) {
                iter.next();
                out.push(Token { start: (start + i) as u32, end: (start + after + 1) as u32, word: true });
            } else {
                out.push(Token { start: (start + i) as u32, end: (start + after) as u32, word: false });
            }
        } else {
            out.push(Token { start: (start + i) as u32, end: (start + i + c.len_utf8()) as u32, word: false });
        }
    }
}

/// Lower-cases a token for case-insensitive lookups, with `’` as `'`.
pub fn normalize_into(buf: &mut String, word: &str) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '’' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let paras = paragraphs(text);
        sentences(text, &paras).into_iter().map(|(s, _)| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "The U.S. has provided aid since Nov. 26 to Ukraine. Gen. Smith met Dr. Lee in the U.N. offices. U.S. President Joe Biden will come.";
        assert_eq!(
            sents(text),
            vec![
                "The U.S. has provided aid since Nov. 26 to Ukraine.",
                "Gen. Smith met Dr. Lee in the U.N. offices.",
                "U.S. President Joe Biden will come."
            ]
        );
    }

    #[test]
    fn quotes_and_initials() {
        let text = "“We are ready. We will go,” he said. W. Patrick Murphy spoke to the U.S. The talks ended.\r\nNext paragraph “here”.";
        assert_eq!(
            sents(text),
            vec!["“We are ready.", "We will go,” he said.", "W. Patrick Murphy spoke to the U.S.", "The talks ended.", "Next paragraph “here”."]
        );
    }

    #[test]
    fn lowercase_after_question_mark_continues() {
        assert_eq!(sents("“Why?” he asked. Fine."), vec!["“Why?” he asked.", "Fine."]);
    }

    #[test]
    fn tokens_keep_initialisms_and_split_possessives() {
        let text = "Cambodia’s U.S. ally didn't pay $17.5 billion, “now”.";
        let mut toks = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut toks);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(words, vec!["Cambodia", "’s", "U.S.", "ally", "didn't", "pay", "$", "17.5", "billion", ",", "now", "."]);
    }

    #[test]
    fn crlf_paragraphs_are_trimmed() {
        let text = "One.\r\n\r\nTwo.\r\n";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(p, vec!["One.", "Two."]);
    }
}
