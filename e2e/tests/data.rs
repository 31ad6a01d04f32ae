//! The data as the site loads it: the index first, the rest as pages need it; a shard that
//! does not load says so and can be retried; a period in the route recomputes the judgements.

use dyad_digest::period::{summaries, Period};
use dyad_digest::text::signed;
use dyad_e2e::{dist, Browser, SiteCopy, SiteData, StaticServer};

/// The data files the page has requested so far (file names under `data/`).
async fn fetched(b: &Browser) -> Vec<String> {
    let v = b.js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/data/')).map(n => n.split('/').pop());").await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_overview_needs_the_index_only_and_an_article_loads_its_shard() {
    let site = SiteData::read(&dist());
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.client.goto(&server.url("")).await.unwrap();
    b.wait_ready().await;
    b.wait_for(".pair-card").await;
    let first = fetched(&b).await;
    assert_eq!(
        first.len(),
        1,
        "the first page fetches one data file: {first:?}"
    );
    assert!(first[0].starts_with("index-"), "{first:?}");

    // An article: the directory says which shard holds it, and only that shard is fetched.
    let article = &site.catalog.articles[0];
    let shard = &site.index.files.shards[article.shard as usize].path;
    b.js(&format!("location.hash = '#/article/{}';", article.id))
        .await;
    b.wait_until(
        "the article is shown",
        "return !!document.querySelector('.article-text');",
    )
    .await;
    let now = fetched(&b).await;
    assert!(now.contains(shard), "{shard} not fetched: {now:?}");
    assert!(now.contains(&site.index.files.directory.path), "{now:?}");
    assert_eq!(
        now.iter().filter(|n| n.starts_with("shard-")).count(),
        1,
        "{now:?}"
    );
    assert_eq!(b.texts("#main-heading").await[0], article.title);
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_missing_shard_says_so_and_a_retry_loads_it() {
    let copy = SiteCopy::of(&dist(), "missing-shard");
    let site = SiteData::read(&copy.0);
    let article = &site.catalog.articles[0];
    let shard = site
        .folder
        .join(&site.index.files.shards[article.shard as usize].path);
    let aside = shard.with_extension("aside");
    std::fs::rename(&shard, &aside).unwrap();

    let server = StaticServer::start(copy.0.clone());
    let b = Browser::start().await;
    b.client
        .goto(&server.url(&format!("#/article/{}", article.id)))
        .await
        .unwrap();
    let error = b.wait_for(".data-error").await;
    let message = error.text().await.unwrap();
    assert!(
        message.contains("did not load") && message.contains("404"),
        "{message}"
    );
    b.screenshot("data-missing-shard").await;

    std::fs::rename(&aside, &shard).unwrap();
    b.wait_for("#data-retry").await.click().await.unwrap();
    b.wait_until("the article is shown after the retry", "return !!document.querySelector('.article-text') && !document.querySelector('.data-error');").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_period_in_the_route_recomputes_the_overview_as_the_native_code_does() {
    let site = SiteData::read(&dist());
    let last = site
        .index
        .months
        .last()
        .expect("the seeds are dated")
        .0
        .clone();
    let year = &last[..4];
    let period = Period::parse(Some(&format!("{year}-01")), Some(&format!("{year}-12")));
    let expected = summaries(
        &site.index.focus_pairs,
        &site.index.codebook.thresholds,
        &site.catalog,
        &site.quotes.quotes,
        &period,
    );

    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.client
        .goto(&server.url(&format!("#/?from={year}-01&to={year}-12")))
        .await
        .unwrap();
    b.wait_ready().await;
    b.wait_for(".what-changed").await;
    // The data table of the comparison chart: one row per focus pair, its score third.
    let rows = b.js("return [...document.querySelectorAll('#compare table tbody tr')].map(r => [...r.cells].map(c => c.textContent));").await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), site.index.focus_pairs.len());
    for (row, s) in rows.iter().zip(expected.iter().filter(|s| s.focus)) {
        let score = row[2].as_str().unwrap();
        let want = if s.stories > 0 {
            signed(s.score)
        } else {
            "–".to_string()
        };
        assert_eq!(score, want, "{}: {row}", s.pair);
        assert_eq!(
            row[4].as_str().unwrap(),
            s.stories.to_string(),
            "{}: {row}",
            s.pair
        );
    }
    // The whole corpus differs from one year of it somewhere, or the test shows nothing.
    assert_ne!(
        expected.iter().map(|s| s.stories).sum::<u32>(),
        site.index
            .pairs
            .iter()
            .filter(|s| s.focus)
            .map(|s| s.stories)
            .sum::<u32>()
    );
    let changed = b.texts(".what-changed h2").await[0].clone();
    assert!(changed.contains(year), "{changed}");
    // The period stays in every link of the page, and in the picker.
    let links = b.js("return [...document.querySelectorAll('.pair-card h2 a')].map(a => a.getAttribute('href'));").await;
    for href in links.as_array().unwrap() {
        assert!(
            href.as_str()
                .unwrap()
                .ends_with(&format!("from={year}-01&to={year}-12")),
            "{href}"
        );
    }
    assert_eq!(b.js("const s = document.getElementById('period'); return s.options[s.selectedIndex].textContent;").await, serde_json::Value::from(year.to_string()));
    b.screenshot("data-period-overview").await;
    b.assert_clean_console().await;
    b.close().await;
}
