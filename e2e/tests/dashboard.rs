//! The dashboard's routes, charts, quote explorer, keyboard paths and accessibility, as a
//! visitor meets them under `/dyad/`, from the seed articles' data.

use dyad_e2e::{dist, Browser, StaticServer};
use fantoccini::Locator;
use serde_json::Value;

/// The seed articles' ids (file names without `.txt`), sorted.
fn seed_ids() -> Vec<String> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut ids: Vec<String> = std::fs::read_dir(seeds)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

async fn js(b: &Browser, script: &str) -> Value {
    b.js(script).await
}

async fn open(b: &Browser, server: &StaticServer, hash: &str) {
    b.client
        .goto(&server.url(&format!("index.html{hash}")))
        .await
        .unwrap();
    b.wait_ready().await;
}

/// Marks the page shown, so that a wait can tell the next page from it.
async fn mark_page(b: &Browser) {
    js(
        b,
        "const h = document.getElementById('main-heading'); if (h) h.dataset.old = '1';",
    )
    .await;
}

/// Waits for a page built after [`mark_page`], with its data.
async fn wait_new_page(b: &Browser) {
    b.wait_until(
        "the next page is shown",
        "const h = document.getElementById('main-heading'); return !!h && !h.dataset.old;",
    )
    .await;
    b.wait_ready().await;
}

/// Follows an in-app link the way a visitor does: by setting the hash (a `hashchange`).
async fn go(b: &Browser, hash: &str) {
    mark_page(b).await;
    js(
        b,
        &format!("location.hash = {};", serde_json::to_string(hash).unwrap()),
    )
    .await;
    wait_new_page(b).await;
}

async fn heading(b: &Browser) -> String {
    b.texts("#main-heading")
        .await
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Visible elements matching `css`.
async fn visible(b: &Browser, css: &str) -> usize {
    js(b, &format!("return [...document.querySelectorAll({})].filter(e => e.offsetParent !== null).length;", serde_json::to_string(css).unwrap()))
        .await
        .as_u64()
        .unwrap() as usize
}

#[tokio::test(flavor = "current_thread")]
async fn every_route_renders_from_the_seed_data() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;

    open(&b, &server, "#/").await;
    b.wait_for("#compare svg").await;
    assert_eq!(b.texts(".pair-card").await.len(), 4);
    assert!(b.texts("#compare .chart-title").await[0].contains("compared"));
    b.screenshot("dashboard-overview").await;

    for (slug, partner) in [
        ("kh-ua", "Ukraine"),
        ("kh-ru", "Russia"),
        ("kh-us", "United States"),
        ("kh-cn", "China"),
    ] {
        go(&b, &format!("#/pair/{slug}")).await;
        let h = heading(&b).await;
        assert!(
            h.contains("Cambodia") && h.contains(partner),
            "pair page heading: {h}"
        );
        // Either a timeline with marks, or a plain statement that there is no assessment.
        let marks = b.texts(".mark").await.len();
        let empty = b.texts(".empty-state").await.join(" ");
        assert!(
            marks > 0 || empty.contains("No assessment"),
            "{slug}: no timeline and no empty state"
        );
    }
    go(&b, "#/pair/kh-ru").await;
    b.screenshot("dashboard-pair-kh-ru").await;

    let id = &seed_ids()[3];
    go(&b, &format!("#/article/{id}?s=2")).await;
    let title = heading(&b).await;
    assert!(!title.is_empty());
    let text = b.texts(".article-text").await.join("\n");
    assert!(text.len() > 200, "the article text is shown");
    // A sentence deep link highlights (and focuses) that sentence when the bundle has sentences.
    let has_sentences = js(
        &b,
        "return document.querySelectorAll('.article-text [id^=s-]').length;",
    )
    .await
    .as_u64()
    .unwrap()
        > 0;
    if has_sentences {
        b.wait_for("#s-2.target").await;
        let focused = js(
            &b,
            "return document.activeElement && document.activeElement.id;",
        )
        .await;
        assert_eq!(focused, Value::from("s-2"));
    }
    b.screenshot("dashboard-article").await;

    go(&b, "#/quotes").await;
    assert_eq!(heading(&b).await, "Quotes");
    b.wait_for(".result-count").await;
    b.screenshot("dashboard-quotes").await;

    go(&b, "#/method").await;
    assert_eq!(heading(&b).await, "Method and data");
    for id in ["download-csv", "download-readme", "keep-offline"] {
        b.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|_| panic!("no #{id}"));
    }
    let schema = b.texts(".meta-list dd").await;
    assert!(
        schema.iter().any(|d| d == "2"),
        "schema version shown: {schema:?}"
    );
    b.client
        .find(Locator::Id("download-csv"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.screenshot("dashboard-method").await;

    go(&b, "#/no/such/page").await;
    assert_eq!(heading(&b).await, "Nothing here");
    b.screenshot("dashboard-not-found").await;

    // Back and forward walk the hash history.
    mark_page(&b).await;
    b.client.back().await.unwrap();
    wait_new_page(&b).await;
    assert_eq!(heading(&b).await, "Method and data");
    mark_page(&b).await;
    b.client.forward().await.unwrap();
    wait_new_page(&b).await;
    assert_eq!(heading(&b).await, "Nothing here");

    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn clicking_or_focusing_a_timeline_mark_shows_its_evidence() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    // The pair with the most marks.
    let mut best = ("kh-ru", 0);
    for slug in ["kh-ua", "kh-ru", "kh-us", "kh-cn"] {
        open(&b, &server, &format!("#/pair/{slug}")).await;
        let n = b.texts(".mark").await.len();
        if n > best.1 {
            best = (slug, n);
        }
    }
    assert!(best.1 > 0, "no pair of the seeds has a timeline mark");
    open(&b, &server, &format!("#/pair/{}", best.0)).await;
    assert!(
        b.texts("#evidence-panel .hint").await.len() == 1,
        "the panel invites a selection first"
    );
    let marks = b.client.find_all(Locator::Css(".mark")).await.unwrap();
    let last = marks.last().unwrap();
    last.click().await.unwrap();
    b.wait_for("#evidence-panel .evidence-head").await;
    assert_eq!(
        last.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    let evidence = b.texts("#evidence-panel .evidence-text").await;
    assert!(
        !evidence.is_empty(),
        "the selected mark shows its evidence sentences"
    );
    // Each sentence links to its place in the article, and is that article's text.
    let link = b
        .client
        .find(Locator::Css("#evidence-panel .evidence-meta a"))
        .await
        .unwrap();
    link.click().await.unwrap();
    b.wait_for(".article-text .target").await;
    let target = b.texts(".article-text .target").await[0].clone();
    assert_eq!(
        target.split_whitespace().collect::<Vec<_>>().join(" ")[..20.min(target.len())],
        evidence[0].split_whitespace().collect::<Vec<_>>().join(" ")[..20.min(target.len())]
    );

    // Focus alone (keyboard) selects a mark too.
    mark_page(&b).await;
    b.client.back().await.unwrap();
    wait_new_page(&b).await;
    b.wait_for(".mark").await;
    js(&b, "document.querySelector('.mark').focus();").await;
    b.wait_for("#evidence-panel .evidence-head").await;
    b.screenshot("dashboard-mark-evidence").await;
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn search_and_filters_narrow_the_quotes_and_copy_citation_works() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    open(&b, &server, "#/quotes").await;
    let all = visible(&b, ".quote-item").await;
    assert!(all > 0, "the seeds' quotes are listed");
    // A word from the first quote, typed in capitals: fewer or equal results, each containing it
    // in its quote, speaker, outlet or article title (all shown in the item).
    let first = b.texts(".quote-item .quote-text").await[0].clone();
    let word = first
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 6)
        .max_by_key(|w| w.len())
        .unwrap_or("the")
        .to_string();
    let search = b.client.find(Locator::Id("quote-search")).await.unwrap();
    search.send_keys(&word.to_uppercase()).await.unwrap();
    b.wait_until("the search narrows the count", &format!("return document.querySelector('.result-count').textContent.includes(' of {all} quotes match');")).await;
    let narrowed = visible(&b, ".quote-item").await;
    assert!(narrowed >= 1 && narrowed <= all, "{narrowed} of {all}");
    let shown = js(&b, "return [...document.querySelectorAll('.quote-item')].filter(e => !e.hidden).map(e => e.textContent.toLowerCase());").await;
    for item in shown.as_array().unwrap() {
        assert!(
            item.as_str().unwrap().contains(&word.to_lowercase()),
            "{item} lacks {word}"
        );
    }
    let count = b.texts(".result-count").await[0].clone();
    assert!(
        count.starts_with(&format!("{narrowed} of {all}")),
        "{count}"
    );
    // The filter is in the address, so the view is a link to share.
    let url = b.client.current_url().await.unwrap();
    assert!(
        url.fragment()
            .unwrap_or("")
            .contains(&format!("q={}", word.to_uppercase())),
        "{url}"
    );
    b.screenshot("dashboard-quotes-search").await;

    // A nonsense word: an empty state, not an empty page.
    search.send_keys("zzxqv").await.unwrap();
    b.wait_until(
        "nothing matches",
        "return document.querySelector('.result-count').textContent.startsWith('0 of');",
    )
    .await;
    assert_eq!(visible(&b, ".quote-item").await, 0);
    assert_eq!(visible(&b, ".no-match").await, 1);

    // The deep link restores the filters; a tone filter narrows further.
    open(&b, &server, "#/quotes?tone=cooperation").await;
    let coop = visible(&b, ".quote-item").await;
    assert!(coop <= all);
    let tones = b.texts(".quote-item:not([hidden]) .tone-label").await;
    assert!(tones.iter().all(|t| t == "Cooperation"), "{tones:?}");
    let selected = js(&b, "return document.getElementById('filter-tone').value;").await;
    assert_eq!(selected, Value::from("cooperation"));
    // Choosing a pair in the select narrows to quotes on that pair.
    open(&b, &server, "#/quotes").await;
    let pair = js(&b, "const s = document.getElementById('filter-pair'); const o = [...s.options].find(o => o.value && !o.textContent.endsWith('(0)')); if (!o) return null; s.value = o.value; s.dispatchEvent(new Event('change')); return o.value;").await;
    let pair = pair.as_str().expect("some pair has quotes");
    {
        b.wait_until(
            "the pair filter is in the address",
            &format!(
                "return location.hash.includes('pair={}');",
                pair.to_lowercase()
            ),
        )
        .await;
        let n = visible(&b, ".quote-item").await;
        assert!(n >= 1 && n <= all);
        let url = b.client.current_url().await.unwrap();
        assert!(
            url.fragment()
                .unwrap_or("")
                .contains(&format!("pair={}", pair.to_lowercase())),
            "{url}"
        );
        // "Clear filters" (a link to #/quotes) shows every quote again.
        mark_page(&b).await;
        b.client
            .find(Locator::Css(".filter-reset a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_new_page(&b).await;
        assert_eq!(visible(&b, ".quote-item").await, all);
    }

    // Copy citation: the clipboard receives “quote” — speaker, outlet, date.
    open(&b, &server, "#/quotes").await;
    js(&b, "window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };").await;
    let button = b
        .client
        .find(Locator::Css(".quote-item .copy-citation"))
        .await
        .unwrap();
    let expected = button.attr("data-citation").await.unwrap().unwrap();
    button.click().await.unwrap();
    b.wait_until("the citation is copied", "return window.__copied !== null;")
        .await;
    let copied = js(&b, "return window.__copied;").await;
    assert_eq!(copied.as_str(), Some(expected.as_str()));
    assert!(
        expected.starts_with('“') && expected.contains("” — "),
        "{expected}"
    );
    assert_eq!(b.texts(".quote-item .copy-status").await[0], "Copied");
    b.assert_clean_console().await;
    b.close().await;
}

/// Tab through a page and return a description of every element that took focus.
async fn tab_stops(b: &Browser, max: usize) -> Vec<String> {
    js(
        b,
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0,0);",
    )
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
        let d = js(b, "const e = document.activeElement; return e ? (e.tagName.toLowerCase() + (e.id ? '#' + e.id : (e.className ? '.' + String(e.className).split(' ')[0] : ''))) : '';").await;
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
    open(&b, &server, "#/quotes").await;
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
    open(&b, &server, "#/pair/kh-ru").await;
    assert!(
        !b.texts(".mark").await.is_empty(),
        "KH-RU has timeline marks in the seeds"
    );
    let stops = tab_stops(&b, 40).await;
    assert!(stops.iter().any(|s| s == "button.mark"), "{stops:?}");
    js(&b, "document.querySelector('.mark').blur();").await;
    // The skip link moves focus to the page heading.
    open(&b, &server, "#/method").await;
    js(&b, "document.querySelector('.skip-link').focus();").await;
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    let focused = js(&b, "return document.activeElement.id;").await;
    assert_eq!(focused, Value::from("main-heading"));
    // Focus is visible: the focused control draws an outline.
    let outline = js(&b, "const a = document.querySelector('.nav-link'); a.focus(); return getComputedStyle(a).outlineStyle;").await;
    assert_eq!(outline, Value::from("solid"));
    b.assert_clean_console().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_theme_choice_persists() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    open(&b, &server, "#/").await;
    for theme in ["dark", "contrast"] {
        js(&b, &format!("const s = document.querySelector('.theme-picker select'); s.value = '{theme}'; s.dispatchEvent(new Event('change'));")).await;
        b.client.refresh().await.unwrap();
        b.wait_ready().await;
        b.wait_for(".pair-card").await;
        let t = js(&b, "return document.documentElement.dataset.theme;").await;
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
    let id = &seed_ids()[3];
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
    ] {
        for theme in ["light", "dark", "contrast"] {
            open(&b, &server, hash).await;
            js(
                &b,
                &format!("document.documentElement.dataset.theme = '{theme}';"),
            )
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
