use super::*;
use crate::diagnostic::Diagnostic;
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
fn thousands_of_phrases_sharing_a_first_word_match_as_few() {
    let mut m = PhraseMatcher::new(true);
    m.add("republic", 1u32);
    m.add("republic of ko*", 2);
    for k in 0..16_000u32 {
        m.add(&format!("republic of zq{k}"), 10 + k);
    }
    m.add("republic of zq7 island", 3);
    // The same phrase twice: the first added wins, as before the split by second word.
    m.add("republic zz", 4);
    m.add("republic zz", 5);
    let text =
        "Republic of Zq15999, republic of Korea, Republic of Zq7 island, Republic zz, Republic.";
    let t = toks(text);
    let found: Vec<u32> = m
        .find_all(text, &t, &Keys::new(text, &t), 0, t.len())
        .into_iter()
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(found, vec![16_009, 2, 3, 4, 1]);
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

/// The one diagnostic a broken codebook gets, and the 1-based line and column of `needle`
/// (its first occurrence after the last `after`) in it.
fn refused(text: &str, after: &str, needle: &str) -> (Diagnostic, (usize, usize)) {
    let err = Codebook::parse_file("my.toml", text).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    let start = text.rfind(after).expect("anchor in the text");
    let at = start + text[start..].find(needle).expect("needle after the anchor");
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (err.diagnostics[0].clone(), (line, column))
}

#[test]
fn an_unknown_actor_kind_is_refused_at_its_line() {
    let text = DEFAULT_CODEBOOK.replacen("kind = \"leader\"", "kind = \"Leader\"", 1);
    let (d, at) = refused(&text, "kind = \"Leader\"", "\"Leader\"");
    assert_eq!((d.line, d.column), at);
    assert!(d.message.contains("Leader"), "{d}");
    assert_eq!(
        d.help.as_deref(),
        Some("an actor's kind is one of leader, official, institution, place")
    );
    let shown = d.to_string();
    assert!(
        shown.contains(&format!("my.toml:{}:{}", at.0, at.1)),
        "{shown}"
    );
    assert!(shown.contains("kind = \"Leader\""), "{shown}");
}

#[test]
fn toml_syntax_and_unknown_fields_are_diagnostics() {
    let text = DEFAULT_CODEBOOK.replacen("version = 2", "version = 2\nversion = ", 1);
    let (d, (line, _)) = refused(&text, "version = 2", "version = \n");
    assert_eq!(d.line, line, "{d}");
    let text =
        DEFAULT_CODEBOOK.replacen("id = \"hun-sen\"", "id = \"hun-sen\"\ncolour = \"red\"", 1);
    let (d, (line, _)) = refused(&text, "colour", "colour");
    assert_eq!(d.line, line, "{d}");
    assert!(d.message.contains("unknown field `colour`"), "{d}");
    assert!(d.help.as_deref().unwrap().contains("spelling"), "{d}");
}

#[test]
fn checks_point_at_the_value_they_refuse() {
    let cases = [
        // (original, replacement, what the message says)
        ("weight = -10.0", "weight = -12.0", "outside -10..=10"),
        (
            "partners = [\"UA\", \"RU\", \"US\", \"CN\"]",
            "partners = [\"UA\", \"RU\", \"XX\", \"CN\"]",
            "partner `XX` is not defined",
        ),
        (
            "partners = [\"UA\", \"RU\", \"US\", \"CN\"]",
            "partners = [\"UA\", \"RU\", \"KH\", \"CN\"]",
            "`KH` is the focus country and a partner",
        ),
        (
            "country = \"KH\"\npartners",
            "country = \"ZZ\"\npartners",
            "focus country `ZZ`",
        ),
        (
            "code = \"JP\"",
            "code = \"CN\"",
            "country `CN` is defined twice",
        ),
    ];
    for (from, to, says) in cases {
        let text = DEFAULT_CODEBOOK.replacen(from, to, 1);
        assert_ne!(text, DEFAULT_CODEBOOK, "{from} is in the codebook");
        let value = to.rsplit(['=', '[', ' ']).find(|w| !w.is_empty()).unwrap();
        let needle = match says {
            s if s.contains("`XX`") => "\"XX\"",
            s if s.contains("`KH` is the focus") => "\"KH\", \"CN\"",
            _ => value,
        };
        let (d, at) = refused(&text, to, needle);
        assert!(d.message.contains(says), "{d}");
        assert_eq!((d.line, d.column), at, "{d}");
        assert!(d.help.is_some(), "{d}");
    }
}

#[test]
fn an_alias_of_two_countries_is_refused_but_shared_anaphors_are_not() {
    let anaphors = DEFAULT_CODEBOOK.matches("\"the Kingdom\"").count();
    assert!(
        anaphors >= 2,
        "two countries share the anaphor `the Kingdom`"
    );
    let text = DEFAULT_CODEBOOK.replacen("\"Kremlin\"", "\"Kremlin\", \"Beijing\"", 1);
    assert_ne!(text, DEFAULT_CODEBOOK);
    // The second definition is the one refused, naming the first.
    let (d, at) = refused(&text, "\"PRC\", \"Beijing\"", "\"Beijing\"");
    assert!(
        d.message
            .contains("alias `Beijing` stands for both `RU` and `CN`"),
        "{d}"
    );
    assert_eq!((d.line, d.column), at);
}

#[test]
fn the_focus_and_its_partners_come_from_the_codebook() {
    let cb = Codebook::builtin();
    assert_eq!(cb.focus, "KH");
    assert_eq!(cb.pairs_for("KH"), ["KH-UA", "KH-RU", "KH-US", "KH-CN"]);
    // Another focus keeps the partners; a partner chosen as the focus yields its place.
    assert_eq!(cb.pairs_for("TH"), ["TH-UA", "TH-RU", "TH-US", "TH-CN"]);
    assert_eq!(cb.pairs_for("RU"), ["RU-UA", "RU-KH", "RU-US", "RU-CN"]);
    let text = DEFAULT_CODEBOOK.replacen(
        "country = \"KH\"\npartners = [\"UA\", \"RU\", \"US\", \"CN\"]",
        "country = \"VN\"\npartners = [\"CN\", \"US\"]",
        1,
    );
    let vn = Codebook::parse(&text).unwrap();
    assert_eq!(
        (vn.focus.as_str(), vn.pairs_for("VN")),
        ("VN", vec!["VN-CN".to_string(), "VN-US".into()])
    );
}
