//! Throughput of the whole compile (parse, analyse, group stories, aggregate, serialise) on
//! generated corpora of 10,000 and 100,000 articles, on one thread.
//!
//! `cargo bench -p dyad-corpus --bench throughput` prints MB/s and articles/s (best and median
//! of several runs) and the peak resident memory (VmHWM). Sizes and runs can be chosen:
//! `-- 1000 20000 --runs 5`. It asserts nothing about time.
//! The bundle is written as the CLI writes it: streamed into a file (in the temp folder,
//! removed afterwards).
//!
//! Articles are built deterministically (xorshift) from a vocabulary of actors, triggers, cue
//! words and filler, with quotes, abbreviations and multi-byte characters, so every stage works
//! as on real news: 8-19 paragraphs, about half the sentences naming no country, about one
//! article in twenty a syndicated copy of an earlier one.

use dyad_corpus::codebook::{fnv1a, FNV_OFFSET};
use dyad_corpus::{compile_sources, write_json_atomic, Options};

// As the command line allocates (see the crate's `mimalloc` feature).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

const SUBJECTS: &[&str] = &[
    "Cambodia", "Russia", "Ukraine", "China", "The United States", "Hun Manet", "Prime Minister Hun Sen", "Beijing",
    "Washington", "Moscow", "Kyiv", "The Kremlin", "Vietnam", "Japan", "Thailand", "The ministry", "Officials",
    "Analysts", "The Cambodian government", "Chinese diplomats", "Russian envoy Anatoly Borovik", "U.S. officials",
];
const VERBS: &[&str] = &[
    "signed an agreement with", "held talks with", "criticised", "praised", "provided aid to", "thanked", "met",
    "rejected the proposal of", "agreed to cooperate with", "accused", "welcomed", "imposed sanctions on",
    "discussed trade with", "pledged support for", "warned", "invested in", "visited", "condemned", "hosted",
    "reported on", "wrote about", "spoke of",
];
const OBJECTS: &[&str] = &[
    "Cambodia", "Russia", "Ukraine", "China", "the United States", "Phnom Penh", "Kyiv", "Beijing", "Japan",
    "the Kingdom", "Vietnamese officials", "Thai traders", "local farmers", "the region",
];
const TAILS: &[&str] = &[
    "on Monday", "last week", "in Siem Reap", "after a long meeting", "despite earlier tension", "in the 1980s",
    "according to the ministry", "for the first time since Nov. 2019", "during the summit", "in Phnom Penh",
    "as the economy grew", "at the request of the U.N. mission", "in Geneva", "near the border",
];
const MODALS: &[&str] = &["", "", "", "", "would not ", "could ", "plans to ", "did not ", "will ", "may "];
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
            rng.pick(&["Hun Manet", "he", "Borovik", "a spokesman", "Zelensky", "she"])
        ),
        _ => {
            let modal = rng.pick(MODALS);
            let verb = rng.pick(VERBS);
            // Bare verb after a modal: "could sign" reads oddly with "signed"; fine for a benchmark.
            format!("{} {}{} {} {}.", rng.pick(SUBJECTS), modal, verb, rng.pick(OBJECTS), rng.pick(TAILS))
        }
    }
}

fn article(rng: &mut Rng, i: usize, earlier: &[String]) -> (String, Vec<u8>) {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 2015 + (i / 336) % 10;
    let body = if i > 0 && rng.below(20) == 0 {
        // A syndicated copy: another outlet's first line over an earlier body.
        format!("Wire copy as carried by outlet {}.\n{}", i % 7, earlier[rng.below(earlier.len())])
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

fn corpus(n: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(0x2545F4914F6CDD1D ^ n as u64);
    let mut bodies: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = article(&mut rng, i, &bodies);
        if bodies.len() < 512 {
            let text = String::from_utf8_lossy(&bytes);
            bodies.push(text.split_once("---\n").and_then(|(_, r)| r.split_once("---\n")).map_or(String::new(), |(_, b)| b.to_string()));
        }
        out.push((name, bytes));
    }
    out
}

/// FNV-1a of a file, printed so a change meant to be invisible (a speed-up) can be seen to give
/// the same bundle byte for byte. Read after the timed part.
fn file_hash(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut h = FNV_OFFSET;
    // In chunks: reading the whole bundle at once would raise the peak memory reported.
    let (mut file, mut chunk) = (std::fs::File::open(path).expect("the bundle was written"), vec![0u8; 1 << 16]);
    loop {
        let n = file.read(&mut chunk).expect("the bundle reads back");
        if n == 0 {
            break;
        }
        h = fnv1a(h, &chunk[..n]);
    }
    format!("{h:016x}")
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // Arguments: corpus sizes, and `--runs N` (default 3) compiles of each.
    let (mut sizes, mut runs) = (Vec::new(), 3usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs).max(1),
            _ => sizes.extend(a.parse::<usize>().ok()),
        }
    }
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    let opts = Options::default();
    let out = std::env::temp_dir().join(format!("dyad-throughput-{}.json", std::process::id()));
    println!("dyad-corpus throughput (one thread; parse + analyse + stories + aggregates + JSON), best and median of {runs} runs");
    for n in sizes {
        // This machine shares its cores: the same work takes from 1x to 1.5x as long from run to
        // run, so each size is compiled several times and the spread is shown.
        let mut times = Vec::with_capacity(runs);
        let (mut bytes, mut summary) = (0, String::new());
        for run in 0..runs {
            // Generated afresh for each run (the same articles), so that, as with the command
            // line, only the input being compiled is in memory: the peak is the compiler's.
            let input = corpus(n);
            bytes = input.iter().map(|(_, b)| b.len()).sum();
            let start = Instant::now();
            let compiled = compile_sources(&opts, input).expect("generated articles are valid");
            let json_bytes = write_json_atomic(&out, &compiled.bundle).expect("the bundle is written");
            times.push(start.elapsed().as_secs_f64());
            if run + 1 == runs {
                let s = &compiled.bundle.stats;
                summary = format!(
                    "{} stories, {} sentences, {} events, bundle {:.1} MB, hash {}",
                    s.stories,
                    s.sentences,
                    s.events,
                    json_bytes as f64 / 1_000_000.0,
                    file_hash(&out)
                );
            }
        }
        let mb = bytes as f64 / 1_000_000.0;
        times.sort_by(f64::total_cmp);
        let (best, median) = (times[0], times[times.len() / 2]);
        println!(
            "{n:>7} articles  {mb:>8.1} MB in  best {best:>6.2} s  {:>6.1} MB/s  {:>7.0} articles/s  |  median {median:>6.2} s  {:>6.1} MB/s  |  \
             peak RSS {:>6.0} MB  ({summary})",
            mb / best,
            n as f64 / best,
            mb / median,
            peak_rss_mb().unwrap_or(f64::NAN),
        );
    }
    let _ = std::fs::remove_file(&out);
}
