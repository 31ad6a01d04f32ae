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
    /// The offending line's text, shown under the message.
    pub source_line: Option<String>,
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
        self.source_line = Some(
            text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        );
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
        writeln!(f, "{kind}: {}", self.message)?;
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
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} | {caret_pad}^", "")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
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
}
