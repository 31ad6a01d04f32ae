//! Keyboard paths, the theme choice and an accessibility audit (axe-core) of every page.

use dyad_e2e::{dist, Browser, StaticServer};
use serde_json::Value;

/// Tab through a page and return a description of every element that took focus.
async fn tab_stops(b: &Browser, max: usize) -> Vec<String> {
    b.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0,0);")
        .await;
    let mut stops = Vec::new();
    for _ in 0..max {
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let d = b.js("const e = document.activeElement; return e ? (e.tagName.toLowerCase() + (e.id ? '#' + e.id : (e.className ? '.' + String(e.className).split(' ')[0] : ''))) : '';").await;
        let d = d.as_str().unwrap_or("").to_string();
        if stops.first() == Some(&d) {
            break;
        }
        stops.push(d);
    }
    stops
}

#[tokio::test(flavor = "current_thread")]
async fn keyboard_navigation_reaches_every_control() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.open(&server, "#/quotes").await;
    let stops = tab_stops(&b, 60).await;
    for want in [
        "a.skip-link",
        "a.brand",
        "a#nav-overview",
        "a#nav-quotes",
        "a#nav-method",
        "a#nav-brief",
        "select#theme",
        "input#quote-search",
        "select#filter-pair",
        "select#filter-speaker",
        "select#filter-country",
        "select#filter-tone",
        "select#filter-outlet",
        "select#period",
        "a.button-link",
    ] {
        assert!(
            stops.iter().any(|s| s == want),
            "Tab never reaches {want}: {stops:?}"
        );
    }
    assert!(
        stops.iter().any(|s| s == "button.copy-citation"),
        "{stops:?}"
    );
    assert!(stops.iter().any(|s| s == "a.in-context"), "{stops:?}");
    // Pair page: the marks are tab stops.
    b.open(&server, "#/pair/kh-ru").await;
    assert!(
        !b.texts(".mark").await.is_empty(),
        "KH-RU has timeline marks in the seeds"
    );
    let stops = tab_stops(&b, 40).await;
    assert!(stops.iter().any(|s| s == "button.mark"), "{stops:?}");
    b.js("document.querySelector('.mark').blur();").await;
    // The skip link moves focus to the page heading.
    b.open(&server, "#/method").await;
    b.js("document.querySelector('.skip-link').focus();").await;
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    b.wait_until(
        "the skip link moves focus to the heading",
        "return document.activeElement && document.activeElement.id === 'main-heading';",
    )
    .await;
    // Focus is visible: the focused control draws an outline.
    let outline = b.js("const a = document.querySelector('.nav-link'); a.focus(); return getComputedStyle(a).outlineStyle;").await;
    assert_eq!(outline, Value::from("solid"));
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_theme_choice_persists() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.open(&server, "#/").await;
    for theme in ["dark", "contrast"] {
        b.js(&format!("const s = document.querySelector('.theme-picker select'); s.value = '{theme}'; s.dispatchEvent(new Event('change'));")).await;
        b.client.refresh().await.unwrap();
        b.wait_ready().await;
        b.wait_for(".pair-card").await;
        let t = b.js("return document.documentElement.dataset.theme;").await;
        assert_eq!(t, Value::from(theme));
        b.screenshot(&format!("dashboard-theme-{theme}")).await;
    }
    b.assert_clean_console().await;
    b.close().await;
}

/// axe-core's script: `DYAD_AXE_JS` (set by `cargo xtask test`), or the copy `cargo xtask setup`
/// installs in `~/.cache/dyad/`.
fn axe_script() -> String {
    let path = std::env::var_os("DYAD_AXE_JS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".cache/dyad/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core not found at {} ({e}): run `cargo xtask setup`",
            path.display()
        )
    })
}

#[tokio::test(flavor = "current_thread")]
async fn accessibility_audit_finds_no_serious_violation() {
    let axe = axe_script();
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    let id = &dyad_e2e::seed_ids()[3];
    let mut report = Vec::new();
    for hash in [
        "#/",
        "#/pair/kh-ru",
        "#/pair/kh-cn",
        &format!("#/article/{id}?s=1"),
        "#/quotes",
        "#/method",
        "#/brief",
        "#/brief/4",
        "#/nope",
        "#/embed/pair/kh-ua",
        "#/embed/timeline/kh-ua",
    ] {
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
    assert!(
        report.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        report.join("\n")
    );
    b.close().await;
}
