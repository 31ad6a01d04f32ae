//! Offline use: the service worker after one visit, and the single-file export from `file://`.

use dyad_e2e::{dist, Browser, SiteData, StaticServer};

/// Waits until the service worker controls the page (it has precached the shell and the index).
async fn wait_controlled(browser: &Browser) {
    browser
        .wait_until(
            "a service worker controls the page",
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);",
        )
        .await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_site_reloads_with_the_server_gone_after_one_visit() {
    let mut server = StaticServer::start(dist());
    let browser = Browser::start().await;
    browser.client.goto(&server.url("")).await.unwrap();
    browser.wait_for(".pair-card").await;
    wait_controlled(&browser).await;
    browser.assert_clean_console().await;

    server.stop();
    browser.client.refresh().await.unwrap();
    browser.wait_for(".pair-card").await;
    let cards = browser.texts(".pair-card h2").await;
    assert_eq!(cards.len(), 4, "offline reload shows {cards:?}");
    browser.screenshot("offline-reload").await;
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn after_keeping_the_corpus_every_page_works_with_the_server_gone() {
    let site = SiteData::read(&dist());
    let mut server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.client.goto(&server.url("#/method")).await.unwrap();
    b.wait_ready().await;
    wait_controlled(&b).await;
    let label = b.wait_for("#keep-offline").await.text().await.unwrap();
    assert!(
        label.contains(" MB)"),
        "the button says how much it keeps: {label}"
    );
    b.wait_for("#keep-offline").await.click().await.unwrap();
    b.wait_until("the whole corpus is kept", "return (document.getElementById('offline-status').textContent || '').startsWith('The whole corpus is kept');").await;
    assert_eq!(
        b.js("return document.getElementById('offline-progress').value;")
            .await
            .as_f64(),
        Some(100.0)
    );
    b.assert_clean_console().await;

    server.stop();
    // Pages never visited before: each article, its pair, the quotes.
    for a in &site.catalog.articles {
        b.js(&format!("location.hash = '#/article/{}';", a.id))
            .await;
        b.wait_until(&format!("article {} is shown offline", a.id), &format!("const h = document.getElementById('main-heading'); return !!document.querySelector('.article-text') && !!h && h.textContent === {};", serde_json::to_string(&a.title).unwrap())).await;
    }
    b.js("location.hash = '#/quotes';").await;
    b.wait_until(
        "the quotes are shown offline",
        "return document.querySelectorAll('.quote-item').length > 0;",
    )
    .await;
    b.screenshot("offline-quotes").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_single_file_renders_from_file_url_alone_in_an_empty_folder() {
    let folder = std::env::temp_dir().join(format!("dyad-single-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("dyad-briefing.html");
    std::fs::copy(dist().join("dyad-briefing.html"), &file)
        .expect("dist/dyad-briefing.html exists");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!("file://{}", file.display()))
        .await
        .unwrap();
    browser.wait_for(".pair-card").await;
    assert_eq!(browser.texts(".pair-card h2").await.len(), 4);
    // Every data file is inline: an article and the quotes open with nothing to fetch.
    let site = SiteData::read(&dist());
    let a = &site.catalog.articles[0];
    browser
        .js(&format!("location.hash = '#/article/{}';", a.id))
        .await;
    browser
        .wait_until(
            "the article opens from file://",
            "return !!document.querySelector('.article-text');",
        )
        .await;
    browser.js("location.hash = '#/quotes';").await;
    browser
        .wait_until(
            "the quotes open from file://",
            "return document.querySelectorAll('.quote-item').length > 0;",
        )
        .await;
    browser.screenshot("single-file").await;
    browser.assert_clean_console().await;
    browser.close().await;
    let _ = std::fs::remove_dir_all(&folder);
}

/// The site and the single file each carry a Content-Security-Policy that allows inline scripts
/// only by hash (the tests above run under it with a clean console).
#[test]
fn both_pages_carry_a_strict_content_security_policy() {
    for file in ["index.html", "dyad-briefing.html"] {
        let html = std::fs::read_to_string(dist().join(file)).unwrap();
        let start = html
            .find("http-equiv=\"Content-Security-Policy\" content=\"")
            .unwrap_or_else(|| panic!("{file} has no CSP"));
        let csp = &html[start..];
        let csp = &csp[..csp.find("\">").unwrap()];
        let script_src = csp
            .split(';')
            .find(|d| d.trim_start().starts_with("script-src"))
            .unwrap();
        assert!(script_src.contains("'sha256-"), "{file}: {script_src}");
        assert!(
            !script_src.contains("unsafe-inline") && !script_src.contains("'unsafe-eval'"),
            "{file}: {script_src}"
        );
        assert!(csp.contains("object-src 'none'"), "{file}: {csp}");
    }
}
