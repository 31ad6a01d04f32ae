//! Briefing mode: the deck generated from the bundle, driven by the keyboard, and printed.

use dyad_e2e::{dist, pdf_pages, Browser, StaticServer};
use serde_json::Value;

// WebDriver key codes (fantoccini::key::Key).
const RIGHT: char = '\u{E014}';
const LEFT: char = '\u{E012}';
const PAGE_DOWN: char = '\u{E00F}';
const PAGE_UP: char = '\u{E00E}';
const HOME: char = '\u{E011}';
const END: char = '\u{E010}';
const SPACE: char = '\u{E00D}';
const ESCAPE: char = '\u{E00C}';

async fn js(b: &Browser, script: &str) -> Value {
    b.client.execute(script, vec![]).await.unwrap()
}

/// The slide shown (its 1-based number) and the URL's hash, once they agree.
async fn shown(b: &Browser, want: usize) -> String {
    let selector = format!("#slide-{want}.current");
    b.wait_for(&selector).await;
    let visible = js(b, "return [...document.querySelectorAll('.slide')].filter(s => s.offsetParent !== null).map(s => s.id)").await;
    assert_eq!(
        visible,
        serde_json::json!([format!("slide-{want}")]),
        "exactly one slide is on screen"
    );
    js(b, "return location.hash")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn the_deck_is_driven_by_the_keyboard_with_the_slide_in_the_url() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    // From the dashboard, the navigation's "Briefing" link opens the deck.
    b.client.goto(&server.url("")).await.unwrap();
    b.wait_for("#nav-brief").await.click().await.unwrap();
    b.wait_for(".slide.current").await;
    let total = b.texts(".slide").await.len();
    assert_eq!(total, 8, "title, overview, four pairs, context, sources");

    // The content comes from the bundle: each focus pair has its slide, the title its span.
    let labels = js(
        &b,
        "return [...document.querySelectorAll('.slide')].map(s => s.getAttribute('aria-label'))",
    )
    .await;
    let labels: Vec<&str> = labels
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for partner in ["Ukraine", "Russia", "United States", "China"] {
        assert!(
            labels
                .iter()
                .any(|l| l.contains(&format!("Cambodia – {partner}"))),
            "{labels:?}"
        );
    }
    let title = b.texts("#slide-1").await.join(" ");
    assert!(
        title.contains("2 Nov 2022") && title.contains("30 Nov 2024"),
        "corpus span on the title slide: {title}"
    );
    assert!(
        title.contains("Built "),
        "build date on the title slide: {title}"
    );

    assert_eq!(shown(&b, 1).await, "#/brief");
    b.screenshot("brief-title").await;
    for (key, want) in [
        (RIGHT, 2),
        (PAGE_DOWN, 3),
        (SPACE, 4),
        (PAGE_UP, 3),
        (LEFT, 2),
        (END, total),
        (HOME, 1),
    ] {
        b.press(key).await;
        assert_eq!(shown(&b, want).await, format!("#/brief/{want}"));
    }
    b.press(LEFT).await; // the first slide stays the first
    assert_eq!(shown(&b, 1).await, "#/brief/1");

    // A deep link opens its slide; back goes to the slide before.
    b.client.goto(&server.url("#/brief/3")).await.unwrap();
    assert_eq!(shown(&b, 3).await, "#/brief/3");
    b.screenshot("brief-pair").await;
    b.press(RIGHT).await;
    shown(&b, 4).await;
    b.client.back().await.unwrap();
    shown(&b, 3).await;

    // ? opens the help, Esc closes it; f toggles full screen; Esc with nothing open leaves.
    b.press('?').await;
    b.wait_for("#deck-help-overlay:not([hidden])").await;
    b.screenshot("brief-help").await;
    b.press(ESCAPE).await;
    b.wait_for("#deck-help-overlay[hidden]").await;
    b.press('f').await;
    b.wait_until(
        "f enters full screen",
        "return !!document.fullscreenElement;",
    )
    .await;
    b.press('f').await;
    b.wait_until(
        "f leaves full screen",
        "return !document.fullscreenElement;",
    )
    .await;
    b.press(ESCAPE).await;
    b.wait_for(".pair-card").await;
    assert_eq!(js(&b, "return location.hash").await, "#/");

    b.assert_clean_console().await;
    b.close().await;
}

/// `cargo xtask test` prints the deck before the end-to-end tests run (`cargo xtask pdf`).
#[tokio::test(flavor = "current_thread")]
async fn the_printed_pdf_has_one_page_per_slide() {
    let pdf = std::fs::read(dist().join("dyad-briefing.pdf"))
        .expect("dist/dyad-briefing.pdf: run `cargo xtask pdf`");
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.client.goto(&server.url("#/brief")).await.unwrap();
    b.wait_for(".slide.current").await;
    let slides = b.texts(".slide").await.len();
    let pages = pdf_pages(&pdf);
    eprintln!(
        "dyad-briefing.pdf: {pages} pages for {slides} slides, {} bytes",
        pdf.len()
    );
    assert_eq!(pages, slides);
    b.close().await;
}

#[test]
fn pdf_pages_counts_page_objects_not_the_page_tree() {
    let pdf = b"1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>> 2 0 obj <</Type /Page>> 3 0 obj <</Type/Page /Parent 1 0 R>>";
    assert_eq!(pdf_pages(pdf), 2);
}
