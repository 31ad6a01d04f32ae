//! Any other hash: say so and offer the way back.

use crate::components::heading;
use crate::dom::{ec, el, link, t, El};

pub fn build(path: &str) -> El {
    el("div")
        .child(heading("Nothing here"))
        .child(ec("p", "not-found").text("Dyad has no page at ").child(t("code", &format!("#{path}"))).text("."))
        .child(t("p", "Try one of these:"))
        .child(
            ec("ul", "link-list")
                .child(el("li").child(link("#/", "Overview of the four relationships")))
                .child(
                    el("li")
                        .child(link("#/pair/kh-ua", "Cambodia – Ukraine"))
                        .text(", ")
                        .child(link("#/pair/kh-ru", "Russia"))
                        .text(", ")
                        .child(link("#/pair/kh-us", "United States"))
                        .text(", ")
                        .child(link("#/pair/kh-cn", "China")),
                )
                .child(el("li").child(link("#/quotes", "All quotes")))
                .child(el("li").child(link("#/method", "Method and data downloads"))),
        )
}
