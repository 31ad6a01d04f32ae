use super::folder::{check_replaceable, MARKER_TEXT};
use super::*;
use dyad_model::layout::QuoteMeta;
use dyad_model::{Assessment, CategoryTally};
use dyad_model::{Event, Evidence, Quote, Span, Speaker};

fn article(text_len: usize) -> Article {
    Article {
        text: "x".repeat(text_len),
        ..Default::default()
    }
}

#[test]
fn shards_close_at_the_article_count_or_the_text_size() {
    assert!(shard_ranges(&[]).is_empty());
    let small: Vec<Article> = (0..300).map(|_| article(10)).collect();
    assert_eq!(shard_ranges(&small), vec![0..128, 128..256, 256..300]);
    // 40 KiB each: the third one takes a shard over 96 KiB and closes it.
    let big: Vec<Article> = (0..7).map(|_| article(40 * 1024)).collect();
    assert_eq!(shard_ranges(&big), vec![0..3, 3..6, 6..7]);
    // A single article longer than the limit has its shard to itself.
    let huge = vec![article(10), article(200 * 1024), article(10)];
    assert_eq!(shard_ranges(&huge), vec![0..2, 2..3]);
    let exact = vec![article(SHARD_TEXT_BYTES), article(1)];
    assert_eq!(shard_ranges(&exact), vec![0..2]);
}

fn event(source: &str, target: &str, category: &str, weight: f64) -> Event {
    Event {
        source: source.into(),
        target: target.into(),
        category: category.into(),
        weight,
        ..Default::default()
    }
}

#[test]
fn assessments_keep_their_evidence_and_tally_the_pairs_events() {
    let a = Article {
        text: "“We agree,” he said. More.".into(),
        events: vec![
            event("KH", "CN", "aid", 0.1),
            event("CN", "KH", "aid", 0.2),
            event("KH", "CN", "criticise", -0.3),
            event("KH", "US", "aid", 0.5),
            event("CN", "KH", "aid", 0.0),
            event("KH", "CN", "agree", 0.7),
        ],
        assessments: vec![Assessment {
            pair: "KH-CN".into(),
            score: 0.5,
            confidence: 0.25,
            evidence: vec![
                Evidence {
                    span: Span::new(0, 4),
                    sentence: 0,
                    events: vec![5, 0, 1, 5, 9],
                    weight: 0.75,
                },
                Evidence {
                    span: Span::new(5, 9),
                    sentence: 3,
                    events: vec![],
                    weight: -0.25,
                },
            ],
            ..Default::default()
        }],
        quotes: vec![Quote {
            span: Span::new(3, 11),
            sentences: (0, 0),
            speaker: Some(Speaker {
                name: "Hun Manet".into(),
                country: Some("KH".into()),
                ..Default::default()
            }),
        }],
        ..Default::default()
    };
    let a_pair = a.assessments[0].pair.clone();
    let bundle = Bundle {
        articles: vec![a],
        ..Default::default()
    };
    let c = catalog(&bundle, &shard_ranges(&bundle.articles));
    let x = &c.articles[0].assessments[0];
    assert_eq!(
        (x.evidence, x.evidence_weight),
        (2, 0.5),
        "two sentences, 0.75 - 0.25"
    );
    let tally = |category: &str, events, cooperation, conflict| CategoryTally {
        category: category.into(),
        events,
        cooperation,
        conflict,
    };
    assert_eq!(
        x.categories,
        vec![
            tally("agree", 1, 0.7, 0.0),
            tally("aid", 3, 0.3, 0.0),
            tally("criticise", 1, 0.0, -0.3)
        ]
    );
    let q = quotes(&bundle);
    // The quote lies in sentence 0, which carries 0.75 of the pair's evidence (not sentence 3's).
    let quote = QuoteMeta {
        article: 0,
        sentences: (0, 0),
        text: "We agree".into(),
        speaker: Some("Hun Manet".into()),
        country: Some("KH".into()),
        pairs: vec![(a_pair.clone(), 0.75)],
    };
    assert_eq!(q.quotes, vec![quote]);
}

#[test]
fn a_shard_file_is_the_models_shard() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let b = crate::compile_dir(&dir).expect("the seeds compile").bundle;
    assert!(b.articles.len() >= 3);
    for articles in [&b.articles[..], &b.articles[1..3], &[]] {
        let file = ShardFile {
            schema_version: 2,
            input_digest: "d\"1",
            articles,
        };
        let model = dyad_model::layout::Shard {
            schema_version: 2,
            input_digest: "d\"1".into(),
            articles: articles.to_vec(),
        };
        let bytes = serde_json::to_vec(&file).unwrap();
        assert!(bytes == serde_json::to_vec(&model).unwrap());
        assert_eq!(
            serde_json::from_slice::<dyad_model::layout::Shard>(&bytes).unwrap(),
            model
        );
    }
}

#[test]
fn refuses_to_replace_what_it_did_not_write() {
    let root = std::env::temp_dir().join(format!("dyad-layout-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    assert!(check_replaceable(&root.join("absent")).is_ok());
    let empty = root.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(check_replaceable(&empty).is_ok());
    let file = root.join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(
        check_replaceable(&file).unwrap_err().kind(),
        io::ErrorKind::AlreadyExists
    );
    let foreign = root.join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("index-0.json"), "{}").unwrap();
    assert!(check_replaceable(&foreign)
        .unwrap_err()
        .to_string()
        .contains(MARKER));
    std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
    assert!(check_replaceable(&foreign).is_ok());
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    assert!(check_replaceable(&foreign)
        .unwrap_err()
        .to_string()
        .contains("notes.txt"));
    std::fs::remove_dir_all(&root).unwrap();
}
