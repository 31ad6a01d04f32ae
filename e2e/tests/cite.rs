//! Annotations on the charts, cite and embed: the notes on a timeline, a slide and in the data
//! table; the embed routes without the site's chrome (also inside an `<iframe>`); a permalink that
//! restores a period and the quote filters; the citation; the SVG and PNG downloads.

use dyad_e2e::{dist, Browser, SiteCopy, SiteData, StaticServer};
use dyad_model::Annotation;
use fantoccini::Locator;
use serde_json::Value;

/// The dates of the articles that assess `pair`, in order.
fn dates_of(site: &SiteData, pair: &str) -> Vec<String> {
    let mut d: Vec<String> = site
        .catalog
        .articles
        .iter()
        .filter(|a| a.assessments.iter().any(|s| s.pair == pair))
        .filter_map(|a| a.date.clone())
        .collect();
    d.sort();
    d
}

/// `?from=YYYY-01&to=YYYY-12` of the year of the middle of `pair`'s dated articles.
fn year_of(date: &str) -> String {
    let y = &date[..4];
    format!("?from={y}-01&to={y}-12")
}

/// Captures what the clipboard receives (`window.__copied`).
const CAPTURE_CLIPBOARD: &str = "window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };";

#[tokio::test(flavor = "current_thread")]
async fn annotations_are_drawn_on_the_timeline_and_the_slide_and_listed() {
    let copy = SiteCopy::of(&dist(), "annotations");
    let mut site = SiteData::read(&copy.0);
    let dates = dates_of(&site, "KH-CN");
    assert!(!dates.is_empty(), "the seeds date a KH-CN story");
    let mid = dates[dates.len() / 2].clone();
    let note = |date: &str, label: &str, pairs: &[&str]| Annotation {
        date: date.into(),
        until: None,
        label: label.into(),
        pairs: pairs.iter().map(|p| p.to_string()).collect(),
    };
    site.index.annotations = vec![
        note(&mid, "Talks <b>held</b> & signed", &[]),
        note(&mid, "Only about Ukraine", &["KH-UA"]),
        note("1901-01-01", "Long before the chart", &[]),
    ];
    let index_file = copy.0.join(&site.index_path);
    std::fs::write(&index_file, serde_json::to_string(&site.index).unwrap()).unwrap();

    let server = StaticServer::start(copy.0.clone());
    let b = Browser::start().await;
    b.open(&server, "#/pair/kh-cn").await;
    b.wait_for("#timeline .notes-table").await;
    // The data table lists the one annotation of this pair within the chart's range.
    let rows = b
        .js("return [...document.querySelectorAll('#timeline .notes-table tbody tr')].map(r => [...r.cells].map(c => c.textContent));")
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][0], Value::from("1"));
    assert_eq!(rows[0][2], Value::from("Talks <b>held</b> & signed"));
    // On the chart: a numbered rule, the label as text (escaped, never markup).
    let svg = b
        .js("const s = document.querySelector('#timeline svg'); return [s.innerHTML, s.querySelectorAll('b').length, [...s.querySelectorAll('text')].some(t => t.textContent.trim().startsWith('1'))];")
        .await;
    assert_eq!(svg[1], Value::from(0), "the label made no element");
    assert_eq!(svg[2], Value::from(true), "the note's number is drawn");
    assert!(
        svg[0].as_str().unwrap().contains("stroke=\"#666666\""),
        "a rule is drawn"
    );
    let line = b.texts(".chart-notes").await;
    assert_eq!(line.len(), 1);
    assert!(
        line[0].starts_with("Marked: 1 Talks <b>held</b> & signed (")
            && !line[0].contains("Ukraine")
            && !line[0].contains("Long before"),
        "{line:?}"
    );
    b.screenshot("cite-annotation-timeline").await;

    // The briefing's China slide draws it too, with its text line.
    b.go("#/brief").await;
    let slide = b
        .js("const s = [...document.querySelectorAll('.slide')].find(s => s.getAttribute('aria-label').includes('China')); return [s.querySelector('.slide-notes')?.textContent, [...s.querySelectorAll('svg text')].some(t => t.textContent.trim().startsWith('1'))];")
        .await;
    assert!(
        slide[0]
            .as_str()
            .is_some_and(|t| t.starts_with("Marked: 1 Talks <b>held</b> & signed")),
        "{slide:?}"
    );
    assert_eq!(slide[1], Value::from(true));
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn embeds_show_one_card_or_one_timeline_without_the_chrome_even_in_a_frame() {
    let site = SiteData::read(&dist());
    let period = year_of(&dates_of(&site, "KH-CN")[0]);
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
async fn a_copied_link_restores_the_period_and_the_filters_and_cite_names_the_data() {
    let site = SiteData::read(&dist());
    let period = year_of(&dates_of(&site, "KH-CN")[0]);
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
    b.js(CAPTURE_CLIPBOARD).await;
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
    b.js(CAPTURE_CLIPBOARD).await;
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

#[tokio::test(flavor = "current_thread")]
async fn a_chart_downloads_as_a_standalone_svg_and_a_png_at_twice_its_size() {
    let site = SiteData::read(&dist());
    let period = year_of(&dates_of(&site, "KH-CN")[0]);
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
