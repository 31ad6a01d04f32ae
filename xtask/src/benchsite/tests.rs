use super::*;
use std::io::Read;

#[test]
fn the_new_index_replaces_the_old_one_in_the_page_and_the_worker() {
    let page = r#"<meta name="dyad-data" content="data/index-0123abcd.json"><meta name="dyad-built" content="2026-01-01">"#;
    let old = data_index_path(page).unwrap();
    assert_eq!(old, "data/index-0123abcd.json");
    let new = rename_index(page, old, "data/index-ffff0000.json").unwrap();
    assert_eq!(data_index_path(&new), Some("data/index-ffff0000.json"));
    let sw = "const PRECACHE = [\n  \"./\",\n  \"./data/index-0123abcd.json\"\n];";
    assert!(rename_index(sw, old, "data/index-ffff0000.json")
        .unwrap()
        .contains("\"./data/index-ffff0000.json\""));
    assert!(
        rename_index("no index here", old, "data/x.json").is_err(),
        "a file that does not name the old index is an error"
    );
    assert_eq!(data_index_path("<meta name=\"other\">"), None);
}

#[test]
fn the_server_sends_gzip_to_whom_accepts_it_under_the_prefix_only() {
    assert_eq!(file_of("/dyad/"), Some("index.html".into()));
    assert_eq!(
        file_of("/dyad/index.html?x=1#/quotes"),
        Some("index.html".into())
    );
    assert_eq!(
        file_of("/dyad/data/index-1.json"),
        Some("data/index-1.json".into())
    );
    assert_eq!(file_of("/dyad/../secret"), None);
    assert_eq!(file_of("/other/index.html"), None);
    assert!(accepts_gzip(&[
        "Accept-Encoding: gzip, deflate, br, zstd\r\n".into()
    ]));
    assert!(accepts_gzip(&[
        "accept-encoding:br;q=1, gzip;q=0.5\r\n".into()
    ]));
    assert!(!accepts_gzip(&[
        "Accept-Encoding: br\r\n".into(),
        "X-Note: gzip\r\n".into()
    ]));
    for f in [
        "index.html",
        "dyad-1_bg.wasm",
        "dyad-1.js",
        "main.css",
        "data/catalog-2.json",
        "manifest.webmanifest",
    ] {
        assert!(compressible(f), "{f}");
    }
    for f in ["icon-192.png", "atkinson.woff2", "dyad-briefing.pdf"] {
        assert!(!compressible(f), "{f}");
    }
    let head = response_head("200 OK", "application/wasm", 1234, true);
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\n") && head.ends_with("\r\n\r\n"),
        "{head}"
    );
    assert!(
        head.contains("Content-Length: 1234\r\n") && head.contains("Content-Encoding: gzip\r\n"),
        "{head}"
    );
    assert!(!response_head("404 Not Found", "text/plain", 0, false).contains("Content-Encoding"));
    // The compressed body is what a browser inflates back.
    let text = b"{\"articles\": []}".repeat(100);
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(&crate::site::gzip(&text)[..])
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, text);
}

#[test]
fn webdriver_responses_are_read_by_length_or_in_chunks() {
    let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: application/json\r\n\r\n{\"value\":42}\nextra";
    assert_eq!(
        read_response(&mut &plain[..]).unwrap(),
        (200, b"{\"value\":42}\n".to_vec())
    );
    let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"val\r\n7\r\nue\":1}\n\r\n0\r\n\r\n";
    assert_eq!(
        read_response(&mut &chunked[..]).unwrap(),
        (404, b"{\"value\":1}\n".to_vec())
    );
}

#[test]
fn the_table_lines_up_and_marks_what_is_over_budget() {
    let rows: Vec<Row> = vec![(
        "shell".into(),
        vec![("238.5 KiB".into(), true), ("1.0 KiB".into(), false)],
        "≤ 200 KiB".into(),
    )];
    let out = render(&["5 (seeds)".into(), "10,000".into()], &rows);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "articles    5 (seeds)   10,000  budget");
    assert_eq!(lines[2], "shell     238.5 KiB *  1.0 KiB  ≤ 200 KiB");
    assert_eq!(
        (median(&[3.0, 1.0, 2.0, 10.0]), max(&[3.0, 1.0])),
        (2.5, 3.0)
    );
    assert_eq!(
        (thousands(10_000), thousands(5), thousands(1_234_567)),
        ("10,000".into(), "5".into(), "1,234,567".into())
    );
}
