//! The embeds without the site's chrome (also inside an `<iframe>`), and an address that
//! restores a period and the quote filters after a reload.

use dyad_e2e::{dist, Browser, SiteData, StaticServer};
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

/// `?from=YYYY-01&to=YYYY-12`: the calendar year of a `YYYY-MM-DD` date.
fn year_of(date: &str) -> String {
    let y = &date[..4];
    format!("?from={y}-01&to={y}-12")
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
async fn the_address_restores_the_period_and_the_quote_filters_after_a_reload() {
    let site = SiteData::read(&dist());
    let period = year_of(&dates_of(&site, "KH-CN")[0]);
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

#[tokio::test(flavor = "current_thread")]
async fn the_embeds_pass_an_accessibility_audit() {
    let path = std::env::var_os("DYAD_AXE_JS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".cache/dyad/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
        });
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core at {}: {e} (run `cargo xtask setup`)",
            path.display()
        )
    });
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    let mut report = Vec::new();
    for hash in ["#/embed/pair/kh-ua", "#/embed/timeline/kh-ua"] {
        for theme in ["light", "dark", "contrast"] {
            b.open(&server, hash).await;
            b.js(&format!(
                "document.documentElement.dataset.theme = '{theme}';"
            ))
            .await;
            b.client
                .execute(&axe, vec![])
                .await
                .expect("inject axe-core");
            let result = b
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, { resultTypes: ['violations'] })
                        .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                            .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                        .catch(e => done(['axe failed: ' + e]));",
                    vec![],
                )
                .await
                .unwrap();
            for v in result.as_array().unwrap() {
                report.push(format!("{hash} [{theme}] {}", v.as_str().unwrap()));
            }
        }
    }
    assert!(report.is_empty(), "axe-core: {}", report.join("\n"));
    b.assert_clean_console().await;
    b.close().await;
}
