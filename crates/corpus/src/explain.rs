//! The analyst's audit view: each sentence with its actors, quotes, events, triggers and flags,
//! then the stances with their evidence. Same analysis as the bundle; nothing is recomputed.

use crate::analyze::{analyze, Analysis, Options};
use crate::source::SourceArticle;
use std::fmt::Write;

/// Analyses one article and renders the audit view as plain text.
pub fn explain(opts: &Options, src: SourceArticle) -> String {
    let analysis = analyze(opts, src);
    render(opts, &analysis)
}

pub fn render(opts: &Options, an: &Analysis) -> String {
    let cb = &opts.codebook;
    let a = &an.article;
    let text = a.text.as_str();
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", a.file, a.title);
    let _ = writeln!(
        out,
        "source: {} · date: {} · codebook: {} {}",
        a.source,
        a.date.as_deref().unwrap_or("unknown"),
        cb.name,
        cb.version
    );
    for (si, s) in a.sentences.iter().enumerate() {
        let si = si as u32;
        let _ = writeln!(
            out,
            "\n[{si}] ¶{} {}..{}  {}",
            s.paragraph,
            s.span.start,
            s.span.end,
            s.span.slice(text)
        );
        let actors: Vec<String> = an
            .mentions
            .iter()
            .filter(|m| m.sentence == si)
            .map(|m| {
                let mut tag = format!("{}={}", m.span.slice(text), cb.countries[m.country].code);
                if let Some(x) = m.actor {
                    let _ = write!(tag, "({})", cb.actors[x].id);
                }
                if m.locative {
                    tag.push_str(" [place]");
                }
                tag
            })
            .collect();
        if !actors.is_empty() {
            let _ = writeln!(out, "    actors: {}", actors.join(", "));
        }
        for q in an
            .quotes
            .iter()
            .filter(|q| q.sentences.0 <= si && si <= q.sentences.1)
        {
            let who = q.speaker.as_ref().map_or("unattributed".to_string(), |s| {
                let c = s
                    .country
                    .map_or("?".to_string(), |c| cb.countries[c].code.clone());
                format!(
                    "{} ({c}){}",
                    s.name,
                    if s.pronoun { " via pronoun" } else { "" }
                )
            });
            let _ = writeln!(
                out,
                "    quote: “{}” — {who}",
                short(q.span.slice(text), 70)
            );
        }
        for (ei, e) in an
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.sentence == si)
        {
            let mut flags = Vec::new();
            if e.flags.negated {
                flags.push("negated");
            }
            if e.flags.hypothetical {
                flags.push("hypothetical");
            }
            if e.flags.historical {
                flags.push("historical");
            }
            let _ = writeln!(
                out,
                "    event #{ei}: {} → {} {} ({:+}) trigger «{}» at {}..{}{} · by rule {}",
                cb.countries[e.source].code,
                cb.countries[e.target].code,
                cb.categories[e.category].id,
                crate::stance::round(e.weight),
                e.trigger.slice(text),
                e.trigger.start,
                e.trigger.end,
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join(", "))
                },
                e.rule
            );
        }
        for d in an.dropped.iter().filter(|d| d.sentence == si) {
            let _ = writeln!(
                out,
                "    dropped: {} trigger «{}» at {}..{}: {}",
                cb.categories[d.category].id,
                d.trigger.slice(text),
                d.trigger.start,
                d.trigger.end,
                d.why.reason()
            );
        }
    }
    let _ = writeln!(out, "\nstances");
    if a.assessments.is_empty() {
        let _ = writeln!(
            out,
            "  {}: none (not named as an actor, or only as a place)",
            opts.focus
        );
    }
    for (kind, list) in [("focus", &a.assessments), ("context", &a.context)] {
        for x in list {
            let _ = writeln!(
                out,
                "  {kind} {} {} score {:+.2} confidence {:.2}",
                x.pair,
                x.stance.map_or("-", |s| s.as_str()),
                x.score,
                x.confidence
            );
            for ev in &x.evidence {
                let _ = writeln!(
                    out,
                    "      [{}] {:+.3} {}",
                    ev.sentence,
                    ev.weight,
                    short(ev.span.slice(text), 110)
                );
            }
        }
    }
    out
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_actors_events_and_stances() {
        let body = "Cambodia signed a cooperation agreement with China on Monday.\n“We thank China,” Hun Manet said.";
        let src = crate::source::parse_article(
            "a.txt",
            "a.txt",
            format!("---\ntitle: T\nsource: S\ndate: 2024-01-02\n---\n{body}").as_bytes(),
        )
        .unwrap()
        .0;
        let shown = explain(&Options::default(), src);
        assert!(shown.contains("actors: Cambodia=KH, China=CN"), "{shown}");
        assert!(shown.contains("KH → CN"), "{shown}");
        assert!(
            shown.contains("quote: “We thank China,” — Hun Manet (KH)"),
            "{shown}"
        );
        assert!(shown.contains("focus KH-CN cooperative"), "{shown}");
    }
}
