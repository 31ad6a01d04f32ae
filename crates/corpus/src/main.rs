//! `dyad-corpus`: the command line of the corpus compiler.
//!
//! ```text
//! dyad-corpus build <DIR> --out <FILE>   compile the articles of DIR into a bundle
//! dyad-corpus check <DIR>                validate, print diagnostics and a summary
//! ```

use dyad_corpus::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  dyad-corpus build <DIR> --out <FILE>   compile the articles (*.txt) of DIR into a JSON bundle
  dyad-corpus check <DIR>                validate the articles, print diagnostics and a summary";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("build") => {
            let (dir, out) = match args {
                [_, dir, flag, out] if flag == "--out" => (dir, out),
                [_, flag, out, dir] if flag == "--out" => (dir, out),
                _ => return Err(format!("error: `build` needs a folder and `--out <FILE>`\n{USAGE}")),
            };
            let compiled = compile(Path::new(dir))?;
            let json = dyad_corpus::to_json(&compiled.bundle);
            let out = PathBuf::from(out);
            dyad_corpus::write_atomic(&out, json.as_bytes())
                .map_err(|e| format!("error: cannot write {}: {e}", out.display()))?;
            eprintln!("wrote {} ({} articles, {} bytes)", out.display(), compiled.bundle.articles.len(), json.len());
            Ok(())
        }
        Some("check") => {
            let [_, dir] = args else {
                return Err(format!("error: `check` needs a folder\n{USAGE}"));
            };
            let compiled = compile(Path::new(dir))?;
            let s = &compiled.bundle.stats;
            println!(
                "ok: {} articles from {} sources, {} bytes of text, dated {} to {}",
                s.articles,
                s.sources,
                s.bytes,
                s.first_date.as_deref().unwrap_or("?"),
                s.last_date.as_deref().unwrap_or("?")
            );
            Ok(())
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    }
}

/// Compiles and prints every diagnostic; on errors, says how many and fails.
fn compile(dir: &Path) -> Result<dyad_corpus::Compiled, String> {
    match dyad_corpus::compile_dir(dir) {
        Ok(compiled) => {
            print_diagnostics(&compiled.warnings);
            Ok(compiled)
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            Err(format!("error: {errors} error(s) in {}; nothing was written", dir.display()))
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}
