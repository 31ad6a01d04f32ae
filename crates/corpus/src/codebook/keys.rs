//! The lower-cased keys of an article's tokens, with their hashes and word classes, shared by
//! every matcher.

use super::{Codebook, Cue};
use crate::text::{normalize_into, Token};

/// The lower-cased form of every token of an article, computed once and shared by every
/// case-insensitive matcher (triggers, cues) and by event coding, with what each lookup on it
/// needs: its hash, its word classes and its head.
#[derive(Default, Debug)]
pub struct Keys {
    buf: String,
    /// One entry per token.
    pub(super) keys: Vec<Key>,
    /// The cue phrase starting at each token, if any: (length in tokens, cue).
    cues: Vec<Option<(u16, Cue)>>,
}

/// What is known of one token's lower-cased key: one record, so one push per token and one
/// cache line for all of it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Key {
    /// FNV-1a of the key: the matchers' first-word filter and the story fingerprints.
    pub(super) hash: u64,
    /// The key is `buf[start..end]`.
    start: u32,
    end: u32,
    /// Grammatical word classes ([`crate::text::class`]).
    classes: u16,
    /// The [`head`] of the key, for the matchers' filter of short stems.
    pub(super) head: u16,
    /// The key's first four bytes (0 for a shorter key), for the matchers' stem filter.
    pub(super) prefix4: u32,
}

/// The first two bytes of a key (the second 0 for a one-byte key): a phrase whose first word
/// is a `stem*` can only start at a token whose lower-cased key has the stem's head.
#[inline(always)]
pub(super) fn head(key: &[u8]) -> u16 {
    match key {
        [] => 0,
        [a] => u16::from(*a) << 8,
        [a, b, ..] => u16::from(*a) << 8 | u16::from(*b),
    }
}

/// A key's first four bytes as a number (0 for a key shorter than that): a phrase whose first
/// word is a `stem*` of four bytes or more can only start at a key with the stem's `prefix4`.
#[inline(always)]
pub(super) fn prefix4(key: &[u8]) -> u32 {
    match key {
        [a, b, c, d, ..] => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => 0,
    }
}

/// The 16 bits of a [`prefix4`] that index a matcher's stem bit set.
#[inline(always)]
pub(super) fn prefix4_bits(p: u32) -> u16 {
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
        self.keys.get(i).is_some_and(|k| k.classes & mask != 0)
    }

    /// The cue phrase starting at token `i`: (length, cue). Needs [`Keys::index_cues`].
    #[inline(always)]
    pub fn cue_at(&self, i: usize) -> Option<(usize, Cue)> {
        let (n, c) = (*self.cues.get(i)?)?;
        Some((n as usize, c))
    }

    /// The lower-cased token `i` (`’` as `'`), or `""` past the end.
    #[inline(always)]
    pub fn lower(&self, i: usize) -> &str {
        self.keys
            .get(i)
            .map_or("", |k| &self.buf[k.start as usize..k.end as usize])
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
