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
    /// Phrases that begin with a trigger word but report no event (`sign of`).
    #[serde(default)]
    pub not_events: Vec<String>,
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
    NotEvent,
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
    /// Index into `countries` of each actor's country.
    pub actor_country: Vec<usize>,
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
        let raw: RawCodebook =
            toml::from_str(toml_text).map_err(|e| format!("the codebook is not valid: {e}"))?;
        let mut problems = Vec::new();
        if raw.name.trim().is_empty() {
            problems.push("`name` is empty".to_string());
        }
        let t = &raw.thresholds;
        if !(t.strained < t.cooperative
            && (-1.0..=1.0).contains(&t.strained)
            && (-1.0..=1.0).contains(&t.cooperative))
        {
            problems.push("thresholds must satisfy -1 <= strained < cooperative <= 1".to_string());
        }
        if !(t.shrinkage >= 0.0
            && (0.0..=1.0).contains(&t.hypothetical)
            && (0.0..=1.0).contains(&t.historical))
        {
            problems.push("shrinkage must be >= 0 and the flag factors within 0..=1".to_string());
        }
        let mut codes = std::collections::HashSet::new();
        for c in &raw.countries {
            if c.code.len() != 2 || !c.code.bytes().all(|b| b.is_ascii_uppercase()) {
                problems.push(format!(
                    "country code `{}` is not an ISO 3166 alpha-2 code (two capital letters)",
                    c.code
                ));
            }
            if !codes.insert(c.code.clone()) {
                problems.push(format!("country `{}` is defined twice", c.code));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for a in &raw.actors {
            if !codes.contains(&a.country) {
                problems.push(format!(
                    "actor `{}` names unknown country `{}`",
                    a.id, a.country
                ));
            }
            if !ids.insert(a.id.clone()) {
                problems.push(format!("actor `{}` is defined twice", a.id));
            }
        }
        let mut cats = std::collections::HashSet::new();
        for c in &raw.categories {
            if !(-10.0..=10.0).contains(&c.weight) {
                problems.push(format!(
                    "category `{}` has weight {} outside -10..=10",
                    c.id, c.weight
                ));
            }
            if !cats.insert(c.id.clone()) {
                problems.push(format!("category `{}` is defined twice", c.id));
            }
            if c.triggers
                .iter()
                .any(|t| t.trim().is_empty() || t.trim() == "*")
            {
                problems.push(format!("category `{}` has an empty trigger", c.id));
            }
        }
        if !problems.is_empty() {
            return Err(format!(
                "the codebook is not valid:\n  - {}",
                problems.join("\n  - ")
            ));
        }

        let mut aliases = PhraseMatcher::new(false);
        for (i, c) in raw.countries.iter().enumerate() {
            let target = |kind| AliasTarget {
                kind,
                index: i as u32,
            };
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
                aliases.add(
                    alias,
                    AliasTarget {
                        kind: AliasKind::Actor,
                        index: i as u32,
                    },
                );
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
            (&raw.cues.not_events, Cue::NotEvent),
        ] {
            for w in list {
                cues.add(w, cue);
            }
        }
        Ok(Codebook {
            name: raw.name,
            version: raw.version,
            method: raw.method,
            text_hash: fnv1a(FNV_OFFSET, toml_text.as_bytes()),
            thresholds: Thresholds {
                cooperative: t.cooperative,
                strained: t.strained,
            },
            shrinkage: t.shrinkage,
            hypothetical_factor: t.hypothetical,
            historical_factor: t.historical,
            actor_country: raw
                .actors
                .iter()
                .map(|a| {
                    raw.countries
                        .iter()
                        .position(|c| c.code == a.country)
                        .unwrap_or(0)
                })
                .collect(),
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

/// The lower-cased form of every token of an article, computed once and shared by every
/// case-insensitive matcher (triggers, cues) and by event coding, with what each lookup on it
/// needs: its hash, its word classes and its head.
#[derive(Default, Debug)]
pub struct Keys {
    buf: String,
    /// One entry per token.
    keys: Vec<Key>,
    /// The cue phrase starting at each token, if any: (length in tokens, cue).
    cues: Vec<Option<(u16, Cue)>>,
}

/// What is known of one token's lower-cased key: one record, so one push per token and one
/// cache line for all of it.
#[derive(Clone, Copy, Debug)]
struct Key {
    /// FNV-1a of the key: the matchers' first-word filter and the story fingerprints.
    hash: u64,
    /// The key is `buf[start..end]`.
    start: u32,
    end: u32,
    /// Grammatical word classes ([`crate::text::class`]).
    classes: u16,
    /// The [`head`] of the key, for the matchers' filter of short stems.
    head: u16,
    /// The key's first four bytes (0 for a shorter key), for the matchers' stem filter.
    prefix4: u32,
}

/// The first two bytes of a key (the second 0 for a one-byte key): a phrase whose first word
/// is a `stem*` can only start at a token whose lower-cased key has the stem's head.
#[inline(always)]
fn head(key: &[u8]) -> u16 {
    match key {
        [] => 0,
        [a] => u16::from(*a) << 8,
        [a, b, ..] => u16::from(*a) << 8 | u16::from(*b),
    }
}

/// A key's first four bytes as a number (0 for a key shorter than that): a phrase whose first
/// word is a `stem*` of four bytes or more can only start at a key with the stem's `prefix4`.
#[inline(always)]
fn prefix4(key: &[u8]) -> u32 {
    match key {
        [a, b, c, d, ..] => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => 0,
    }
}

/// The 16 bits of a [`prefix4`] that index a matcher's stem bit set.
#[inline(always)]
fn prefix4_bits(p: u32) -> u16 {
    (p.wrapping_mul(0x9E37_79B1) >> 16) as u16
}

/// The state FNV-1a (64 bit) starts from.
pub const FNV_OFFSET: u64 = 0xcbf29ce484222325;

/// FNV-1a (64 bit) of `bytes`, continuing from the state `h` ([`FNV_OFFSET`] to start): the
/// crate's one stable, non-cryptographic hash (keys, the codebook's text, the input digest).
#[inline(always)]
pub fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    h
}

/// FNV-1a of a key, as [`Keys`] has it.
#[inline(always)]
pub fn key_hash(key: &[u8]) -> u64 {
    fnv1a(FNV_OFFSET, key)
}

impl Keys {
    pub fn new(text: &str, tokens: &[Token]) -> Keys {
        // Each key is lower-cased into one shared buffer, then hashed once with [`key_hash`].
        let bytes = text.as_bytes();
        let mut buf: Vec<u8> = Vec::with_capacity(text.len());
        let mut keys = Vec::with_capacity(tokens.len());
        let mut tmp = String::new();
        for t in tokens {
            let start = buf.len();
            let (a, b) = (t.start as usize, t.end as usize);
            let word = if a <= b && b <= bytes.len() {
                &bytes[a..b]
            } else {
                &[][..]
            };
            if word.is_ascii() {
                buf.extend(word.iter().map(u8::to_ascii_lowercase));
            } else {
                // Full Unicode lower-casing, `’` as `'`: rare in English news, done the slow way.
                normalize_into(&mut tmp, t.text(text));
                buf.extend_from_slice(tmp.as_bytes());
            }
            let key = &buf[start..];
            let hash = key_hash(key);
            keys.push(Key {
                hash,
                start: start as u32,
                end: buf.len() as u32,
                classes: crate::text::class::of_hashed(key, hash),
                head: head(key),
                prefix4: prefix4(key),
            });
        }
        // Only ASCII bytes were lower-cased in place and other words were copied whole from
        // `str`s, so the buffer is UTF-8; the check is one fast pass over it.
        let buf = String::from_utf8(buf).expect("lower-cased keys are UTF-8");
        Keys {
            buf,
            keys,
            cues: Vec::new(),
        }
    }

    /// Finds the cue phrases once, sentence by sentence (`sentences` are token ranges), for
    /// [`Keys::cue_at`].
    pub fn index_cues(
        &mut self,
        cb: &Codebook,
        text: &str,
        tokens: &[Token],
        sentences: &[(usize, usize)],
    ) {
        let mut cues = vec![None; tokens.len()];
        let mut found = Vec::new();
        for &(a, b) in sentences {
            found.clear();
            cb.cues.find_all_into(text, tokens, self, a, b, &mut found);
            for &(i, n, cue) in &found {
                cues[i] = Some((n as u16, cue));
            }
        }
        self.cues = cues;
    }

    /// Whether token `i` belongs to any of the word classes `mask` ([`crate::text::class`]).
    #[inline(always)]
    pub fn is(&self, i: usize, mask: u16) -> bool {
        // Plain slice indexing: at opt-level z each Option combinator would be a call.
        let keys: &[Key] = &self.keys;
        i < keys.len() && keys[i].classes & mask != 0
    }

    /// The cue phrase starting at token `i`: (length, cue). Needs [`Keys::index_cues`].
    #[inline(always)]
    pub fn cue_at(&self, i: usize) -> Option<(usize, Cue)> {
        let cues: &[Option<(u16, Cue)>] = &self.cues;
        match cues.get(i) {
            Some(&Some((n, c))) => Some((n as usize, c)),
            _ => None,
        }
    }

    /// The lower-cased token `i` (`’` as `'`), or `""` past the end.
    #[inline(always)]
    pub fn lower(&self, i: usize) -> &str {
        let keys: &[Key] = &self.keys;
        if i < keys.len() {
            let k = keys[i];
            &self.buf[k.start as usize..k.end as usize]
        } else {
            ""
        }
    }

    /// FNV-1a hashes of the lower-cased word tokens, in order (for [`crate::stories`]).
    pub fn word_hashes(&self, tokens: &[Token]) -> Vec<u64> {
        let mut out = Vec::with_capacity(tokens.len());
        for (t, k) in tokens.iter().zip(&self.keys) {
            if t.word {
                out.push(k.hash);
            }
        }
        out
    }
}

/// The case-sensitive key of a word: itself, except `The` as `the` and `’s` as `'s`.
#[inline(always)]
fn exact_key(w: &str) -> &str {
    match w {
        "The" => "the",
        "’s" => "'s",
        _ => w,
    }
}

/// FxHash (as in rustc): a fast, non-cryptographic hash for short keys from a trusted codebook.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

// Inlined even at opt-level "z": a hash is a few instructions, the call would cost more.
impl std::hash::Hasher for FxHasher {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    #[inline(always)]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline(always)]
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline(always)]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The 16 bits of a key hash that index a matcher's first-word bit set.
#[inline(always)]
fn hash_bits(h: u64) -> u16 {
    (h >> 48) as u16
}

fn set_bit(set: &mut [u64; 1024], b: u16) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

#[inline(always)]
fn bit(set: &[u64; 1024], b: u16) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
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

/// Matches word phrases against a token stream. The first word is found by walking a byte
/// trie once per token (exact words end at a node; `word*` stems are met on the way); the
/// phrase's other words are compared in place. No hashing on the hot path.
#[derive(Clone, Debug)]
pub struct PhraseMatcher<V> {
    case_insensitive: bool,
    patterns: Vec<Pattern<V>>,
    trie: Vec<TrieNode>,
    /// The root's children by byte (0: none), so the first step is one array read.
    root: Box<[u32; 256]>,
    /// Bit sets over the top 16 bits of the [`key_hash`] of each phrase's lower-cased first
    /// word, over the [`prefix4`]s of first words that are `stem*`s of four bytes or more, and
    /// over the [`head`]s of shorter stems: most tokens start no phrase and are passed over on a
    /// few bits, without reading their key or walking the trie.
    firsts: Box<[u64; 1024]>,
    stems: Box<[u64; 1024]>,
    short_stems: Box<[u64; 1024]>,
    /// The trie nodes of whole first words by the [`key_hash`] of their lower-cased form (a
    /// case-sensitive matcher may have several): a token's own hash finds its node without a walk.
    exact_nodes: FxMap<u64, Vec<u32>>,
}

#[derive(Clone, Debug, Default)]
struct TrieNode {
    /// (byte, child node), few per node.
    children: Vec<(u8, u32)>,
    /// Patterns whose first word is exactly the path to this node.
    exact: Vec<u32>,
    /// Patterns whose first word is a `stem*` equal to the path to this node.
    prefix: Vec<u32>,
}

impl<V: Copy> PhraseMatcher<V> {
    pub fn new(case_insensitive: bool) -> Self {
        PhraseMatcher {
            case_insensitive,
            patterns: Vec::new(),
            trie: vec![TrieNode::default()],
            root: Box::new([0; 256]),
            firsts: Box::new([0; 1024]),
            stems: Box::new([0; 1024]),
            short_stems: Box::new([0; 1024]),
            exact_nodes: FxMap::default(),
        }
    }

    /// Adds a phrase, tokenised like the text (so `U.S.` and `co-operate` work).
    pub fn add(&mut self, phrase: &str, value: V) {
        let phrase = phrase.trim();
        let mut toks = Vec::new();
        crate::text::tokenize(phrase, dyad_model::Span::new(0, phrase.len()), &mut toks);
        let mut words: Vec<PatWord> = Vec::new();
        let mut buf = String::new();
        // The lower-cased first word, as the text's keys are lower-cased (for the head filter).
        let mut first_lower = String::new();
        for (i, t) in toks.iter().enumerate() {
            let w = t.text(phrase);
            if w == "*" && i + 1 == toks.len() && !words.is_empty() {
                words.last_mut().unwrap().prefix = true;
                continue;
            }
            if words.is_empty() {
                normalize_into(&mut first_lower, w);
            }
            let key = if self.case_insensitive {
                normalize_into(&mut buf, w);
                buf.clone()
            } else {
                exact_key(w).to_string()
            };
            words.push(PatWord {
                text: key,
                prefix: false,
            });
        }
        if words.is_empty() {
            return;
        }
        let id = self.patterns.len() as u32;
        let mut node = 0usize;
        for &b in words[0].text.as_bytes() {
            node = match self.trie[node].children.iter().find(|c| c.0 == b) {
                Some(&(_, child)) => child as usize,
                None => {
                    self.trie.push(TrieNode::default());
                    let child = self.trie.len() - 1;
                    self.trie[node].children.push((b, child as u32));
                    child
                }
            };
        }
        if let Some(&(b, child)) = self.trie[0]
            .children
            .iter()
            .find(|c| Some(c.0) == words[0].text.bytes().next())
        {
            self.root[b as usize] = child;
        }
        if words[0].prefix {
            self.trie[node].prefix.push(id);
        } else {
            self.trie[node].exact.push(id);
        }
        if words[0].prefix {
            let h = head(first_lower.as_bytes());
            if first_lower.len() >= 4 {
                set_bit(
                    &mut self.stems,
                    prefix4_bits(prefix4(first_lower.as_bytes())),
                );
            } else if first_lower.len() == 1 {
                // A one-byte stem: any key starting with that byte.
                for second in 0..256u16 {
                    set_bit(&mut self.short_stems, h | second);
                }
            } else {
                set_bit(&mut self.short_stems, h);
            }
        } else {
            let h = key_hash(first_lower.as_bytes());
            set_bit(&mut self.firsts, hash_bits(h));
            let nodes = self.exact_nodes.entry(h).or_default();
            if !nodes.contains(&(node as u32)) {
                nodes.push(node as u32);
            }
        }
        self.patterns.push(Pattern { words, value });
    }

    /// Whether a phrase may start at token `i` (always true for a token `keys` lacks).
    #[inline(always)]
    fn may_start(&self, keys: &Keys, i: usize) -> bool {
        let keys: &[Key] = &keys.keys;
        if i >= keys.len() {
            return true;
        }
        let k = keys[i];
        bit(&self.firsts, hash_bits(k.hash)) || self.may_start_stem(k)
    }

    /// Whether a `stem*` first word may be a prefix of the key `k`.
    #[inline(always)]
    fn may_start_stem(&self, k: Key) -> bool {
        (k.prefix4 != 0 && bit(&self.stems, prefix4_bits(k.prefix4)))
            || bit(&self.short_stems, k.head)
    }

    #[inline(always)]
    fn key<'k>(&self, text: &'k str, tokens: &[Token], keys: &'k Keys, i: usize) -> &'k str {
        if self.case_insensitive {
            keys.lower(i)
        } else {
            exact_key(tokens[i].text(text))
        }
    }

    /// The longest phrase starting at token `i`: (number of tokens, value).
    pub fn longest_at(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &Keys,
        i: usize,
    ) -> Option<(usize, V)> {
        if i >= tokens.len() {
            return None;
        }
        let key = self.key(text, tokens, keys, i);
        let mut best: Option<(usize, V)> = None;
        // The second word's key, read once when needed: many phrases share a first word (`the …`).
        let mut second: Option<&str> = None;
        let mut consider = |ids: &Vec<u32>, best: &mut Option<(usize, V)>| {
            for &id in ids {
                let p = &self.patterns[id as usize];
                let n = p.words.len();
                if best.is_some_and(|(len, _)| len >= n) || i + n > tokens.len() {
                    continue;
                }
                let mut ok = true;
                for k in 1..n {
                    let w = &p.words[k];
                    let t = match (k, second) {
                        (1, Some(t)) => t,
                        (1, None) => *second.insert(self.key(text, tokens, keys, i + 1)),
                        _ => self.key(text, tokens, keys, i + k),
                    };
                    // Lengths first: most candidates differ there, without a string compare.
                    ok = if w.prefix {
                        t.len() >= w.text.len() && t.starts_with(w.text.as_str())
                    } else {
                        t.len() == w.text.len() && t == w.text
                    };
                    if !ok {
                        break;
                    }
                }
                if ok {
                    *best = Some((n, p.value));
                }
            }
        };
        // The node of the whole key, and the stems that are prefixes of it (longest last).
        let (exact, stems, n_stems) = match keys.keys.get(i) {
            // Most calls: the exact node from the token's hash; the trie is walked only when a
            // stem may be a prefix of the key.
            Some(&k) if !self.may_start_stem(k) => (self.exact_node(k.hash, key), [0; 8], 0),
            _ => self.walk(key),
        };
        if let Some(node) = exact {
            consider(&self.trie[node].exact, &mut best);
        }
        for &stem in stems[..n_stems].iter().rev() {
            if best.is_some() {
                break;
            }
            consider(&self.trie[stem as usize].prefix, &mut best);
        }
        best
    }

    /// The trie node whose exact patterns have the first word `key` (its lower-cased form's
    /// [`key_hash`] is `hash`), if any.
    #[inline]
    fn exact_node(&self, hash: u64, key: &str) -> Option<usize> {
        let nodes = self.exact_nodes.get(&hash)?;
        nodes.iter().map(|&n| n as usize).find(|&n| {
            self.trie[n]
                .exact
                .first()
                .is_some_and(|&p| self.patterns[p as usize].words[0].text == key)
        })
    }

    /// Walks `key` down the trie: the node of the whole key if it has exact patterns, and the
    /// nodes met on the way that end a `stem*` (at most eight, longest last).
    fn walk(&self, key: &str) -> (Option<usize>, [u32; 8], usize) {
        let mut node = 0usize;
        let mut stems: [u32; 8] = [0; 8];
        let mut n_stems = 0;
        let mut whole = true;
        for (depth, &b) in key.as_bytes().iter().enumerate() {
            let step = if depth == 0 {
                Some(self.root[b as usize])
                    .filter(|&c| c != 0)
                    .map(|c| (b, c))
            } else {
                self.trie[node].children.iter().find(|c| c.0 == b).copied()
            };
            match step {
                Some((_, child)) => {
                    node = child as usize;
                    if !self.trie[node].prefix.is_empty() && n_stems < stems.len() {
                        stems[n_stems] = node as u32;
                        n_stems += 1;
                    }
                }
                None => {
                    whole = false;
                    break;
                }
            }
        }
        let exact = (whole && !self.trie[node].exact.is_empty()).then_some(node);
        (exact, stems, n_stems)
    }

    /// Non-overlapping longest matches over tokens `[lo, hi)`, left to right:
    /// (first token, length, value), token indices absolute.
    pub fn find_all(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &Keys,
        lo: usize,
        hi: usize,
    ) -> Vec<(usize, usize, V)> {
        let mut out = Vec::new();
        self.find_all_into(text, tokens, keys, lo, hi, &mut out);
        out
    }

    /// [`PhraseMatcher::find_all`], appending to `out` (a buffer reused sentence after sentence).
    pub fn find_all_into(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &Keys,
        lo: usize,
        hi: usize,
        out: &mut Vec<(usize, usize, V)>,
    ) {
        let hi = hi.min(tokens.len());
        let mut i = lo;
        while i < hi {
            if !tokens[i].word || !self.may_start(keys, i) {
                i += 1;
                continue;
            }
            match self.longest_at(text, &tokens[..hi], keys, i) {
                Some((n, v)) => {
                    out.push((i, n, v));
                    i += n;
                }
                None => i += 1,
            }
        }
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
        assert!(cb
            .categories
            .iter()
            .any(|c| c.id == "cooperate" && c.weight > 0.0));
        assert!(cb
            .categories
            .iter()
            .any(|c| c.id == "assault" && c.weight == -10.0));
        assert_eq!(cb.info().categories.len(), cb.categories.len());
    }

    #[test]
    fn phrases_prefixes_and_longest_match() {
        let mut m = PhraseMatcher::new(true);
        m.add("cooperat*", 1u32);
        m.add("joint military exercise", 2);
        m.add("joint", 3);
        let text = "Joint military exercise and COOPERATION, jointly";
        let t = toks(text);
        let found: Vec<_> = m.find_all(text, &t, &Keys::new(text, &t), 0, t.len());
        assert_eq!(found, vec![(0, 3, 2), (4, 1, 1)]);
    }

    #[test]
    fn aliases_are_case_sensitive_but_the_is_not() {
        let cb = Codebook::builtin();
        let text = "The Kremlin and us and US and the Kingdom";
        let t = toks(text);
        let found = cb
            .aliases
            .find_all(text, &t, &Keys::new(text, &t), 0, t.len());
        let words: Vec<&str> = found
            .iter()
            .map(|&(i, n, _)| {
                &text[toks(text)[i].start as usize..toks(text)[i + n - 1].end as usize]
            })
            .collect();
        assert_eq!(words, vec!["The Kremlin", "US", "the Kingdom"]);
    }

    /// `find_all` without the head filter: every word token tried.
    fn unfiltered<V: Copy>(
        m: &PhraseMatcher<V>,
        text: &str,
        t: &[Token],
        keys: &Keys,
    ) -> Vec<(usize, usize, V)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < t.len() {
            match t[i].word.then(|| m.longest_at(text, t, keys, i)).flatten() {
                Some((n, v)) => {
                    out.push((i, n, v));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn head_filter_loses_no_match() {
        let cb = Codebook::builtin();
        let mut m = PhraseMatcher::new(true);
        m.add("x*", 1u32);
        m.add("É*", 2);
        m.add("İstanbul talks", 3);
        m.add("a", 4);
        let mut texts = vec!["X-ray xylophone École élan İSTANBUL talks, İstanbul Talks a A; The Kremlin’s the Kingdom U.S. aid".to_string()];
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        for f in std::fs::read_dir(seeds).unwrap() {
            texts.push(std::fs::read_to_string(f.unwrap().path()).unwrap());
        }
        for text in &texts {
            let t = toks(text);
            let keys = Keys::new(text, &t);
            assert_eq!(
                m.find_all(text, &t, &keys, 0, t.len()),
                unfiltered(&m, text, &t, &keys)
            );
            assert_eq!(
                cb.aliases.find_all(text, &t, &keys, 0, t.len()),
                unfiltered(&cb.aliases, text, &t, &keys)
            );
            assert_eq!(
                cb.triggers.find_all(text, &t, &keys, 0, t.len()),
                unfiltered(&cb.triggers, text, &t, &keys)
            );
            assert_eq!(
                cb.cues.find_all(text, &t, &keys, 0, t.len()),
                unfiltered(&cb.cues, text, &t, &keys)
            );
        }
        let t = toks(&texts[0]);
        assert_eq!(
            m.find_all(&texts[0], &t, &Keys::new(&texts[0], &t), 0, t.len())
                .len(),
            8
        );
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
