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
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Gov", "Sen", "Rep",
    "Prof", "St", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "No", "Nos", "vs", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Mt", "Ft", "approx", "Vol",
    "Gov", "Pres", "Amb", "Maj", "Brig", "Rev", "Fr", "Hon", "Dept", "Univ", "Est", "cf", "al",
];

/// The longest of [`ABBREVIATIONS`] (`approx`): longer words are not looked up.
const MAX_ABBREVIATION: usize = 6;

/// Words that begin a new sentence even after an abbreviation like `U.S.`.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "However",
    "Meanwhile",
    "And",
    "Its",
    "His",
    "Her",
    "Their",
    "There",
    "Some",
    "Many",
];

/// Sentences of one paragraph `[start, end)`, as trimmed spans.
pub fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let (start, end) = (para.start as usize, para.end as usize);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut sent_start = start;
    let mut i = start;
    while i < end {
        // Skip to the next `.`, `!` or `?`.
        match memchr::memchr3(b'.', b'!', b'?', &bytes[i..end]) {
            Some(k) => i += k,
            None => break,
        }
        let b = bytes[i];
        // Take the run of terminal punctuation and closing quotes/brackets.
        let mut j = i + 1;
        while j < end {
            let c = text[j..].chars().next().unwrap_or(' ');
            if matches!(
                c,
                '.' | '!' | '?' | '”' | '"' | '’' | '\'' | ')' | ']' | '»'
            ) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let next_ws = j >= end || text[j..].starts_with(|c: char| c.is_whitespace());
        if next_ws && ends_sentence(text, i, j, end, b) {
            push_capped(text, trim_span(text, sent_start, j), &mut out);
            sent_start = j;
        }
        i = j;
    }
    push_capped(text, trim_span(text, sent_start, end), &mut out);
    out
}

/// The longest sentence, in bytes. News prose stays far below it (a long sentence is ~400
/// bytes); a run-on text without stops is cut into pieces this long, so the work the later
/// stages do per sentence (each trigger against each name of its sentence) stays bounded and
/// a compile stays linear in its input whatever the text.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Pushes a non-empty sentence, cut at clause breaks (or spaces) if it is over the limit.
fn push_capped(text: &str, mut s: Span, out: &mut Vec<Span>) {
    while s.end as usize - s.start as usize > MAX_SENTENCE_BYTES {
        let (start, limit) = (s.start as usize, s.start as usize + MAX_SENTENCE_BYTES);
        let head = &text.as_bytes()[start..limit];
        let at_break = memchr::memrchr3(b';', b',', b' ', &head[MAX_SENTENCE_BYTES / 2..])
            .map(|k| start + MAX_SENTENCE_BYTES / 2 + k + 1);
        // No break in the second half: cut at a character boundary.
        let cut = at_break.unwrap_or_else(|| {
            (start + 1..=limit)
                .rev()
                .find(|&k| text.is_char_boundary(k))
                .unwrap_or(limit)
        });
        let piece = trim_span(text, start, cut);
        if !piece.is_empty() {
            out.push(piece);
        }
        s = trim_span(text, cut, s.end as usize);
    }
    if !s.is_empty() {
        out.push(s);
    }
}

/// Whether the terminal punctuation at `dot` (run ends at `run_end`) ends a sentence.
fn ends_sentence(text: &str, dot: usize, run_end: usize, para_end: usize, mark: u8) -> bool {
    // The next word: the sentence ends only before something that can start one.
    let rest = text[run_end..para_end].trim_start();
    let Some(first) = rest.chars().next() else {
        return true;
    };
    let starts_like_sentence = first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '—');
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
    let next_word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
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
    word.len() > MAX_ABBREVIATION || !ABBREVIATIONS.contains(&word)
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
    /// The token's text, or `""` if it does not fit `text`.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
    pub fn span(self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// ASCII letters and digits, by byte.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Quote marks: handled by the quote finder, never tokens, so phrases match across them.
#[inline(always)]
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '«' | '»' | '„')
}

#[inline(always)]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text[span]` into tokens. Words are runs of letters and digits, with an inner
/// apostrophe (`don't`) or inner periods between single letters (`U.S.`) kept; a possessive
/// `'s` is its own token; other punctuation is one token per character; quote marks are skipped.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let (base, end) = (span.start as usize, span.end as usize);
    let s = &text[base..end];
    let bytes = s.as_bytes();
    // The char at byte `i` (always a char boundary), decoding only outside ASCII.
    #[inline(always)]
    fn char_at(s: &str, i: usize) -> char {
        let b = s.as_bytes()[i];
        if b < 0x80 {
            b as char
        } else {
            s[i..].chars().next().unwrap_or(' ')
        }
    }
    let tok = |a: usize, b: usize, word: bool| Token {
        start: (base + a) as u32,
        end: (base + b) as u32,
        word,
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            // Most characters between words are one space.
            i += 1;
            continue;
        }
        let c = char_at(s, i);
        let next = i + c.len_utf8();
        if c.is_whitespace() || is_quote_mark(c) {
            i = next;
            continue;
        }
        if c.is_alphanumeric() {
            // Initialism: single letters joined by periods (`U.S.`, `U.N.`), final period kept.
            if c.is_alphabetic() {
                let mut k = next;
                let mut letters = 1;
                while k + 1 < bytes.len() && bytes[k] == b'.' {
                    let d = char_at(s, k + 1);
                    let after = k + 1 + d.len_utf8();
                    if d.is_alphabetic() && after < bytes.len() && bytes[after] == b'.' {
                        letters += 1;
                        k = after;
                    } else {
                        break;
                    }
                }
                if letters > 1 {
                    out.push(tok(i, k + 1, true));
                    i = k + 1;
                    continue;
                }
            }
            let mut j = next;
            loop {
                // The run of ASCII letters and digits, one table read per byte: most of a word.
                while j < bytes.len() && ASCII_ALNUM[bytes[j] as usize] {
                    j += 1;
                }
                if j >= bytes.len() {
                    break;
                }
                let d = char_at(s, j);
                if d.is_alphanumeric() {
                    j += d.len_utf8();
                } else if is_apostrophe(d) {
                    // `'s` + non-letter: a possessive, split off. `n't`, `o'clock`: kept inside.
                    let after = j + d.len_utf8();
                    let rest = &s[after..];
                    let possessive = (rest.starts_with('s') || rest.starts_with('S'))
                        && !rest[1..].starts_with(|x: char| x.is_alphanumeric());
                    if possessive || !rest.starts_with(|x: char| x.is_alphabetic()) {
                        break;
                    }
                    j = after;
                } else if d == '.'
                    && c.is_ascii_digit()
                    && j + 1 < bytes.len()
                    && bytes[j + 1].is_ascii_digit()
                {
                    // 17.5
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(tok(i, j, true));
            i = j;
        } else if is_apostrophe(c) {
            let rest = &s[next..];
            if (rest.starts_with('s') || rest.starts_with('S'))
                && !rest[1..].starts_with(|x: char| x.is_alphanumeric())
            {
                out.push(tok(i, next + 1, true));
                i = next + 1;
            } else {
                out.push(tok(i, next, false));
                i = next;
            }
        } else {
            out.push(tok(i, next, false));
            i = next;
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

/// Closed-class words the analysis asks about, as bit flags looked up once per token.
pub mod class;

#[cfg(test)]
mod tests;
