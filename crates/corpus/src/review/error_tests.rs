//! Every problem of a reviews or annotations file: its message, its line and column, its help.

use super::tests::compile;
use super::*;

/// A pair review of `a` (lines 1 and 2), then `fields` from line 3.
fn pair(fields: &str) -> String {
    format!("[[pair]]\narticle = \"a\"\n{fields}")
}

/// An event review of `a` (lines 1 and 2), then `fields` from line 3.
fn event(fields: &str) -> String {
    format!("[[event]]\narticle = \"a\"\n{fields}")
}

/// The file's only error.
fn only_error(errors: Vec<Diagnostic>) -> Diagnostic {
    let errors: Vec<Diagnostic> = errors.into_iter().filter(Diagnostic::is_error).collect();
    assert_eq!(
        errors.len(),
        1,
        "{}",
        errors.iter().map(|d| d.to_string()).collect::<String>()
    );
    errors.into_iter().next().unwrap()
}

fn assert_diagnostic(d: &Diagnostic, file: &str, message: &str, at: (usize, usize), help: &str) {
    let shown = d.to_string();
    assert_eq!(d.message, message, "{shown}");
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        (file, at.0, at.1),
        "{shown}"
    );
    let got = d.help.as_deref().unwrap_or("");
    assert!(got.contains(help), "help `{got}` lacks `{help}`\n{shown}");
}

/// Each case: the reviews file, the message, line and column, a part of the help.
fn check_reviews(cases: &[(String, &str, (usize, usize), &str)]) {
    for (text, message, at, help) in cases {
        let errors = compile(Some(text)).expect_err(text);
        assert_diagnostic(&only_error(errors), REVIEWS_FILE, message, *at, help);
    }
}

const CONFIRM: &str = "pair = \"KH-CN\"\nverdict = \"confirm\"\nby = \"SK\"\n";

#[test]
fn the_files_shape() {
    check_reviews(&[
        (
            "[[pair]\narticle = \"a\"\n".into(),
            "reviews.toml is not valid: unclosed array table, expected `]`",
            (1, 8),
            "README.md",
        ),
        (
            pair(&format!("{CONFIRM}colour = \"red\"\n")),
            "reviews.toml is not valid: unknown field `colour`, expected one of `article`, `pair`, `verdict`, `stance`, `score`, `evidence`, `by`, `note`, `date`",
            (6, 1),
            "remove the key or correct its spelling",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"confirm\"\n"),
            "reviews.toml is not valid: missing field `by`",
            (1, 1),
            "README.md",
        ),
        (
            pair(&format!("{CONFIRM}date = 2026-11-30\n")),
            "reviews.toml is not valid: `2026-11-30` is not a quoted string",
            (6, 8),
            "quote it: TOML reads an unquoted date as a date, not text (`\"2026-11-30\"`)",
        ),
        (
            "[[verdict]]\n".into(),
            "reviews.toml is not valid: unknown field `verdict`, expected `pair` or `event`",
            (1, 3),
            "remove the key",
        ),
    ]);
}

#[test]
fn pair_reviews() {
    let c = |p: &str| {
        pair(&format!(
            "pair = \"{p}\"\nverdict = \"confirm\"\nby = \"SK\"\n"
        ))
    };
    check_reviews(&[
        (
            pair("pair = \"KH-CN\"\nverdict = \"confirm\"\nby = \"SK\"\n").replace("\"a\"", "\"b\""),
            "no article `b` in the folder",
            (2, 11),
            "its file name without `.txt`",
        ),
        (c("KH/CN"), "`KH/CN` is not a pair", (3, 8), "joined by `-`"),
        (
            c("KH-XX"),
            "`XX` in pair `KH-XX` is not a country of the codebook",
            (3, 8),
            "country codes of the codebook",
        ),
        (c("KH-KH"), "`KH-KH` joins a country to itself", (3, 8), "two different"),
        (
            c("CN-KH"),
            "pair `CN-KH` is written `KH-CN` in the data",
            (3, 8),
            "the focus country KH first",
        ),
        (
            c("US-RU"),
            "pair `US-RU` is written `RU-US` in the data",
            (3, 8),
            "alphabetical order",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"confirmed\"\nby = \"SK\"\n"),
            "`confirmed` is not a verdict on a pair",
            (4, 11),
            "`confirm`, `correct` or `add`",
        ),
        (
            pair(&format!("{CONFIRM}stance = \"mixed\"\n")),
            "a confirmation takes no stance or score: the machine's stand",
            (6, 10),
            "make the verdict `correct`",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nscore = 0.1\nby = \"SK\"\nnote = \"n\"\n"),
            "a correction needs a `stance`",
            (4, 11),
            "`stance` (cooperative, mixed or strained)",
        ),
        (
            pair("pair = \"KH-RU\"\nverdict = \"add\"\nstance = \"mixed\"\nevidence = [1]\nby = \"SK\"\nnote = \"n\"\n"),
            "an added pair needs a `score`",
            (4, 11),
            "`score` (-1 to 1)",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"friendly\"\nscore = 0.5\nby = \"SK\"\nnote = \"n\"\n"),
            "`friendly` is not a stance",
            (5, 10),
            "`cooperative`, `mixed` or `strained`",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"cooperative\"\nscore = 1.5\nby = \"SK\"\nnote = \"n\"\n"),
            "score 1.5 is outside -1..=1",
            (6, 9),
            "from -1 (conflict) to 1 (cooperation)",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"cooperative\"\nscore = 0.1\nby = \"SK\"\nnote = \"n\"\n"),
            "score 0.1 reads `mixed`, not `cooperative`",
            (6, 9),
            "a score of 0.4 or more is cooperative, -0.4 or less strained",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0.1\nby = \"SK\"\n"),
            "`correct` needs a `note`",
            (4, 11),
            "why the analyst judges otherwise",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"confirm\"\nby = \" \"\n"),
            "`by` is empty",
            (5, 6),
            "the analyst's initials",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0.1\nby = \"SK\"\nnote = \" \"\n"),
            "`note` is empty",
            (8, 8),
            "why the analyst judges otherwise",
        ),
        (
            pair(&format!("{CONFIRM}note = \"fine\u{202e}\"\n")),
            "the value holds a control or bidirectional character",
            (6, 8),
            "write plain text",
        ),
        (
            pair(&format!("{CONFIRM}date = \"30/11/2026\"\n")),
            "`30/11/2026` is not a date: expected YYYY-MM-DD",
            (6, 8),
            "YYYY-MM-DD",
        ),
        (
            pair(&format!("{CONFIRM}date = \"2026-02-30\"\n")),
            "`2026-02-30` is not a date: month 2 of 2026 has 28 days",
            (6, 8),
            "YYYY-MM-DD",
        ),
        (
            format!("{}{}", pair(CONFIRM), pair(CONFIRM)),
            "pair KH-CN of article `a` is reviewed twice",
            (7, 11),
            "its first review is on line 2",
        ),
        (
            pair("pair = \"KH-RU\"\nverdict = \"confirm\"\nby = \"SK\"\n"),
            "the machine gives no judgement of KH-RU in `a`",
            (3, 8),
            "use verdict = \"add\"",
        ),
        (
            pair("pair = \"KH-RU\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0\nby = \"SK\"\nnote = \"n\"\n"),
            "the machine gives no judgement of KH-RU in `a`",
            (3, 8),
            "use verdict = \"add\"",
        ),
        (
            pair("pair = \"KH-CN\"\nverdict = \"add\"\nstance = \"mixed\"\nscore = 0\nevidence = [1]\nby = \"SK\"\nnote = \"n\"\n"),
            "the machine already judges KH-CN in `a` (cooperative +0.44)",
            (4, 11),
            "use verdict = \"correct\"",
        ),
    ]);
}

#[test]
fn evidence_of_added_pairs() {
    let add = |evidence: &str| {
        pair(&format!("pair = \"KH-RU\"\nverdict = \"add\"\nstance = \"mixed\"\nscore = 0\n{evidence}by = \"SK\"\nnote = \"n\"\n"))
    };
    check_reviews(&[
        (
            add(""),
            "an added pair needs its `evidence`",
            (4, 11),
            "evidence = [3, 4]",
        ),
        (
            add("evidence = []\n"),
            "`evidence` is empty",
            (7, 12),
            "at least one sentence",
        ),
        (
            add("evidence = [2, 0]\n"),
            "there is no sentence 0",
            (7, 16),
            "numbered from 1",
        ),
        (
            add("evidence = [2, 2]\n"),
            "sentence 2 is listed twice",
            (7, 16),
            "once",
        ),
        (
            add("evidence = [2, 7]\n"),
            "article `a` has 6 sentences: there is no sentence 7",
            (7, 16),
            "from 1 to 6",
        ),
        (
            pair(&format!("{CONFIRM}evidence = [1]\n")),
            "`evidence` is for an added pair only",
            (6, 12),
            "keeps the machine's evidence",
        ),
    ]);
}

#[test]
fn event_reviews() {
    let reject = |sentence: u32, trigger: &str| {
        event(&format!("sentence = {sentence}\ntrigger = \"{trigger}\"\nverdict = \"reject\"\nby = \"SK\"\nnote = \"n\"\n"))
    };
    let correct = |coding: &str| {
        event(&format!("sentence = 2\ntrigger = \"meeting\"\nverdict = \"correct\"\n{coding}by = \"SK\"\nnote = \"n\"\n"))
    };
    check_reviews(&[
        (
            reject(2, "praised"),
            "sentence 2 of `a` has no event with the trigger `praised`",
            (4, 11),
            "the events of sentence 2 have the triggers `criticised`, `meeting`",
        ),
        (
            reject(4, "rose"),
            "sentence 4 of `a` has no event with the trigger `rose`",
            (4, 11),
            "the machine coded no event in sentence 4",
        ),
        (reject(0, "signed"), "there is no sentence 0", (3, 12), "numbered from 1"),
        (
            reject(9, "signed"),
            "article `a` has 6 sentences: there is no sentence 9",
            (3, 12),
            "from 1 to 6",
        ),
        (reject(1, " "), "`trigger` is empty", (4, 11), "dyad-corpus explain"),
        (
            format!("{}{}", reject(1, "signed"), reject(1, "SIGNED")),
            "the event «SIGNED» of sentence 1 of article `a` is reviewed twice",
            (9, 11),
            "its first review is on line 2",
        ),
        (
            event("sentence = 1\ntrigger = \"signed\"\nverdict = \"drop\"\nby = \"SK\"\nnote = \"n\"\n"),
            "`drop` is not a verdict on an event",
            (5, 11),
            "`confirm`, `reject` or `correct`",
        ),
        (
            event("sentence = 1\ntrigger = \"signed\"\nverdict = \"reject\"\nby = \"SK\"\n"),
            "`reject` needs a `note`",
            (5, 11),
            "why the event is not one",
        ),
        (
            event("sentence = 1\ntrigger = \"signed\"\nverdict = \"reject\"\ntarget = \"UA\"\nby = \"SK\"\nnote = \"n\"\n"),
            "a rejected event takes no source, target or category",
            (6, 10),
            "make the verdict `correct`",
        ),
        (
            event("sentence = 1\ntrigger = \"signed\"\nverdict = \"confirm\"\ncategory = \"aid\"\nby = \"SK\"\n"),
            "a confirmed event takes no source, target or category",
            (6, 12),
            "make the verdict `correct`",
        ),
        (
            correct(""),
            "a corrected event needs its new `source`, `target` or `category`",
            (5, 11),
            "at least one of them",
        ),
        (
            correct("category = \"hug\"\n"),
            "`hug` is not a category of the codebook",
            (6, 12),
            "the categories are ",
        ),
        (
            correct("target = \"ZZ\"\n"),
            "`ZZ` is not a country of the codebook",
            (6, 10),
            "ISO code of a [[country]]",
        ),
        (
            correct("source = \"UA\"\ntarget = \"UA\"\n"),
            "the event would join UA to itself",
            (7, 10),
            "two countries",
        ),
        (
            correct("target = \"KH\"\n"),
            "the corrected event would join KH to itself",
            (5, 11),
            "give the other side too",
        ),
    ]);
}

#[test]
fn a_file_that_is_not_utf8() {
    let bytes = b"[[pair]]\narticle = \"\xff\"\n";
    let opts = Options::default();
    let errors = AnalystFiles::parse(&opts, Some((REVIEWS_FILE, bytes)), None).unwrap_err();
    assert_diagnostic(
        &only_error(errors),
        REVIEWS_FILE,
        "the file is not UTF-8 text",
        (2, 1),
        "save it as UTF-8",
    );
}

#[test]
fn all_problems_are_reported_at_once_and_nothing_is_compiled() {
    let text = format!(
        "{}{}",
        pair("pair = \"KH-CN\"\nverdict = \"yes\"\nby = \"\"\n"),
        event("sentence = 0\ntrigger = \"x\"\nverdict = \"reject\"\nby = \"SK\"\nnote = \"n\"\n")
    );
    let errors = compile(Some(&text)).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, [4, 5, 8], "{errors:?}");
}

/// Each case: the annotations file, the message, line and column, a part of the help.
fn check_annotations(cases: &[(&str, &str, (usize, usize), &str)]) {
    let opts = Options::default();
    for (text, message, at, help) in cases {
        let text = format!("[[annotation]]\n{text}");
        let errors = AnalystFiles::parse(&opts, None, Some((ANNOTATIONS_FILE, text.as_bytes())))
            .expect_err(&text);
        assert_diagnostic(&only_error(errors), ANNOTATIONS_FILE, message, *at, help);
    }
}

#[test]
fn annotations() {
    check_annotations(&[
        (
            "date = \"2022-02-24\"\nlabel = \"x\"\ncolor = \"red\"\n",
            "annotations.toml is not valid: unknown field `color`, expected one of `date`, `until`, `label`, `pairs`",
            (4, 1),
            "remove the key",
        ),
        (
            "date = \"2022-02-24\"\n",
            "annotations.toml is not valid: missing field `label`",
            (1, 1),
            "README.md",
        ),
        (
            "date = \"24 Feb 2022\"\nlabel = \"x\"\n",
            "`24 Feb 2022` is not a date: expected YYYY-MM-DD",
            (2, 8),
            "YYYY-MM-DD",
        ),
        (
            "date = \"2023-02-29\"\nlabel = \"x\"\n",
            "`2023-02-29` is not a date: month 2 of 2023 has 28 days",
            (2, 8),
            "YYYY-MM-DD",
        ),
        (
            "date = \"2023-08-22\"\nuntil = \"2023-07-23\"\nlabel = \"x\"\n",
            "`until` 2023-07-23 is before `date` 2023-08-22",
            (3, 9),
            "swap them",
        ),
        ("date = \"2023-08-22\"\nlabel = \"  \"\n", "`label` is empty", (3, 9), "in a few words"),
        (
            "date = \"2023-08-22\"\nlabel = \"Election, then a new government of the son of the former\"\n",
            "the label has 56 characters, more than 48",
            (3, 9),
            "48 characters or fewer",
        ),
        (
            "date = \"2023-08-22\"\nlabel = \"vote\\u001b[2J\"\n",
            "the label holds a control or bidirectional character",
            (3, 9),
            "plain text",
        ),
        (
            "date = \"2023-08-22\"\nlabel = \"x\"\npairs = [\"KH-UA\", \"RU-UA\"]\n",
            "`RU-UA` is not a focus pair",
            (4, 19),
            "KH-UA, KH-RU, KH-US, KH-CN",
        ),
        (
            "date = \"2023-08-22\"\nlabel = \"x\"\npairs = [\"KH-UA\", \"KH-UA\"]\n",
            "`KH-UA` is listed twice",
            (4, 19),
            "once",
        ),
        (
            "date = 2023-08-22\nlabel = \"x\"\n",
            "annotations.toml is not valid: `2023-08-22` is not a quoted string",
            (2, 8),
            "quote it",
        ),
    ]);
}

/// Whatever a reviews file is cut to, it gives reviews or diagnostics, never a panic.
#[test]
fn every_prefix_of_a_reviews_file_compiles_or_says_why() {
    let full = format!(
        "{}{}{}{}",
        pair("pair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0.1\nby = \"SK\"\nnote = \"n\"\ndate = \"2026-11-30\"\n"),
        pair("pair = \"KH-RU\"\nverdict = \"add\"\nstance = \"strained\"\nscore = -0.5\nevidence = [3, 2]\nby = \"SK\"\nnote = \"n\"\n"),
        event("sentence = 3\ntrigger = \"condemned\"\nverdict = \"correct\"\nsource = \"KH\"\nby = \"SK\"\nnote = \"n\"\n"),
        event("sentence = 6\ntrigger = \"talks\"\nverdict = \"reject\"\nby = \"SK\"\nnote = \"n\"\n"),
    );
    assert!(compile(Some(&full)).is_ok());
    let mut outcomes = (0, 0);
    for end in (0..full.len()).filter(|&i| full.is_char_boundary(i)) {
        match compile(Some(&full[..end])) {
            Ok(_) => outcomes.0 += 1,
            Err(d) => {
                assert!(d.iter().all(|d| d.line > 0 && d.help.is_some()), "{d:?}");
                outcomes.1 += 1;
            }
        }
    }
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}
