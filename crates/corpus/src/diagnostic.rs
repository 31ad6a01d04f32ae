//! Diagnostics in the style of rustc: what is wrong, where (file, line, column), how to fix it.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as given on the command line.
    pub file: String,
    /// 1-based line and column (column in characters); 0 when the problem is the whole file.
    pub line: usize,
    pub column: usize,
    /// The offending line's text as shown under the message: at most [`SHOWN_CHARS`]
    /// characters around the column, control and bidirectional characters shown as `�`.
    pub source_line: Option<String>,
    /// Where the caret goes in `source_line`, in characters (at most [`SHOWN_CHARS`] + 1).
    caret: u32,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: 0,
            column: 0,
            source_line: None,
            caret: 0,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points at byte `offset` of `text` (the whole file): sets line, column and the source line.
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        self.line = text[..offset].matches('\n').count() + 1;
        self.column = text[line_start..offset].chars().count() + 1;
        let line = text[line_start..line_end].trim_end_matches('\r');
        let column = self.column - 1;
        // A window around the column: a 5 MB line is not echoed to the terminal.
        let from = column.saturating_sub(SHOWN_CHARS / 2);
        let mut shown: String = line
            .chars()
            .skip(from)
            .take(SHOWN_CHARS)
            .map(|c| if shown_as_is(c) { c } else { '\u{FFFD}' })
            .collect();
        self.caret = (column - from) as u32;
        if from > 0 {
            shown.insert(0, '…');
            self.caret += 1;
        }
        if line.chars().count() > from + SHOWN_CHARS {
            shown.push('…');
        }
        self.source_line = Some(shown);
        self
    }

    /// Points at a 1-based line number without a source line (e.g. for non-UTF-8 input).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The most characters of a source line a diagnostic shows.
pub const SHOWN_CHARS: usize = 160;

/// Whether a character is shown as it is under a diagnostic: not a control character (which
/// could drive the terminal) nor a bidirectional control (which could reorder what is shown).
fn shown_as_is(c: char) -> bool {
    c == '\t' || !(c.is_control() || is_bidi_control(c))
}

/// The invisible characters that change the display order of text (`Trojan Source`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Messages may quote the input: shown safe, as the source line is.
        let safe = |t: &str| -> String {
            t.chars()
                .map(|c| if shown_as_is(c) { c } else { '\u{FFFD}' })
                .collect()
        };
        writeln!(f, "{kind}: {}", safe(&self.message))?;
        if self.line == 0 {
            writeln!(f, "  --> {}", self.file)?;
        } else {
            writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        }
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.line, src)?;
            let caret_pad: String = src
                .chars()
                .take(self.caret as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} | {caret_pad}^", "")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", safe(help))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_in_characters() {
        let text = "---\ntitle: Ré\ndate: 2024-13-45\n---\n";
        let offset = text.find("2024").unwrap();
        let d = Diagnostic::error("a.txt", "impossible date")
            .at(text, offset)
            .help("use YYYY-MM-DD");
        assert_eq!((d.line, d.column), (3, 7));
        let shown = d.to_string();
        assert!(shown.contains("a.txt:3:7"), "{shown}");
        assert!(shown.contains("3 | date: 2024-13-45"), "{shown}");
        assert!(shown.contains("      ^"), "{shown}");
        assert!(shown.contains("help: use YYYY-MM-DD"), "{shown}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_and_controls_are_not_echoed() {
        let line = format!(
            "{}\u{1b}[2J\u{202e}bad{}",
            "a".repeat(5000),
            "b".repeat(5000)
        );
        let at = line.find("bad").unwrap();
        let shown = Diagnostic::error("a.txt", "here").at(&line, at).to_string();
        assert!(shown.contains("a.txt:1:5006"), "{shown}");
        assert!(
            shown.len() < 2 * SHOWN_CHARS * 4,
            "{} bytes shown",
            shown.len()
        );
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
            "{shown:?}"
        );
        assert!(
            shown.contains("…aaa")
                && shown.contains("\u{FFFD}[2J\u{FFFD}bad")
                && shown.contains("bbb…")
        );
        // The caret stands under `b` of `bad`.
        let lines: Vec<&str> = shown.lines().collect();
        let (src, caret) = (lines[3], lines[4]);
        let col = caret.chars().count() - 1;
        assert_eq!(src.chars().nth(col), Some('b'), "{shown}");
        assert_eq!(src.chars().skip(col).take(3).collect::<String>(), "bad");
    }
}
