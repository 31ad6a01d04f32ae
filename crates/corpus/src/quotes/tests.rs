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

#[test]
fn an_official_with_no_country_speaks_for_the_dateline_or_the_place_they_speak_in() {
    let text = "PHNOM PENH — Talks went on.\n\
                “We thank our partners,” the minister said.\n\
                “We are grateful,” a ministry spokesman said in Kyiv.\n\
                “It was signed,” said Pen Rithisak, a secretary of state at the Ministry of Commerce.\n\
                “We object,” the embassy spokesman said.\n\
                “It is late,” analyst Tom Doe said.";
    let got = run(text);
    assert_eq!(got[0].2, s("KH"), "a local post: the dateline's country");
    assert_eq!(got[1].2, s("UA"), "`said in Kyiv`");
    assert_eq!(got[2].2, s("KH"), "the post in the appositive");
    assert_eq!(got[3].2, None, "an embassy is a foreign country's");
    assert_eq!(got[4].2, None, "no post");
    // Without a dateline, a post alone gives no country.
    let got = run("Talks went on.\n“We thank our partners,” the minister said.");
    assert_eq!(got[0].2, None);
}

#[test]
fn a_speech_verb_after_a_closing_comma_is_no_appositive() {
    // `the embassy's press attaché, Irina Vetlugina, told …`: the name's country is the
    // embassy's, not that of a country named in what she told.
    let text = "The Russian embassy protested. The embassy's press attaché, Irina Vetlugina, told a news site that the training helps Ukraine.\n\
                “It damages trust,” Vetlugina said.";
    let got = run(text);
    assert_eq!(got[0].2, s("RU"));
}

#[test]
fn an_unattributed_quote_goes_on_with_the_speaker_before_it_in_the_paragraph() {
    let text = "“We called on Cambodia to join,” Putin told reporters. “We respect its choices.”\n\
                “We regret it.”";
    let got = run(text);
    assert_eq!(
        got[1],
        ("We respect its choices.".into(), s("Putin"), s("RU"))
    );
    // Not across a paragraph break.
    assert_eq!(got[2].1, None);
}

#[test]
fn an_officials_country_is_the_one_their_post_was_last_named_with_and_no_organisations() {
    // `the minister` named before with a country is that country's, whatever the dateline.
    let got = run(
        "PHNOM PENH — Russian Foreign Minister Sergei Lavrov arrived.\n\
                   “We value the friendship with Japan,” the minister said.",
    );
    assert_eq!(got[0].2, s("RU"));
    // An international organisation's official is no country's.
    let got = run("PHNOM PENH — Talks went on.\n“We are worried,” a UN official said.");
    assert_eq!(got[0].2, None);
    // An opening phrase is no dateline.
    let got = run(
        "In Ukraine, the war goes on.\n“We thank Japan for the aid,” the minister told reporters.",
    );
    assert_eq!(got[0].2, None);
}

#[test]
fn a_quote_goes_on_with_its_speaker_only_if_no_one_else_is_named_between() {
    let got = run("“We agree with Japan,” Putin told reporters. Hun Manet disagreed with him on Monday. “We respect China's choices.”");
    assert_eq!(got.len(), 2);
    assert_ne!(got[1].1, s("Putin"));
}
