//! `dyad-corpus eval DIR --reviews`: the machine's judgements against the analysts' pair
//! reviews in `DIR/reviews.toml`, with the figures the Method page shows (one implementation:
//! `dyad_digest::review::agreement` over the catalog the build writes).

use crate::analyze::Options;
use crate::review::REVIEWS_FILE;
use dyad_digest::review::{agreement, Agreement};
use dyad_model::{Judgement, Stance};
use std::fmt::Write;
use std::path::Path;

/// Compiles `dir` with its reviews and reports how often the machine agreed with them.
pub fn eval_reviews(dir: &Path, opts: &Options) -> Result<String, String> {
    let file = dir.join(REVIEWS_FILE);
    if !file.is_file() {
        return Err(format!(
            "error: {} does not exist: there is nothing to score against\n  = help: write the analysts' reviews there (README.md, \"Reviews and annotations\"), or drop `--reviews` to score against a gold file",
            file.display()
        ));
    }
    let compiled = crate::compile_dir_with(dir, opts).map_err(|d| {
        let shown: String = d.iter().map(|d| d.to_string()).collect();
        format!(
            "{shown}error: the articles and reviews of {} do not compile",
            dir.display()
        )
    })?;
    let b = &compiled.bundle;
    let catalog = crate::layout::catalog(b, &crate::layout::shard_ranges(&b.articles));
    Ok(report(&agreement(&catalog)))
}

/// Each disagreement and each pair the machine missed, one line each with the analyst's note,
/// then the figures.
pub fn report(a: &Agreement<'_>) -> String {
    let judged = |j: Option<Judgement>| match j {
        None => "missed".to_string(),
        Some(j) => format!(
            "{} {:+.2}",
            j.stance.map_or("no stance", Stance::as_str),
            j.score
        ),
    };
    let mut s = String::new();
    for d in &a.disagreements {
        let tag = if d.machine.is_some() {
            "DIFFERS"
        } else {
            "missed "
        };
        let _ = writeln!(
            s,
            "  {tag} {} {}: machine {}, analyst {} ({}: {})",
            d.article.id,
            d.pair,
            judged(d.machine),
            judged(Some(d.analyst)),
            d.review.by,
            d.review.note
        );
    }
    let (lo, hi) = a.interval();
    let _ = writeln!(
        s,
        "reviewed judgements {}: labels agreed {} (share {:.2}, 95% interval [{lo:.2}, {hi:.2}]), mean absolute score difference {:.2}; pairs the machine missed (added) {}",
        a.reviewed,
        a.agreed,
        a.share(),
        a.mean_score_difference,
        a.added
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::ARTICLE;

    #[test]
    fn the_seeds_reviews_score_as_the_method_page_shows_them() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let report = eval_reviews(&dir, &Options::default()).unwrap();
        // Two confirmations (000 KH-UA, 003 KH-RU), one correction within the label (000
        // KH-RU, mixed +0.09 → mixed -0.20), one added pair (002 FI-RU).
        assert!(
            report.ends_with("reviewed judgements 3: labels agreed 3 (share 1.00, 95% interval [0.44, 1.00]), mean absolute score difference 0.10; pairs the machine missed (added) 1\n"),
            "{report}"
        );
        assert!(
            report.contains("  missed  002_584552e4734b070e FI-RU: machine missed, analyst strained -0.50 (SK: Finland's joining NATO angered Russia;"),
            "{report}"
        );
    }

    #[test]
    fn a_changed_label_is_listed_with_the_note() {
        let scratch =
            std::env::temp_dir().join(format!("dyad-eval-reviews-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).unwrap();
        std::fs::write(scratch.join("a.txt"), ARTICLE).unwrap();
        let opts = Options::default();
        let missing = eval_reviews(&scratch, &opts).unwrap_err();
        assert!(missing.contains("reviews.toml does not exist"), "{missing}");
        std::fs::write(
            scratch.join(REVIEWS_FILE),
            "[[pair]]\narticle = \"a\"\npair = \"KH-CN\"\nverdict = \"correct\"\nstance = \"mixed\"\nscore = 0.1\nby = \"SK\"\nnote = \"The criticism weighs more.\"\n",
        )
        .unwrap();
        let report = eval_reviews(&scratch, &opts).unwrap();
        let _ = std::fs::remove_dir_all(&scratch);
        assert_eq!(
            report,
            "  DIFFERS a KH-CN: machine cooperative +0.44, analyst mixed +0.10 (SK: The criticism weighs more.)\n\
             reviewed judgements 1: labels agreed 0 (share 0.00, 95% interval [0.00, 0.79]), mean absolute score difference 0.34; pairs the machine missed (added) 0\n"
        );
    }
}
