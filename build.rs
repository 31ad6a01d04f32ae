//! Compiles the articles into the bundle the app embeds, with the one corpus compiler.
//!
//! The folder is `seeds/` unless `DYAD_SEEDS` names another. On bad input the build fails with
//! the compiler's diagnostics, and the previous build (and its bundle) stays as it was.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let seeds = std::env::var_os("DYAD_SEEDS").map(PathBuf::from).unwrap_or_else(|| root.join("seeds"));
    println!("cargo:rerun-if-env-changed=DYAD_SEEDS");
    println!("cargo:rerun-if-changed={}", seeds.display());

    let compiled = match dyad_corpus::compile_dir(&seeds) {
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
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bundle.json");
    dyad_corpus::write_atomic(&out, dyad_corpus::to_json(&compiled.bundle).as_bytes()).expect("write the bundle into OUT_DIR");
}
