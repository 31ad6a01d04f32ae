//! The embeds without the site's chrome (also inside an `<iframe>`), and an address that
//! restores a period and the quote filters after a reload.

use dyad_e2e::{dist, year_period, Browser, SiteData, StaticServer};
use serde_json::Value;

#[tokio::test(flavor = "current_thread")]
async fn embeds_show_one_card_or_one_timeline_without_the_chrome_even_in_a_frame() {
    let site = SiteData::read(&dist());
    let period = year_period(&site.dates_of("KH-CN")[0]);
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.open(&server, &format!("#/embed/pair/kh-cn{period}"))
        .await;
    assert_eq!(b.visible(".pair-card").await, 1);
    assert_eq!(b.visible(".stance-line").await, 1);
    for chrome in [".masthead", ".main-nav", ".colophon"] {
        assert_eq!(b.visible(chrome).await, 0, "{chrome} is hidden");
    }
    let link = b.wait_for(".embed-link").await;
    assert_eq!(
        link.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    let href = link.attr("href").await.unwrap().unwrap();
    assert_eq!(href, format!("#/pair/kh-cn{period}"));
    b.screenshot("cite-embed-card").await;

    b.go(&format!("#/embed/timeline/kh-cn{period}")).await;
    assert_eq!(b.visible("#timeline svg").await, 1);
    assert_eq!(b.visible(".masthead").await, 0);
    assert_eq!(b.visible(".pair-card").await, 0);

    // In an iframe of another page (the site's CSP sets no frame-ancestors: a meta tag cannot).
    b.js(&format!(
        "document.body.innerHTML = ''; const f = document.createElement('iframe'); f.id = 'embed'; f.style.width = '480px'; f.style.height = '420px'; f.src = 'index.html#/embed/pair/kh-cn{period}'; document.body.append(f);"
    ))
    .await;
    b.wait_until(
        "the card renders in the frame",
        "const d = document.getElementById('embed').contentDocument; return !!d && !!d.querySelector('.pair-card .stance-line') && d.querySelector('.masthead')?.offsetParent === null;",
    )
    .await;
    let fits = b
        .js("const d = document.getElementById('embed').contentDocument; return d.documentElement.scrollWidth <= 480;")
        .await;
    assert_eq!(fits, Value::from(true), "the card fits the frame's width");
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_address_restores_the_period_and_the_quote_filters_after_a_reload() {
    let site = SiteData::read(&dist());
    let period = year_period(&site.dates_of("KH-CN")[0]);
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    // Filters chosen on the page (no hashchange: the address is replaced), then the address
    // opened anew: the same period, the same filter, the same quotes.
    b.open(&server, &format!("#/quotes{period}")).await;
    b.js("const s = document.getElementById('filter-tone'); s.value = 'cooperation'; s.dispatchEvent(new Event('change'));").await;
    b.wait_until(
        "the tone is in the address",
        "return location.hash.includes('tone=cooperation');",
    )
    .await;
    let shown = b.visible(".quote-item").await;
    let link = b
        .js("return location.href;")
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        link.contains("#/quotes?")
            && link.contains("tone=cooperation")
            && link.contains(&period[1..]),
        "the period stays in the address: {link}"
    );
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(&link).await.unwrap();
    b.wait_ready().await;
    let state = b
        .js("return [document.getElementById('filter-tone').value, document.getElementById('period').selectedOptions[0].textContent];")
        .await;
    assert_eq!(state[0], Value::from("cooperation"));
    assert_eq!(state[1], Value::from(&period[6..10]), "the year is chosen");
    assert_eq!(b.visible(".quote-item").await, shown);
    b.assert_clean_console().await;
    b.close().await;
}
