//! `#/method`: how scores are made (from the bundle's own codebook), corpus statistics, build
//! information, and the data to download.

use crate::components::{empty, heading};
use crate::dom::{ec, el, s, t, table, El};
use dyad_digest::export::{assessments_csv, csv_readme};
use dyad_digest::text::{human_date, signed};
use dyad_model::Bundle;

fn or_unknown(s: &str) -> &str {
    if s.is_empty() { "unknown" } else { s }
}

pub fn build(bundle: &'static Bundle) -> El {
    let cb = &bundle.codebook;
    let st = &bundle.stats;
    let has_codebook = !cb.categories.is_empty();
    let th = &cb.thresholds;

    let mut how = ec("section", "prose").child(t("h2", "How a score is made"));
    how = how.child(if cb.method.is_empty() { empty("This bundle carries no method description yet.") } else { t("p", &cb.method) });
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
    let times = |x: f64| if known { format!(": it weighs {x} times its category's weight.") } else { ": it weighs less than a fact.".to_string() };
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
            .child(stat("Dates", &format!("{} – {}", human_date(st.first_date.as_deref()), human_date(st.last_date.as_deref())))),
    );

    let build = el("section").child(t("h2", "Build")).child(
        [
            ("Bundle schema version", bundle.schema_version.to_string()),
            ("Generator", or_unknown(&bundle.build.generator).to_string()),
            ("Codebook", or_unknown(&bundle.build.codebook).to_string()),
            ("Input digest", or_unknown(&bundle.build.input_digest).to_string()),
        ]
        .iter()
        .fold(ec("dl", "meta-list"), |dl, (k, v)| dl.child(t("dt", k)).child(t("dd", v))),
    );

    let button = |id: &str, label: &str, f: fn(&'static Bundle)| el("button").attr("type", "button").id(id).text(label).on("click", move |_| f(bundle));
    let downloads = el("section").child(t("h2", "Download the data")).child(
        ec("ul", "downloads")
            .child(el("li").child(button("download-bundle", "Bundle (JSON)", |_| crate::download("dyad-bundle.json", "application/json", crate::BUNDLE_JSON))).text(&format!(
                " everything on this site: articles, sentences, quotes, events, assessments and aggregates ({:.0} KB).",
                crate::BUNDLE_JSON.len() as f64 / 1000.0
            )))
            .child(
                el("li")
                    .child(button("download-csv", "Assessments (CSV)", |b| crate::download("dyad-assessments.csv", "text/csv;charset=utf-8", &assessments_csv(b))))
                    .text(" one row per article and pair, with stance, score, confidence and evidence counts."),
            )
            .child(el("li").child(button("download-readme", "README of the CSV columns", |b| {
                crate::download("dyad-assessments-README.md", "text/markdown;charset=utf-8", &csv_readme(b))
            }))),
    );

    el("div").child(heading("Method and data")).child(how).child(codebook).child(corpus).child(build).child(downloads)
}
