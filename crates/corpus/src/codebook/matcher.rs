//! The word-phrase matcher that finds aliases, triggers and cues in a token stream.

use super::keys::{head, key_hash, prefix4, prefix4_bits, Key};
use super::Keys;
use crate::text::{normalize_into, Token};
use rustc_hash::FxHashMap;

/// The case-sensitive key of a word: itself, except `The` as `the` and `’s` as `'s`.
#[inline(always)]
fn exact_key(w: &str) -> &str {
    match w {
        "The" => "the",
        "’s" => "'s",
        _ => w,
    }
}

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
    exact_nodes: FxHashMap<u64, Vec<u32>>,
    word_nodes: Vec<WordNode>,
}

/// A node of the word trie: the phrases' words after the first, one word per step, so that a
/// first word shared by thousands of phrases (`Republic of …`) costs a hash lookup per word of
/// the text, not a comparison per phrase.
#[derive(Clone, Debug, Default)]
struct WordNode {
    next: FxHashMap<String, u32>,
    /// Patterns that end here.
    ends: Vec<u32>,
    /// Patterns that end with one more word, a `stem*` (the only place a stem may stand).
    stems: Vec<(String, u32)>,
}

const NO_WORDS: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct TrieNode {
    /// (byte, child node), few per node.
    children: Vec<(u8, u32)>,
    /// Patterns whose first word is exactly the path to this node.
    exact: Vec<u32>,
    /// The word trie of these patterns' other words ([`NO_WORDS`] if none is exact).
    words: u32,
    /// Patterns whose first word is a `stem*` equal to the path to this node (one word long).
    prefix: Vec<u32>,
}

impl Default for TrieNode {
    fn default() -> Self {
        TrieNode {
            children: Vec::new(),
            exact: Vec::new(),
            words: NO_WORDS,
            prefix: Vec::new(),
        }
    }
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
            exact_nodes: FxHashMap::default(),
            word_nodes: Vec::new(),
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
            if self.trie[node].words == NO_WORDS {
                self.word_nodes.push(WordNode::default());
                self.trie[node].words = (self.word_nodes.len() - 1) as u32;
            }
            let mut w = self.trie[node].words as usize;
            let mut stem = None;
            for word in &words[1..] {
                if word.prefix {
                    stem = Some(word.text.clone());
                    break;
                }
                w = match self.word_nodes[w].next.get(&word.text) {
                    Some(&child) => child as usize,
                    None => {
                        self.word_nodes.push(WordNode::default());
                        let child = self.word_nodes.len() - 1;
                        self.word_nodes[w]
                            .next
                            .insert(word.text.clone(), child as u32);
                        child
                    }
                };
            }
            match stem {
                Some(stem) => self.word_nodes[w].stems.push((stem, id)),
                None => self.word_nodes[w].ends.push(id),
            }
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
        // The longest match; between two as long, the phrase added first.
        let mut best: Option<(usize, u32)> = None;
        let offer = |best: &mut Option<(usize, u32)>, n: usize, id: u32| {
            if best.is_none_or(|(len, first)| n > len || (n == len && id < first)) {
                *best = Some((n, id));
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
            // Down the word trie, one word of the text at a time.
            let mut w = self.trie[node].words as usize;
            let mut n = 1;
            loop {
                let here = &self.word_nodes[w];
                here.ends.iter().for_each(|&id| offer(&mut best, n, id));
                if i + n >= tokens.len() || (here.next.is_empty() && here.stems.is_empty()) {
                    break;
                }
                let t = self.key(text, tokens, keys, i + n);
                for (stem, id) in &here.stems {
                    if t.starts_with(stem.as_str()) {
                        offer(&mut best, n + 1, *id);
                    }
                }
                match here.next.get(t) {
                    Some(&child) => w = child as usize,
                    None => break,
                }
                n += 1;
            }
        }
        // One-word `stem*` phrases (the longest stem first), only when no exact phrase matched.
        if best.is_none() {
            if let Some(&id) = stems[..n_stems]
                .iter()
                .rev()
                .find_map(|&stem| self.trie[stem as usize].prefix.iter().min())
            {
                offer(&mut best, 1, id);
            }
        }
        best.map(|(n, id)| (n, self.patterns[id as usize].value))
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
