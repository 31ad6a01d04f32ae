//! The scheduled import workflow, read as YAML: when it runs, what it may do, and the steps
//! that import, check, commit, push and start the Pages deployment.

use yaml_rust2::{Yaml, YamlLoader};

fn load(name: &str) -> Yaml {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.github/workflows")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .remove(0)
}

/// Every `run:` script of a job, in order.
fn runs(job: &Yaml) -> Vec<String> {
    job["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_import_workflow_runs_daily_and_on_demand() {
    let w = load("import.yml");
    let cron = w["on"]["schedule"][0]["cron"].as_str().expect("a schedule");
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert_eq!(fields.len(), 5, "{cron}");
    assert_eq!(&fields[2..], ["*", "*", "*"], "daily: {cron}");
    assert!(
        fields[..2].iter().all(|f| f.parse::<u32>().is_ok()),
        "one time a day: {cron}"
    );
    assert!(!w["on"]["workflow_dispatch"].is_badvalue(), "on demand");
    assert_eq!(w["permissions"]["contents"].as_str(), Some("write"));
    assert_eq!(w["permissions"]["actions"].as_str(), Some("write"));
    assert_eq!(
        w["jobs"]["import"]["if"].as_str(),
        Some("vars.DYAD_IMPORT != 'off'")
    );
}

#[test]
fn the_import_workflow_imports_checks_commits_pushes_and_deploys() {
    let w = load("import.yml");
    let job = &w["jobs"]["import"];
    let steps = runs(job);
    let at = |needle: &str| {
        steps
            .iter()
            .position(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("no step runs {needle:?}: {steps:#?}"))
    };
    let import = at("dyad-corpus import --feeds feeds.toml --into seeds --filter");
    let check = at("dyad-corpus check seeds");
    let commit = at("git commit");
    let push = at("git push");
    let deploy = at("gh workflow run pages.yml");
    assert!(import < check && check < commit && commit <= push && push < deploy);
    assert!(steps[at("rustup toolchain install stable")].contains("--profile minimal"));
    // The message lists the new files; nothing is committed when there is none.
    assert!(steps[commit].contains("--diff-filter=A -- seeds"));
    assert!(steps[commit].contains("git diff --cached --quiet -- seeds"));
    assert!(steps[at("[ -f feeds.toml ]")].contains("present=false"));
}

#[test]
fn the_pages_workflow_deploys_on_pushes_to_main_and_on_demand() {
    let w = load("pages.yml");
    let branches = w["on"]["push"]["branches"].as_vec().expect("push branches");
    assert!(branches.iter().any(|b| b.as_str() == Some("main")));
    assert!(
        !w["on"]["workflow_dispatch"].is_badvalue(),
        "import.yml starts it by workflow_dispatch"
    );
}
