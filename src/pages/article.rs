//! `#/article/<id>[?s=<sentence>]`: the text with its evidence highlighted by pair and tone,
//! quotes marked with their speakers, and the coded events beside it. The text is built as
//! text nodes and `<mark>` elements from byte spans: never parsed as HTML.

use crate::components::{article_href, empty, heading, stance_badge, tone_class};
use crate::dom::{ec, el, link, t, El};
use crate::review;
use dyad_digest::date::human_date;
use dyad_digest::pair_name;
use dyad_digest::pairs::category_label;
use dyad_digest::reader::{layout, Label, Piece};
use dyad_digest::review::{describe, event_snippet, pair_snippet};
use dyad_digest::route::Route;
use dyad_digest::text::{signed, Segment};
use dyad_model::{Article, Judgement};
use std::rc::Rc;
use wasm_bindgen::JsCast;

fn segments(into: El, article: &Article, segs: &[Segment<Label>]) -> El {
    let mut into = into;
    for s in segs {
        let text = &article.text[s.start..s.end];
        if s.labels.is_empty() {
            into = into.text(text);
            continue;
        }
        let mut class = Vec::new();
        let mut title = Vec::new();
        for l in &s.labels {
            match *l {
                Label::Quote(i) => {
                    class.push("q");
                    title.push(format!(
                        "quote: {}",
                        article.quotes[i]
                            .speaker
                            .as_ref()
                            .map_or("unattributed", |s| s.name.as_str())
                    ));
                }
                Label::Trigger(i) => {
                    class.push("trig");
                    title.push(format!("trigger: {}", article.events[i].category));
                }
            }
        }
        class.dedup();
        title.dedup();
        into = into.child(
            ec("mark", &class.join(" "))
                .attr("title", &title.join("; "))
                .text(text),
        );
    }
    into
}

/// A sentence and what the highlight control needs to restyle it.
struct Highlight {
    sentence: El,
    target: bool,
    evidence: Vec<(String, f64)>,
    tags: Vec<(String, El)>,
}

fn shown(choice: &str, pair: &str, focus: &[String]) -> bool {
    choice == "all" || choice == pair || (choice == "focus" && focus.iter().any(|f| f == pair))
}

fn restyle(h: &Highlight, choice: &str, focus: &[String]) {
    let visible: Vec<f64> = h
        .evidence
        .iter()
        .filter(|(p, _)| shown(choice, p, focus))
        .map(|(_, w)| *w)
        .collect();
    let mut c = String::from("sentence");
    if !visible.is_empty() {
        c.push_str(" ev ");
        c.push_str(tone_class(visible.iter().sum()));
    }
    if h.target {
        c.push_str(" target");
    }
    h.sentence.0.set_class_name(&c);
    for (p, tag) in &h.tags {
        let _ = tag
            .0
            .class_list()
            .toggle_with_force("hidden", !shown(choice, p, focus));
    }
}

pub fn build(id: &str, sentence: Option<u32>) -> El {
    match try_build(id, sentence) {
        Ok(page) | Err(page) => page,
    }
}

/// Only `http:` and `https:` addresses become links: an article's `url` is untrusted input.
fn web_link(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url)
}

fn try_build(id: &str, sentence: Option<u32>) -> Result<El, El> {
    let index = crate::data::index();
    let crumbs = ec("p", "crumbs")
        .child(link(&crate::href(&Route::Overview), "Overview"))
        .text(" › Article");
    // The directory and one shard: the catalog (titles of the story's other copies) comes after.
    let directory =
        crate::data::directory().map_err(|note| el("div").child(crumbs.clone()).child(note))?;
    let Some(&(_, k)) = directory.articles.iter().find(|(a, _)| a == id) else {
        return Ok(crate::pages::not_found::build(&format!("/article/{id}")));
    };
    let shard =
        crate::data::shard(k).map_err(|note| el("div").child(crumbs.clone()).child(note))?;
    let Some(article) = shard.articles.iter().find(|a| a.id == id) else {
        return Err(el("div").child(crumbs).child(crate::data::failure(&format!(
            "the article {id} is not in the shard the article directory names: reload the page"
        ))));
    };
    let focus = &index.focus_pairs;
    let mut highlights: Vec<Highlight> = Vec::new();
    let mut text = ec("div", "article-text");
    for pieces in layout(article) {
        let mut p = el("p");
        for piece in pieces {
            match piece {
                Piece::Gap(segs) => p = segments(p, article, &segs),
                Piece::Sentence {
                    index,
                    segments: segs,
                    evidence,
                    quote_ends,
                } => {
                    let span = segments(
                        el("span").id(&format!("s-{index}")).attr("tabindex", "-1"),
                        article,
                        &segs,
                    );
                    p = p.child(span.clone());
                    for q in quote_ends {
                        if let Some(s) = &article.quotes[q].speaker {
                            p = p.child(ec("span", "speaker-tag").text(&format!("— {}", s.name)));
                        }
                    }
                    let mut tags = Vec::new();
                    for (pair, w) in &evidence {
                        let tag = ec("span", &format!("ev-tag {}", tone_class(*w)))
                            .text(&format!("{pair} {}", signed(*w)));
                        p = p.child(tag.clone());
                        tags.push((pair.clone(), tag));
                    }
                    let h = Highlight {
                        sentence: span,
                        target: sentence == Some(index),
                        evidence,
                        tags,
                    };
                    restyle(&h, "focus", focus);
                    highlights.push(h);
                }
            }
        }
        text = text.child(p);
    }
    let highlights = Rc::new(highlights);

    let analysed = !article.sentences.is_empty();
    let controls = analysed.then(|| {
        let mut pairs: Vec<&String> = article
            .assessments
            .iter()
            .chain(&article.context)
            .map(|a| &a.pair)
            .collect();
        pairs.dedup();
        let mut select = el("select")
            .id("highlight-pair")
            .child(el("option").attr("value", "focus").text(&format!(
                "the {} focus pairs",
                dyad_digest::count_word(crate::data::index().focus_pairs.len())
            )))
            .child(el("option").attr("value", "all").text("every pair"));
        for p in pairs {
            select = select.child(
                el("option")
                    .attr("value", p)
                    .text(&pair_name(&index.countries, p)),
            );
        }
        select = select.child(el("option").attr("value", "none").text("no pair"));
        let hl = highlights.clone();
        let sel = select.clone();
        let select = select.on("change", move |_| {
            let choice = sel.0.unchecked_ref::<web_sys::HtmlSelectElement>().value();
            for h in hl.iter() {
                restyle(h, &choice, &index.focus_pairs);
            }
        });
        ec("div", "reader-controls")
            .child(
                el("label")
                    .attr("for", "highlight-pair")
                    .text("Highlight evidence for "),
            )
            .child(select)
            .child(
                ec("p", "legend")
                    .child(ec("span", "sentence ev tone-coop").text("cooperation"))
                    .child(ec("span", "sentence ev tone-conflict").text("conflict"))
                    .child(ec("span", "sentence ev tone-neutral").text("no net weight"))
                    .child(ec("mark", "q").text("quote"))
                    .child(ec("mark", "trig").text("trigger")),
            )
    });

    let mut meta = ec("p", "article-meta").text(&format!(
        "{} · {}",
        article.source,
        human_date(article.date.as_deref())
    ));
    if let Some(u) = article.url.as_deref().and_then(web_link) {
        meta = meta.text(" · ").child(
            el("a")
                .href(u)
                .attr("rel", "noopener noreferrer")
                .attr("target", "_blank")
                .text("original article")
                .child(ec("span", "sr-only").text(" (opens in a new tab)")),
        );
    }
    let copies = copies(article.id.clone());

    let reader = ec("article", "reader")
        .child(
            el("header")
                .child(heading(&article.title))
                .child(meta)
                .child(copies),
        )
        .opt(controls)
        .opt((!analysed).then(|| {
            empty("This article has not been analysed yet: no sentence, quote or event is coded.")
        }))
        .child(text);

    Ok(el("div").child(crumbs).child(
        ec("div", "reader-layout")
            .child(reader)
            .child(side(article)),
    ))
}

/// The story's other copies, filled in when the catalog has loaded (the article shows at once).
fn copies(id: String) -> El {
    let holder = ec("div", "copies-holder");
    let target = holder.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(catalog) = crate::data::load_catalog().await else {
            return;
        };
        let Some(story) = catalog
            .articles
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.story.as_str())
        else {
            return;
        };
        let copies: Vec<_> = catalog
            .articles
            .iter()
            .filter(|a| a.story == story && a.id != id)
            .collect();
        if copies.is_empty() {
            return;
        }
        let list = copies.iter().fold(el("ul"), |ul, c| {
            ul.child(el("li").child(link(
                &article_href(&c.id, None),
                &format!("{} ({})", c.title, c.source),
            )))
        });
        let _ = target.0.append_child(
            &ec("div", "copies")
                .child(t("p", "Same story elsewhere (counted once):"))
                .child(list)
                .0,
        );
    });
    holder
}

fn side(article: &'static Article) -> El {
    let index = crate::data::index();
    let (panel, status, snippet) = review::panel();
    let mut assessments = ec("section", "assessments").child(t("h2", "Assessments"));
    if article.assessments.is_empty() && article.context.is_empty() {
        assessments = assessments.child(empty(
            "No assessment: the article codes no event between two countries.",
        ));
    } else {
        let mut list = ec("ul", "plain-list");
        for (focus, a) in article
            .assessments
            .iter()
            .map(|a| (true, a))
            .chain(article.context.iter().map(|a| (false, a)))
        {
            let name = pair_name(&index.countries, &a.pair);
            let title = if focus {
                link(&crate::href(&Route::pair(&a.pair)), &name)
            } else {
                t("span", &format!("{name} (context)"))
            };
            list = list.child(
                ec(
                    "li",
                    if focus {
                        "assessment focus"
                    } else {
                        "assessment context"
                    },
                )
                .child(ec("span", "assessment-pair").child(title))
                .child(stance_badge(a.stance, a.score, a.confidence))
                .child(
                    ec("span", "article-meta")
                        .text(&format!("{} evidence sentences", a.evidence.len())),
                )
                .opt(a.review.as_ref().map(|r| review::mark(r, a.machine)))
                .child(review::buttons(
                    &format!("the judgement of {name}"),
                    &status,
                    &snippet,
                    move |agree| {
                        pair_snippet(
                            &article.id,
                            &a.pair,
                            agree,
                            Judgement {
                                stance: a.stance,
                                score: a.score,
                            },
                        )
                    },
                )),
            );
        }
        assessments = assessments.child(list);
    }

    let mut events =
        ec("section", "events").child(t("h2", &format!("Coded events ({})", article.events.len())));
    if article.events.is_empty() {
        events = events.child(empty("No coded event."));
    } else {
        let mut list = ec("ul", "plain-list events");
        for e in &article.events {
            let flags: Vec<&str> = [
                (e.flags.negated, "negated"),
                (e.flags.hypothetical, "hypothetical"),
                (e.flags.historical, "historical"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| *n)
            .collect();
            let mut m = ec("span", "event-meta")
                .text("trigger “")
                .child(ec("mark", "trig").text(e.trigger.slice(&article.text)))
                .text(&format!("” · weight {}", signed(e.weight)));
            if !flags.is_empty() {
                m = m
                    .text(" · ")
                    .child(ec("span", "flags").text(&flags.join(", ")));
            }
            m = m.text(" · ").child(link(
                &article_href(&article.id, Some(e.sentence)),
                &format!("sentence {}", e.sentence + 1),
            ));
            let what = format!(
                "the event “{}” in sentence {}",
                e.trigger.slice(&article.text),
                e.sentence + 1
            );
            m = m
                .opt(e.review.as_ref().map(|r| {
                    let mut d = describe(r, None);
                    if let Some(c) = &e.machine {
                        d.push_str(&format!(
                            " (machine: {} → {}, {})",
                            c.source,
                            c.target,
                            category_label(&index.codebook, &c.category)
                        ));
                    }
                    review::mark_with(r, d)
                }))
                .child(review::buttons(&what, &status, &snippet, move |agree| {
                    event_snippet(&article.id, e, &article.text, agree)
                }));
            list = list.child(
                ec("li", &format!("event {}", tone_class(e.weight)))
                    .child(
                        ec("span", "event-cat").text(category_label(&index.codebook, &e.category)),
                    )
                    .text(" ")
                    .child(ec("span", "event-pair").text(&format!(
                        "{} → {}",
                        dyad_digest::country_name(&index.countries, &e.source),
                        dyad_digest::country_name(&index.countries, &e.target)
                    )))
                    .child(m),
            );
        }
        events = events.child(list);
    }

    let mut quotes =
        ec("section", "quotes").child(t("h2", &format!("Quotes ({})", article.quotes.len())));
    if article.quotes.is_empty() {
        quotes = quotes.child(empty("No quote found."));
    } else {
        let mut list = ec("ul", "plain-list quotes");
        for q in &article.quotes {
            list = list.child(
                el("li")
                    .child(link(
                        &article_href(&article.id, Some(q.sentences.0)),
                        &format!("“{}”", q.span.slice(&article.text)),
                    ))
                    .text(&format!(
                        " — {}",
                        q.speaker
                            .as_ref()
                            .map_or("unattributed", |s| s.name.as_str())
                    )),
            );
        }
        quotes = quotes.child(list);
    }

    let dl = [
        ("File", article.file.clone()),
        ("Outlet", article.source.clone()),
        ("Date", human_date(article.date.as_deref())),
        ("Sentences", article.sentences.len().to_string()),
    ]
    .iter()
    .fold(ec("dl", "meta-list"), |dl, (k, v)| {
        dl.child(t("dt", k)).child(t("dd", v))
    });

    ec("aside", "reader-side")
        .attr("aria-label", "Coding of this article")
        .child(panel)
        .child(assessments)
        .child(events)
        .child(quotes)
        .child(el("section").child(t("h2", "Metadata")).child(dl))
}
