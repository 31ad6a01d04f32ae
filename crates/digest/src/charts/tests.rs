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
    let (svg, pos) = timeline_svg(&one, &[], BANDS);
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
    let (svg, pos) = timeline_svg(&many, &[], BANDS);
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

fn note(date: &str, until: Option<&str>, label: &str, pairs: &[&str]) -> Annotation {
    Annotation {
        date: date.into(),
        until: until.map(Into::into),
        label: label.into(),
        pairs: pairs.iter().map(|p| p.to_string()).collect(),
    }
}

fn days(s: &str) -> i64 {
    crate::date::days(s).unwrap()
}

#[test]
fn notes_are_those_of_the_pair_in_the_shown_range_numbered_by_date() {
    let focus = vec!["KH-UA".to_string(), "KH-CN".to_string()];
    let all = [
        note("2024-06-01", None, "Later", &[]),
        note("2024-03-01", None, "Every focus pair", &[]),
        note("2024-03-05", None, "China only", &["KH-CN"]),
        note(
            "2023-12-20",
            Some("2024-01-10"),
            "Range into the chart",
            &["kh-ua"],
        ),
        note("2022-02-24", None, "Before the chart", &[]),
        note("2025-02-01", None, "After the chart", &[]),
        note("2024-13-01", None, "Not a date", &[]),
    ];
    let range = (days("2024-01-01") as f64, days("2024-12-31") as f64);
    let labels = |pair: &str| {
        notes_in(&all, pair, &focus, range)
            .iter()
            .map(|n| (n.n, n.annotation.label.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels("KH-UA"),
        vec![
            (1, "Range into the chart"),
            (2, "Every focus pair"),
            (3, "Later")
        ]
    );
    assert_eq!(
        labels("KH-CN"),
        vec![(1, "Every focus pair"), (2, "China only"), (3, "Later")]
    );
    assert!(
        labels("RU-UA").is_empty(),
        "a context pair gets only the notes that name it"
    );
    let n = notes_in(&all, "KH-UA", &focus, range);
    assert_eq!(n[0].until, Some(days("2024-01-10")));
    assert_eq!(n[0].dates(), "20 Dec 2023 – 10 Jan 2024");
    assert_eq!(
        notes_line(&n[1..2]),
        "Marked: 2 Every focus pair (1 Mar 2024)."
    );
    assert_eq!(notes_line(&[]), "");
}

#[test]
fn notes_are_drawn_where_their_day_falls_above_the_marks() {
    let marks: Vec<TimelineInput> = ["2024-01-15", "2024-06-15", "2024-12-15"]
        .iter()
        .map(|d| TimelineInput {
            day: days(d),
            score: 1.0,
            evidence: 1000,
        })
        .collect();
    let all = [
        note("2024-06-15", None, "State visit", &[]),
        note("2024-09-01", Some("2024-10-01"), "Talks", &[]),
    ];
    let focus = vec!["KH-CN".to_string()];
    let range = timeline_range(&marks);
    let notes = notes_in(&all, "KH-CN", &focus, range);
    assert_eq!(notes.len(), 2);
    let (plain, _) = timeline_svg(&marks, &[], BANDS);
    let (svg, pos) = timeline_svg(&marks, &notes, BANDS);
    // The rule of the first note is at the middle mark's x.
    let mid_x = (pos[1].x / 100.0 * TIMELINE_W as f64).round() as i32;
    assert!(
        svg.contains(&format!("{mid_x},2 {mid_x},")),
        "a rule at x = {mid_x}: {svg}"
    );
    // The range is a band; the labels are drawn with their numbers.
    assert!(svg.matches("<rect").count() > plain.matches("<rect").count());
    assert!(svg.contains(">\n1 State visit\n<"), "{svg}");
    assert!(svg.contains(">\n2 Talks\n<"), "{svg}");
    // The tallest mark at the top score stays below the label rows.
    let top_px = pos[0].y / 100.0 * TIMELINE_H as f64 - mark_radius(1000) as f64;
    assert!(
        top_px > 4.0 + 26.0 + NOTE_TEXT as f64,
        "mark top at {top_px}"
    );
}

#[test]
fn notes_too_close_for_their_labels_show_numbers_and_labels_are_escaped() {
    let marks = [
        TimelineInput {
            day: days("2024-01-01"),
            score: 0.0,
            evidence: 1,
        },
        TimelineInput {
            day: days("2024-12-31"),
            score: 0.0,
            evidence: 1,
        },
    ];
    let all = [
        note("2024-05-01", None, "<script>alert(1)</script>", &[]),
        note(
            "2024-05-03",
            None,
            "A very long label that cannot fit anywhere",
            &[],
        ),
    ];
    let focus = vec!["KH-US".to_string()];
    let notes = notes_in(&all, "KH-US", &focus, timeline_range(&marks));
    let (svg, _) = timeline_svg(&marks, &notes, BANDS);
    assert!(!svg.contains("<script"), "{svg}");
    // Two days apart: the first has no room for its label, the second's number drops to the
    // second row and its label (cut) runs to the right.
    assert!(svg.contains(">\n1\n<"), "the number only: {svg}");
    assert!(
        svg.contains("y=\"30\"") && svg.contains(">\n2 A very long label that cannot f…\n<"),
        "{svg}"
    );
    // Alone, the hostile label is drawn, escaped.
    let notes = notes_in(&all[..1], "KH-US", &focus, timeline_range(&marks));
    let (svg, _) = timeline_svg(&marks, &notes, BANDS);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(
        svg.contains("1 &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
}

#[test]
fn a_standalone_svg_has_real_colours_a_background_and_its_title() {
    let marks: Vec<TimelineInput> = (0..6)
        .map(|i| TimelineInput {
            day: 19000 + i * 30,
            score: [0.8, -0.8, 0.0][i as usize % 3],
            evidence: 2,
        })
        .collect();
    let all = [note("1970-01-01", Some("2030-01-01"), "Era", &[])];
    let focus = vec!["KH-CN".to_string()];
    let notes = notes_in(&all, "KH-CN", &focus, timeline_range(&marks));
    let (svg, _) = timeline_svg(&marks, &notes, BANDS);
    for (role, _) in LIGHT_COLOURS {
        assert!(svg.contains(&hex(role)), "the chart uses {}", hex(role));
    }
    let out = standalone_svg(&svg, "Stance over time: <Cambodia> & China");
    for (role, colour) in LIGHT_COLOURS {
        assert!(!out.contains(&hex(role)), "{} left", hex(role));
        assert!(out.contains(colour), "{colour} missing");
    }
    assert!(out.starts_with("<svg"));
    assert!(out.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(out.contains(
        "<title>Stance over time: &lt;Cambodia&gt; &amp; China</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>"
    ));
    assert!(out.find("<title>").unwrap() < out.find("<rect").unwrap());
}
