//! A chart's "SVG" and "PNG" downloads: what the user gets (the file's name, a standalone SVG
//! with the theme's real colours, a white ground and its title; a PNG at twice the chart's size).

use dyad_e2e::{dist, year_period, Browser, SiteData, StaticServer};
use fantoccini::Locator;
use serde_json::Value;

#[tokio::test(flavor = "current_thread")]
async fn a_chart_downloads_as_a_standalone_svg_and_a_png_at_twice_its_size() {
    let site = SiteData::read(&dist());
    let period = year_period(&site.dates_of("KH-CN")[0]);
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.open(&server, &format!("#/pair/kh-cn{period}")).await;
    b.wait_for("#timeline .chart-save").await;
    // What the user gets: the Blob behind each object URL, and the anchor's name and URL at its
    // click (the click itself is kept from starting a real download); the PNG is a data URL.
    b.js("window.__blobs = new Map(); const make = URL.createObjectURL; URL.createObjectURL = o => { const u = make.call(URL, o); window.__blobs.set(u, o); return u; }; window.__saved = []; HTMLAnchorElement.prototype.click = function () { window.__saved.push([this.download, this.href]); };").await;
    let year = &period[6..10];
    b.client
        .find(Locator::Css("#timeline .chart-save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("the SVG is saved", "return window.__saved.length === 1;")
        .await;
    let svg = b
        .js("const [name, url] = window.__saved[0]; const blob = window.__blobs.get(url); return blob.text().then(t => [name, blob.type, t]);")
        .await;
    assert_eq!(
        svg[0],
        Value::from(format!("dyad-kh-cn-timeline-{year}-01_{year}-12.svg"))
    );
    assert_eq!(svg[1], Value::from("image/svg+xml"));
    let text = svg[2].as_str().unwrap();
    assert!(text.starts_with("<svg"), "{text}");
    assert!(text.contains("<title>Stance over time: Cambodia – China</title>"));
    assert!(text.contains("fill=\"#FFFFFF\""), "a white ground");
    for sentinel in [
        "#111111", "#222222", "#333333", "#444444", "#555555", "#666666",
    ] {
        assert!(!text.contains(sentinel), "{sentinel} left in the file");
    }

    b.client
        .find(Locator::Css("#timeline .chart-save + .chart-save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("the PNG is saved", "return window.__saved.length === 2;")
        .await;
    let png = b
        .js("const [name, url] = window.__saved[1]; return new Promise(r => { const i = new Image(); i.onload = () => r([name, url.slice(0, 22), i.naturalWidth, i.naturalHeight]); i.onerror = () => r([name, url.slice(0, 22), 0, 0]); i.src = url; });")
        .await;
    assert_eq!(
        png[0],
        Value::from(format!("dyad-kh-cn-timeline-{year}-01_{year}-12.png"))
    );
    assert_eq!(png[1], Value::from("data:image/png;base64,"));
    assert_eq!((png[2].as_u64(), png[3].as_u64()), (Some(2000), Some(880)));
    b.assert_clean_console().await;
    b.close().await;
}
