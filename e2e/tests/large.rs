//! The site with a generated corpus of 1,000 articles (`dyad-corpus generate`): the app's files
//! of the seed build, unchanged, with another data folder. Every route renders with a clean
//! console, as at five articles.

use dyad_e2e::{dist, Browser, SiteCopy, SiteData, StaticServer};
use std::process::Command;

const ARTICLES: usize = 1000;

/// Runs the release corpus CLI (built by `cargo xtask test` before the browser tests).
fn corpus_cli(args: &[&str]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "dyad-corpus",
            "--",
        ])
        .args(args)
        .current_dir(root)
        .status()
        .expect("run the corpus CLI");
    assert!(status.success(), "dyad-corpus {args:?} failed");
}

/// The built site with its data replaced by a generated corpus' (the page's index meta and the
/// service worker's precache list name the new index).
fn large_site() -> (SiteCopy, SiteCopy) {
    let articles =
        SiteCopy(std::env::temp_dir().join(format!("dyad-e2e-generated-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&articles.0);
    corpus_cli(&[
        "generate",
        &ARTICLES.to_string(),
        "--out",
        articles.0.to_str().unwrap(),
    ]);
    let site = SiteCopy::of(&dist(), "large-site");
    let old = SiteData::read(&site.0);
    let data = site.0.join("data");
    std::fs::remove_dir_all(&data).unwrap();
    corpus_cli(&[
        "build",
        articles.0.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
    ]);
    let new_index = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("index-"))
        .expect("the build wrote an index");
    let old_index = old.index_path.clone();
    for page in ["index.html", "sw.js"] {
        let path = site.0.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&old_index), "{page} names {old_index}");
        std::fs::write(
            &path,
            text.replace(&old_index, &format!("data/{new_index}")),
        )
        .unwrap();
    }
    (articles, site)
}

#[tokio::test(flavor = "current_thread")]
async fn a_thousand_articles_render_on_every_route_from_the_same_app_files() {
    let (_articles, site) = large_site();
    let data = SiteData::read(&site.0);
    assert_eq!(data.catalog.articles.len(), ARTICLES);
    assert!(
        data.index.files.shards.len() > 1,
        "a thousand articles take several shards"
    );
    let server = StaticServer::start(site.0.clone());
    let b = Browser::start().await;
    let year = &data.index.months.last().unwrap().0[..4];
    let article = &data.catalog.articles[ARTICLES / 2];
    let routes = [
        "#/".to_string(),
        "#/pair/kh-cn".into(),
        "#/pair/kh-ru".into(),
        format!("#/article/{}", article.id),
        "#/quotes?q=cambodia".into(),
        "#/method".into(),
        "#/brief/3".into(),
        format!("#/?from={year}-01&to={year}-12"),
        format!("#/pair/kh-us?from={year}-01&to={year}-12"),
    ];
    for route in &routes {
        b.client
            .goto(&server.url(&format!("index.html{route}")))
            .await
            .unwrap();
        b.wait_ready().await;
        assert!(
            b.client
                .find(fantoccini::Locator::Css(".data-error"))
                .await
                .is_err(),
            "{route}: a data error"
        );
    }
    // The overview's figures are the index's; the pair page has a timeline; the quotes list
    // shows a page of matches, not all of them.
    b.client
        .goto(&server.url("index.html#/pair/kh-cn"))
        .await
        .unwrap();
    b.wait_ready().await;
    assert!(
        b.texts(".mark").await.len() > 10,
        "KH-CN has many stories in the generated corpus"
    );
    b.client
        .goto(&server.url("index.html#/quotes"))
        .await
        .unwrap();
    b.wait_ready().await;
    let shown = b.texts(".quote-item").await.len();
    assert_eq!(shown, 100, "the first hundred quotes are shown");
    assert_eq!(
        b.texts(".result-count").await[0],
        format!("{} quotes", data.quotes.quotes.len())
    );
    b.screenshot("large-quotes").await;
    b.assert_clean_console().await;
    b.close().await;
}
