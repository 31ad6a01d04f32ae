//! Any other hash: say so and offer the way back.

use crate::components::heading;
use crate::dom::{ec, el, link, t, El};

pub fn build(path: &str) -> El {
    let index = crate::data::index();
    let mut pairs = el("li");
    for (i, p) in index.focus_pairs.iter().enumerate() {
        let partner = dyad_digest::country_name(&index.countries, dyad_digest::partner_code(p));
        let label = if i == 0 {
            dyad_digest::pair_name(&index.countries, p)
        } else {
            partner.to_string()
        };
        pairs = if i == 0 { pairs } else { pairs.text(", ") }
            .child(link(&format!("#/pair/{}", p.to_ascii_lowercase()), &label));
    }
    el("div")
        .child(heading("Nothing here"))
        .child(
            ec("p", "not-found")
                .text("Dyad has no page at ")
                .child(t("code", &format!("#{path}")))
                .text("."),
        )
        .child(t("p", "Try one of these:"))
        .child(
            ec("ul", "link-list")
                .child(el("li").child(link("#/", "Overview of the relationships")))
                .child(pairs)
                .child(el("li").child(link("#/quotes", "All quotes")))
                .child(el("li").child(link("#/method", "Method and data downloads"))),
        )
}
