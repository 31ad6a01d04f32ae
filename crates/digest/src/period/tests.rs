use super::*;

fn meta(
    id: &str,
    date: Option<&str>,
    story: &str,
    source: &str,
    pairs: &[(&str, f64, f64, usize)],
) -> ArticleMeta {
    ArticleMeta {
        id: id.into(),
        title: format!("Title {id}"),
        source: source.into(),
        date: date.map(str::to_string),
        story: story.into(),
        assessments: pairs
            .iter()
            .map(|&(pair, score, confidence, n)| AssessmentMeta {
                pair: pair.into(),
                stance: Some(Stance::from_score(score, &T)),
                score,
                confidence,
                evidence: n as u32,
                evidence_weight: score * n as f64,
                review: None,
                machine: None,
                categories: vec![CategoryTally {
                    category: "cooperate".into(),
                    events: 1,
                    cooperation: 3.0,
                    conflict: 0.0,
                }],
            })
            .collect(),
        ..Default::default()
    }
}

const T: Thresholds = Thresholds {
    cooperative: 0.4,
    strained: -0.4,
};

fn catalog() -> Catalog {
    Catalog {
        articles: vec![
            meta(
                "a",
                Some("2023-03-02"),
                "a",
                "Post",
                &[("KH-CN", 0.8, 0.5, 2)],
            ),
            meta(
                "b",
                Some("2023-03-09"),
                "a",
                "Wire",
                &[("KH-CN", 0.6, 0.5, 3)],
            ),
            meta(
                "c",
                Some("2024-01-15"),
                "c",
                "Post",
                &[("KH-CN", -0.6, 0.5, 1), ("KH-US", 0.5, 0.4, 1)],
            ),
            meta(
                "d",
                Some("2024-06-01"),
                "d",
                "Times",
                &[("KH-CN", -0.8, 0.6, 2)],
            ),
            meta("e", None, "e", "Times", &[("KH-US", 0.9, 0.5, 1)]),
        ],
        ..Default::default()
    }
}

fn focus() -> Vec<String> {
    ["KH-UA", "KH-RU", "KH-US", "KH-CN"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn periods_parse_and_label() {
    for bad in ["2024-13", "2024-3", "24-03", "2024/03", "", "2024-03x"] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    let p = Period::parse(Some("2024-12"), Some("2024-01"));
    assert_eq!(p.label(), "2024", "reversed bounds are swapped");
    assert_eq!(
        Period::parse(Some("2024-02"), Some("2024-04")).label(),
        "Feb 2024 – Apr 2024"
    );
    assert_eq!(Period::parse(Some("junk"), None), Period::ALL);
}

#[test]
fn a_period_holds_dated_articles_in_its_months_only() {
    let p = Period::parse(Some("2024-01"), Some("2024-06"));
    assert!(p.contains(Some("2024-01-01")) && p.contains(Some("2024-06-30")));
    assert!(
        !p.contains(Some("2023-12-31")) && !p.contains(Some("2024-07-01")) && !p.contains(None)
    );
    assert!(Period::ALL.contains(None));
    assert_eq!(
        p.previous(),
        Some(Period::parse(Some("2023-07"), Some("2023-12")))
    );
    assert_eq!(Period::parse(Some("2024-01"), None).previous(), None);
}

#[test]
fn presets_are_all_last_twelve_months_and_each_year() {
    let months = vec![
        ("2022-11".to_string(), 1),
        ("2023-03".to_string(), 2),
        ("2024-06".to_string(), 1),
    ];
    let p = presets(&months);
    let labels: Vec<&str> = p.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["All articles", "Last 12 months", "2024", "2023", "2022"]
    );
    assert_eq!(p[1].1, Period::parse(Some("2023-07"), Some("2024-06")));
}

#[test]
fn each_story_counts_once_through_its_best_copy() {
    let c = catalog();
    let s = summaries(&focus(), &T, &c, &[], &Period::ALL);
    let cn = s.iter().find(|x| x.pair == "KH-CN").unwrap();
    assert_eq!((cn.stories, cn.articles, cn.sources), (3, 4, 3));
    // Story "a" is represented by "b" (more evidence): March 2023 holds one story scoring 0.6.
    assert_eq!(
        cn.months[0],
        MonthPoint {
            month: "2023-03".into(),
            score: 0.6,
            stories: 1
        }
    );
    assert_eq!(
        cn.months.len(),
        3,
        "months with no story are absent, not zero"
    );
    // Recency: the 2024 conflicts outweigh the 2023 cooperation.
    assert!(
        cn.score < -0.4 && cn.stance == Some(Stance::Strained),
        "{cn:?}"
    );
    assert_eq!(
        cn.latest.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["d", "c", "b", "a"]
    );
    assert_eq!(cn.categories[0].events, 3);
    let ua = s.iter().find(|x| x.pair == "KH-UA").unwrap();
    assert_eq!((ua.stance, ua.stories), (None, 0));
}

#[test]
fn a_period_recomputes_and_compares_with_the_previous_one() {
    let c = catalog();
    let y2023 = Period::parse(Some("2023-01"), Some("2023-12"));
    let y2024 = Period::parse(Some("2024-01"), Some("2024-12"));
    let before = summaries(&focus(), &T, &c, &[], &y2023);
    let now = summaries(&focus(), &T, &c, &[], &y2024);
    let cn = |s: &[PairSummary]| s.iter().find(|x| x.pair == "KH-CN").unwrap().clone();
    assert_eq!(cn(&before).stance, Some(Stance::Cooperative));
    assert_eq!((cn(&before).score, cn(&before).stories), (0.6, 1));
    assert_eq!(cn(&now).stories, 2);
    // The undated KH-US article is in no bounded period.
    assert_eq!(now.iter().find(|x| x.pair == "KH-US").unwrap().stories, 1);
    let ch = changes(&focus(), &before, &now);
    let cn_change = ch.iter().find(|c| c.pair == "KH-CN").unwrap();
    assert_eq!(cn_change.before, Some((0.6, 1)));
    assert_eq!(cn_change.now.map(|n| n.1), Some(2));
    assert_eq!(ch.iter().find(|c| c.pair == "KH-US").unwrap().before, None);
}

#[test]
fn key_quotes_prefer_attributed_statements_within_the_period() {
    let c = catalog();
    let q = |article: u32, text: &str, speaker: Option<&str>| QuoteMeta {
        article,
        sentences: (0, 0),
        text: text.into(),
        speaker: speaker.map(str::to_string),
        country: None,
        pairs: vec![("KH-CN".into(), 1.0)],
    };
    let quotes = vec![
        q(3, "good", Some("A Minister")),
        q(
            3,
            "We will not accept pressure from anyone on this matter",
            None,
        ),
        q(
            2,
            "Our cooperation with Beijing remains strong and deep",
            Some("An Official"),
        ),
        q(
            0,
            "We welcome the agreement signed today with China",
            Some("Old Voice"),
        ),
    ];
    let s = summaries(
        &focus(),
        &T,
        &c,
        &quotes,
        &Period::parse(Some("2024-01"), Some("2024-12")),
    );
    let cn = s.iter().find(|x| x.pair == "KH-CN").unwrap();
    let k = cn.key_quote.as_ref().unwrap();
    assert_eq!(
        k.speaker.as_deref(),
        Some("An Official"),
        "a statement beats a one-word phrase; 2023 is outside"
    );
    assert_eq!(k.article.id, "c");
}

#[test]
fn a_summary_counts_the_reviewed_judgements_behind_it_in_the_period() {
    let mut c = catalog();
    c.articles[1].assessments[0].review = Some(dyad_model::Review {
        by: "SK".into(),
        ..Default::default()
    });
    let all = summaries(&focus(), &T, &c, &[], &Period::ALL);
    let cn = all.iter().find(|s| s.pair == "KH-CN").unwrap();
    assert_eq!(cn.reviewed, 1);
    assert!(
        cn.articles > 1,
        "the count is of the judgements behind, not all"
    );
    let march = Period::parse(Some("2023-03"), Some("2023-03"));
    let none = Period::parse(Some("2020-01"), Some("2020-12"));
    let reviewed_in = |p: &Period| {
        summaries(&focus(), &T, &c, &[], p)
            .iter()
            .find(|s| s.pair == "KH-CN")
            .map_or(0, |s| s.reviewed)
    };
    assert_eq!(reviewed_in(&march), 1);
    assert_eq!(reviewed_in(&none), 0);
}
