//! The article reader's layout: paragraphs of sentences, each sentence split into segments at
//! quote and trigger boundaries, with the evidence it carries for each pair.

use crate::text::{segments, Segment};
use dyad_model::{Article, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// Index into `Article::quotes`.
    Quote(usize),
    /// Index into `Article::events`: the trigger words.
    Trigger(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Text between sentences (spaces, or text the compiler did not split).
    Gap(Vec<Segment<Label>>),
    Sentence {
        index: u32,
        segments: Vec<Segment<Label>>,
        /// `(pair, weight)` for every assessment (focus and context) citing this sentence.
        evidence: Vec<(String, f64)>,
        /// Quotes that end in this sentence (to place the speaker's tag after them).
        quote_ends: Vec<usize>,
    },
}

pub type Paragraph = Vec<Piece>;

/// The article as paragraphs of pieces. Without paragraphs in the bundle, each non-empty line is
/// a paragraph; without sentences, each paragraph is one gap.
pub fn layout(article: &Article) -> Vec<Paragraph> {
    let text = article.text.as_str();
    let mut marks: Vec<(Span, Label)> = article
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| (q.span, Label::Quote(i)))
        .collect();
    marks.extend(
        article
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.trigger, Label::Trigger(i))),
    );
    let paragraphs: Vec<Span> = if article.paragraphs.is_empty() {
        let mut v = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if !line.trim().is_empty() {
                let lead = line.len() - line.trim_start().len();
                v.push(Span::new(at + lead, at + line.trim_end().len()));
            }
            at += line.len();
        }
        v
    } else {
        article.paragraphs.clone()
    };
    paragraphs
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let mut pieces = Vec::new();
            let mut cursor = p.start;
            let sentences = article.sentences.iter().enumerate().filter(|(_, s)| {
                if article.paragraphs.is_empty() {
                    p.contains(s.span)
                } else {
                    s.paragraph as usize == pi
                }
            });
            for (si, s) in sentences {
                if s.span.start > cursor {
                    pieces.push(Piece::Gap(segments(
                        text,
                        Span {
                            start: cursor,
                            end: s.span.start,
                        },
                        &marks,
                    )));
                }
                let evidence = article
                    .assessments
                    .iter()
                    .chain(&article.context)
                    .filter_map(|a| {
                        let w: Vec<f64> = a
                            .evidence
                            .iter()
                            .filter(|e| e.sentence as usize == si)
                            .map(|e| e.weight)
                            .collect();
                        (!w.is_empty()).then(|| (a.pair.clone(), w.iter().sum()))
                    })
                    .collect();
                let quote_ends = article
                    .quotes
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.sentences.1 as usize == si)
                    .map(|(i, _)| i)
                    .collect();
                pieces.push(Piece::Sentence {
                    index: si as u32,
                    segments: segments(text, s.span, &marks),
                    evidence,
                    quote_ends,
                });
                cursor = cursor.max(s.span.end);
            }
            if cursor < p.end {
                pieces.push(Piece::Gap(segments(
                    text,
                    Span {
                        start: cursor,
                        end: p.end,
                    },
                    &marks,
                )));
            }
            pieces
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_bundle;

    #[test]
    fn layout_covers_the_text_and_labels_quotes_and_triggers() {
        let b = test_bundle();
        let a = &b.articles[0];
        let paras = layout(a);
        assert_eq!(paras.len(), 1);
        let mut rebuilt = String::new();
        let mut sentences = 0;
        for piece in &paras[0] {
            let segs = match piece {
                Piece::Gap(s) => s,
                Piece::Sentence {
                    segments,
                    evidence,
                    index,
                    quote_ends,
                } => {
                    sentences += 1;
                    assert_eq!(evidence[0].0, "KH-CN");
                    assert_eq!(quote_ends, &vec![*index as usize]);
                    segments
                }
            };
            for s in segs {
                rebuilt.push_str(&a.text[s.start..s.end]);
                if &a.text[s.start..s.end] == "welcome" {
                    assert_eq!(s.labels, vec![Label::Quote(0), Label::Trigger(0)]);
                }
            }
        }
        assert_eq!(sentences, 2);
        assert_eq!(rebuilt, a.text);
    }

    #[test]
    fn without_analysis_each_line_is_a_paragraph() {
        let a = Article {
            text: "Title\n\n  First line.\nSecond\n".into(),
            ..Default::default()
        };
        let paras = layout(&a);
        let texts: Vec<String> = paras
            .iter()
            .map(|p| match &p[0] {
                Piece::Gap(s) => s.iter().map(|s| &a.text[s.start..s.end]).collect(),
                _ => panic!(),
            })
            .collect();
        assert_eq!(texts, ["Title", "First line.", "Second"]);
    }
}
