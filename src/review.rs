//! Analysts' reviews in the views: the "reviewed" mark (the note and initials on demand), and
//! the reader's Confirm / Disagree buttons, which give the `reviews.toml` entry to paste: a
//! static site cannot write the file, `cargo xtask serve` rebuilds when it changes.

use crate::dom::{ec, el, t, El};
use dyad_digest::review::describe;
use dyad_model::{Judgement, Review};

/// `✓ reviewed` (or `✓ added`…), opening on the analyst's verdict, initials, date and note, and
/// the machine's judgement when it differed.
pub fn mark(review: &Review, machine: Option<Judgement>) -> El {
    mark_with(review, describe(review, machine))
}

/// [`mark`] with its own description (an event's: the machine's coding).
pub fn mark_with(review: &Review, description: String) -> El {
    let label = match review.verdict {
        dyad_model::Verdict::Confirmed => "reviewed",
        v => v.as_str(),
    };
    ec("details", "reviewed")
        .child(t("summary", &format!("✓ {label}")))
        .child(t("p", &description))
}

/// Where the reader shows the entry a Confirm or Disagree button made, and whether it was
/// copied.
pub fn panel() -> (El, El, El) {
    let status = ec("p", "snippet-status").attr("role", "status");
    let snippet = ec("pre", "snippet")
        .attr("tabindex", "0")
        .attr("hidden", "");
    let section = ec("section", "review-panel")
        .child(t("h2", "Review"))
        .child(t(
            "p",
            "Confirm or disagree with a judgement or an event below: Dyad gives the entry to \
             paste into reviews.toml beside the articles; the next build applies it.",
        ))
        .child(status.clone())
        .child(snippet.clone());
    (section, status, snippet)
}

/// "Confirm" and "Disagree" buttons for one judgement or event (`what` names it for screen
/// readers); `entry(agree)` makes the reviews.toml entry, shown in `snippet` and copied.
pub fn buttons(
    what: &str,
    status: &El,
    snippet: &El,
    entry: impl Fn(bool) -> String + Clone + 'static,
) -> El {
    let button = |agree: bool| {
        let (status, snippet, entry) = (status.clone(), snippet.clone(), entry.clone());
        el("button")
            .attr("type", "button")
            .attr(
                "aria-label",
                &format!("{} {what}", if agree { "Confirm" } else { "Disagree with" }),
            )
            .text(if agree { "Confirm" } else { "Disagree" })
            .on("click", move |_| {
                let text = entry(agree);
                snippet.set_text(&text);
                let _ = snippet.0.remove_attribute("hidden");
                let status = status.clone();
                crate::copy_text(text, move |ok| {
                    status.set_text(if ok {
                        "Copied to the clipboard: paste it into reviews.toml, add your initials and a note."
                    } else {
                        "Could not copy: select the entry below and copy it into reviews.toml."
                    });
                });
            })
    };
    ec("span", "review-buttons")
        .child(button(true))
        .child(button(false))
}

/// `✓ 2 of 5 reviewed`: how many of the judgements behind a figure an analyst reviewed (the
/// figure uses their judgements); nothing when none was.
pub fn count_mark(reviewed: u32, of: u32) -> Option<El> {
    (reviewed > 0).then(|| {
        ec("span", "reviewed-count")
            .attr(
                "title",
                "judgements an analyst confirmed, corrected or added: the figures use the analyst's",
            )
            .text(&format!("✓ {reviewed} of {of} reviewed"))
    })
}
