//! The built site, as a visitor sees it, under the sub-path `/dyad/`.

use dyad_e2e::{dist, Browser, StaticServer};

/// The seed articles' titles, read from the same files the site was built from.
fn seed_titles() -> Vec<String> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if let Some(t) = text.lines().find_map(|l| l.strip_prefix("title: ")) {
            titles.push(t.trim().to_string());
        }
    }
    assert!(!titles.is_empty());
    titles
}

#[tokio::test(flavor = "current_thread")]
async fn overview_shows_the_four_pairs_with_their_articles() {
    let server = StaticServer::start(dist());
    let browser = Browser::start().await;
    browser.client.goto(&server.url("")).await.unwrap();
    browser.wait_for(".pair-card").await;

    let headings = browser.texts(".pair-card h2").await;
    for partner in ["Ukraine", "Russia", "United States", "China"] {
        assert!(
            headings.iter().any(|h| h.contains(partner)),
            "no card for {partner}: {headings:?}"
        );
    }
    assert_eq!(headings.len(), 4, "{headings:?}");

    // Every article behind a pair is one of the seeds; the seeds that name a pair appear.
    let shown = browser.texts(".pair-card .article-title").await;
    let seeds = seed_titles();
    assert!(!shown.is_empty(), "no article listed under any pair");
    for title in &shown {
        assert!(seeds.contains(title), "`{title}` is not a seed title");
    }
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Id("loading"))
            .await
            .is_err(),
        "the loading note is still shown"
    );

    browser.screenshot("overview").await;
    browser.assert_clean_console().await;
    browser.close().await;
}
