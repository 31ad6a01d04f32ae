use super::*;

const BANDS: &Thresholds = &Thresholds {
    cooperative: 0.4,
    strained: -0.4,
};

#[test]
fn labels_are_escaped() {
    let svg = comparison_svg(
        &[CompareRow {
            label: "<script>alert(1)</script> & \"x\"".into(),
            score: Some(0.5),
            confidence: 0.5,
        }],
        BANDS,
    );
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"), "{svg}");
    let rows = [CategoryRow {
        id: "x".into(),
        label: "<img src=x onerror=alert(1)>".into(),
        events: 1,
        cooperation: 1.0,
        conflict: -1.0,
    }];
    let svg = categories_svg(&rows);
    assert!(!svg.contains("<img"), "{svg}");
}

#[test]
fn charts_use_role_colours_only() {
    let svg = comparison_svg(
        &[
            CompareRow {
                label: "A".into(),
                score: Some(0.8),
                confidence: 0.9,
            },
            CompareRow {
                label: "B".into(),
                score: Some(-0.8),
                confidence: 0.9,
            },
            CompareRow {
                label: "C".into(),
                score: Some(0.0),
                confidence: 0.9,
            },
            CompareRow {
                label: "D".into(),
                score: None,
                confidence: 0.0,
            },
        ],
        BANDS,
    );
    for role in ["#111111", "#333333", "#444444", "#555555"] {
        assert!(svg.contains(role), "{role} missing");
    }
    assert!(svg.contains("no assessment yet"));
    assert!(svg.starts_with("<svg"));
}

#[test]
fn timeline_places_marks_and_smooths_only_with_enough_points() {
    let one = [TimelineInput {
        day: 19000,
        score: 0.9,
        evidence: 4,
    }];
    let (svg, pos) = timeline_svg(&one, BANDS);
    assert_eq!(pos.len(), 1);
    assert!(
        (pos[0].x - 50.0).abs() < 6.0,
        "a lone mark sits mid-way: {:?}",
        pos[0]
    );
    assert!(
        pos[0].y < 30.0,
        "a cooperative mark sits high: {:?}",
        pos[0]
    );
    assert!(!svg.contains("#666666"), "no smoothed line from one point");
    let many: Vec<TimelineInput> = (0..6)
        .map(|i| TimelineInput {
            day: 19000 + i * 30,
            score: -0.5,
            evidence: 1,
        })
        .collect();
    let (svg, pos) = timeline_svg(&many, BANDS);
    assert!(svg.contains("#666666"));
    assert!(pos.windows(2).all(|w| w[0].x < w[1].x));
    assert!(pos.iter().all(|p| p.y > 50.0));
}

#[test]
fn smoothing_and_radius() {
    assert_eq!(smooth(&[0.0, 3.0, 0.0]), vec![1.5, 1.0, 1.5]);
    assert!(mark_radius(1) < mark_radius(9));
    assert_eq!(mark_radius(1000), 26);
    let s = sparkline_svg(&[(0, 0.5), (10, -0.5), (20, 0.9)], BANDS);
    assert!(s.contains("<circle") && s.contains("#333333") && s.contains("#444444"));
}

#[test]
fn a_month_with_no_story_breaks_the_line() {
    let d = |s: &str| crate::date::days(s).unwrap();
    let days = [
        d("2024-01-03"),
        d("2024-01-30"),
        d("2024-02-02"),
        d("2024-04-10"),
        d("2024-04-11"),
        d("2025-01-01"),
    ];
    assert_eq!(month_runs(&days), vec![0..3, 3..5, 5..6]);
    assert!(month_runs(&[]).is_empty());
    // Two runs of sparkline points: two separate lines in the SVG.
    let months = [
        (d("2024-01-01"), 0.5),
        (d("2024-02-01"), 0.4),
        (d("2024-05-01"), -0.2),
        (d("2024-06-01"), 0.1),
    ];
    let svg = sparkline_svg(&months, BANDS);
    assert_eq!(
        svg.matches("<polyline").count(),
        3,
        "the zero line and two runs: {svg}"
    );
}
