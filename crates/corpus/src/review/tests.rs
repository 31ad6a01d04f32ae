//! Reviews applied to an article of known events (`ARTICLE`), and annotations read.

use super::*;
use dyad_model::{Bundle, Coding, Event, Judgement};

/// Sentences (as the reader numbers them) and the machine's events:
/// 1 KH→CN agree «signed», KH→CN agree «agreement»; 2 CN→KH disapprove «criticised», KH→CN
/// consult «meeting»; 3 RU→UA disapprove «condemned»; 4 none; 5 JP→KH aid «aid»; 6 VN→TH
/// consult «talks». Pairs: KH-CN cooperative (focus); KH-JP, RU-UA, TH-VN (context).
pub(crate) const ARTICLE: &str = "---\ntitle: Test\nsource: Wire\ndate: 2024-01-10\n---\n\
Cambodia signed an agreement with China on Monday.\n\
China criticised Cambodia after a long meeting.\n\
Russia condemned Ukraine near the border.\n\
Prices rose by 3.5 percent in the capital.\n\
Japan provided aid to Cambodia last week.\n\
Vietnam held talks with Thailand in Geneva.\n";

/// Compiles `ARTICLE` (as `a.txt`) with the reviews file `reviews`.
pub(super) fn compile(reviews: Option<&str>) -> Result<Bundle, Vec<Diagnostic>> {
    let opts = Options::default();
    let analyst = AnalystFiles::parse(&opts, reviews.map(|r| (REVIEWS_FILE, r.as_bytes())), None)?;
    crate::compile_sources_with(
        &opts,
        vec![("a.txt".into(), ARTICLE.as_bytes().to_vec())],
        &analyst,
    )
    .map(|c| c.bundle)
}

fn reviewed(reviews: &str) -> dyad_model::Article {
    match compile(Some(reviews)) {
        Ok(mut b) => b.articles.remove(0),
        Err(d) => panic!("{}", d.iter().map(|d| d.to_string()).collect::<String>()),
    }
}

fn machine() -> dyad_model::Article {
    compile(None).unwrap().articles.remove(0)
}

fn find<'a>(a: &'a dyad_model::Article, pair: &str) -> Option<&'a Assessment> {
    a.assessments
        .iter()
        .chain(&a.context)
        .find(|x| x.pair == pair)
}

use dyad_model::Assessment;

fn pairs(xs: &[Assessment]) -> Vec<&str> {
    xs.iter().map(|x| x.pair.as_str()).collect()
}

#[test]
fn the_article_is_what_the_tests_say() {
    let m = machine();
    assert_eq!(pairs(&m.assessments), ["KH-CN"]);
    assert_eq!(pairs(&m.context), ["KH-JP", "RU-UA", "TH-VN"]);
    let triggers: Vec<(u32, &str)> = m
        .events
        .iter()
        .map(|e| (e.sentence + 1, e.trigger.slice(&m.text)))
        .collect();
    assert_eq!(
        triggers,
        [
            (1, "signed"),
            (1, "agreement"),
            (2, "criticised"),
            (2, "meeting"),
            (3, "condemned"),
            (5, "aid"),
            (6, "talks")
        ]
    );
}

#[test]
fn a_confirmation_keeps_the_judgement_and_records_the_review() {
    let a = reviewed(
        "[[pair]]\narticle = \"a\"\npair = \"KH-CN\"\nverdict = \"confirm\"\nby = \"SK\"\ndate = \"2026-11-30\"\n",
    );
    let m = machine();
    let x = &a.assessments[0];
    assert_eq!(
        (x.stance, x.score),
        (m.assessments[0].stance, m.assessments[0].score)
    );
    assert_eq!(x.evidence, m.assessments[0].evidence);
    assert_eq!(x.machine, None);
    assert_eq!(
        x.review,
        Some(Review {
            verdict: Verdict::Confirmed,
            by: "SK".into(),
            note: String::new(),
            date: Some("2026-11-30".into()),
        })
    );
    // Nothing else changes.
    assert_eq!(a.context, m.context);
    assert_eq!(a.events, m.events);
}

#[test]
fn a_correction_publishes_the_analysts_judgement_and_keeps_the_machines() {
    let a = reviewed(
        "[[pair]]\narticle = \"a\"\npair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0.1\nby = \"SK\"\nnote = \"The criticism weighs more.\"\n",
    );
    let m = &machine().assessments[0];
    let x = &a.assessments[0];
    assert_eq!((x.stance, x.score), (Some(Stance::Mixed), 0.1));
    assert_eq!(
        x.machine,
        Some(Judgement {
            stance: m.stance,
            score: m.score
        })
    );
    assert_eq!(m.stance, Some(Stance::Cooperative));
    assert_eq!(x.review.as_ref().unwrap().verdict, Verdict::Corrected);
    assert_eq!(
        x.review.as_ref().unwrap().note,
        "The criticism weighs more."
    );
    assert_eq!(
        (x.evidence.clone(), x.confidence),
        (m.evidence.clone(), m.confidence)
    );
}

#[test]
fn an_added_pair_is_made_from_the_analysts_sentences() {
    let a = reviewed(
        "[[pair]]\narticle = \"a\"\npair = \"KH-RU\"\nverdict = \"add\"\nstance = \"strained\"\nscore = -0.6\nevidence = [3, 2]\nby = \"SK\"\nnote = \"Read as a rebuke of Phnom Penh.\"\n\
         [[pair]]\narticle = \"a\"\npair = \"JP-TH\"\nverdict = \"add\"\nstance = \"mixed\"\nscore = 0\nevidence = [6]\nby = \"SK\"\nnote = \"A context pair.\"\n",
    );
    // A focus pair goes among the focus pairs in their order (UA, RU, US, CN), another among
    // the context pairs in alphabetical order.
    assert_eq!(pairs(&a.assessments), ["KH-RU", "KH-CN"]);
    assert_eq!(pairs(&a.context), ["JP-TH", "KH-JP", "RU-UA", "TH-VN"]);
    let x = &a.assessments[0];
    assert_eq!(
        (x.stance, x.score, x.machine),
        (Some(Stance::Strained), -0.6, None)
    );
    assert_eq!(x.review.as_ref().unwrap().verdict, Verdict::Added);
    // Two sentences: the machine's support for two sentences of evidence, 2 / (2 + 1).
    assert_eq!(x.confidence, 0.6667);
    let ev: Vec<(u32, &str, f64)> = x
        .evidence
        .iter()
        .map(|e| (e.sentence, e.span.slice(&a.text), e.weight))
        .collect();
    assert_eq!(
        ev,
        [
            (1, "China criticised Cambodia after a long meeting.", -0.3),
            (2, "Russia condemned Ukraine near the border.", -0.3)
        ]
    );
    assert!(x.evidence.iter().all(|e| e.events.is_empty()));
    assert_eq!(find(&a, "JP-TH").unwrap().score, 0.0);
}

#[test]
fn a_rejected_event_weighs_nothing_and_the_stance_is_scored_without_it() {
    let a = reviewed(
        "[[event]]\narticle = \"a\"\nsentence = 2\ntrigger = \"Criticised\"\nverdict = \"reject\"\nby = \"SK\"\nnote = \"Not a criticism of Cambodia.\"\n",
    );
    let m = machine();
    let e = &a.events[2];
    assert_eq!((e.weight, e.category.as_str()), (0.0, "disapprove"));
    assert_eq!(e.review.as_ref().unwrap().verdict, Verdict::Rejected);
    assert_eq!(
        e.machine,
        Some(Coding {
            source: "CN".into(),
            target: "KH".into(),
            category: "disapprove".into(),
            weight: -2.0
        })
    );
    // The other events are untouched.
    assert!(a
        .events
        .iter()
        .enumerate()
        .all(|(i, e)| i == 2 || *e == m.events[i]));
    let (x, before) = (&a.assessments[0], &m.assessments[0]);
    assert!(x.score > before.score, "{} vs {}", x.score, before.score);
    assert_eq!(
        x.machine,
        Some(Judgement {
            stance: before.stance,
            score: before.score
        })
    );
    assert_eq!(x.review, None);
    // Sentence 2 is still evidence through its other event, which keeps its index.
    assert_eq!(x.evidence[1].events, [3]);
    // A pair whose judgement did not change keeps no machine judgement.
    assert_eq!(a.context, m.context);
}

#[test]
fn a_confirmed_event_records_the_review_and_changes_nothing_else() {
    // As the article reader's Confirm button writes it: an empty note is no note.
    let a = reviewed(
        "[[event]]\narticle = \"a\"\nsentence = 2\ntrigger = \"criticised\"\nverdict = \"confirm\"\nby = \"SK\"\nnote = \"\"\n",
    );
    let m = machine();
    let e = &a.events[2];
    assert_eq!(
        e.review,
        Some(Review {
            verdict: Verdict::Confirmed,
            by: "SK".into(),
            note: String::new(),
            date: None
        })
    );
    assert_eq!(e.machine, None);
    assert_eq!(
        Event {
            review: None,
            ..e.clone()
        },
        m.events[2]
    );
    assert_eq!((a.assessments, a.context), (m.assessments, m.context));
}

#[test]
fn a_pair_that_loses_its_evidence_goes_unless_a_pair_review_names_it() {
    let reject = "[[event]]\narticle = \"a\"\nsentence = 6\ntrigger = \"talks\"\nverdict = \"reject\"\nby = \"SK\"\nnote = \"Not talks between the two.\"\n";
    assert_eq!(pairs(&reviewed(reject).context), ["KH-JP", "RU-UA"]);
    let kept = reviewed(&format!(
        "{reject}[[pair]]\narticle = \"a\"\npair = \"TH-VN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0\nby = \"SK\"\nnote = \"They met, no more.\"\n"
    ));
    let x = find(&kept, "TH-VN").unwrap();
    let m = machine();
    let before = find(&m, "TH-VN").unwrap();
    assert_eq!((x.stance, x.score), (Some(Stance::Mixed), 0.0));
    assert_eq!(x.evidence, before.evidence);
    assert_eq!(x.machine.unwrap().stance, Some(Stance::Cooperative));
}

#[test]
fn a_corrected_event_is_coded_and_weighed_as_the_analyst_says() {
    let a = reviewed(
        "[[event]]\narticle = \"a\"\nsentence = 3\ntrigger = \"condemned\"\nverdict = \"correct\"\nsource = \"KH\"\nby = \"SK\"\nnote = \"Cambodia condemned Ukraine here.\"\n\
         [[event]]\narticle = \"a\"\nsentence = 5\ntrigger = \"aid\"\nverdict = \"correct\"\ncategory = \"consult\"\nby = \"SK\"\nnote = \"A visit, not aid.\"\n",
    );
    let e = &a.events[4];
    assert_eq!(
        (e.source.as_str(), e.target.as_str(), e.weight),
        ("KH", "UA", -2.0)
    );
    assert_eq!(e.machine.as_ref().unwrap().source, "RU");
    assert_eq!(e.review.as_ref().unwrap().verdict, Verdict::Corrected);
    let consult = Codebook::builtin()
        .categories
        .iter()
        .find(|c| c.id == "consult")
        .unwrap()
        .weight;
    assert_eq!(
        (a.events[5].category.as_str(), a.events[5].weight),
        ("consult", consult)
    );
    // The recoded event makes a focus pair the machine did not have, and takes RU-UA's only one.
    assert_eq!(pairs(&a.assessments), ["KH-UA", "KH-CN"]);
    assert_eq!(
        a.assessments[0].machine,
        Some(Judgement {
            stance: None,
            score: 0.0
        })
    );
    assert_eq!(a.assessments[0].stance, Some(Stance::Strained));
    assert_eq!(find(&a, "RU-UA"), None);
    let jp = find(&a, "KH-JP").unwrap();
    assert_eq!(jp.evidence[0].events, [5]);
    // One sentence of cooperation scores as it did: no machine judgement is kept.
    assert_eq!((jp.score, jp.machine), (0.5, None));
}

#[test]
fn check_says_what_the_reviews_brought() {
    assert_eq!(summary(&compile(None).unwrap()), None);
    let b = compile(Some(
        "[[pair]]\narticle = \"a\"\npair = \"KH-CN\"\nverdict = \"confirm\"\nby = \"SK\"\n",
    ))
    .unwrap();
    assert_eq!(
        summary(&b).as_deref(),
        Some("reviewed judgements 1 (1 confirmed), reviewed events 0, 0 annotation(s)")
    );
}

#[test]
fn reviews_change_the_input_digest() {
    let digest = |r: Option<&str>| compile(r).unwrap().build.input_digest;
    let confirm =
        "[[pair]]\narticle = \"a\"\npair = \"KH-CN\"\nverdict = \"confirm\"\nby = \"SK\"\n";
    let other = confirm.replace("SK", "MV");
    let d = [digest(None), digest(Some(confirm)), digest(Some(&other))];
    assert!(d[0] != d[1] && d[1] != d[2] && d[0] != d[2], "{d:?}");
    assert_eq!(digest(Some(confirm)), d[1]);
    let opts = Options::default();
    let with_annotations = |text: &str| {
        let analyst =
            AnalystFiles::parse(&opts, None, Some((ANNOTATIONS_FILE, text.as_bytes()))).unwrap();
        crate::compile_sources_with(
            &opts,
            vec![("a.txt".into(), ARTICLE.as_bytes().to_vec())],
            &analyst,
        )
        .unwrap()
        .bundle
    };
    let b = with_annotations("[[annotation]]\ndate = \"2024-01-01\"\nlabel = \"A\"\n");
    assert_ne!(b.build.input_digest, d[0]);
    assert_ne!(
        b.build.input_digest,
        with_annotations("[[annotation]]\ndate = \"2024-01-01\"\nlabel = \"B\"\n")
            .build
            .input_digest
    );
}

#[test]
fn annotations_are_read_sorted_and_bundled() {
    let opts = Options::default();
    let text = "# events\n[[annotation]]\ndate = \"2023-08-22\"\nlabel = \"Hun Manet becomes prime minister\"\n\
                [[annotation]]\ndate = \"2022-02-24\"\nlabel = \"Russia invades Ukraine\"\npairs = [\"KH-UA\", \"KH-RU\"]\n\
                [[annotation]]\ndate = \"2023-07-23\"\nuntil = \"2023-08-22\"\nlabel = \"Election and new government\"\n\
                [[annotation]]\ndate = \"2022-02-24\"\nlabel = \"A second one that day\"\n";
    let files =
        AnalystFiles::parse(&opts, None, Some((ANNOTATIONS_FILE, text.as_bytes()))).unwrap();
    let got: Vec<(&str, Option<&str>, &str, Vec<&str>)> = files
        .annotations
        .iter()
        .map(|a| {
            (
                a.date.as_str(),
                a.until.as_deref(),
                a.label.as_str(),
                a.pairs.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2022-02-24", None, "A second one that day", vec![]),
            (
                "2022-02-24",
                None,
                "Russia invades Ukraine",
                vec!["KH-UA", "KH-RU"]
            ),
            (
                "2023-07-23",
                Some("2023-08-22"),
                "Election and new government",
                vec![]
            ),
            (
                "2023-08-22",
                None,
                "Hun Manet becomes prime minister",
                vec![]
            ),
        ]
    );
    let b = crate::compile_sources_with(
        &opts,
        vec![("a.txt".into(), ARTICLE.as_bytes().to_vec())],
        &files,
    )
    .unwrap()
    .bundle;
    assert_eq!(b.annotations, files.annotations);
    // And the site's index carries them.
    let site = crate::layout::split(&b);
    assert_eq!(site.index.annotations, files.annotations);
}

use crate::Codebook;
