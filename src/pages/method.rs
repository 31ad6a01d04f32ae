//! `#/method`: how scores are made (from the bundle's own codebook), corpus statistics, build
//! information, and the data to download.

use crate::components::{article_href, empty, heading};
use crate::dom::{ec, el, link, s, t, table, El};
use dyad_digest::date::human_date;
use dyad_digest::export::{assessments_csv, csv_readme};
use dyad_digest::pair_name;
use dyad_digest::pairs::plural;
use dyad_digest::review::agreement as agreement_of;
use dyad_digest::text::signed;

fn or_unknown(s: &str) -> &str {
    if s.is_empty() {
        "unknown"
    } else {
        s
    }
}

pub fn build() -> El {
    let index = crate::data::index();
    let cb = &index.codebook;
    let st = &index.stats;
    let has_codebook = !cb.categories.is_empty();
    let th = &cb.thresholds;

    let mut how = ec("section", "prose").child(t("h2", "How a score is made"));
    how = how.child(if cb.method.is_empty() {
        empty("This bundle carries no method description yet.")
    } else {
        t("p", &cb.method)
    });
    if has_codebook {
        how = how.child(t(
            "p",
            &format!(
                "Scores run from −1 (conflict) to +1 (cooperation). A score of {} or more reads as cooperative, {} or less as strained, anything between as mixed. Confidence (0 to 100%) says how much evidence backs a score.",
                signed(th.cooperative),
                signed(th.strained)
            ),
        ));
    }
    let flag = |name: &str, text: &str| el("li").child(t("strong", name)).text(text);
    let w = &cb.weighting;
    let known = w.hypothetical > 0.0 || w.historical > 0.0 || w.shrinkage > 0.0;
    let times = |x: f64| {
        if known {
            format!(": it weighs {x} times its category's weight.")
        } else {
            ": it weighs less than a fact.".to_string()
        }
    };
    how = how
        .child(t("h3", "Flags"))
        .child(
            el("ul")
                .child(flag("Negated", ": the sentence denies the event (“would not affect relations”): it weighs nothing, and its would-be weight pulls the score toward zero, since the relation is in question."))
                .child(flag("Hypothetical", &format!(" (conditional or future: “would”, “plans to”, “if”){}", times(w.hypothetical))))
                .child(flag("Historical", &format!(" (in the past beyond the story: “the then-Soviet Union provided…”){}", times(w.historical)))),
        )
        .opt(known.then(|| t("p", &format!(
            "An article's score for a pair is (cooperation − conflict) / (cooperation + conflict + negated + {}): the shrinkage term keeps thin evidence near zero.",
            w.shrinkage
        ))))
        .child(t("p", "Syndicated copies of one story count once. Every score on this site links to the sentences behind it."));

    let codebook = ec("section", "codebook-section")
        .child(t("h2", &format!("Codebook: {} (version {})", if cb.name.is_empty() { "none" } else { &cb.name }, cb.version)))
        .child(if has_codebook {
            let rows = cb
                .categories
                .iter()
                .map(|c| {
                    let triggers = if c.triggers.is_empty() {
                        ec("span", "muted").text("none")
                    } else {
                        el("details").child(t("summary", &format!("{} triggers", c.triggers.len()))).child(ec("p", "triggers").text(&c.triggers.join(", ")))
                    };
                    vec![
                        el("span").text(&c.label).child(el("br")).child(ec("code", "muted").text(&c.id)),
                        ec("span", "num").text(&format!("{:+.1}", c.weight).replace('-', "−")),
                        s(&c.description),
                        triggers,
                    ]
                })
                .collect();
            table(
                "codebook",
                Some("Event categories, from most cooperative to most hostile, with their weights (−10 war to +10)"),
                &["Category", "Weight", "What it covers", "Trigger words"],
                rows,
            )
        } else {
            empty("This bundle carries no codebook yet.")
        });

    let stat = |k: &str, v: &str| el("div").child(t("dt", k)).child(t("dd", v));
    let corpus = el("section").child(t("h2", "Corpus")).child(
        ec("dl", "stats")
            .child(stat("Articles", &st.articles.to_string()))
            .child(stat("Stories", &st.stories.to_string()))
            .child(stat("Outlets", &st.sources.to_string()))
            .child(stat("Sentences", &st.sentences.to_string()))
            .child(stat("Quotes", &st.quotes.to_string()))
            .child(stat("Coded events", &st.events.to_string()))
            .child(stat("Text", &format!("{:.1} KB", st.bytes as f64 / 1000.0)))
            .child(stat(
                "Dates",
                &format!(
                    "{} – {}",
                    human_date(st.first_date.as_deref()),
                    human_date(st.last_date.as_deref())
                ),
            )),
    );

    let build = el("section").child(t("h2", "Build")).child(
        [
            ("Data schema version", index.schema_version.to_string()),
            ("Generator", or_unknown(&index.build.generator).to_string()),
            ("Codebook", or_unknown(&index.build.codebook).to_string()),
            (
                "Input digest",
                or_unknown(&index.build.input_digest).to_string(),
            ),
            (
                "Built",
                crate::data::build_date().map_or("unknown".to_string(), |d| human_date(Some(&d))),
            ),
        ]
        .iter()
        .fold(ec("dl", "meta-list"), |dl, (k, v)| {
            dl.child(t("dt", k)).child(t("dd", v))
        }),
    );

    let status = ec("span", "download-status").attr("role", "status");
    let csv = {
        let status = status.clone();
        el("button")
            .attr("type", "button")
            .id("download-csv")
            .text("Assessments (CSV)")
            .on("click", move |_| {
                let status = status.clone();
                status.set_text("Preparing…");
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::data::load_catalog().await {
                        Ok(c) => {
                            crate::download(
                                "dyad-assessments.csv",
                                "text/csv;charset=utf-8",
                                &assessments_csv(c),
                            );
                            status.set_text("");
                        }
                        Err(e) => status.set_text(&format!("Could not load the catalog: {e}")),
                    }
                });
            })
    };
    let readme = el("button")
        .attr("type", "button")
        .id("download-readme")
        .text("README of the CSV columns")
        .on("click", |_| {
            crate::download(
                "dyad-assessments-README.md",
                "text/markdown;charset=utf-8",
                &csv_readme(crate::data::index()),
            )
        });
    let files = &index.files;
    let shard_bytes: u64 = files.shards.iter().map(|s| s.bytes).sum();
    let file_link = |path: &str, label: &str| {
        el("a")
            .href(&crate::data::data_url(path))
            .attr("download", path)
            .text(label)
    };
    let downloads = el("section").child(t("h2", "Download the data")).child(
        ec("ul", "downloads")
            .child(el("li").child(csv).text(" one row per article and pair, with stance, score, confidence and evidence counts. ").child(status))
            .child(el("li").child(readme))
            .child(el("li").child(file_link(&files.catalog.path, "Catalog (JSON)")).text(&format!(" every article's metadata and judgements ({}).", megabytes(files.catalog.bytes))))
            .child(el("li").child(file_link(&files.quotes.path, "Quotes (JSON)")).text(&format!(" every quote with its speaker ({}).", megabytes(files.quotes.bytes))))
            .child(el("li").text(&format!(
                "The full articles (text, sentences, quotes, events, spans) are in {} shard files under data/ ({}).",
                files.shards.len(),
                megabytes(shard_bytes)
            ))),
    );

    el("div")
        .child(heading("Method and data"))
        .child(how)
        .child(codebook)
        .child(agreement())
        .child(corpus)
        .child(build)
        .child(downloads)
        .child(offline())
}

/// The machine measured on the corpus's own reviews: how often the analysts kept its label,
/// and every judgement they changed or added.
fn agreement() -> El {
    let section = el("section")
        .id("agreement")
        .child(t("h2", "The machine against the analysts"));
    let catalog = match crate::data::catalog() {
        Ok(c) => c,
        Err(note) => return section.child(note),
    };
    let a = agreement_of(catalog);
    if a.reviewed == 0 && a.added == 0 {
        return section.child(empty(
            "No judgement has been reviewed yet. Analysts confirm or correct judgements in reviews.toml beside the articles (the article page gives the entry to paste); this section then says how often the machine was right.",
        ));
    }
    let (lo, hi) = a.interval();
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut summary = format!(
        "Analysts reviewed {} of the machine's judgements: they kept its label in {} ({}, 95% interval {}–{}); its score differed from theirs by {:.2} on average.",
        a.reviewed,
        a.agreed,
        pct(a.share()),
        pct(lo),
        pct(hi),
        a.mean_score_difference
    );
    if a.added > 0 {
        summary.push_str(&format!(
            " They added {} the machine missed.",
            plural(a.added as usize, "pair", "pairs")
        ));
    }
    summary.push_str(
        " Wherever an analyst judged, every figure on this site uses the analyst's judgement.",
    );
    let label = |j: Option<dyad_model::Judgement>| {
        j.map_or("missed".to_string(), |j| {
            format!(
                "{} {}",
                j.stance.map_or("no stance", dyad_model::Stance::as_str),
                signed(j.score)
            )
        })
    };
    let rows = a
        .disagreements
        .iter()
        .map(|d| {
            vec![
                link(&article_href(&d.article.id, None), &d.article.title),
                s(&pair_name(&crate::data::index().countries, d.pair)),
                s(&label(d.machine)),
                s(&label(Some(d.analyst))),
                s(&format!("{} ({})", d.review.note, d.review.by)),
            ]
        })
        .collect();
    section
        .child(t("p", &summary))
        .opt((!a.disagreements.is_empty()).then(|| {
            table(
                "disagreements",
                Some("Where the analysts disagreed with the machine"),
                &["Article", "Pair", "Machine", "Analyst", "Note"],
                rows,
            )
        }))
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// "Keep the whole corpus for offline use": fetches every data file once, so the service
/// worker holds them all, with a progress bar.
fn offline() -> El {
    let files = &crate::data::index().files;
    let total = files.directory.bytes
        + files.catalog.bytes
        + files.quotes.bytes
        + files.shards.iter().map(|s| s.bytes).sum::<u64>();
    let bar = el("progress")
        .id("offline-progress")
        .attr("max", "100")
        .attr("value", "0")
        .attr("hidden", "");
    let status = ec("p", "offline-status")
        .id("offline-status")
        .attr("role", "status")
        .attr("aria-live", "polite");
    let button = {
        let (bar, status) = (bar.clone(), status.clone());
        el("button")
            .attr("type", "button")
            .id("keep-offline")
            .text(&format!(
                "Keep the whole corpus for offline use ({})",
                megabytes(total)
            ))
            .on("click", move |_| {
                let (bar, status) = (bar.clone(), status.clone());
                let _ = bar.0.remove_attribute("hidden");
                wasm_bindgen_futures::spawn_local(async move {
                    let progress = |done: u64, total: u64| {
                        let pct = if total == 0 {
                            100.0
                        } else {
                            done as f64 * 100.0 / total as f64
                        };
                        let _ = bar.0.set_attribute("value", &format!("{pct:.0}"));
                        status.set_text(&format!(
                            "{} of {} kept…",
                            megabytes(done),
                            megabytes(total)
                        ));
                    };
                    match crate::data::keep_all(progress).await {
                        Ok(()) => status.set_text(
                            "The whole corpus is kept: every page now works with no network.",
                        ),
                        Err(e) => status.set_text(&format!(
                            "Stopped: {e}. Try again when the network is back."
                        )),
                    }
                });
            })
    };
    el("section")
        .child(t("h2", "Offline"))
        .child(t(
            "p",
            "After one visit the dashboard opens with no network, and each article stays available once read. To take the whole corpus on a laptop with no network, keep it all now.",
        ))
        .child(button)
        .child(bar)
        .child(status)
}
