fn run(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let opts = crate::analyze::Options::default();
    let src = crate::source::parse_article(
        "t.txt",
        "t.txt",
        format!("---\ntitle: t\nsource: s\n---\n{text}").as_bytes(),
    )
    .unwrap()
    .0;
    let an = crate::analyze::analyze(&opts, src);
    let cb = &opts.codebook;
    an.quotes
        .iter()
        .map(|q| {
            let sp = q.speaker.as_ref();
            (
                q.span.slice(&an.article.text).to_string(),
                sp.map(|s| s.name.clone()),
                sp.and_then(|s| s.country)
                    .map(|c| cb.countries[c].code.clone()),
            )
        })
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn speaker_patterns() {
    let text = "“We will help,” said Sok Dara, a spokesman for the Cambodian army.\n\
                “It is fine,” Dara said.\n\
                Putin said: \"We disagree.\"\n\
                “No comment,” he told reporters.\n\
                The plan is “very important”, according to the Kremlin.";
    let got = run(text);
    assert_eq!(got[0], ("We will help,".into(), s("Sok Dara"), s("KH")));
    assert_eq!(got[1].1, s("Dara"));
    assert_eq!(got[1].2, s("KH"));
    assert_eq!(got[2], ("We disagree.".into(), s("Putin"), s("RU")));
    assert_eq!(got[3], ("No comment,".into(), s("Vladimir Putin"), s("RU")));
    assert_eq!(got[4].2, s("RU"));
}

#[test]
fn a_spokesperson_speaks_for_the_previous_sentence_subject_of_the_paragraph() {
    let text = "The U.S. State Department said it was concerned. “We urge restraint,” spokesperson Jane Roe said.\n\
                “We urge restraint,” spokeswoman Ann Poe said.\n\
                Russia protested. “We urge restraint,” analyst Tom Doe said.";
    let got = run(text);
    assert_eq!(got[0].2, s("US"));
    // Not across a paragraph break, and not for a speaker who is not a spokesperson.
    assert_eq!(got[1].2, None);
    assert_eq!(got[2].2, None);
}

#[test]
fn quotes_continue_over_paragraphs() {
    let text = "“First part.\n\n“Second part,” Hun Sen said.";
    let got = run(text);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, "First part.");
    assert_eq!(got[0].1, s("Hun Sen"));
    assert_eq!(got[1].1, s("Hun Sen"));
}

#[test]
fn a_capitalised_word_inside_a_name_is_no_speech_verb() {
    // `States` of `the United States` is no `states`: the phrase has no speaker.
    let text = "The year brought “progress and disappointment” in ties with the United States.\n\
                Officials of the United States said “no comment” on Friday.";
    let got = run(text);
    assert_eq!(got[0].1, None);
    assert_eq!(got[1].2, s("US"));
}
