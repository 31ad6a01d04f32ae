//! RSS 2.0 (content:encoded), Atom and summary-only feed files, and the import into a folder:
//! one file per item, duplicates skipped and said so, nothing overwritten, dry runs.

mod common;

use common::{articles, body, field, fixtures};
use dyad_import::{import_paths, store::Duplicate, Options, Outcome};

fn feed(name: &str) -> std::path::PathBuf {
    fixtures().join("feeds").join(name)
}

#[test]
fn rss_items_with_content_encoded_become_articles() {
    let dir = tempfile::tempdir().unwrap();
    let r = import_paths(
        &[feed("khmer-daily-full.rss")],
        dir.path(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.written().len(), 3, "{:#?}", r.outcomes);
    let files = articles(dir.path());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "2024-03-12_cambodia-china-sign-ream-expansion-deal.txt",
            "2024-03-13_cambodia-russia-hold-first-talks-on-nuclear-energy.txt",
            "undated_rice-farmers-in-battambang-count-the-cost-of-the-dry-season.txt",
        ]
    );
    let nuclear = &files[1].1;
    assert_eq!(
        field(nuclear, "title"),
        "Cambodia, Russia hold first talks on nuclear energy"
    );
    assert_eq!(field(nuclear, "source"), "Khmer Daily");
    assert_eq!(field(nuclear, "date"), "2024-03-13");
    assert_eq!(
        field(nuclear, "url"),
        "https://www.khmerdaily.example/national/cambodia-russia-nuclear-talks-20240313/"
    );
    // The caption and WordPress's "The post … appeared first on …" are not the story.
    assert_eq!(
        body(nuclear),
        "Cambodian and Russian officials met in Phnom Penh on Wednesday for a first round of talks on civilian nuclear energy, the Ministry of Mines and Energy said.\n\n\
The Russian delegation, led by a deputy director of the state nuclear company, offered to train Cambodian engineers and to study the site of a small reactor, the ministry said in a statement.\n\n\
“We are at the very beginning. Cambodia will decide on nuclear power only after long study and public consultation,” ministry spokesman Heng Kunleang said.\n\n\
Russia signed a similar memorandum with Myanmar in 2023.\n"
    );
    // No pubDate: written with an empty date, and the outcome says so.
    assert_eq!(field(&files[2].1, "date"), "");
    let undated = r
        .outcomes
        .iter()
        .find_map(|o| match o {
            Outcome::Written { draft, .. } if draft.date.is_none() => Some(o.to_string()),
            _ => None,
        })
        .expect("the undated item");
    assert!(undated.contains("warning: no date found"), "{undated}");
}

#[test]
fn importing_twice_writes_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        feed("khmer-daily-full.rss"),
        feed("asia-ledger.atom"),
        fixtures().join("pages"),
    ];
    let first = import_paths(&inputs, dir.path(), &Options::default()).unwrap();
    let before = articles(dir.path());
    assert!(before.len() >= 7, "{:#?}", first.outcomes);
    let second = import_paths(&inputs, dir.path(), &Options::default()).unwrap();
    assert!(second.written().is_empty(), "{:#?}", second.outcomes);
    assert_eq!(articles(dir.path()), before, "nothing changed on disk");
    // Every input is a duplicate now, but the section front, which has no article.
    for o in &second.outcomes {
        let ok = matches!(o, Outcome::Duplicate { .. })
            || matches!(o, Outcome::Failed { origin, .. } if origin.ends_with("section-front.html"));
        assert!(ok, "{o}");
    }
    assert_eq!(second.outcomes.len(), first.outcomes.len());
    assert!(second
        .outcomes
        .iter()
        .any(|o| o.to_string().contains("already present as")));
}

#[test]
fn the_same_story_from_a_page_and_a_feed_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let pages = fixtures().join("pages");
    import_paths(
        &[
            pages.join("khmer-daily-ream.html"),
            pages.join("asia-ledger-kyiv-amp.html"),
        ],
        dir.path(),
        &Options::default(),
    )
    .unwrap();
    let r = import_paths(
        &[feed("khmer-daily-full.rss"), feed("asia-ledger.atom")],
        dir.path(),
        &Options::default(),
    )
    .unwrap();
    let dup_of = |file: &str| {
        r.outcomes
            .iter()
            .any(|o| matches!(o, Outcome::Duplicate { of: Duplicate::SameUrl(f), .. } if f == file))
    };
    assert!(
        dup_of("2024-03-12_cambodia-china-sign-ream-expansion-deal.txt"),
        "{:#?}",
        r.outcomes
    );
    assert!(
        dup_of("2024-10-25_cambodian-foreign-minister-makes-first-visit-to-kyiv.txt"),
        "{:#?}",
        r.outcomes
    );
}

#[test]
fn the_same_text_under_another_address_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(fixtures().join("pages/khmer-daily-ream.html")).unwrap();
    let moved = dir.path().join("moved.html");
    std::fs::write(
        &moved,
        page.replace(
            "cambodia-china-sign-ream-expansion-deal-20240312",
            "ream-deal",
        ),
    )
    .unwrap();
    let into = dir.path().join("seeds");
    import_paths(
        &[fixtures().join("pages/khmer-daily-ream.html")],
        &into,
        &Options::default(),
    )
    .unwrap();
    let r = import_paths(&[moved], &into, &Options::default()).unwrap();
    assert!(
        matches!(
            &r.outcomes[..],
            [Outcome::Duplicate {
                of: Duplicate::SameText(_),
                ..
            }]
        ),
        "{:#?}",
        r.outcomes
    );
}

#[test]
fn atom_entries_with_html_and_xhtml_content() {
    let dir = tempfile::tempdir().unwrap();
    let r = import_paths(&[feed("asia-ledger.atom")], dir.path(), &Options::default()).unwrap();
    assert_eq!(r.written().len(), 2, "{:#?}", r.outcomes);
    let files = articles(dir.path());
    let kyiv = &files[0].1;
    assert_eq!(
        field(kyiv, "title"),
        "Cambodia’s foreign minister makes first visit to Kyiv"
    );
    assert_eq!(field(kyiv, "source"), "Asia Ledger — Politics");
    assert_eq!(field(kyiv, "date"), "2024-10-25");
    assert_eq!(body(kyiv).split("\n\n").count(), 4);
    assert!(!kyiv.contains("Advertisement"));
    let exercise = &files[1].1;
    assert!(body(exercise)
        .starts_with("Cambodia and the United States will hold their Angkor Sentinel exercise"));
    assert!(body(exercise).ends_with("China, which holds its own annual Golden Dragon exercise with Cambodia, did not comment.\n"));
}

#[test]
fn summary_only_items_are_listed_and_skipped_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let r = import_paths(
        &[feed("mekong-wire-summary.rss")],
        dir.path(),
        &Options::default(),
    )
    .unwrap();
    assert!(r.written().is_empty());
    assert_eq!(r.outcomes.len(), 2);
    for o in &r.outcomes {
        assert!(matches!(o, Outcome::SummaryOnly { .. }), "{o}");
        assert!(o.to_string().contains("summary only"), "{o}");
    }
    let opts = Options {
        summaries: true,
        ..Options::default()
    };
    let r = import_paths(&[feed("mekong-wire-summary.rss")], dir.path(), &opts).unwrap();
    assert_eq!(r.written().len(), 2, "{:#?}", r.outcomes);
    let files = articles(dir.path());
    assert_eq!(body(&files[0].1), "Cambodian deminers will train 40 Ukrainian sappers in Poland next month, Ukraine's emergency service said on Thursday.\n");
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("seeds");
    let opts = Options {
        dry_run: true,
        ..Options::default()
    };
    let r = import_paths(
        &[feed("khmer-daily-full.rss"), fixtures().join("pages")],
        &into,
        &opts,
    )
    .unwrap();
    assert!(!into.exists(), "the folder was created");
    let lines: Vec<String> = r.outcomes.iter().map(|o| o.to_string()).collect();
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("would write "))
            .count()
            >= 6,
        "{lines:#?}"
    );
    // Within the run, the page of a story the feed carried is already "present".
    assert!(
        lines
            .iter()
            .any(|l| l.contains("khmer-daily-ream.html: already present as 2024-03-12_")),
        "{lines:#?}"
    );
}

#[test]
fn inputs_that_cannot_be_imported_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("notes.csv");
    std::fs::write(&csv, "date,title\n2024-01-01,x\n").unwrap();
    let empty_feed = dir.path().join("empty.rss");
    std::fs::write(&empty_feed, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://a.example/</link><description>d</description></channel></rss>").unwrap();
    let binary = dir.path().join("photo.html");
    std::fs::write(&binary, [0xFFu8, 0xD8, 0xFF, 0xE0, 0, 0x10]).unwrap();
    let latin = dir.path().join("latin.html");
    std::fs::write(&latin, b"<html><body><p>Caf\xe9</p></body></html>").unwrap();
    let into = dir.path().join("seeds");
    let inputs = [
        csv,
        empty_feed,
        binary,
        latin,
        fixtures().join("pages/section-front.html"),
        dir.path().join("missing.html"),
    ];
    let r = import_paths(&inputs, &into, &Options::default()).unwrap();
    let reasons: Vec<String> = r.outcomes.iter().map(|o| o.to_string()).collect();
    let want = [
        "notes.csv: not HTML and not an RSS or Atom feed",
        "empty.rss: the feed has no items",
        "photo.html: not HTML and not an RSS or Atom feed",
        "latin.html: not UTF-8 text, and the page declares no charset",
        "section-front.html: no article body found",
        "missing.html: cannot read the file",
    ];
    assert_eq!(reasons.len(), want.len(), "{reasons:#?}");
    for (got, want) in reasons.iter().zip(want) {
        assert!(
            got.starts_with("cannot import ") && got.contains(want),
            "{got} / {want}"
        );
    }
    assert_eq!(r.failures(), 6);
    assert!(articles(&into).is_empty());
}

#[test]
fn a_page_saved_in_windows_1252_is_read_in_its_charset() {
    let dir = tempfile::tempdir().unwrap();
    let page =
        std::fs::read_to_string(fixtures().join("pages/angkor-post-hun-manet.html")).unwrap();
    let page = page.replace("charset=utf-8", "charset=windows-1252");
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&page);
    assert!(
        !bad && std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8 any more"
    );
    let saved = dir.path().join("page.html");
    std::fs::write(&saved, &bytes).unwrap();
    let into = dir.path().join("seeds");
    let r = import_paths(&[saved], &into, &Options::default()).unwrap();
    assert_eq!(r.written().len(), 1, "{:#?}", r.outcomes);
    let want = std::fs::read_to_string(fixtures().join("pages/angkor-post-hun-manet.expected.txt"))
        .unwrap();
    assert_eq!(body(&articles(&into)[0].1), want);
}

#[test]
fn the_browsers_files_folder_beside_a_page_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(saved.join("ream_files")).unwrap();
    std::fs::copy(
        fixtures().join("pages/khmer-daily-ream.html"),
        saved.join("ream.html"),
    )
    .unwrap();
    // An ad frame the browser saved with the page: a page of its own, never an article.
    std::fs::copy(
        fixtures().join("pages/mekong-notes-undated.html"),
        saved.join("ream_files/frame.html"),
    )
    .unwrap();
    std::fs::write(saved.join("ream_files/style.css"), "body{}").unwrap();
    let r = import_paths(&[saved], &dir.path().join("seeds"), &Options::default()).unwrap();
    assert_eq!(r.outcomes.len(), 1, "{:#?}", r.outcomes);
    assert_eq!(r.written().len(), 1);
}

#[test]
fn the_filter_keeps_items_naming_a_focus_pair() {
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        filter: Some(common::kh_cn_filter()),
        ..Options::default()
    };
    let r = import_paths(
        &[feed("khmer-daily-full.rss"), feed("asia-ledger.atom")],
        dir.path(),
        &opts,
    )
    .unwrap();
    let written: Vec<String> = articles(dir.path()).into_iter().map(|(n, _)| n).collect();
    // The Ream deal and the exercise name Cambodia and China; nuclear talks (Russia), rice and
    // the Kyiv visit do not name China.
    assert_eq!(
        written,
        [
            "2024-03-12_cambodia-china-sign-ream-expansion-deal.txt",
            "2024-10-26_us-and-cambodia-resume-joint-military-exercise-after-seven.txt",
        ],
        "{:#?}",
        r.outcomes
    );
    assert_eq!(
        r.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Filtered { .. }))
            .count(),
        3
    );
}

#[test]
fn files_already_there_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let taken = dir
        .path()
        .join("2024-03-13_cambodia-russia-hold-first-talks-on-nuclear-energy.txt");
    std::fs::write(&taken, "---\ntitle: Another story\nsource: S\ndate: 2024-03-13\nurl:\n---\nSomething else entirely.\n").unwrap();
    import_paths(
        &[feed("khmer-daily-full.rss")],
        dir.path(),
        &Options::default(),
    )
    .unwrap();
    assert!(std::fs::read_to_string(&taken)
        .unwrap()
        .contains("Something else entirely."));
    let again = dir
        .path()
        .join("2024-03-13_cambodia-russia-hold-first-talks-on-nuclear-energy-2.txt");
    assert!(std::fs::read_to_string(again)
        .unwrap()
        .contains("nuclear energy"));
}

#[test]
fn an_item_nested_far_too_deep_has_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "{}<p>Cambodia and China signed a deal.</p>{}",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>T</title><link>https://a.example/</link><description>d</description>\
         <item><title>Deep</title><link>https://a.example/deep</link><content:encoded><![CDATA[{deep}]]></content:encoded></item></channel></rss>"
    );
    let path = dir.path().join("deep.rss");
    std::fs::write(&path, rss).unwrap();
    let r = import_paths(&[path], &dir.path().join("seeds"), &Options::default()).unwrap();
    assert!(r.written().is_empty(), "{:#?}", r.outcomes);
    assert!(
        matches!(&r.outcomes[..], [Outcome::SummaryOnly { .. }]),
        "{:#?}",
        r.outcomes
    );
}
