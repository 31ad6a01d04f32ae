//! "Link" and "Cite": the copied link restores a period and the quote filters; the citation names
//! the view, the build, the data digest, the period and the link, and is copied.

use dyad_e2e::{dist, year_period, Browser, SiteData, StaticServer};
use fantoccini::Locator;
use serde_json::Value;

#[tokio::test(flavor = "current_thread")]
async fn a_copied_link_restores_the_period_and_the_filters_and_cite_names_the_data() {
    let site = SiteData::read(&dist());
    let period = year_period(&site.dates_of("KH-CN")[0]);
    let server = StaticServer::start(dist());
    let b = Browser::start().await;

    // The quote explorer: filters chosen on the page, then "Link", then the link opened anew.
    b.open(&server, &format!("#/quotes{period}")).await;
    b.js("const s = document.getElementById('filter-tone'); s.value = 'cooperation'; s.dispatchEvent(new Event('change'));").await;
    b.wait_until(
        "the tone is in the address",
        "return location.hash.includes('tone=cooperation');",
    )
    .await;
    let shown = b.visible(".quote-item").await;
    b.capture_clipboard().await;
    b.client
        .find(Locator::Css(".page-tools .tool"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("the link is copied", "return window.__copied !== null;")
        .await;
    let link = b
        .js("return window.__copied;")
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        link.starts_with("http://")
            && link.contains("#/quotes?")
            && link.contains("tone=cooperation")
            && link.contains(&period[1..]),
        "{link}"
    );
    assert_eq!(b.texts(".page-tools .copy-status").await[0], "Link copied");
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(&link).await.unwrap();
    b.wait_ready().await;
    let state = b
        .js("return [document.getElementById('filter-tone').value, document.getElementById('period').selectedOptions[0].textContent];")
        .await;
    assert_eq!(state[0], Value::from("cooperation"));
    assert_eq!(state[1], Value::from(&period[6..10]), "the year is chosen");
    assert_eq!(b.visible(".quote-item").await, shown);

    // The pair page in a period: Cite gives its title, the build, the digest, the period, the link.
    b.open(&server, &format!("#/pair/kh-cn{period}")).await;
    let cite = b.wait_for("#cite-button").await;
    assert_eq!(b.visible("#cite-panel").await, 0);
    cite.click().await.unwrap();
    assert_eq!(
        cite.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    let text = b.texts("#cite-text").await[0].clone();
    let url = b.client.current_url().await.unwrap().to_string();
    let digest = &site.index.build.input_digest[..12];
    assert!(
        text.starts_with("Cambodia – China. Dyad, built ")
            && text.contains(&format!("data {digest}"))
            && text.contains(&format!("period: {}", &period[6..10]))
            && text.ends_with(&url),
        "{text} / {url}"
    );
    b.capture_clipboard().await;
    b.client
        .find(Locator::Css("#cite-panel button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("the citation is copied", "return window.__copied !== null;")
        .await;
    assert_eq!(
        b.js("return window.__copied;").await,
        Value::from(text.as_str())
    );
    b.screenshot("cite-panel").await;
    // Another page closes the panel: it cited the page it was opened on.
    b.go("#/").await;
    assert_eq!(b.visible("#cite-panel").await, 0);
    b.assert_clean_console().await;
    b.close().await;
}
