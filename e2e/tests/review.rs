//! Analysts' reviews as a visitor sees them: the reviewed mark, the reader's review entry copied
//! to the clipboard, the Method page's agreement figure, the explorer's reviewed filter. The
//! seed folder ships a real `reviews.toml`, so the built site has reviewed judgements.

use dyad_e2e::{dist, Browser, SiteData, StaticServer};
use fantoccini::Locator;

#[tokio::test(flavor = "current_thread")]
async fn reviewed_marks_snippets_agreement_and_filter() {
    let site = SiteData::read(&dist());
    let reviewed: Vec<(&str, &str, &str)> = site
        .catalog
        .articles
        .iter()
        .flat_map(|a| {
            a.assessments.iter().chain(&a.context).filter_map(move |x| {
                x.review
                    .as_ref()
                    .map(|r| (a.id.as_str(), x.pair.as_str(), r.by.as_str()))
            })
        })
        .collect();
    assert!(
        !reviewed.is_empty(),
        "the seeds' reviews.toml reviews some judgement"
    );
    let (article, _pair, by) = reviewed[0];

    let server = StaticServer::start(dist());
    let b = Browser::start().await;

    // The reader: the mark opens on the analyst's initials and note.
    b.open(&server, &format!("#/article/{article}")).await;
    let marks = b.texts(".assessments .reviewed summary").await;
    assert!(!marks.is_empty() && marks[0].starts_with('✓'), "{marks:?}");
    b.js("document.querySelector('.assessments .reviewed').open = true;")
        .await;
    let detail = b.texts(".assessments .reviewed p").await;
    assert!(detail[0].contains(&format!("by {by}")), "{detail:?}");

    // Disagree with the first judgement: the entry is shown and copied, ready to paste.
    b.js("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };").await;
    b.client
        .find(Locator::Css(
            ".assessments .review-buttons button:nth-child(2)",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("the entry is copied", "return window.__copied !== null;")
        .await;
    let copied = b.js("return window.__copied;").await;
    let copied = copied.as_str().unwrap();
    assert!(
        copied.starts_with("[[pair]]\n")
            && copied.contains(&format!("article = \"{article}\""))
            && copied.contains("verdict = \"correct\""),
        "{copied}"
    );
    assert_eq!(
        b.texts(".review-panel .snippet").await[0].trim_end(),
        copied.trim_end()
    );
    assert!(b.texts(".snippet-status").await[0].starts_with("Copied"));
    // An event's entry numbers the sentence as the reader does.
    b.client
        .find(Locator::Css(".events .review-buttons button:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until(
        "the event's entry is copied",
        "return (window.__copied || '').startsWith('[[event]]');",
    )
    .await;

    // The Method page measures the machine on these reviews.
    b.go("#/method").await;
    b.wait_until(
        "the agreement figure is shown",
        "const s = document.getElementById('agreement'); return !!s && s.textContent.includes('Analysts reviewed');",
    )
    .await;

    // The explorer's filter: only quotes whose judgement an analyst reviewed, each marked.
    b.go("#/quotes?reviewed=yes").await;
    let shown = b.visible(".quote-item").await;
    let marked = b.visible(".quote-item .reviewed").await;
    assert!(shown > 0, "the seeds' reviewed judgements have quotes");
    assert_eq!(
        shown, marked,
        "every quote listed as reviewed carries the mark"
    );
    let count = b.texts(".result-count").await[0].clone();
    assert!(
        count.starts_with(&format!("{shown} of ")),
        "the filter leaves the unreviewed quotes out: {count}"
    );
    b.assert_clean_console().await;
    b.close().await;
}
