use super::*;

fn sents(text: &str) -> Vec<&str> {
    let paras = paragraphs(text);
    sentences(text, &paras)
        .into_iter()
        .map(|(s, _)| s.slice(text))
        .collect()
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
        vec![
            "“We are ready.",
            "We will go,” he said.",
            "W. Patrick Murphy spoke to the U.S.",
            "The talks ended.",
            "Next paragraph “here”."
        ]
    );
}

#[test]
fn lowercase_after_question_mark_continues() {
    assert_eq!(
        sents("“Why?” he asked. Fine."),
        vec!["“Why?” he asked.", "Fine."]
    );
}

#[test]
fn tokens_keep_initialisms_and_split_possessives() {
    let text = "Cambodia’s U.S. ally didn't pay $17.5 billion, “now”.";
    let mut toks = Vec::new();
    tokenize(text, Span::new(0, text.len()), &mut toks);
    let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    assert_eq!(
        words,
        vec![
            "Cambodia", "’s", "U.S.", "ally", "didn't", "pay", "$", "17.5", "billion", ",", "now",
            "."
        ]
    );
}

#[test]
fn abbreviations_fit_the_length_guard() {
    assert!(ABBREVIATIONS.iter().all(|a| a.len() <= MAX_ABBREVIATION));
}

#[test]
fn word_classes() {
    assert_ne!(class::of("international") & class::DETERMINER, 0);
    assert_ne!(class::of("between") & class::PREPOSITION, 0);
    assert_ne!(class::of(";") & class::CLAUSE_BREAK, 0);
    assert_eq!(class::of("cambodia"), 0);
    assert_eq!(class::of(""), 0);
}

#[test]
fn crlf_paragraphs_are_trimmed() {
    let text = "One.\r\n\r\nTwo.\r\n";
    let p: Vec<&str> = paragraphs(text).iter().map(|s| s.slice(text)).collect();
    assert_eq!(p, vec!["One.", "Two."]);
}

#[test]
fn a_run_on_sentence_is_cut_at_clause_breaks_into_bounded_pieces() {
    // No stop anywhere: one "sentence" of ~60 KB, with commas and multi-byte characters.
    let text = "Cambodia and China agreed, Phnom Penh said — Kyiv’s envoy noted ".repeat(900);
    let para = Span {
        start: 0,
        end: text.trim_end().len() as u32,
    };
    let pieces = sentences_in(&text, para);
    assert!(pieces.len() >= text.len() / MAX_SENTENCE_BYTES);
    for p in &pieces {
        assert!(p.end - p.start <= MAX_SENTENCE_BYTES as u32);
        assert!(text.is_char_boundary(p.start as usize) && text.is_char_boundary(p.end as usize));
    }
    // Cut after a comma or a space: no word is split, and nothing is lost.
    let joined: Vec<&str> = pieces
        .iter()
        .flat_map(|p| p.slice(&text).split_whitespace())
        .collect();
    assert_eq!(joined, text.split_whitespace().collect::<Vec<_>>());
    // A word longer than the limit is cut at a character boundary.
    let word = "ф".repeat(MAX_SENTENCE_BYTES);
    let pieces = sentences_in(
        &word,
        Span {
            start: 0,
            end: word.len() as u32,
        },
    );
    assert_eq!(pieces.len(), 2);
    assert_eq!(
        pieces.iter().map(|p| p.slice(&word)).collect::<String>(),
        word
    );
}

#[test]
fn role_nouns_are_a_class_that_holds_every_role_index_word() {
    for w in [
        "embassy",
        "ministry",
        "government",
        "minister",
        "envoy",
        "ambassador",
    ] {
        assert_ne!(class::of(w) & class::ROLE_NOUN, 0, "{w}");
    }
    // The role indexes skip every token without the class: each of their words must have it.
    for w in class::ROLE_NOUNS
        .iter()
        .chain(crate::events::ROLE_NOUNS.iter())
    {
        assert_ne!(class::of(w) & class::ROLE_NOUN, 0, "{w}");
    }
    for w in ["embassies", "minister's", "said", "cambodia"] {
        assert_eq!(class::of(w) & class::ROLE_NOUN, 0, "{w}");
    }
}
