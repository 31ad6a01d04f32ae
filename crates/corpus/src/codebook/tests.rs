use super::*;
use crate::text::Token;
use dyad_model::Span;

fn toks(text: &str) -> Vec<Token> {
    let mut t = Vec::new();
    crate::text::tokenize(text, Span::new(0, text.len()), &mut t);
    t
}

#[test]
fn builtin_codebook_loads() {
    let cb = Codebook::builtin();
    assert!(cb.countries.iter().any(|c| c.code == "KH"));
    assert!(cb
        .categories
        .iter()
        .any(|c| c.id == "cooperate" && c.weight > 0.0));
    assert!(cb
        .categories
        .iter()
        .any(|c| c.id == "assault" && c.weight == -10.0));
    assert_eq!(cb.info().categories.len(), cb.categories.len());
}

#[test]
fn phrases_prefixes_and_longest_match() {
    let mut m = PhraseMatcher::new(true);
    m.add("cooperat*", 1u32);
    m.add("joint military exercise", 2);
    m.add("joint", 3);
    let text = "Joint military exercise and COOPERATION, jointly";
    let t = toks(text);
    let found: Vec<_> = m.find_all(text, &t, &Keys::new(text, &t), 0, t.len());
    assert_eq!(found, vec![(0, 3, 2), (4, 1, 1)]);
}

#[test]
fn aliases_are_case_sensitive_but_the_is_not() {
    let cb = Codebook::builtin();
    let text = "The Kremlin and us and US and the Kingdom";
    let t = toks(text);
    let found = cb
        .aliases
        .find_all(text, &t, &Keys::new(text, &t), 0, t.len());
    let words: Vec<&str> = found
        .iter()
        .map(|&(i, n, _)| &text[toks(text)[i].start as usize..toks(text)[i + n - 1].end as usize])
        .collect();
    assert_eq!(words, vec!["The Kremlin", "US", "the Kingdom"]);
}

/// `find_all` without the head filter: every word token tried.
fn unfiltered<V: Copy>(
    m: &PhraseMatcher<V>,
    text: &str,
    t: &[Token],
    keys: &Keys,
) -> Vec<(usize, usize, V)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match t[i].word.then(|| m.longest_at(text, t, keys, i)).flatten() {
            Some((n, v)) => {
                out.push((i, n, v));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

#[test]
fn head_filter_loses_no_match() {
    let cb = Codebook::builtin();
    let mut m = PhraseMatcher::new(true);
    m.add("x*", 1u32);
    m.add("É*", 2);
    m.add("İstanbul talks", 3);
    m.add("a", 4);
    let mut texts = vec!["X-ray xylophone École élan İSTANBUL talks, İstanbul Talks a A; The Kremlin’s the Kingdom U.S. aid".to_string()];
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    for f in std::fs::read_dir(seeds).unwrap() {
        texts.push(std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    for text in &texts {
        let t = toks(text);
        let keys = Keys::new(text, &t);
        assert_eq!(
            m.find_all(text, &t, &keys, 0, t.len()),
            unfiltered(&m, text, &t, &keys)
        );
        assert_eq!(
            cb.aliases.find_all(text, &t, &keys, 0, t.len()),
            unfiltered(&cb.aliases, text, &t, &keys)
        );
        assert_eq!(
            cb.triggers.find_all(text, &t, &keys, 0, t.len()),
            unfiltered(&cb.triggers, text, &t, &keys)
        );
        assert_eq!(
            cb.cues.find_all(text, &t, &keys, 0, t.len()),
            unfiltered(&cb.cues, text, &t, &keys)
        );
    }
    let t = toks(&texts[0]);
    assert_eq!(
        m.find_all(&texts[0], &t, &Keys::new(&texts[0], &t), 0, t.len())
            .len(),
        8
    );
}

#[test]
fn invalid_codebooks_are_refused_with_reasons() {
    let bad = DEFAULT_CODEBOOK.replace("weight = -10.0", "weight = -12.0");
    let err = Codebook::parse(&bad).unwrap_err();
    assert!(err.contains("outside -10..=10"), "{err}");
    let err = Codebook::parse("name = 3").unwrap_err();
    assert!(err.contains("not valid"), "{err}");
}
