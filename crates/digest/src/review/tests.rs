use super::*;
use dyad_model::layout::{ArticleMeta, AssessmentMeta, Catalog};
use dyad_model::{Event, Span};

fn review(verdict: Verdict) -> Review {
    Review {
        verdict,
        by: "SK".into(),
        note: "the aid is a gift".into(),
        date: Some("2026-11-30".into()),
    }
}

fn meta(
    pair: &str,
    stance: Stance,
    score: f64,
    r: Option<Review>,
    m: Option<Judgement>,
) -> AssessmentMeta {
    AssessmentMeta {
        pair: pair.into(),
        stance: Some(stance),
        score,
        review: r,
        machine: m,
        ..AssessmentMeta::default()
    }
}

fn catalog() -> Catalog {
    let machine = |stance, score| {
        Some(Judgement {
            stance: Some(stance),
            score,
        })
    };
    Catalog {
        articles: vec![
            ArticleMeta {
                id: "a".into(),
                assessments: vec![
                    // Confirmed: agrees, no difference.
                    meta(
                        "KH-CN",
                        Stance::Cooperative,
                        0.6,
                        Some(review(Verdict::Confirmed)),
                        None,
                    ),
                    // Corrected to another label: a disagreement, |0.2 - (-0.4)| = 0.6.
                    meta(
                        "KH-US",
                        Stance::Strained,
                        -0.4,
                        Some(review(Verdict::Corrected)),
                        machine(Stance::Mixed, 0.2),
                    ),
                    // Not reviewed: not counted.
                    meta("KH-RU", Stance::Mixed, 0.0, None, None),
                ],
                context: vec![
                    // Corrected, same label: agrees, difference 0.2.
                    meta(
                        "CN-US",
                        Stance::Cooperative,
                        0.5,
                        Some(review(Verdict::Corrected)),
                        machine(Stance::Cooperative, 0.7),
                    ),
                ],
                ..ArticleMeta::default()
            },
            ArticleMeta {
                id: "b".into(),
                assessments: vec![meta(
                    "KH-UA",
                    Stance::Cooperative,
                    0.5,
                    Some(review(Verdict::Added)),
                    None,
                )],
                ..ArticleMeta::default()
            },
        ],
        ..Catalog::default()
    }
}

#[test]
fn agreement_counts_confirmed_and_corrected_and_lists_changes_and_misses() {
    let c = catalog();
    let a = agreement(&c);
    assert_eq!((a.reviewed, a.agreed, a.added), (3, 2, 1));
    assert!((a.share() - 2.0 / 3.0).abs() < 1e-9);
    assert!((a.mean_score_difference - (0.0 + 0.6 + 0.2) / 3.0).abs() < 1e-9);
    let listed: Vec<(&str, &str, Option<Option<Stance>>)> = a
        .disagreements
        .iter()
        .map(|d| (d.article.id.as_str(), d.pair, d.machine.map(|m| m.stance)))
        .collect();
    assert_eq!(
        listed,
        [
            ("a", "KH-US", Some(Some(Stance::Mixed))),
            ("b", "KH-UA", None)
        ]
    );
    assert_eq!(a.disagreements[0].analyst.stance, Some(Stance::Strained));
}

#[test]
fn no_reviews_means_no_figure() {
    let empty = Catalog::default();
    let a = agreement(&empty);
    assert_eq!((a.reviewed, a.agreed, a.added), (0, 0, 0));
    assert_eq!(a.share(), 0.0);
    assert_eq!(a.interval(), (0.0, 0.0));
}

#[test]
fn wilson_interval_matches_the_formula_and_stays_in_bounds() {
    // 8 of 10: the textbook Wilson interval is 0.490..0.943.
    let (lo, hi) = wilson(8, 10);
    assert!(
        (lo - 0.4902).abs() < 1e-3 && (hi - 0.9433).abs() < 1e-3,
        "{lo} {hi}"
    );
    let (lo, hi) = wilson(3, 3);
    assert!(lo > 0.4 && hi == 1.0, "{lo} {hi}");
    assert_eq!(wilson(0, 0), (0.0, 0.0));
}

#[test]
fn review_filter_reads_the_route_and_passes() {
    assert_eq!(ReviewFilter::parse(Some("yes")), ReviewFilter::Reviewed);
    assert_eq!(ReviewFilter::parse(Some("no")), ReviewFilter::Unreviewed);
    assert_eq!(ReviewFilter::parse(Some("maybe")), ReviewFilter::All);
    assert_eq!(ReviewFilter::parse(None), ReviewFilter::All);
    for f in [
        ReviewFilter::All,
        ReviewFilter::Reviewed,
        ReviewFilter::Unreviewed,
    ] {
        assert_eq!(ReviewFilter::parse(f.as_param()), f);
    }
    assert!(ReviewFilter::Reviewed.passes(true) && !ReviewFilter::Reviewed.passes(false));
    assert!(ReviewFilter::Unreviewed.passes(false) && !ReviewFilter::Unreviewed.passes(true));
    assert!(ReviewFilter::All.passes(true) && ReviewFilter::All.passes(false));
}

#[test]
fn describe_names_verdict_analyst_date_note_and_the_machine() {
    let d = describe(
        &review(Verdict::Corrected),
        Some(Judgement {
            stance: Some(Stance::Mixed),
            score: 0.1,
        }),
    );
    assert_eq!(
        d,
        "corrected by SK on 2026-11-30: the aid is a gift (machine: mixed +0.10)"
    );
}

#[test]
fn toml_strings_escape_what_could_break_out() {
    assert_eq!(toml_string("plain"), "\"plain\"");
    assert_eq!(
        toml_string("a \"b\" \\ c\nd\u{7}"),
        "\"a \\\"b\\\" \\\\ c\\nd\\u0007\""
    );
}

#[test]
fn pair_snippets_are_valid_toml_shapes() {
    let j = Judgement {
        stance: Some(Stance::Cooperative),
        score: 0.62,
    };
    let s = pair_snippet("000_x", "KH-UA", true, j);
    assert_eq!(
        s,
        "[[pair]]\narticle = \"000_x\"\npair = \"KH-UA\"\nverdict = \"confirm\"\nby = \"\"   # your initials\nnote = \"\"   # why\n"
    );
    let s = pair_snippet("000_x", "KH-UA", false, j);
    assert!(
        s.contains("verdict = \"correct\"\nstance = \"cooperative\""),
        "{s}"
    );
    assert!(s.contains("score = 0.62"), "{s}");
}

#[test]
fn event_snippets_number_sentences_from_one_and_escape_the_trigger() {
    let text = "They said \"hi\" to Cambodia.";
    let e = Event {
        sentence: 3,
        source: "KH".into(),
        target: "CN".into(),
        category: "cooperate".into(),
        trigger: Span::new(10, 14),
        ..Event::default()
    };
    let s = event_snippet("a", &e, text, false);
    assert!(
        s.contains("sentence = 4\ntrigger = \"\\\"hi\\\"\"\nverdict = \"reject\""),
        "{s}"
    );
    assert!(s.contains("# category = \"cooperate\""), "{s}");
    assert!(event_snippet("a", &e, text, true).contains("verdict = \"confirm\""));
}
