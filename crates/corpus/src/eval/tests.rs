use super::*;
use dyad_model::{Assessment, Evidence, Span};

fn assessment(
    text: &str,
    pair: &str,
    stance: Stance,
    score: f64,
    sentences: &[&str],
) -> Assessment {
    Assessment {
        pair: pair.into(),
        stance: Some(stance),
        score,
        confidence: 0.5,
        review: None,
        machine: None,
        evidence: sentences
            .iter()
            .map(|s| {
                let start = text.find(s).expect("the sentence is in the text");
                Evidence {
                    span: Span::new(start, start + s.len()),
                    ..Evidence::default()
                }
            })
            .collect(),
    }
}

/// The case of `score.py` run on the same bundle and gold (written out as JSON by hand):
/// `pairs: precision 0.67 recall 0.40 (tp 2 fp 1 fn 3); stance accuracy 95% interval
/// [0.09, 0.91] over 2 judgements`, `pair F1 0.50, stance accuracy 0.50, score MAE 0.30,
/// evidence recall 0.75`.
#[test]
fn agrees_with_score_py_on_a_small_case() {
    let a_text = "Cambodia thanked China. Cambodia and China signed a deal worth “millions” of dollars for roads, bridges and ports in the north. Russia was mentioned.";
    let b_text =
        "Kyiv criticised Phnom Penh’s abstention at the United Nations on Tuesday, officials said.";
    let articles = vec![
        Article {
            file: "a.txt".into(),
            text: a_text.into(),
            assessments: vec![
                assessment(
                    a_text,
                    "KH-CN",
                    Stance::Cooperative,
                    0.7,
                    &[
                        "Cambodia thanked China.",
                        "Cambodia and China signed a deal worth “millions” of dollars for roads, bridges and ports in the north.",
                    ],
                ),
                assessment(a_text, "KH-RU", Stance::Mixed, 0.1, &["Russia was mentioned."]),
            ],
            ..Article::default()
        },
        Article {
            file: "b.txt".into(),
            text: b_text.into(),
            assessments: vec![assessment(b_text, "KH-UA", Stance::Strained, -0.5, &[b_text])],
            ..Article::default()
        },
    ];
    let gold = parse_gold(r#"[{"file": "a.txt", "pairs": [{"pair": "KH-CN", "stance": "cooperative", "score": 0.8, "evidence": ["Cambodia thanked China.", "Cambodia and China signed a deal worth \"millions\" of dollars for roads, bridges and ports in the NORTH, officials said.", "Not there."]}, {"pair": "KH-US", "stance": "mixed", "score": 0.0, "evidence": [], "optional": true}]}, {"file": "b.txt", "pairs": [{"pair": "KH-UA", "stance": "mixed", "score": 0.0, "evidence": ["Kyiv criticised Phnom Penh's abstention at the United Nations on Tuesday, officials said."]}, {"pair": "KH-US", "stance": "cooperative", "score": 0.6, "evidence": ["x"]}]}, {"file": "c.txt", "pairs": [{"pair": "KH-CN", "stance": "cooperative", "score": 0.6, "evidence": []}, {"pair": "KH-RU", "stance": "mixed", "score": 0.0, "evidence": [], "optional": true}]}]"#).unwrap();
    let pairs: Vec<String> = ["KH-UA", "KH-RU", "KH-US", "KH-CN"]
        .map(String::from)
        .to_vec();
    let why = |_: &Article, pair: &str| vec![format!("events of {pair}")];
    let s = score(&articles, &pairs, &gold, &why);
    assert_eq!((s.tp, s.fp, s.fn_), (2, 1, 3));
    assert_eq!(s.missing_files, vec!["c.txt".to_string()]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(s.precision(), 2.0 / 3.0) && close(s.recall(), 0.4));
    assert!(close(s.f1(), 0.5), "{}", s.f1());
    assert!(close(s.accuracy(), 0.5));
    let (lo, hi) = s.accuracy_interval();
    assert!(
        close(lo, 0.09452865480086614) && close(hi, 0.9054713451991339),
        "{lo} {hi}"
    );
    assert!(close(s.mae(), 0.3), "{}", s.mae());
    assert_eq!((s.evidence_hit, s.evidence_n), (3, 4));
    let report = s.report();
    assert!(
        report.contains(
            "WRONG b.txt KH-UA gold mixed +0.00 got strained -0.50\n        events of KH-UA"
        ),
        "{report}"
    );
    assert!(report.contains("extra a.txt KH-RU"), "{report}");
    assert!(report.contains("miss  b.txt KH-US"), "{report}");
    assert!(
        report.contains("pair F1 0.50, stance accuracy 0.50, score MAE 0.30, evidence recall 0.75"),
        "{report}"
    );
}

#[test]
fn nothing_found_is_the_worst_mae() {
    let s = Scores::default();
    assert_eq!(s.mae(), 2.0);
    assert_eq!(s.f1(), 0.0);
    assert_eq!(s.accuracy_interval(), (0.0, 0.0));
}

#[test]
fn a_bad_gold_file_says_so() {
    assert!(parse_gold("[{\"file\": 1}]")
        .unwrap_err()
        .contains("not valid"));
    assert!(parse_gold(
        r#"[{"file": "a.txt", "pairs": [{"pair": "KH-CN", "stance": "friendly", "score": 0.1}]}]"#
    )
    .is_err());
}
