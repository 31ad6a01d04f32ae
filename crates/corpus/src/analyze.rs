//! One article through every stage: text → actors → quotes → events → stances.

use crate::actors::{self, Mention};
use crate::codebook::{Codebook, Keys};
use crate::events::{self, CodedEvent, Dropped, EventContext};
use crate::quotes::{self, FoundQuote, PersonAnchor, QuoteContext};
use crate::source::SourceArticle;
use crate::stance;
use crate::text::{self, Token};
use dyad_model::{Article, Event, Quote, Sentence, Span, Speaker};

/// What the compiler is asked to judge.
#[derive(Clone, Debug)]
pub struct Options {
    pub codebook: Codebook,
    /// The focus country's code (the codebook's `[focus] country` unless chosen otherwise).
    pub focus: String,
    /// The focus pairs, focus country first, in display order.
    pub focus_pairs: Vec<String>,
    /// How large an article file may be.
    pub limits: crate::source::Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options::new(Codebook::builtin())
    }
}

impl Options {
    /// The codebook's own focus and partners.
    pub fn new(codebook: Codebook) -> Options {
        let focus = codebook.focus.clone();
        Options::with_focus(codebook, &focus)
    }

    /// Focus on `focus` against the codebook's partners ([`Codebook::pairs_for`]).
    pub fn with_focus(codebook: Codebook, focus: &str) -> Options {
        Options {
            limits: crate::source::Limits::default(),
            focus_pairs: codebook.pairs_for(focus),
            focus: focus.to_string(),
            codebook,
        }
    }
}

/// The full analysis of one article, including what the bundle does not keep (for `explain`).
pub struct Analysis {
    pub article: Article,
    pub tokens: Vec<Token>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<FoundQuote>,
    pub anchors: Vec<PersonAnchor>,
    pub events: Vec<CodedEvent>,
    /// Triggers that gave no event, and why (for `explain`).
    pub dropped: Vec<Dropped>,
    /// Sampled word shingles, for finding syndicated copies ([`crate::stories`]).
    pub fingerprint: Vec<u64>,
}

pub fn analyze(opts: &Options, src: SourceArticle) -> Analysis {
    let cb = &opts.codebook;
    let body = src.text.as_str();
    let paragraphs = text::paragraphs(body);
    let sents = text::sentences(body, &paragraphs);
    let sentence_spans: Vec<Span> = sents.iter().map(|&(s, _)| s).collect();

    let mut tokens = Vec::with_capacity(body.len() / 5);
    let mut sentence_tokens = Vec::with_capacity(sents.len());
    let mut sentence_of = Vec::with_capacity(body.len() / 5);
    for (i, &(span, _)) in sents.iter().enumerate() {
        let a = tokens.len();
        text::tokenize(body, span, &mut tokens);
        sentence_tokens.push((a, tokens.len()));
        sentence_of.resize(tokens.len(), i as u32);
    }

    let mut keys = Keys::new(body, &tokens);
    keys.index_cues(cb, body, &tokens, &sentence_tokens);
    let mentions = actors::find_mentions(cb, body, &tokens, &sentence_of, &keys);
    let qcx = QuoteContext {
        cb,
        text: body,
        tokens: &tokens,
        sentences: &sentence_spans,
        mentions: &mentions,
        keys: &keys,
    };
    let (found_quotes, anchors) = quotes::find_quotes(&qcx, &paragraphs);
    let year = src
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let ecx = EventContext {
        cb,
        text: body,
        tokens: &tokens,
        sentence_tokens: &sentence_tokens,
        mentions: &mentions,
        quotes: &found_quotes,
        anchors: &anchors,
        keys: &keys,
        year,
    };
    let mut dropped = Vec::new();
    let coded = events::code_events(&ecx, &mut dropped);
    let fingerprint = crate::stories::fingerprint_tokens(&tokens, &keys);
    let (assessments, context) =
        stance::assess(cb, &opts.focus, &opts.focus_pairs, &coded, &sentence_spans);

    let code = |i: usize| cb.countries[i].code.clone();
    let article = Article {
        story: src.id.clone(),
        id: src.id,
        file: src.file,
        title: src.title,
        source: src.source,
        date: src.date,
        url: src.url,
        paragraphs: paragraphs.clone(),
        sentences: sents
            .iter()
            .map(|&(span, paragraph)| Sentence { span, paragraph })
            .collect(),
        mentions: mentions
            .iter()
            .map(|m| dyad_model::Mention {
                span: m.span,
                actor: m.actor_id(cb).to_string(),
                country: code(m.country),
                sentence: m.sentence,
                locative: m.locative,
            })
            .collect(),
        quotes: found_quotes
            .iter()
            .map(|q| Quote {
                span: q.span,
                sentences: q.sentences,
                speaker: q.speaker.as_ref().map(|s| Speaker {
                    name: s.name.clone(),
                    actor: s.actor.map(|a| cb.actors[a].id.clone()),
                    country: s.country.map(code),
                    mention: s.mention,
                }),
            })
            .collect(),
        events: coded
            .iter()
            .map(|e| Event {
                sentence: e.sentence,
                source: code(e.source),
                target: code(e.target),
                category: cb.categories[e.category].id.clone(),
                weight: stance::round(e.weight),
                trigger: e.trigger,
                flags: e.flags,
                review: None,
                machine: None,
            })
            .collect(),
        assessments,
        context,
        text: src.text,
    };
    Analysis {
        article,
        tokens,
        mentions,
        quotes: found_quotes,
        anchors,
        events: coded,
        dropped,
        fingerprint,
    }
}
