//! Generated news articles for the tests and the benchmark: built deterministically (xorshift)
//! from a vocabulary of actors, triggers, cue words and filler, with quotes, abbreviations and
//! multi-byte characters, so every stage works as on real news: 8-19 paragraphs, about half the
//! sentences naming no country, about one article in twenty a syndicated copy of an earlier one.
//!
//! Used by the compiler's benchmark and tests, and by `dyad-corpus generate N --out DIR`, which
//! writes such a corpus for the site's benchmark and end-to-end tests (`cargo xtask bench-site`).
//! The articles are invented: never mistake them for news.

/// A small deterministic PRNG (xorshift64): the same seed gives the same articles, so a
/// failure or a figure reproduces exactly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "Cambodia",
    "Russia",
    "Ukraine",
    "China",
    "The United States",
    "Hun Manet",
    "Prime Minister Hun Sen",
    "Beijing",
    "Washington",
    "Moscow",
    "Kyiv",
    "The Kremlin",
    "Vietnam",
    "Japan",
    "Thailand",
    "The ministry",
    "Officials",
    "Analysts",
    "The Cambodian government",
    "Chinese diplomats",
    "Russian envoy Anatoly Borovik",
    "U.S. officials",
];
const VERBS: &[&str] = &[
    "signed an agreement with",
    "held talks with",
    "criticised",
    "praised",
    "provided aid to",
    "thanked",
    "met",
    "rejected the proposal of",
    "agreed to cooperate with",
    "accused",
    "welcomed",
    "imposed sanctions on",
    "discussed trade with",
    "pledged support for",
    "warned",
    "invested in",
    "visited",
    "condemned",
    "hosted",
    "reported on",
    "wrote about",
    "spoke of",
];
const OBJECTS: &[&str] = &[
    "Cambodia",
    "Russia",
    "Ukraine",
    "China",
    "the United States",
    "Phnom Penh",
    "Kyiv",
    "Beijing",
    "Japan",
    "the Kingdom",
    "Vietnamese officials",
    "Thai traders",
    "local farmers",
    "the region",
];
const TAILS: &[&str] = &[
    "on Monday",
    "last week",
    "in Siem Reap",
    "after a long meeting",
    "despite earlier tension",
    "in the 1980s",
    "according to the ministry",
    "for the first time since Nov. 2019",
    "during the summit",
    "in Phnom Penh",
    "as the economy grew",
    "at the request of the U.N. mission",
    "in Geneva",
    "near the border",
];
const MODALS: &[&str] = &[
    "",
    "",
    "",
    "",
    "would not ",
    "could ",
    "plans to ",
    "did not ",
    "will ",
    "may ",
];
const FILLER: &[&str] = &[
    "The report covered rice exports, garment factories and tourism across the provinces.",
    "Prices rose by 3.5 percent in the capital, the statistics office said.",
    "Local media described the weather as unusually warm for the season.",
    "Traders in Kampong Cham reported steady demand for cassava and cashew nuts.",
    "The café on the riverside was crowded with visitors from Siem Reap — and beyond.",
    "The new road will link the port to three provinces and is due to open before the rainy season.",
    "Shares in the largest bank fell slightly in early trading, before recovering by the afternoon.",
    "Teachers said enrolment had risen after the school fees were waived for the poorest families.",
    "A spokesman declined to give further details, saying the investigation was still under way.",
    "Rainfall in the north-west was well below average for the third year in a row.",
];

fn sentence(rng: &mut Rng) -> String {
    // About half the sentences of news name no country: filler.
    match rng.below(10) {
        0..=4 => rng.pick(FILLER).to_string(),
        5 => format!(
            "“We {} {} {},” {} said.",
            rng.pick(&["support", "oppose", "will help", "cannot accept", "thank"]),
            rng.pick(OBJECTS),
            rng.pick(TAILS),
            rng.pick(&[
                "Hun Manet",
                "he",
                "Borovik",
                "a spokesman",
                "Zelensky",
                "she"
            ])
        ),
        _ => {
            let modal = rng.pick(MODALS);
            let verb = rng.pick(VERBS);
            // Bare verb after a modal: "could sign" reads oddly with "signed"; fine for a benchmark.
            format!(
                "{} {}{} {} {}.",
                rng.pick(SUBJECTS),
                modal,
                verb,
                rng.pick(OBJECTS),
                rng.pick(TAILS)
            )
        }
    }
}

fn article(rng: &mut Rng, i: usize, earlier: &[String]) -> (String, Vec<u8>) {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 2015 + (i / 336) % 10;
    let body = if i > 0 && rng.below(20) == 0 {
        // A syndicated copy: another outlet's first line over an earlier body.
        format!(
            "Wire copy as carried by outlet {}.\n{}",
            i % 7,
            earlier[rng.below(earlier.len())]
        )
    } else {
        let paragraphs = 8 + rng.below(12);
        let mut body = String::with_capacity(3000);
        for _ in 0..paragraphs {
            let n = 1 + rng.below(3);
            for k in 0..n {
                if k > 0 {
                    body.push(' ');
                }
                body.push_str(&sentence(rng));
            }
            body.push('\n');
        }
        body
    };
    let file = format!(
        "---\ntitle: Generated article {i}\nsource: Outlet {}\ndate: {year}-{month:02}-{day:02}\nurl: https://example.org/{i}\n---\n{body}",
        i % 13
    );
    (format!("gen/{i:06}.txt"), file.into_bytes())
}

/// `n` articles `(gen/NNNNNN.txt, bytes)`, 28 a month from January 2015 over ten years, then
/// again (thirteen outlets).
pub fn corpus(n: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(0x2545F4914F6CDD1D ^ n as u64);
    let mut bodies: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = article(&mut rng, i, &bodies);
        if bodies.len() < 512 {
            let text = String::from_utf8_lossy(&bytes);
            bodies.push(
                text.split_once("---\n")
                    .and_then(|(_, r)| r.split_once("---\n"))
                    .map_or(String::new(), |(_, b)| b.to_string()),
            );
        }
        out.push((name, bytes));
    }
    out
}
