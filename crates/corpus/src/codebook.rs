//! The codebook: actors, event categories with weights and triggers, cue words, thresholds.
//!
//! A versioned TOML file (the built-in one is `codebook.toml`, embedded at compile time). Loading
//! validates it and compiles its aliases and triggers into word-phrase matchers, so the text is
//! tokenised once and each token costs a few hash lookups.

use crate::text::{normalize_into, Token};
use dyad_model::{Category, CodebookInfo, Thresholds, Weighting};
use serde::Deserialize;
use std::collections::HashMap;

/// The built-in codebook.
pub const DEFAULT_CODEBOOK: &str = include_str!("codebook.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    name: String,
    version: u32,
    method: String,
    thresholds: RawThresholds,
    cues: Cues,
    #[serde(default, rename = "country")]
    countries: Vec<CountryDef>,
    #[serde(default, rename = "actor")]
    actors: Vec<ActorDef>,
    #[serde(default, rename = "category")]
    categories: Vec<CategoryDef>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    cooperative: f64,
    strained: f64,
    shrinkage: f64,
    hypothetical: f64,
    historical: f64,
}

/// Cue words, as the codebook lists them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub negation: Vec<String>,
    pub hypothetical: Vec<String>,
    pub historical: Vec<String>,
    pub locative: Vec<String>,
    pub speech: Vec<String>,
    pub light_verbs: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryDef {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub anaphors: Vec<String>,
    #[serde(default)]
    pub historical: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub id: String,
    pub label: String,
    pub weight: f64,
    #[serde(default)]
    pub symmetric: bool,
    pub description: String,
    pub triggers: Vec<String>,
}

/// What an alias stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasKind {
    /// The country itself: name, demonym, capital, metonym.
    Country,
    /// A predecessor state (`the Soviet Union`): its events are historical.
    Historical,
    /// Stands for the most recently named country carrying it (`the Kingdom`).
    Anaphor,
    /// A codebook actor (person, institution); `place` actors are locations only.
    Actor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasTarget {
    pub kind: AliasKind,
    /// Index into `countries` (for Country/Historical/Anaphor) or `actors` (for Actor).
    pub index: u32,
}

/// Which cue list a cue phrase belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cue {
    Negation,
    Hypothetical,
    Historical,
    Locative,
    Speech,
    LightVerb,
}

/// A loaded, validated codebook with its compiled matchers.
#[derive(Clone, Debug)]
pub struct Codebook {
    pub name: String,
    pub version: u32,
    pub method: String,
    /// FNV-1a hash of the codebook's text, part of the bundle's input digest.
    pub text_hash: u64,
    pub thresholds: Thresholds,
    pub shrinkage: f64,
    pub hypothetical_factor: f64,
    pub historical_factor: f64,
    pub countries: Vec<CountryDef>,
    pub actors: Vec<ActorDef>,
    pub categories: Vec<CategoryDef>,
    /// Case-sensitive (except a leading `the`) alias matcher.
    pub aliases: PhraseMatcher<AliasTarget>,
    /// Case-insensitive trigger matcher; value = category index.
    pub triggers: PhraseMatcher<u32>,
    /// Case-insensitive cue matcher.
    pub cues: PhraseMatcher<Cue>,
}

impl Codebook {
    /// The built-in codebook.
    pub fn builtin() -> Codebook {
        Codebook::parse(DEFAULT_CODEBOOK).expect("the built-in codebook is valid")
    }

    /// Parses and validates a codebook; the error says what is wrong and where.
    pub fn parse(toml_text: &str) -> Result<Codebook, String> {
        let raw: RawCodebook = toml::from_str(toml_text).map_err(|e| format!("the codebook is not valid: {e}"))?;
        let mut problems = Vec::new();
        if raw.name.trim().is_empty() {
            problems.push("`name` is empty".to_string());
        }
        let t = &raw.thresholds;
        if !(t.strained < t.cooperative && (-1.0..=1.0).contains(&t.strained) && (-1.0..=1.0).contains(&t.cooperative)) {
            problems.push("thresholds must satisfy -1 <= strained < cooperative <= 1".to_string());
        }
        if !(t.shrinkage >= 0.0 && (0.0..=1.0).contains(&t.hypothetical) && (0.0..=1.0).contains(&t.historical)) {
            problems.push("shrinkage must be >= 0 and the flag factors within 0..=1".to_string());
        }
        let mut codes = std::collections::HashSet::new();
        for c in &raw.countries {
            if c.code.len() != 2 || !c.code.bytes().all(|b| b.is_ascii_uppercase()) {
                problems.push(format!("country code `{}` is not an ISO 3166 alpha-2 code (two capital letters)", c.code));
            }
            if !codes.insert(c.code.clone()) {
                problems.push(format!("country `{}` is defined twice", c.code));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for a in &raw.actors {
            if !codes.contains(&a.country) {
                problems.push(format!("actor `{}` names unknown country `{}`", a.id, a.country));
            }
            if !ids.insert(a.id.clone()) {
                problems.push(format!("actor `{}` is defined twice", a.id));
            }
        }
        let mut cats = std::collections::HashSet::new();
        for c in &raw.categories {
            if !(-10.0..=10.0).contains(&c.weight) {
                problems.push(format!("category `{}` has weight {} outside -10..=10", c.id, c.weight));
            }
            if !cats.insert(c.id.clone()) {
                problems.push(format!("category `{}` is defined twice", c.id));
            }
            if c.triggers.iter().any(|t| t.trim().is_empty() || t.trim() == "*") {
                problems.push(format!("category `{}` has an empty trigger", c.id));
            }
        }
        if !problems.is_empty() {
            return Err(format!("the codebook is not valid:\n  - {}", problems.join("\n  - ")));
        }

        let mut aliases = PhraseMatcher::new(false);
        for (i, c) in raw.countries.iter().enumerate() {
            let target = |kind| AliasTarget { kind, index: i as u32 };
            aliases.add(&c.name, target(AliasKind::Country));
            for a in &c.aliases {
                aliases.add(a, target(AliasKind::Country));
            }
            for a in &c.historical {
                aliases.add(a, target(AliasKind::Historical));
            }
            for a in &c.anaphors {
                aliases.add(a, target(AliasKind::Anaphor));
            }
        }
        for (i, a) in raw.actors.iter().enumerate() {
            for alias in &a.aliases {
                aliases.add(alias, AliasTarget { kind: AliasKind::Actor, index: i as u32 });
            }
        }
        let mut triggers = PhraseMatcher::new(true);
        for (i, c) in raw.categories.iter().enumerate() {
            for t in &c.triggers {
                triggers.add(t, i as u32);
            }
        }
        let mut cues = PhraseMatcher::new(true);
        for (list, cue) in [
            (&raw.cues.negation, Cue::Negation),
            (&raw.cues.hypothetical, Cue::Hypothetical),
            (&raw.cues.historical, Cue::Historical),
            (&raw.cues.locative, Cue::Locative),
            (&raw.cues.speech, Cue::Speech),
            (&raw.cues.light_verbs, Cue::LightVerb),
        ] {
            for w in list {
                cues.add(w, cue);
            }
        }
        Ok(Codebook {
            name: raw.name,
            version: raw.version,
            method: raw.method,
            text_hash: toml_text.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3)),
            thresholds: Thresholds { cooperative: t.cooperative, strained: t.strained },
            shrinkage: t.shrinkage,
            hypothetical_factor: t.hypothetical,
            historical_factor: t.historical,
            countries: raw.countries,
            actors: raw.actors,
            categories: raw.categories,
            aliases,
            triggers,
            cues,
        })
    }

    pub fn country_index(&self, code: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.code == code)
    }

    /// The codebook as the bundle shows it.
    pub fn info(&self) -> CodebookInfo {
        CodebookInfo {
            name: self.name.clone(),
            version: self.version,
            categories: self
                .categories
                .iter()
                .map(|c| Category {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    weight: c.weight,
                    description: c.description.clone(),
                    triggers: c.triggers.clone(),
                })
                .collect(),
            thresholds: self.thresholds.clone(),
            method: self.method.clone(),
            weighting: Weighting {
                shrinkage: self.shrinkage,
                hypothetical: self.hypothetical_factor,
                historical: self.historical_factor,
            },
        }
    }
}

/// Reusable buffers for lookups, so matching allocates nothing per token.
#[derive(Default, Debug)]
pub struct Scratch {
    key: String,
    other: String,
}

/// One word of a phrase pattern.
#[derive(Clone, Debug)]
struct PatWord {
    text: String,
    prefix: bool,
}

#[derive(Clone, Debug)]
struct Pattern<V> {
    words: Vec<PatWord>,
    value: V,
}

/// Matches word phrases against a token stream. The first word is looked up in a hash map
/// (exact words, and prefixes for `word*` patterns); the rest are compared in place.
#[derive(Clone, Debug)]
pub struct PhraseMatcher<V> {
    case_insensitive: bool,
    patterns: Vec<Pattern<V>>,
    exact: HashMap<String, Vec<u32>>,
    prefix: HashMap<String, Vec<u32>>,
    /// Distinct lengths (in bytes) of the prefix keys, longest first.
    prefix_lens: Vec<usize>,
}

impl<V: Copy> PhraseMatcher<V> {
    pub fn new(case_insensitive: bool) -> Self {
        PhraseMatcher { case_insensitive, patterns: Vec::new(), exact: HashMap::new(), prefix: HashMap::new(), prefix_lens: Vec::new() }
    }

    /// Adds a phrase, tokenised like the text (so `U.S.` and `co-operate` work).
    pub fn add(&mut self, phrase: &str, value: V) {
        let phrase = phrase.trim();
        let mut toks = Vec::new();
        crate::text::tokenize(phrase, dyad_model::Span::new(0, phrase.len()), &mut toks);
        let mut words: Vec<PatWord> = Vec::new();
        let mut buf = String::new();
        for (i, t) in toks.iter().enumerate() {
            let w = t.text(phrase);
            if w == "*" && i + 1 == toks.len() && !words.is_empty() {
                words.last_mut().unwrap().prefix = true;
                continue;
            }
            let key = self.key(&mut buf, w).to_string();
            words.push(PatWord { text: key, prefix: false });
        }
        if words.is_empty() {
            return;
        }
        let id = self.patterns.len() as u32;
        let first = &words[0];
        if first.prefix && words.len() == 1 {
            if !self.prefix_lens.contains(&first.text.len()) {
                self.prefix_lens.push(first.text.len());
                self.prefix_lens.sort_unstable_by(|a, b| b.cmp(a));
            }
            self.prefix.entry(first.text.clone()).or_default().push(id);
        } else {
            self.exact.entry(first.text.clone()).or_default().push(id);
        }
        self.patterns.push(Pattern { words, value });
    }

    fn key<'b>(&self, buf: &'b mut String, word: &str) -> &'b str {
        if self.case_insensitive {
            normalize_into(buf, word);
        } else {
            buf.clear();
            // Case-sensitive, except `the`/`The` and the apostrophe's shape.
            if word == "The" {
                buf.push_str("the");
            } else {
                buf.extend(word.chars().map(|c| if c == '’' { '\'' } else { c }));
            }
        }
        buf
    }

    /// The longest phrase starting at token `i`: (number of tokens, value).
    pub fn longest_at(&self, text: &str, tokens: &[Token], i: usize, scratch: &mut Scratch) -> Option<(usize, V)> {
        let first = tokens.get(i)?;
        let Scratch { key: key_buf, other: buf } = scratch;
        let key: &str = self.key(key_buf, first.text(text));
        let mut best: Option<(usize, V)> = None;
        let consider = |ids: &Vec<u32>, best: &mut Option<(usize, V)>, buf: &mut String| {
            for &id in ids {
                let p = &self.patterns[id as usize];
                let n = p.words.len();
                if best.is_some_and(|(len, _)| len >= n) || i + n > tokens.len() {
                    continue;
                }
                let ok = p.words.iter().enumerate().skip(1).all(|(k, w)| {
                    let t = self.key(buf, tokens[i + k].text(text));
                    if w.prefix {
                        t.starts_with(w.text.as_str())
                    } else {
                        t == w.text
                    }
                });
                if ok {
                    *best = Some((n, p.value));
                }
            }
        };
        if let Some(ids) = self.exact.get(key) {
            consider(ids, &mut best, buf);
        }
        if best.is_none() {
            for &len in &self.prefix_lens {
                if len <= key.len() && key.is_char_boundary(len) {
                    if let Some(ids) = self.prefix.get(&key[..len]) {
                        consider(ids, &mut best, buf);
                        if best.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        best
    }

    /// Non-overlapping longest matches over `tokens`, left to right: (first token, length, value).
    pub fn find_all(&self, text: &str, tokens: &[Token], buf: &mut Scratch) -> Vec<(usize, usize, V)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].word {
                i += 1;
                continue;
            }
            match self.longest_at(text, tokens, i, buf) {
                Some((n, v)) => {
                    out.push((i, n, v));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::Span;

    fn toks(text: &str) -> Vec<Token> {
        let mut t = Vec::new();
        crate::text::tokenize(text, Span::new(0, text.len()), &mut t);
        t
    }

    #[test]
    fn builtin_codebook_loads() {
        let cb = Codebook::builtin();
        assert!(cb.countries.iter().any(|c| c.code == "KH"));
        assert!(cb.categories.iter().any(|c| c.id == "cooperate" && c.weight > 0.0));
        assert!(cb.categories.iter().any(|c| c.id == "assault" && c.weight == -10.0));
        assert_eq!(cb.info().categories.len(), cb.categories.len());
    }

    #[test]
    fn phrases_prefixes_and_longest_match() {
        let mut m = PhraseMatcher::new(true);
        m.add("cooperat*", 1u32);
        m.add("joint military exercise", 2);
        m.add("joint", 3);
        let text = "Joint military exercise and COOPERATION, jointly";
        let found: Vec<_> = m.find_all(text, &toks(text), &mut Scratch::default()).into_iter().map(|(i, n, v)| (i, n, v)).collect();
        assert_eq!(found, vec![(0, 3, 2), (4, 1, 1)]);
    }

    #[test]
    fn aliases_are_case_sensitive_but_the_is_not() {
        let cb = Codebook::builtin();
        let text = "The Kremlin and us and US and the Kingdom";
        let found = cb.aliases.find_all(text, &toks(text), &mut Scratch::default());
        let words: Vec<&str> = found.iter().map(|&(i, n, _)| &text[toks(text)[i].start as usize..toks(text)[i + n - 1].end as usize]).collect();
        assert_eq!(words, vec!["The Kremlin", "US", "the Kingdom"]);
    }

    #[test]
    fn invalid_codebooks_are_refused_with_reasons() {
        let bad = DEFAULT_CODEBOOK.replace("weight = -10.0", "weight = -12.0");
        let err = Codebook::parse(&bad).unwrap_err();
        assert!(err.contains("outside -10..=10"), "{err}");
        let err = Codebook::parse("name = 3").unwrap_err();
        assert!(err.contains("not valid"), "{err}");
    }
}
