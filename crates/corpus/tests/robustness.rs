//! Untrusted input, case by case: a failed build leaves the previous bundle or data folder
//! untouched, links, bad names, dates and sizes are refused with their place. (Randomized input:
//! `fuzz.rs`.)

fn cli() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
}

#[test]
fn a_failed_build_leaves_the_previous_bundle_untouched() {
    let root = std::env::temp_dir().join(format!("dyad-corpus-test-{}", std::process::id()));
    let good = root.join("good");
    let bad = root.join("bad");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(good.join("a.txt"), "---\ntitle: A\nsource: S\ndate: 2024-01-01\n---\nCambodia and China agreed to cooperate.\n").unwrap();
    std::fs::write(
        bad.join("a.txt"),
        "---\ntitle: A\ndate: 2024-02-31\n---\nBody.\n",
    )
    .unwrap();
    std::fs::write(bad.join("b.txt"), b"ab\xff binary \x00").unwrap();
    std::fs::write(bad.join("c.txt"), "").unwrap();
    std::fs::write(bad.join("d.txt"), "---\ntitle: never closed\n").unwrap();
    let out = root.join("bundle.json");

    let ok = cli()
        .args([
            "build",
            good.to_str().unwrap(),
            "--bundle",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = std::fs::read(&out).unwrap();

    let failed = cli()
        .args([
            "build",
            bad.to_str().unwrap(),
            "--bundle",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    for expected in [
        "impossible date `2024-02-31`",
        "not valid UTF-8",
        "empty",
        "never closed",
        "nothing was written",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("a.txt:3:7"),
        "errors point at file:line:column:\n{stderr}"
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the previous bundle must survive"
    );
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        3,
        "no temporary file is left behind"
    );

    let check = cli()
        .args(["check", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("KH-CN: cooperative"));

    let explain = cli()
        .args(["explain", good.join("a.txt").to_str().unwrap()])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&explain.stdout);
    assert!(
        shown.contains("KH → CN agree") || shown.contains("CN → KH agree"),
        "{shown}"
    );

    let bad_codebook = root.join("cb.toml");
    std::fs::write(&bad_codebook, "name = \"x\"\n").unwrap();
    let refused = cli()
        .args([
            "check",
            good.to_str().unwrap(),
            "--codebook",
            bad_codebook.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("codebook"));
    std::fs::remove_dir_all(&root).unwrap();
}

/// Every file of a folder, by name.
fn read_folder(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_data_folder_whole() {
    let root = std::env::temp_dir().join(format!("dyad-corpus-data-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (good, bad) = (root.join("good"), root.join("bad"));
    std::fs::create_dir_all(&good).unwrap();
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(good.join("a.txt"), "---\ntitle: A\nsource: S\ndate: 2024-01-01\n---\nCambodia and China agreed to cooperate.\n").unwrap();
    std::fs::write(
        bad.join("a.txt"),
        "---\ntitle: A\ndate: 2024-02-31\n---\nBody.\n",
    )
    .unwrap();
    let out = root.join("site").join("data");

    let no_output = cli()
        .args(["build", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!no_output.status.success());
    assert!(String::from_utf8_lossy(&no_output.stderr).contains("--out"));

    let ok = cli()
        .args([
            "build",
            good.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert!(ok.status.success(), "{stderr}");
    for kind in ["index-", "catalog-", "quotes-", "shards   1 files"] {
        assert!(stderr.contains(kind), "missing `{kind}` in:\n{stderr}");
    }
    let before = read_folder(&out);
    assert!(
        before.keys().any(|k| k.starts_with("index-"))
            && before.keys().any(|k| k.starts_with("shard-0000-")),
        "{:?}",
        before.keys()
    );

    let failed = cli()
        .args([
            "build",
            bad.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("nothing was written"));
    assert_eq!(
        read_folder(&out),
        before,
        "the previous data folder must survive"
    );
    assert_eq!(
        std::fs::read_dir(root.join("site")).unwrap().count(),
        1,
        "no temporary folder is left behind"
    );

    // A second build over the folder replaces it (here with the same bytes).
    let again = cli()
        .args([
            "build",
            good.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(read_folder(&out), before);
    assert_eq!(std::fs::read_dir(root.join("site")).unwrap().count(), 1);

    // A folder or a file that dyad-corpus did not write is refused and left as it was.
    let mine = root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.json"), "{}").unwrap();
    let file = root.join("file.json");
    std::fs::write(&file, "keep me").unwrap();
    for target in [&mine, &file] {
        let refused = cli()
            .args([
                "build",
                good.to_str().unwrap(),
                "--out",
                target.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(!refused.status.success());
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("refusing to replace"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
    assert_eq!(
        read_folder(&mine).into_iter().collect::<Vec<_>>(),
        vec![("notes.json".to_string(), b"{}".to_vec())]
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        5,
        "no temporary folder is left behind"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn generate_writes_a_new_folder_of_valid_articles_and_refuses_an_existing_one() {
    let dir = std::env::temp_dir().join(format!("dyad-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ok = cli()
        .args(["generate", "30", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 30);
    let compiled = dyad_corpus::compile_dir(&dir).expect("generated articles compile");
    assert_eq!(compiled.bundle.articles.len(), 30);
    let again = cli()
        .args(["generate", "5", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        30,
        "nothing was added or removed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A scratch folder of articles for one test.
fn folder(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-robust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

#[test]
fn an_article_that_opens_with_an_appositive_comma_compiles() {
    // Was a panic in the reported-speech search (`toks[e - 1]` with `e == 0`).
    let dir = folder(
        "comma",
        &[(
            "a.txt",
            "---\ntitle: T\nsource: S\n---\n, a spokesman for Hun Sen, said on Monday.\n",
        )],
    );
    let out = cli().args(["check"]).arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_symbolic_link_is_refused_and_nothing_outside_the_folder_is_read() {
    let dir = folder(
        "symlink",
        &[(
            "a.txt",
            "---\ntitle: T\nsource: S\ndate: 2024-01-02\n---\nCambodia thanked China.\n",
        )],
    );
    let outside = dir.with_extension("outside.txt");
    std::fs::write(&outside, "---\ntitle: SECRET\n---\nroot:x:0:0\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("b.txt")).unwrap();
    let data = dir.with_extension("data");
    let out = cli()
        .args(["build"])
        .arg(&dir)
        .arg("--out")
        .arg(&data)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("b.txt") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(!data.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&outside);
}

#[test]
fn dates_before_1900_or_after_the_build_are_errors_with_their_place() {
    for date in ["0000-01-01", "9999-12-31"] {
        let dir = folder(
            "dates",
            &[(
                "a.txt",
                &format!("---\ntitle: T\nsource: S\ndate: {date}\n---\nCambodia thanked China.\n"),
            )],
        );
        let out = cli().args(["check"]).arg(&dir).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{date} accepted");
        assert!(err.contains("a.txt:4:7") && err.contains(date), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_bundle_is_never_written_over_an_article_a_link_or_a_folder() {
    let article = "---\ntitle: T\nsource: S\ndate: 2024-01-02\n---\nCambodia thanked China.\n";
    let dir = folder("bundle-out", &[("a.txt", article)]);
    // Over an input article.
    let out = cli()
        .args(["build"])
        .arg(&dir)
        .arg("--bundle")
        .arg(dir.join("a.txt"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is one of the articles"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.txt")).unwrap(),
        article,
        "the article is untouched"
    );
    // Through a link planted at the output path, and over a folder.
    let victim = dir.with_extension("victim");
    std::fs::write(&victim, "keep me").unwrap();
    let link = dir.with_extension("link.json");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let folder_out = dir.with_extension("folder.json");
    std::fs::create_dir_all(&folder_out).unwrap();
    for target in [&link, &folder_out] {
        let out = cli()
            .args(["build"])
            .arg(&dir)
            .arg("--bundle")
            .arg(target)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{} accepted", target.display());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a regular file"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // A plain path works, and leaves no temporary file beside it.
    let good = dir.with_extension("bundle.json");
    let out = cli()
        .args(["build"])
        .arg(&dir)
        .arg("--bundle")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parent = good.parent().unwrap();
    let leftovers = std::fs::read_dir(parent)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dyad-bundle-"))
        .count();
    assert_eq!(leftovers, 0);
    for p in [&victim, &link, &good] {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_dir_all(&folder_out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_article_over_the_size_limit_is_an_error_and_is_not_read_whole() {
    let big = format!(
        "---\ntitle: T\nsource: S\n---\n{}",
        "Cambodia thanked China. ".repeat(2000)
    );
    let dir = folder("size", &[("a.txt", &big)]);
    let out = cli()
        .args(["check", "--max-article-bytes", "10000"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("a.txt")
            && err.contains("over 10000 bytes")
            && err.contains("--max-article-bytes"),
        "{err}"
    );
    // A device is read up to the limit only: `explain /dev/zero` ends with the same error.
    let out = cli()
        .args(["explain", "/dev/zero", "--max-article-bytes", "4096"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("over 4096 bytes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Under the limit but unusually large: a warning naming the file.
    let limits = dyad_corpus::source::Limits {
        warn_bytes: 1000,
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let (bytes, warning) = dyad_corpus::source::read_article(&dir.join("a.txt"), &limits).unwrap();
    assert_eq!(bytes.len(), big.len());
    let warning = warning.expect("a warning");
    assert!(
        !warning.is_error() && warning.to_string().contains("unusually large"),
        "{warning}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn file_names_that_are_not_utf8_are_refused_rather_than_merged_into_one_id() {
    use std::os::unix::ffi::OsStrExt;
    let body = "---\ntitle: T\nsource: S\ndate: 2024-01-02\n---\nCambodia thanked China.\n";
    let dir = folder("names", &[]);
    // Both would read `a�.txt` once made text.
    for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), body).unwrap();
    }
    let out = cli().args(["check"]).arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("the file name is not valid UTF-8") && err.contains("rename"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
