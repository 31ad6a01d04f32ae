//! Throughput of the whole compile (parse, analyse, group stories, aggregate, write the data
//! folder) on generated corpora of 10,000 and 100,000 articles, on one thread.
//!
//! `cargo bench -p dyad-corpus --bench throughput` prints MB/s and articles/s (best and median
//! of several runs; also per second on a CPU, steadier when other work shares the cores), the
//! median time of each stage (serialising and writing the JSON apart from the analysis), the
//! peak resident memory (VmHWM) and the data folder's sizes (index, catalog, quotes, shards);
//! for corpora up to 20,000 articles, the time to serialise the whole bundle. Sizes and runs can
//! be chosen: `-- 1000 20000 --runs 5`; `--out DIR` keeps the last data folder there (otherwise
//! it goes in the temp folder and is removed). It asserts nothing about time.
//! The corpus is compiled as the CLI compiles it (`compile_dir_into`): the article files read
//! from a folder, one shard of full articles in memory at a time, each file synced, the folder
//! swapped in. The timed part is all of that.
//!
//! The articles come from `dyad-corpus generate` (`dyad_corpus::sample`: deterministic,
//! news-like), written by a child process, so the peak memory printed is the compiler's alone.

use dyad_corpus::codebook::{fnv1a, FNV_OFFSET};
use dyad_corpus::{compile_dir_into, Options};

// As the command line allocates (see the crate's `mimalloc` feature).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

/// FNV-1a of the index, printed so a change meant to be invisible (a speed-up) can be seen to
/// give the same data byte for byte: the index names every other file by its content hash, so
/// it changes when any byte of any file does. Read after the timed part.
fn file_hash(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).expect("the index was written");
    format!("{:016x}", fnv1a(FNV_OFFSET, &bytes))
}

/// This thread's time on a CPU and waiting for one, in seconds (`/proc/thread-self/schedstat`,
/// nanoseconds): the machine's cores are shared, and time on a CPU varies far less than wall
/// time when other work competes for them.
fn cpu_and_wait() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut ns = stat.split_whitespace().map(|x| x.parse::<f64>().ok());
    Some((ns.next()?? / 1e9, ns.next()?? / 1e9))
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn median_of(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The single bundle (`dyad-corpus build --bundle`) is timed for corpora up to this size only:
/// it is held in memory whole.
const BUNDLE_UP_TO: usize = 20_000;

/// Times serialising the whole bundle of `articles` into memory (`dyad_corpus::to_json`): the
/// other JSON the compiler writes, beside the data folder.
fn bundle_json(articles: &std::path::Path, opts: &Options, runs: usize) {
    let bundle = dyad_corpus::compile_dir_with(articles, opts)
        .expect("generated articles are valid")
        .bundle;
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        bytes = dyad_corpus::to_json(&bundle).len();
        times.push(start.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1_000_000.0;
    let m = median_of(&mut times);
    println!(
        "{:>17}bundle JSON: {mb:.1} MB written in median {m:.3} s ({:.0} MB/s of JSON)",
        "",
        mb / m
    );
}

fn main() {
    // Arguments: corpus sizes, `--runs N` (default 3) compiles of each, `--out DIR` to keep the data.
    let (mut sizes, mut runs, mut keep) = (Vec::new(), 3usize, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            "--out" => keep = args.next().map(std::path::PathBuf::from),
            _ => sizes.extend(a.parse::<usize>().ok()),
        }
    }
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let opts = Options::default();
    let out = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("dyad-throughput-{}", std::process::id()))
    });
    let articles =
        std::env::temp_dir().join(format!("dyad-throughput-articles-{}", std::process::id()));
    println!("dyad-corpus throughput (one thread; read + parse + analyse + stories + judgements + data folder), best and median of {runs} runs");
    for n in sizes {
        let _ = std::fs::remove_dir_all(&articles);
        let generated = std::process::Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
            .args(["generate", &n.to_string(), "--out"])
            .arg(&articles)
            .output()
            .expect("run dyad-corpus generate");
        assert!(
            generated.status.success(),
            "{}",
            String::from_utf8_lossy(&generated.stderr)
        );
        let bytes: u64 = std::fs::read_dir(&articles)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        // This machine shares its cores: the same work takes from 1x to 1.5x as long from run to
        // run, so each size is compiled several times and the spread is shown.
        let mut times = Vec::with_capacity(runs);
        let (mut cpu, mut waited) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let mut stages: Vec<(&str, Vec<f64>)> = Vec::new();
        let mut summary = String::new();
        for run in 0..runs {
            let start = Instant::now();
            let sched = cpu_and_wait();
            let compiled =
                compile_dir_into(&articles, &opts, &out).expect("generated articles are valid");
            times.push(start.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (sched, cpu_and_wait()) {
                cpu.push(b.0 - a.0);
                waited.push(b.1 - a.1);
            }
            for (k, &(stage, secs)) in compiled.stages.iter().enumerate() {
                match stages.get_mut(k) {
                    Some((name, all)) if *name == stage => all.push(secs),
                    _ => stages.insert(k, (stage, vec![secs])),
                }
            }
            if run + 1 == runs {
                let written = &compiled.written;
                let index: dyad_model::layout::Index = dyad_model::layout::parse_versioned(
                    "index",
                    &std::fs::read_to_string(out.join(&written.index.path)).unwrap(),
                )
                .unwrap();
                let s = &index.stats;
                let f = &written.files;
                let shards: u64 = f.shards.iter().map(|s| s.bytes).sum();
                let kb = |b: u64| b as f64 / 1000.0;
                summary = format!(
                    "{} stories, {} sentences, {} events; index {:.1} kB, catalog {:.1} kB, quotes {:.1} kB, {} shards {:.1} MB; hash {}",
                    s.stories,
                    s.sentences,
                    s.events,
                    kb(written.index.bytes),
                    kb(f.catalog.bytes),
                    kb(f.quotes.bytes),
                    f.shards.len(),
                    shards as f64 / 1_000_000.0,
                    file_hash(&out.join(&written.index.path))
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
        let by_stage: Vec<String> = stages
            .iter_mut()
            .map(|(stage, secs)| format!("{stage} {:.2} s", median_of(secs)))
            .collect();
        if !cpu.is_empty() {
            let on_cpu = median_of(&mut cpu);
            println!(
                "{:>17}on a CPU: median {on_cpu:.2} s, {:.1} MB/s per CPU second; waiting for a core: median {:.2} s",
                "",
                mb / on_cpu,
                median_of(&mut waited)
            );
        }
        println!("{:>17}median by stage: {}", "", by_stage.join(", "));
        if n <= BUNDLE_UP_TO {
            bundle_json(&articles, &opts, runs);
        }
    }
    let _ = std::fs::remove_dir_all(&articles);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&out);
    }
    hostile_patterns(&opts);
}

/// Constructions that make a rule search back or across an article, each repeated into one
/// article of 0.5 MB and of 2 MB: the MB/s of the two should be close (the compiler is linear
/// in its input); a search over the whole article per match shows as the larger one's being
/// several times slower. Figures only, no assertion.
fn hostile_patterns(opts: &Options) {
    const PATTERNS: [&str; 5] = [
        "Cambodia's minister. ",
        "“Our two countries cooperate,” Hun Manet said. ",
        "The two countries agreed. ",
        "Cambodia praised the work. ",
        "“We agree,” the minister said. “We respect it.” ",
    ];
    println!(
        "hostile patterns, one article each (MB/s at 0.5 MB → at 2 MB; close figures mean linear):"
    );
    let dir = std::env::temp_dir().join(format!("dyad-throughput-hostile-{}", std::process::id()));
    for pattern in PATTERNS {
        let mut figures = Vec::new();
        for mb in [0.5f64, 2.0] {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let body = pattern.repeat((mb * 1e6) as usize / pattern.len());
            let text = format!("---\ntitle: Hostile\nsource: Bench\n---\n{body}\n");
            std::fs::write(dir.join("hostile.txt"), &text).unwrap();
            // Best of three: the first run of a size also pays for the memory it first touches.
            let best = (0..3)
                .map(|_| {
                    let start = Instant::now();
                    dyad_corpus::compile_dir_with(&dir, opts).expect("the pattern compiles");
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min);
            figures.push(text.len() as f64 / 1e6 / best);
        }
        println!(
            "  {:>6.1} → {:>6.1} MB/s  {pattern:?}",
            figures[0], figures[1]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
