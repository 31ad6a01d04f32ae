//! The quote explorer: search, filters in the address, the empty state, copying a citation.

use dyad_e2e::{dist, Browser, StaticServer};
use fantoccini::Locator;
use serde_json::Value;

#[tokio::test(flavor = "current_thread")]
async fn search_and_filters_narrow_the_quotes_and_copy_citation_works() {
    let server = StaticServer::start(dist());
    let b = Browser::start().await;
    b.open(&server, "#/quotes").await;
    let all = b.visible(".quote-item").await;
    assert!(all > 0, "the seeds' quotes are listed");
    // A word from the first quote, typed in capitals: fewer or equal results, each containing it
    // in its quote, speaker, outlet or article title (all shown in the item).
    let first = b.texts(".quote-item .quote-text").await[0].clone();
    let word = first
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 6)
        .max_by_key(|w| w.len())
        .unwrap_or_else(|| panic!("no word of six letters in the first quote: {first}"))
        .to_string();
    let search = b.client.find(Locator::Id("quote-search")).await.unwrap();
    search.send_keys(&word.to_uppercase()).await.unwrap();
    b.wait_until("the search narrows the count", &format!("return document.querySelector('.result-count').textContent.includes(' of {all} quotes match');")).await;
    let narrowed = b.visible(".quote-item").await;
    assert!(narrowed >= 1 && narrowed <= all, "{narrowed} of {all}");
    let shown = b.js("return [...document.querySelectorAll('.quote-item')].filter(e => !e.hidden).map(e => e.textContent.toLowerCase());").await;
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
    assert_eq!(b.visible(".quote-item").await, 0);
    assert_eq!(b.visible(".no-match").await, 1);

    // The deep link restores the filters; a tone filter narrows further.
    b.open(&server, "#/quotes?tone=cooperation").await;
    let coop = b.visible(".quote-item").await;
    assert!(
        coop > 0 && coop <= all,
        "{coop} cooperative quotes of {all}"
    );
    let tones = b.texts(".quote-item:not([hidden]) .tone-label").await;
    assert_eq!(tones.len(), coop, "each quote shown has its tone");
    assert!(tones.iter().all(|t| t == "Cooperation"), "{tones:?}");
    let selected = b
        .js("return document.getElementById('filter-tone').value;")
        .await;
    assert_eq!(selected, Value::from("cooperation"));
    // Choosing a pair in the select narrows to quotes on that pair.
    b.open(&server, "#/quotes").await;
    let pair = b.js("const s = document.getElementById('filter-pair'); const o = [...s.options].find(o => o.value && !o.textContent.endsWith('(0)')); if (!o) return null; s.value = o.value; s.dispatchEvent(new Event('change')); return o.value;").await;
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
        let n = b.visible(".quote-item").await;
        assert!(n >= 1 && n <= all);
        let url = b.client.current_url().await.unwrap();
        assert!(
            url.fragment()
                .unwrap_or("")
                .contains(&format!("pair={}", pair.to_lowercase())),
            "{url}"
        );
        // "Clear filters" (a link to #/quotes) shows every quote again.
        b.mark_page().await;
        b.client
            .find(Locator::Css(".filter-reset a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.wait_new_page().await;
        assert_eq!(b.visible(".quote-item").await, all);
    }

    // Copy citation: the clipboard receives “quote” — speaker, outlet, date.
    b.open(&server, "#/quotes").await;
    b.capture_clipboard().await;
    let button = b
        .client
        .find(Locator::Css(".quote-item .copy-citation"))
        .await
        .unwrap();
    let expected = button.attr("data-citation").await.unwrap().unwrap();
    button.click().await.unwrap();
    b.wait_until("the citation is copied", "return window.__copied !== null;")
        .await;
    let copied = b.js("return window.__copied;").await;
    assert_eq!(copied.as_str(), Some(expected.as_str()));
    assert!(
        expected.starts_with('“') && expected.contains("” — "),
        "{expected}"
    );
    assert_eq!(b.texts(".quote-item .copy-status").await[0], "Copied");
    b.assert_clean_console().await;
    b.close().await;
}
