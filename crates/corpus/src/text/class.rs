//! Closed-class words the analysis asks about, as bit flags looked up once per token.

use crate::codebook::key_hash;
use std::sync::OnceLock;

pub const COMMA: u16 = 1;
/// Ends a clause for the search of a subject or a cue: `;`, `:`, dashes, `but`, `while`, …
pub const CLAUSE_BREAK: u16 = 2;
/// Precedes a noun: `the`, `its`, `further`, `bilateral`, …
pub const DETERMINER: u16 = 4;
pub const PREPOSITION: u16 = 8;
/// `was`, `were`, `been`, …: before a past participle, a passive.
pub const PASSIVE_AUX: u16 = 16;
pub const MODAL: u16 = 32;
/// `he`, `she`.
pub const PRONOUN: u16 = 64;
/// `we`, `our`, `us`, `I`: in a quote, the speaker's side.
pub const FIRST_PERSON: u16 = 128;
/// `countries`, `nations`, `sides`, `governments`: after `two` or `both`, the pair just named.
pub const PAIR_NOUN: u16 = 256;
/// `two`, `both`.
pub const PAIR_COUNT: u16 = 512;
pub const BETWEEN: u16 = 1024;
/// An institution or office a text names again without its country (`the ministry said`): the
/// role indexes of `events` and `quotes` look only at these tokens.
pub const ROLE_NOUN: u16 = 2048;

const WORDS: &[(u16, &[&str])] = &[
    (COMMA, &[","]),
    (
        CLAUSE_BREAK,
        &[
            ";", ":", "—", "–", "but", "while", "whereas", "although", "though",
        ],
    ),
    (
        DETERMINER,
        &[
            "the",
            "a",
            "an",
            "its",
            "their",
            "his",
            "her",
            "our",
            "my",
            "your",
            "this",
            "these",
            "those",
            "that",
            "any",
            "further",
            "recent",
            "new",
            "more",
            "of",
            "for",
            "with",
            "no",
            "such",
            "mutual",
            "bilateral",
            "economic",
            "military",
            "strong",
            "close",
            "continued",
            "increased",
            "increasing",
            "greater",
            "technical",
            "humanitarian",
            "financial",
            "diplomatic",
            "international",
            "public",
            "growing",
            "good",
            "full",
            "own",
        ],
    ),
    (
        PREPOSITION,
        &[
            "to",
            "in",
            "at",
            "for",
            "with",
            "from",
            "of",
            "on",
            "by",
            "into",
            "over",
            "against",
            "toward",
            "towards",
            "between",
            "among",
            "about",
            "via",
            "across",
            "regarding",
            "including",
            "under",
            "onto",
            "upon",
            "than",
        ],
    ),
    (
        PASSIVE_AUX,
        &["was", "were", "been", "be", "being", "is", "are", "got"],
    ),
    (
        MODAL,
        &["would", "could", "might", "may", "will", "shall", "should"],
    ),
    (PRONOUN, &["he", "she"]),
    (FIRST_PERSON, &["we", "our", "us", "i"]),
    (
        PAIR_NOUN,
        &[
            "countries",
            "nations",
            "sides",
            "governments",
            "militaries",
            "capitals",
        ],
    ),
    (PAIR_COUNT, &["two", "both"]),
    (BETWEEN, &["between"]),
    (ROLE_NOUN, &ROLE_NOUNS),
];

/// Nouns of an institution that a text names again without its country (`the embassy said`,
/// `ministry spokesman X`): the words of [`ROLE_NOUN`], which the speakers' role index reads.
pub const ROLE_NOUNS: [&str; 10] = [
    "minister",
    "envoy",
    "ambassador",
    "embassy",
    "ministry",
    "government",
    "department",
    "consulate",
    "mission",
    "military",
];

/// Open addressing over the words' [`key_hash`]es: a slot is (hash, word, classes), empty
/// when its classes are 0. A quarter full, so a lookup reads one or two slots.
type Table = [(u64, &'static str, u16); SLOTS];
const SLOTS: usize = 512;

fn table() -> &'static Table {
    static TABLE: OnceLock<Box<Table>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Box<Table> = Box::new([(0, "", 0); SLOTS]);
        for &(flag, words) in WORDS {
            for w in words {
                let h = key_hash(w.as_bytes());
                let mut slot = slot_of(h);
                while t[slot].2 != 0 && t[slot].1 != *w {
                    slot = (slot + 1) % SLOTS;
                }
                t[slot] = (h, w, t[slot].2 | flag);
            }
        }
        t
    })
}

#[inline(always)]
fn slot_of(h: u64) -> usize {
    (h >> 55) as usize % SLOTS
}

/// The classes of a lower-cased word (0 for most words).
pub fn of(lower: &str) -> u16 {
    of_hashed(lower.as_bytes(), key_hash(lower.as_bytes()))
}

/// [`of`] for a key whose [`key_hash`] is known (as [`crate::codebook::Keys`] has it).
#[inline]
pub fn of_hashed(lower: &[u8], h: u64) -> u16 {
    let t = table();
    let mut slot = slot_of(h);
    loop {
        let (sh, word, flags) = t[slot];
        if flags == 0 {
            return 0;
        }
        if sh == h && word.as_bytes() == lower {
            return flags;
        }
        slot = (slot + 1) % SLOTS;
    }
}
