//! The dashboard's routes and the pair timeline's marks, as a visitor meets them under `/dyad/`,
//! from the seed articles' data.

use dyad_e2e::{dist, seed_ids, Browser, SiteData, StaticServer};
use fantoccini::Locator;

#[tokio::test(flavor = "current_thread")]
async fn every_route_renders_from_the_seed_data() {
    let site = SiteData::read(&dist());
    let server = StaticServer::start(dist());
    let b = Browser::start().await;

    b.open(&server, "#/").await;
    b.wait_for("#compare svg").await;
    assert_eq!(b.texts(".pair-card").await.len(), 4);
    assert!(b.texts("#compare .chart-title").await[0].contains("compared"));
    b.screenshot("dashboard-overview").await;

    // Each pair page: a timeline with marks when the data has stories for the pair, else the
    // plain statement that there is no assessment; the seeds give at least one timeline.
    let mut timelines = 0;
    for (slug, partner) in [
        ("kh-ua", "Ukraine"),
        ("kh-ru", "Russia"),
        ("kh-us", "United States"),
        ("kh-cn", "China"),
    ] {
        b.go(&format!("#/pair/{slug}")).await;
        let h = b.heading().await;
        assert!(
            h.contains("Cambodia") && h.contains(partner),
            "pair page heading: {h}"
        );
        // Each page is titled by its heading (tabs, history, screen readers).
        b.wait_until(
            "the tab's title is the pair page's heading",
            &format!("return document.title === {:?};", format!("{h} — Dyad")),
        )
        .await;
        let summary = site
            .index
            .pairs
            .iter()
            .find(|p| p.pair.eq_ignore_ascii_case(slug))
            .unwrap_or_else(|| panic!("the index has no summary of {slug}"));
        let marks = b.texts(".mark").await.len();
        if summary.stories > 0 {
            assert!(
                marks > 0,
                "{slug}: {} stories in the data, no timeline mark",
                summary.stories
            );
            timelines += 1;
        } else {
            assert_eq!(marks, 0, "{slug}: marks with no story in the data");
            let empty = b.texts(".empty-state").await.join(" ");
            assert!(empty.contains("No assessment"), "{slug}: {empty}");
        }
    }
    assert!(timelines > 0, "no focus pair of the seeds has a timeline");
    b.go("#/pair/kh-ru").await;
    b.screenshot("dashboard-pair-kh-ru").await;

    // A sentence deep link highlights (and focuses) that sentence.
    let id = &seed_ids()[3];
    b.go(&format!("#/article/{id}?s=2")).await;
    let h = b.heading().await;
    assert!(!h.is_empty());
    // The article's title once its shard has arrived, not the loading note's.
    b.wait_until(
        "the tab's title is the article's",
        "const h = document.getElementById('main-heading'); \
         return !!h && document.title === h.textContent.trim() + ' — Dyad' \
         && !!document.querySelector('.article-text');",
    )
    .await;
    let text = b.texts(".article-text").await.join("\n");
    assert!(text.len() > 200, "the article text is shown");
    let sentences = b
        .js("return document.querySelectorAll('.article-text [id^=s-]').length;")
        .await
        .as_u64()
        .unwrap();
    assert!(
        sentences > 2,
        "{id}: {sentences} sentences marked in the text"
    );
    b.wait_for("#s-2.target").await;
    b.wait_until(
        "the linked sentence takes focus",
        "return !!document.activeElement && document.activeElement.id === 's-2';",
    )
    .await;
    b.screenshot("dashboard-article").await;

    b.go("#/quotes").await;
    assert_eq!(b.heading().await, "Quotes");
    b.wait_for(".result-count").await;
    b.screenshot("dashboard-quotes").await;

    b.go("#/method").await;
    assert_eq!(b.heading().await, "Method and data");
    for id in ["download-csv", "download-readme", "keep-offline"] {
        b.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|_| panic!("no #{id}"));
    }
    let schema = b.texts(".meta-list dd").await;
    let version = site.index.schema_version.to_string();
    assert!(
        schema.contains(&version),
        "schema version {version} shown: {schema:?}"
    );
    b.client
        .find(Locator::Id("download-csv"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.screenshot("dashboard-method").await;

    b.go("#/no/such/page").await;
    assert_eq!(b.heading().await, "Nothing here");
    b.screenshot("dashboard-not-found").await;

    // Back and forward walk the hash history.
    b.mark_page().await;
    b.client.back().await.unwrap();
    b.wait_new_page().await;
    assert_eq!(b.heading().await, "Method and data");
    b.mark_page().await;
    b.client.forward().await.unwrap();
    b.wait_new_page().await;
    assert_eq!(b.heading().await, "Nothing here");

    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn clicking_or_focusing_a_timeline_mark_shows_its_evidence() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    // The pair with the most marks.
    let mut best = ("kh-ru", 0);
    for slug in ["kh-ua", "kh-ru", "kh-us", "kh-cn"] {
        b.open(&server, &format!("#/pair/{slug}")).await;
        let n = b.texts(".mark").await.len();
        if n > best.1 {
            best = (slug, n);
        }
    }
    assert!(best.1 > 0, "no pair of the seeds has a timeline mark");
    b.open(&server, &format!("#/pair/{}", best.0)).await;
    assert!(
        b.texts("#evidence-panel .hint").await.len() == 1,
        "the panel invites a selection first"
    );
    let marks = b.client.find_all(Locator::Css(".mark")).await.unwrap();
    let last = marks.last().unwrap();
    last.click().await.unwrap();
    b.wait_for("#evidence-panel .evidence-head").await;
    assert_eq!(
        last.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    let evidence = b.texts("#evidence-panel .evidence-text").await;
    assert!(
        !evidence.is_empty(),
        "the selected mark shows its evidence sentences"
    );
    // Each sentence links to its place in the article, and is that article's text.
    let link = b
        .client
        .find(Locator::Css("#evidence-panel .evidence-meta a"))
        .await
        .unwrap();
    link.click().await.unwrap();
    b.wait_for(".article-text .target").await;
    let target = b.texts(".article-text .target").await[0].clone();
    assert_eq!(
        target.split_whitespace().collect::<Vec<_>>().join(" ")[..20.min(target.len())],
        evidence[0].split_whitespace().collect::<Vec<_>>().join(" ")[..20.min(target.len())]
    );

    // Focus alone (keyboard) selects a mark too.
    b.mark_page().await;
    b.client.back().await.unwrap();
    b.wait_new_page().await;
    b.wait_for(".mark").await;
    b.js("document.querySelector('.mark').focus();").await;
    b.wait_for("#evidence-panel .evidence-head").await;
    b.screenshot("dashboard-mark-evidence").await;
    b.assert_clean_console().await;
    b.close().await;
}
