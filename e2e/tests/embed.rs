//! The embeds without the site's chrome (also inside an `<iframe>`). (An address restoring a
//! period and the quote filters: `cite.rs`.)

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
