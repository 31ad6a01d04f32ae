//! The command line as `main` reads it, and `cargo test`'s result lines as `test` counts them.

use super::{Cli, Eval, Fuzz, Site, Task, Wasm};
use crate::tasks::Tally;
use clap::Parser;

fn parse(line: &str) -> Result<Task, clap::Error> {
    Cli::try_parse_from(std::iter::once("cargo xtask").chain(line.split_whitespace()))
        .map(|cli| cli.task)
}

#[test]
fn flags_are_read() {
    assert_eq!(
        parse("build --public-url /x/ --debian").unwrap(),
        Task::Build(Site {
            public_url: "/x/".into(),
            wasm: Wasm { debian: true }
        })
    );
    assert_eq!(
        parse("pdf --public-url=./").unwrap(),
        Task::Pdf(Site {
            public_url: "./".into(),
            wasm: Wasm { debian: false }
        })
    );
    // No URL: relative, so dist/ works under any sub-path.
    assert!(matches!(parse("build").unwrap(), Task::Build(s) if s.public_url == "./"));
    assert_eq!(parse("tidy").unwrap(), Task::Tidy(Wasm { debian: false }));
    assert_eq!(
        parse("fuzz --seconds 30").unwrap(),
        Task::Fuzz(Fuzz { seconds: 30 })
    );
    assert_eq!(
        parse("eval").unwrap(),
        Task::Eval(Eval {
            dir: None,
            gold: None
        })
    );
    assert_eq!(
        parse("eval seeds gold.json").unwrap(),
        Task::Eval(Eval {
            dir: Some("seeds".into()),
            gold: Some("gold.json".into())
        })
    );
}

/// A typo in a flag fails with the flag that was meant, never a build for the default URL.
#[test]
fn a_typo_fails_and_names_the_flag_meant() {
    let e = parse("build --public-ur /x/").unwrap_err();
    assert_eq!(e.kind(), clap::error::ErrorKind::UnknownArgument);
    let text = e.to_string();
    assert!(text.contains("unexpected argument '--public-ur'"), "{text}");
    assert!(
        text.contains("--public-url"),
        "names the nearest flag: {text}"
    );
}

#[test]
fn unknown_or_incomplete_arguments_fail() {
    for line in [
        "",
        "bulid",
        "build --public-url",
        "build --public-url --debian",
        "build --public-url=",
        "serve --public-url /x/",
        "test -v",
        "build extra",
        "fuzz",
        "fuzz --seconds many",
        "eval seeds",
        "bench --debian",
    ] {
        let e = parse(line).expect_err(line);
        // clap's exit code for a usage error; help asked for exits 0.
        assert_eq!(e.exit_code(), 2, "{line}: {e}");
    }
}

#[test]
fn tally_reads_cargo_test_result_lines() {
    let mut t = Tally::default();
    t.count("test result: ok. 29 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.06s");
    t.count("test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.90s");
    t.count("running 3 tests");
    assert_eq!((t.passed, t.failed), (31, 1));
}
