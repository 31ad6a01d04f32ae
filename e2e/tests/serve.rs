//! `cargo xtask serve`, the main command: it compiles seeds/ and serves the dashboard at
//! http://127.0.0.1:8080/.

use dyad_e2e::{signal_group, Browser};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ADDRESS: &str = "http://127.0.0.1:8080/";

fn get(url: &str) -> Option<String> {
    let addr = url.trim_start_matches("http://").split('/').next()?;
    let mut stream = std::net::TcpStream::connect(addr).ok()?;
    std::io::Write::write_all(&mut stream, b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut body = String::new();
    stream.read_to_string(&mut body).ok()?;
    // The status line, whatever HTTP version the server answers with.
    let ok = body
        .lines()
        .next()
        .is_some_and(|status| status.split_whitespace().nth(1) == Some("200"));
    ok.then_some(body)
}

/// Ends the command's whole process group (cargo, xtask, trunk) when the test ends, pass or
/// fail, and reaps the command.
struct StopGroup(std::process::Child);

impl Drop for StopGroup {
    fn drop(&mut self) {
        signal_group(self.0.id(), "TERM");
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn xtask_serve_serves_the_dashboard() {
    assert!(
        get(ADDRESS).is_none(),
        "something already serves {ADDRESS}: stop it first"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let log = std::env::temp_dir().join(format!("dyad-serve-{}.log", std::process::id()));
    let serve = Command::new("cargo")
        .args(["xtask", "serve"])
        .current_dir(&root)
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::from(
            std::fs::File::create(&log).unwrap().try_clone().unwrap(),
        ))
        .process_group(0)
        .spawn()
        .expect("run cargo xtask serve");
    let mut serve = StopGroup(serve);

    // A cold debug build of the app comes first.
    let deadline = Instant::now() + Duration::from_secs(900);
    while get(ADDRESS).is_none() {
        if Instant::now() > deadline || serve.0.try_wait().unwrap().is_some() {
            panic!(
                "`cargo xtask serve` did not serve {ADDRESS}:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let printed = std::fs::read_to_string(&log).unwrap_or_default();

    let b = Browser::start().await;
    b.client.goto(ADDRESS).await.unwrap();
    b.wait_for(".pair-card").await;
    assert_eq!(b.texts(".pair-card h2").await.len(), 4);
    b.assert_clean_console().await;
    b.close().await;
    assert!(
        printed.contains(ADDRESS),
        "the command prints its address: {printed}"
    );
}
