use super::csp::*;
use super::data::*;
use super::icons::*;
use super::single::*;
use super::sw::*;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::process::Command;

#[test]
fn png_has_valid_structure() {
    let img = png(2, 1, &[255, 0, 0, 255, 0, 0, 255, 128]);
    assert!(img.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(&img[12..16], b"IHDR");
    assert!(img.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "IEND's CRC");
}

/// Decodes our PNG (inflate, then undo each row's filter as the PNG spec says) and compares.
#[test]
fn png_decodes_to_the_pixels() {
    use std::io::Read;
    let (w, h) = (24u32, 24u32);
    let px = draw_icon(w);
    let img = png(w, h, &px);
    let idat_len = u32::from_be_bytes(img[33..37].try_into().unwrap()) as usize;
    assert_eq!(&img[37..41], b"IDAT");
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&img[41..41 + idat_len])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = (w * 4) as usize;
    let mut out: Vec<u8> = Vec::new();
    for y in 0..h as usize {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        for i in 0..stride {
            let a = if i >= 4 { out[y * stride + i - 4] } else { 0 } as i16;
            let b = if y > 0 { out[(y - 1) * stride + i] } else { 0 } as i16;
            let c = if y > 0 && i >= 4 {
                out[(y - 1) * stride + i - 4]
            } else {
                0
            } as i16;
            let pred = match line[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
            };
            out.push((i16::from(line[1 + i]) + pred) as u8);
        }
    }
    assert_eq!(out, px);
}

#[test]
fn icon_is_opaque_inside_and_transparent_in_the_corner() {
    let px = draw_icon(64);
    assert_eq!(px[3], 0, "the rounded corner is transparent");
    let mid = ((32 * 64 + 32) * 4) as usize;
    assert_eq!(px[mid + 3], 255);
}

#[test]
fn csp_hashes_each_inline_script() {
    let html = "<head><meta charset=\"utf-8\"><script type=\"module\">a()</script><script src=\"x.js\"></script><script type=\"application/octet-stream\">AAAA</script></head>";
    let out = insert_csp(html, "script-src {hashes}").unwrap();
    let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"a()"));
    assert!(
        out.contains(&format!("script-src 'sha256-{expected}'\"")),
        "{out}"
    );
    assert_eq!(out.matches("sha256-").count(), 1);
}

#[test]
fn meta_tags_name_the_data_index_and_the_day() {
    let html = "<head>\n  <meta charset=\"utf-8\">\n</head>\n<body></body>";
    let out = insert_meta(html, "data/index-0123abcd.json", "2026-11-23").unwrap();
    let head = &out[..out.find("</head>").unwrap()];
    assert!(
        head.contains("<meta name=\"dyad-data\" content=\"data/index-0123abcd.json\">"),
        "{out}"
    );
    assert!(
        head.contains("<meta name=\"dyad-built\" content=\"2026-11-23\">"),
        "{out}"
    );
    assert!(insert_meta("<body></body>", "data/index-x.json", "2026-11-23").is_err());
}

#[test]
fn civil_dates() {
    assert_eq!(civil_date(0), "1970-01-01");
    assert_eq!(civil_date(11_016), "2000-02-29");
    assert_eq!(civil_date(20_515), "2026-03-03");
    assert_eq!(civil_date(1_700_000_000 / 86_400), "2023-11-14");
}

#[test]
fn the_data_index_is_found_alone() {
    let dir = std::env::temp_dir().join(format!("dyad-xtask-data-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "catalog-1.json",
        "quotes-2.json",
        "shard-0000-3.json",
        "index-4.json",
    ] {
        std::fs::write(dir.join(name), "{}").unwrap();
    }
    assert_eq!(find_data_index(&dir).unwrap(), "index-4.json");
    std::fs::write(dir.join("index-5.json"), "{}").unwrap();
    assert!(find_data_index(&dir).is_err(), "two indexes");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(find_data_index(&dir).is_err(), "no folder");
}

/// Text that would end the script element or open an HTML comment is escaped, and the
/// script's text is still the same JSON value.
#[test]
fn inline_json_cannot_close_its_script() {
    let json = r#"{"text":"a </script><script>alert(1)</script> <!-- <script> b","list":[1,"</"]}"#;
    let tag = json_script("data/shard-0000-ab.json", json);
    assert!(
        tag.starts_with(
            "<script type=\"application/json\" data-dyad-path=\"data/shard-0000-ab.json\">"
        ),
        "{tag}"
    );
    let body = &tag[tag.find('>').unwrap() + 1..tag.len() - "</script>".len()];
    assert!(
        !body.to_ascii_lowercase().contains("</script") && !body.contains("<!--"),
        "{body}"
    );
    assert_eq!(tag.matches("</script>").count(), 1);
    let back: serde_json::Value = serde_json::from_str(body).unwrap();
    let original: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(back, original);
}

/// The single file's CSP hashes its executable scripts only: the data scripts are JSON.
#[test]
fn csp_skips_inline_json_data() {
    let data = json_script("data/index-1.json", r#"{"a":"</b>"}"#);
    let html = format!("<head><meta charset=\"utf-8\"></head><body>{data}<script type=\"module\">run()</script></body>");
    assert_eq!(inline_scripts(&html), vec!["run()"]);
    let out = insert_csp(&html, "script-src {hashes}").unwrap();
    assert_eq!(out.matches("sha256-").count(), 1);
}

#[test]
fn precache_holds_the_shell_and_the_data_index_only() {
    for f in [
        "index.html",
        "dyad-1a.js",
        "dyad-1a_bg.wasm",
        "main-2b.css",
        "atkinson.woff2",
        "icon-192.png",
        "manifest.webmanifest",
        "data/index-3c.json",
    ] {
        assert!(precached(f), "{f}");
    }
    for f in [
        "sw.js",
        "dyad-briefing.html",
        "dyad-briefing.pdf",
        "data/catalog-4d.json",
        "data/quotes-5e.json",
        "data/shard-0000-6f.json",
    ] {
        assert!(!precached(f), "{f}");
    }
}

#[test]
fn service_worker_caches_by_scope_and_version() {
    let sw = service_worker(
        "0123abcd",
        &[
            "./".into(),
            "./index.html".into(),
            "./data/index-9.json".into(),
        ],
        &["./data/shard-0000-8.json".into()],
    )
    .unwrap();
    assert!(!sw.contains("__DYAD_"), "every placeholder is filled in");
    assert!(sw.contains("const VERSION = \"0123abcd\";"), "{sw}");
    assert!(
        sw.contains(
            "const PRECACHE = [\n  \"./\",\n  \"./index.html\",\n  \"./data/index-9.json\"\n];"
        ),
        "{sw}"
    );
    assert!(
        sw.contains("const DATA = [\n  \"./data/shard-0000-8.json\"\n];"),
        "{sw}"
    );
    // The cache name carries the worker's scope, and only this scope's caches are deleted.
    assert!(
        sw.contains("const PREFIX = \"dyad:\" + self.registration.scope + \":\";"),
        "{sw}"
    );
    assert!(sw.contains("const CACHE = PREFIX + VERSION;"), "{sw}");
    assert!(
        sw.contains("name.startsWith(PREFIX) && name !== CACHE"),
        "{sw}"
    );
    assert!(
        sw.contains("{ cache: \"reload\" }"),
        "precache past the HTTP cache"
    );
    assert!(service_worker("x", &[], &[])
        .unwrap()
        .contains("const DATA = [];"));
}

/// The generated workers run in node against one shared cache storage: two sites on one
/// origin (at `/` and at `/dyad/`) never delete each other's caches (`sw_test.js`).
#[test]
fn service_worker_keeps_to_its_scope() {
    // node is there wherever setup ran: it installs binaryen and axe-core with npm.
    assert!(
        Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "node runs the worker test: install Node.js"
    );
    let dir = std::env::temp_dir().join(format!("dyad-xtask-sw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shell = |site: &str| {
        vec![
            "./".to_string(),
            "./index.html".into(),
            "./dyad-1.js".into(),
            format!("./data/index-{site}.json"),
        ]
    };
    let workers = [
        (
            "root-v1.js",
            "1111",
            shell("r1"),
            vec!["./data/shard-0000-r1.json".to_string()],
        ),
        (
            "dyad-v1.js",
            "2222",
            shell("d1"),
            vec!["./data/shard-0000-d1.json".to_string()],
        ),
        (
            "dyad-v2.js",
            "3333",
            shell("d2"),
            vec![
                "./data/shard-0000-d1.json".to_string(),
                "./data/shard-0001-d2.json".into(),
            ],
        ),
    ];
    for (name, version, precache, data) in &workers {
        std::fs::write(
            dir.join(name),
            service_worker(version, precache, data).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(dir.join("sw_test.js"), include_str!("../sw_test.js")).unwrap();
    let out = Command::new("node")
        .arg("sw_test.js")
        .args(workers.iter().map(|w| w.0))
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn js_strings_are_escaped() {
    assert_eq!(js_string(r#"a"b\c</d"#), r#""a\"b\\c\u003c/d""#);
}

#[test]
fn exports_are_stripped() {
    let js = "export class A {}\nexport function f() {}\nfunction g() {}\nexport { initSync, __wbg_init as default };";
    assert_eq!(
        strip_exports(js),
        "class A {}\nfunction f() {}\nfunction g() {}"
    );
}

#[test]
fn attributes_quoted_and_unquoted() {
    assert_eq!(
        attr("<link rel=\"icon\" href=\"/d/i.svg\">", "href").as_deref(),
        Some("/d/i.svg")
    );
    assert_eq!(
        attr("<link rel=stylesheet href=/d/m.css>", "rel").as_deref(),
        Some("stylesheet")
    );
}

#[test]
fn css_loses_comments_and_spaces_but_not_selectors_or_strings() {
    let css = "/* a note\n over lines */\n:root {\n  --x: 1px; /* why */\n}\n.a .b, .c > .d:hover {\n  content: \"a  /* kept */  b\";\n  font: 1rem  system-ui, sans-serif;\n}\n";
    assert_eq!(
        super::css::minify(css),
        ":root{--x: 1px;}.a .b,.c > .d:hover{content: \"a  /* kept */  b\";font: 1rem system-ui,sans-serif;}"
    );
}
