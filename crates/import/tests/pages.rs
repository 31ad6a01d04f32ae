//! Saved pages in the shape of real news sites: the body equals the story's paragraphs (no
//! navigation, ads, captions, related lists, cookie banners), the metadata is the publisher's.

use dyad_import::page::extract;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The page's body against its `.expected.txt`, paragraph by paragraph, so a failure names the
/// paragraph missing or the line that should not be there.
fn assert_body(page: &str, body: &str) {
    let want = read(&format!("{page}.expected.txt"));
    let want: Vec<&str> = want.trim_end().split("\n\n").collect();
    let got: Vec<&str> = body.split("\n\n").collect();
    for p in &want {
        assert!(
            got.contains(p),
            "{page}: body paragraph missing: {p:?}\ngot: {got:#?}"
        );
    }
    for p in &got {
        assert!(want.contains(p), "{page}: not a body paragraph: {p:?}");
    }
    assert_eq!(got, want, "{page}: paragraphs out of order");
}

#[test]
fn news_site_with_open_graph_json_ld_ads_captions_and_related_stories() {
    let d = extract(
        &read("khmer-daily-ream.html"),
        "khmer-daily-ream.html",
        None,
    )
    .unwrap();
    assert_body("khmer-daily-ream", &d.body);
    assert_eq!(d.title, "Cambodia, China sign Ream expansion deal");
    assert_eq!(d.source, "Khmer Daily");
    assert_eq!(d.date.as_deref(), Some("2024-03-12"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://www.khmerdaily.example/national/cambodia-china-sign-ream-expansion-deal-20240312/")
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn wire_story_with_json_ld_only_and_a_relative_canonical() {
    let d = extract(&read("mekong-wire-demining.html"), "p", None).unwrap();
    assert_body("mekong-wire-demining", &d.body);
    assert_eq!(
        d.title,
        "Cambodian deminers to train Ukrainian sappers in Poland"
    );
    assert_eq!(d.source, "Mekong Wire");
    assert_eq!(d.date.as_deref(), Some("2024-06-20"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://www.mekongwire.example/world/asia-pacific/cambodian-deminers-train-ukrainians-2024-06-20/")
    );
}

#[test]
fn old_cms_page_with_br_paragraphs_lazy_images_and_no_metadata() {
    let d = extract(&read("angkor-post-hun-manet.html"), "p", None).unwrap();
    assert_body("angkor-post-hun-manet", &d.body);
    // No og: or JSON-LD: the <h1>, the <time>, the saved-from address and its domain.
    assert_eq!(d.title, "Hun Manet seeks warmer US ties");
    assert_eq!(d.source, "angkorpost.example");
    assert_eq!(d.date.as_deref(), Some("2023-12-04"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://angkorpost.example/news/2023/12/04/hun-manet-us-ties-9921.html")
    );
}

#[test]
fn amp_variant_points_at_the_canonical_page() {
    let d = extract(&read("asia-ledger-kyiv-amp.html"), "p", None).unwrap();
    assert_body("asia-ledger-kyiv-amp", &d.body);
    assert_eq!(
        d.title,
        "Cambodian foreign minister makes first visit to Kyiv"
    );
    assert_eq!(d.source, "Asia Ledger");
    assert_eq!(d.date.as_deref(), Some("2024-10-25"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://asialedger.example/politics/cambodian-fm-kyiv-visit")
    );
}

#[test]
fn a_page_without_a_date_gets_an_empty_date_and_a_warning() {
    let d = extract(&read("mekong-notes-undated.html"), "p", None).unwrap();
    assert_body("mekong-notes-undated", &d.body);
    assert_eq!(
        d.title,
        "Hedging, not choosing: Cambodia between the powers"
    );
    assert_eq!(d.source, "Mekong Notes");
    assert_eq!(d.date, None);
    assert_eq!(d.url, None);
    assert!(
        d.warnings.iter().any(|w| w.contains("no date found")),
        "{:?}",
        d.warnings
    );
    assert!(d.file_text().contains("\ndate: \nurl: \n---\n"));
}

#[test]
fn a_section_front_has_no_article_body() {
    let err = extract(&read("section-front.html"), "p", None).unwrap_err();
    assert!(err.contains("no article body found"), "{err}");
}

#[test]
fn a_page_nested_far_too_deep_is_refused_quickly() {
    let n = 100_000;
    let html = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(n),
        "Cambodia and China signed a deal. ".repeat(20),
        "</div>".repeat(n)
    );
    let t = std::time::Instant::now();
    let err = extract(&html, "deep.html", None).unwrap_err();
    assert!(err.contains("not a news page"), "{err}");
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    // Just within the limit, the page is read (and the stack holds).
    let html = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(400),
        "Cambodia and China signed a deal. ".repeat(20),
        "</div>".repeat(400)
    );
    assert!(extract(&html, "deep.html", None)
        .unwrap()
        .body
        .starts_with("Cambodia and China"));
}

#[test]
fn the_storys_heading_wins_over_the_mastheads() {
    let page = read("angkor-post-hun-manet.html")
        .replace(
            "<div id=\"wrapper\">",
            "<h1 class=\"logo\">Angkor Post</h1><div id=\"wrapper\">",
        )
        .replace("<div id=\"story\">", "<article id=\"story\">")
        .replace(
            "</div>\n</div>\n<div id=\"bottom\">",
            "</article>\n</div>\n<div id=\"bottom\">",
        );
    let d = extract(&page, "p", None).unwrap();
    assert_eq!(d.title, "Hun Manet seeks warmer US ties");
    assert_body("angkor-post-hun-manet", &d.body);
}

#[test]
fn a_microdata_date_on_any_element() {
    let story = "<p>Cambodia and Ukraine agreed on Monday to widen their cooperation on demining, officials in Phnom Penh said after the talks.</p>".repeat(3);
    let html = format!(
        "<html><head><title>Demining talks</title></head><body><article><h1>Demining talks</h1>\
         <time class=\"timeStamp\" itemprop=\"datePublished\" content=\"2024-05-08T10:00:00+07:00\">May 8</time>{story}</article></body></html>"
    );
    let d = extract(&html, "p", None).unwrap();
    assert_eq!(d.date.as_deref(), Some("2024-05-08"));
    assert_eq!(d.title, "Demining talks");
}
