//! Compiles the articles into the bundle the app embeds, with the one corpus compiler.
//!
//! The folder is `seeds/` unless `DYAD_SEEDS` names another; `DYAD_CODEBOOK` names a TOML codebook
//! to use instead of the built-in one. On bad input the build fails with
//! the compiler's diagnostics, and the previous build (and its bundle) stays as it was.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let seeds = std::env::var_os("DYAD_SEEDS").map(PathBuf::from).unwrap_or_else(|| root.join("seeds"));
    println!("cargo:rerun-if-env-changed=DYAD_SEEDS");
    println!("cargo:rerun-if-changed={}", seeds.display());

    // A user's codebook replaces the built-in one for the dashboard too.
    println!("cargo:rerun-if-env-changed=DYAD_CODEBOOK");
    let mut options = dyad_corpus::Options::default();
    if let Some(path) = std::env::var_os("DYAD_CODEBOOK").map(PathBuf::from) {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("cannot read the codebook {}: {e}", path.display())));
        let codebook = dyad_corpus::Codebook::parse(&text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        options = dyad_corpus::Options::with_focus(codebook, dyad_model::FOCUS_COUNTRY);
    }
    let compiled = match dyad_corpus::compile_dir_with(&seeds, &options) {
        Ok(c) => c,
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {n} error(s) in the articles of {}; the bundle was not built", seeds.display());
            std::process::exit(1);
        }
    };
    for w in &compiled.warnings {
        println!("cargo:warning={}", w.to_string().lines().next().unwrap_or_default());
    }
    // The day the bundle was built, for the briefing's title slide. Kept out of the bundle so the
    // bundle stays byte-identical for the same input; SOURCE_DATE_EPOCH pins it.
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let secs = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    });
    println!("cargo:rustc-env=DYAD_BUILD_DATE={}", civil_date(secs / 86_400));

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bundle.json");
    dyad_corpus::write_json_atomic(&out, &compiled.bundle).expect("write the bundle into OUT_DIR");
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

/// `YYYY-MM-DD` of a count of days since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
