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
    b.capture_clipboard().await;
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

    // The overview's cards and the pair page say how many judgements behind a figure were
    // reviewed; the pair page's filter, in the address, lists only the reviewed articles.
    let reviewed_pair = site
        .index
        .pairs
        .iter()
        .find(|p| p.focus && p.reviewed > 0)
        .expect("a focus pair with a reviewed judgement in the seeds");
    b.go("#/").await;
    let card = format!(
        "[data-pair='{}'] .reviewed-count",
        reviewed_pair.pair.to_ascii_lowercase()
    );
    let counts = b.texts(&card).await;
    assert_eq!(
        counts,
        [format!(
            "✓ {} of {} reviewed",
            reviewed_pair.reviewed, reviewed_pair.articles
        )]
    );
    let slug = reviewed_pair.pair.to_ascii_lowercase();
    b.go(&format!("#/pair/{slug}?reviewed=yes")).await;
    let listed = b.visible(".pair-articles .article-item").await;
    assert_eq!(listed, reviewed_pair.reviewed as usize);
    assert_eq!(
        b.visible(".pair-articles .article-item .reviewed").await,
        listed
    );
    b.client.refresh().await.unwrap();
    b.wait_ready().await;
    assert_eq!(
        b.js("return document.getElementById('filter-reviewed').value;")
            .await,
        "yes",
        "the filter comes back with the address"
    );
    // A slide of the deck carries the count too.
    b.go("#/brief").await;
    assert!(
        b.js("return document.querySelectorAll('.slide .reviewed-count').length > 0;")
            .await
            .as_bool()
            .unwrap(),
        "the briefing's slides mark the reviewed judgements"
    );
    b.assert_clean_console().await;
    b.close().await;
}
