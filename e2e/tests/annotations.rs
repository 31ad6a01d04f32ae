//! Annotations: drawn on a pair's timeline and its briefing slide, listed under the chart and in
//! its data table, only for the pairs they concern and within the chart's time range.

use dyad_e2e::{dist, Browser, SiteCopy, SiteData, StaticServer};
use dyad_model::Annotation;
use serde_json::Value;

#[tokio::test(flavor = "current_thread")]
async fn annotations_are_drawn_on_the_timeline_and_the_slide_and_listed() {
    let copy = SiteCopy::of(&dist(), "annotations");
    let mut site = SiteData::read(&copy.0);
    let dates = site.dates_of("KH-CN");
    assert!(!dates.is_empty(), "the seeds date a KH-CN story");
    let mid = dates[dates.len() / 2].clone();
    let note = |date: &str, label: &str, pairs: &[&str]| Annotation {
        date: date.into(),
        until: None,
        label: label.into(),
        pairs: pairs.iter().map(|p| p.to_string()).collect(),
    };
    site.index.annotations = vec![
        note(&mid, "Talks <b>held</b> & signed", &[]),
        note(&mid, "Only about Ukraine", &["KH-UA"]),
        note("1901-01-01", "Long before the chart", &[]),
    ];
    let index_file = copy.0.join(&site.index_path);
    std::fs::write(&index_file, serde_json::to_string(&site.index).unwrap()).unwrap();

    let server = StaticServer::start(copy.0.clone());
    let b = Browser::start().await;
    b.open(&server, "#/pair/kh-cn").await;
    b.wait_for("#timeline .notes-table").await;
    // The data table lists the one annotation of this pair within the chart's range.
    let rows = b
        .js("return [...document.querySelectorAll('#timeline .notes-table tbody tr')].map(r => [...r.cells].map(c => c.textContent));")
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][0], Value::from("1"));
    assert_eq!(rows[0][2], Value::from("Talks <b>held</b> & signed"));
    // On the chart: a numbered rule, the label as text (escaped, never markup).
    let svg = b
        .js("const s = document.querySelector('#timeline svg'); return [s.innerHTML, s.querySelectorAll('b').length, [...s.querySelectorAll('text')].some(t => t.textContent.trim().startsWith('1'))];")
        .await;
    assert_eq!(svg[1], Value::from(0), "the label made no element");
    assert_eq!(svg[2], Value::from(true), "the note's number is drawn");
    assert!(
        svg[0].as_str().unwrap().contains("stroke=\"#666666\""),
        "a rule is drawn"
    );
    let line = b.texts(".chart-notes").await;
    assert_eq!(line.len(), 1);
    assert!(
        line[0].starts_with("Marked: 1 Talks <b>held</b> & signed (")
            && !line[0].contains("Ukraine")
            && !line[0].contains("Long before"),
        "{line:?}"
    );
    b.screenshot("cite-annotation-timeline").await;

    // The briefing's China slide draws it too, with its text line.
    b.go("#/brief").await;
    let slide = b
        .js("const s = [...document.querySelectorAll('.slide')].find(s => s.getAttribute('aria-label').includes('China')); return [s.querySelector('.slide-notes')?.textContent, [...s.querySelectorAll('svg text')].some(t => t.textContent.trim().startsWith('1'))];")
        .await;
    assert!(
        slide[0]
            .as_str()
            .is_some_and(|t| t.starts_with("Marked: 1 Talks <b>held</b> & signed")),
        "{slide:?}"
    );
    assert_eq!(slide[1], Value::from(true));
    b.assert_clean_console().await;
    b.close().await;
}
