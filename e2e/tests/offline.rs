//! Offline use: the service worker after one visit, and the single-file export from `file://`.

use dyad_e2e::{dist, Browser, StaticServer};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "current_thread")]
async fn the_site_reloads_with_the_server_gone_after_one_visit() {
    let mut server = StaticServer::start(dist());
    let browser = Browser::start().await;
    browser.client.goto(&server.url("")).await.unwrap();
    browser.wait_for(".pair-card").await;

    // The worker has installed (precached every file) once it controls the page.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let controlled = browser
            .client
            .execute("return !!(navigator.serviceWorker && navigator.serviceWorker.controller);", vec![])
            .await
            .unwrap();
        if controlled.as_bool() == Some(true) {
            break;
        }
        assert!(Instant::now() < deadline, "no service worker took control of the page");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
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
async fn the_single_file_renders_from_file_url_alone_in_an_empty_folder() {
    let folder = std::env::temp_dir().join(format!("dyad-single-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("dyad-briefing.html");
    std::fs::copy(dist().join("dyad-briefing.html"), &file).expect("dist/dyad-briefing.html exists");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let browser = Browser::start().await;
    browser.client.goto(&format!("file://{}", file.display())).await.unwrap();
    browser.wait_for(".pair-card").await;
    assert_eq!(browser.texts(".pair-card h2").await.len(), 4);
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
        let start = html.find("http-equiv=\"Content-Security-Policy\" content=\"").unwrap_or_else(|| panic!("{file} has no CSP"));
        let csp = &html[start..];
        let csp = &csp[..csp.find("\">").unwrap()];
        let script_src = csp.split(';').find(|d| d.trim_start().starts_with("script-src")).unwrap();
        assert!(script_src.contains("'sha256-"), "{file}: {script_src}");
        assert!(!script_src.contains("unsafe-inline") && !script_src.contains("'unsafe-eval'"), "{file}: {script_src}");
        assert!(csp.contains("object-src 'none'"), "{file}: {csp}");
    }
}
