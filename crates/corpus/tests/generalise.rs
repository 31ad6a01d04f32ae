//! Articles written for these tests, in wording the seeds do not use, to show the method
//! generalises: other countries, negation, hypotheticals, history, quotes, venues, copies.

use dyad_corpus::{compile_sources, Codebook, Options};
use dyad_model::{Article, Bundle, Stance};

fn article(name: &str, date: &str, body: &str) -> (String, Vec<u8>) {
    (
        name.to_string(),
        format!("---\ntitle: {name}\nsource: Test Wire\ndate: {date}\n---\n{body}").into_bytes(),
    )
}

fn compile(files: Vec<(String, Vec<u8>)>) -> Bundle {
    compile_sources(&Options::default(), files)
        .expect("compiles")
        .bundle
}

fn one(body: &str) -> Article {
    compile(vec![article("a.txt", "2024-03-01", body)])
        .articles
        .remove(0)
}

fn stance(a: &Article, pair: &str) -> Option<Stance> {
    a.assessments
        .iter()
        .chain(&a.context)
        .find(|x| x.pair == pair)
        .and_then(|x| x.stance)
}

fn evidence(a: &Article, pair: &str) -> Vec<String> {
    a.assessments
        .iter()
        .chain(&a.context)
        .find(|x| x.pair == pair)
        .map(|x| {
            x.evidence
                .iter()
                .map(|e| e.span.slice(&a.text).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn cooperation_in_new_words() {
    let a = one("Beijing pledged to fund a new hospital in Cambodia, the Chinese embassy said on Monday.\n\
                 Prime Minister Hun Manet welcomed the donation and thanked China for its assistance.");
    assert_eq!(stance(&a, "KH-CN"), Some(Stance::Cooperative));
    assert_eq!(evidence(&a, "KH-CN").len(), 2);
}

#[test]
fn conflict_is_strained() {
    let a = one("Cambodia condemned the United States on Friday after Washington imposed sanctions on two Cambodian officials.\n\
                 Phnom Penh rejected the accusations and summoned the American envoy.");
    assert_eq!(stance(&a, "KH-US"), Some(Stance::Strained));
    let x = a.assessments.iter().find(|x| x.pair == "KH-US").unwrap();
    assert!(x.score <= -0.4, "{}", x.score);
}

#[test]
fn negation_is_not_conflict() {
    let a = one("Cambodia will not sanction Russia, the foreign ministry said.\nCambodia and Russia agreed to expand trade.");
    let x = a.assessments.iter().find(|x| x.pair == "KH-RU").unwrap();
    let sanction = a
        .events
        .iter()
        .find(|e| e.category == "sanction")
        .expect("the sanction trigger is coded");
    assert!(sanction.flags.negated && sanction.weight == 0.0);
    assert!(x.score > 0.0);
}

#[test]
fn hypotheticals_weigh_less_than_facts() {
    let fact = one("Cambodia signed an agreement with Ukraine on demining.");
    let maybe = one("Cambodia could sign an agreement with Ukraine on demining if talks go well.");
    let w = |a: &Article| {
        a.events
            .iter()
            .find(|e| e.category == "agree")
            .unwrap()
            .clone()
    };
    assert!(!w(&fact).flags.hypothetical);
    assert!(w(&maybe).flags.hypothetical);
    assert!(w(&maybe).weight < w(&fact).weight);
}

#[test]
fn history_is_flagged() {
    let a = one("The Soviet Union provided aid to Cambodia in the 1980s.\nToday Russia and Cambodia hold talks.");
    let aid = a
        .events
        .iter()
        .find(|e| e.category == "aid")
        .expect("aid coded");
    assert!(aid.flags.historical);
    assert_eq!((aid.source.as_str(), aid.target.as_str()), ("RU", "KH"));
}

#[test]
fn a_venue_gets_no_stance() {
    let a = one("PHNOM PENH, Cambodia (Test Wire): Ukraine and the United States held talks in Cambodia on Tuesday.\n\
                 Delegates met at a hotel in Phnom Penh to discuss aid, and Washington pledged more support for Kyiv.");
    assert!(a.assessments.is_empty(), "{:?}", a.assessments);
    assert_eq!(stance(&a, "UA-US"), Some(Stance::Cooperative));
}

#[test]
fn quotes_speakers_and_pronouns() {
    let a = one(
        "Foreign Minister Sok Chenda Sophea met the Chinese ambassador on Monday.\n\
                 “We thank China for its support,” he said.\n\
                 “This friendship will last,” said Wang Yi.",
    );
    let speakers: Vec<(Option<&str>, Option<&str>)> = a
        .quotes
        .iter()
        .map(|q| {
            (
                q.speaker.as_ref().map(|s| s.name.as_str()),
                q.speaker.as_ref().and_then(|s| s.country.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        speakers,
        vec![
            (Some("Sok Chenda Sophea"), Some("KH")),
            (Some("Wang Yi"), Some("CN"))
        ]
    );
    assert_eq!(stance(&a, "KH-CN"), Some(Stance::Cooperative));
}

#[test]
fn both_signs_make_a_mixed_stance() {
    let a = one(
        "Cambodia and the United States held talks on trade on Monday.\n\
                 Hun Manet criticised Washington over its human rights report.",
    );
    assert_eq!(stance(&a, "KH-US"), Some(Stance::Mixed));
}

#[test]
fn other_countries_are_context() {
    let a =
        one("Japan pledged new aid to Vietnam, and Tokyo and Hanoi agreed to cooperate on ports.");
    assert!(a.assessments.is_empty());
    assert_eq!(stance(&a, "JP-VN"), Some(Stance::Cooperative));
}

#[test]
fn syndicated_copies_count_once() {
    let wire = "Cambodia and China signed a new agreement on Tuesday to expand cooperation in agriculture, officials said. \
                The deal covers rice exports, irrigation and training for Cambodian farmers over the next five years. \
                Chinese investment in Cambodian agriculture has grown steadily over the past decade, according to trade figures.";
    let b = compile(vec![
        article("a.txt", "2024-03-01", wire),
        article(
            "b.txt",
            "2024-03-02",
            &format!("A second outlet runs the same wire copy with its own first line.\n{wire}"),
        ),
        article(
            "c.txt",
            "2024-03-05",
            "Hun Manet met Xi Jinping in Beijing and both sides pledged closer ties.",
        ),
    ]);
    let site = dyad_corpus::layout::split(&b);
    let kh_cn = site.index.pairs.iter().find(|p| p.pair == "KH-CN").unwrap();
    assert_eq!((kh_cn.articles, kh_cn.stories), (3, 2));
    assert_eq!(b.stats.stories, 2);
    assert_eq!(kh_cn.months.len(), 1);
    assert_eq!(kh_cn.months[0].stories, 2);
}

#[test]
fn focus_is_configurable() {
    let opts = Options::with_focus(Codebook::builtin(), "TH");
    let b = compile_sources(
        &opts,
        vec![article(
            "a.txt",
            "2024-01-01",
            "Thailand and China agreed to hold joint exercises.",
        )],
    )
    .unwrap()
    .bundle;
    assert_eq!(b.focus, "TH");
    assert!(b.focus_pairs.contains(&"TH-CN".to_string()));
    assert_eq!(b.articles[0].assessments[0].pair, "TH-CN");
}

#[test]
fn a_user_codebook_replaces_the_builtin_one() {
    let text = dyad_corpus::codebook::DEFAULT_CODEBOOK
        .replace("\"cooperat*\",", "\"cooperat*\", \"twinning\",");
    let opts = Options::with_focus(Codebook::parse(&text).unwrap(), "KH");
    let files = vec![article(
        "a.txt",
        "2024-01-01",
        "Cambodia announced a twinning with Ukraine.",
    )];
    let with = compile_sources(&opts, files.clone()).unwrap().bundle;
    let without = compile(files);
    assert_eq!(
        stance(&with.articles[0], "KH-UA"),
        Some(Stance::Cooperative)
    );
    assert_eq!(stance(&without.articles[0], "KH-UA"), None);
    assert_ne!(with.build.input_digest, without.build.input_digest);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let files = || {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let mut v: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let a = dyad_corpus::to_json(&compile(files()));
    let mut reversed = files();
    reversed.reverse();
    let b = dyad_corpus::to_json(&compile(reversed));
    assert_eq!(a, b);
    let back = Bundle::from_json(&a).unwrap();
    assert_eq!(back.articles.len(), 5);
}

#[test]
fn objects_are_not_modifiers_or_owners_of_other_events() {
    let a = one("Ukraine fired U.S. missiles at Russia on Monday.\nThe United States will send mines to aid its fight against Russia's invasion of Ukraine.");
    let fired = a
        .events
        .iter()
        .find(|e| e.category == "assault" && e.sentence == 0)
        .expect("assault coded");
    assert_eq!((fired.source.as_str(), fired.target.as_str()), ("UA", "RU"));
    assert!(
        !a.events
            .iter()
            .any(|e| e.category == "aid" && e.target == "RU"),
        "{:?}",
        a.events
    );
    let invasion = a
        .events
        .iter()
        .find(|e| e.sentence == 1 && e.category == "assault")
        .expect("invasion coded");
    assert_eq!(
        (invasion.source.as_str(), invasion.target.as_str()),
        ("RU", "UA")
    );
}

#[test]
fn a_sign_of_is_no_agreement_but_signing_is() {
    let a = one("A U.S. warship docked in Cambodia, in a sign of warming ties between Washington and Phnom Penh.");
    assert!(
        a.events.iter().all(|e| e.category != "agree"),
        "{:?}",
        a.events
    );
    let b = one("Cambodia and the United States sign an agreement on military medicine.");
    assert!(
        b.events.iter().any(|e| e.category == "agree"),
        "{:?}",
        b.events
    );
}

#[test]
fn an_old_year_makes_history_only_near_its_trigger() {
    // Article dated 2024: 2017 is history, but only for the suspension it dates.
    let a = one("Hun Manet met U.S. officials last month, and the two sides agreed to resume military exercises suspended in 2017.");
    let of = |cat: &str| {
        a.events
            .iter()
            .find(|e| e.category == cat)
            .unwrap_or_else(|| panic!("{cat} coded: {:?}", a.events))
            .clone()
    };
    assert!(!of("consult").flags.historical);
    assert!(!of("agree").flags.historical);
    let old = one("In 2017 Cambodia held joint exercises with the United States.");
    assert!(
        !old.events.is_empty() && old.events.iter().all(|e| e.flags.historical),
        "{:?}",
        old.events
    );
}
