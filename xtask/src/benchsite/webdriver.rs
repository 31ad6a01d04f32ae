//! chromedriver and W3C WebDriver sessions, over plain HTTP.

use super::*;

/// chromedriver on a free loopback port, in its own process group; dropping it ends the group
/// (chromedriver and every Chromium it started).
pub(super) struct Driver {
    pub(super) child: Child,
    pub(super) port: u16,
}

impl Driver {
    pub(super) fn start() -> Result<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start chromedriver ({e}): `cargo xtask setup` installs it")
            })?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match webdriver(port, "GET", "/status", None) {
                Ok(v) if v["ready"] == true => return Ok(driver),
                _ if Instant::now() > deadline => {
                    return Err("chromedriver did not become ready in 30 s".into())
                }
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = self.child.id();
        let group = |signal: &str| {
            // `--`: procps-ng reads `kill -TERM -1234` as `kill(-1, …)`; with it, exactly the group.
            let _ = Command::new("kill")
                .args(["-s", signal, "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        };
        group("TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && self.child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(50));
        }
        group("KILL");
        let _ = self.child.wait();
    }
}

/// A headless Chromium session with a fresh profile; dropping it closes the browser and removes
/// the profile.
pub(super) struct Session<'a> {
    pub(super) driver: &'a Driver,
    pub(super) id: String,
    pub(super) version: String,
    pub(super) _profile: TempDir,
}

impl<'a> Session<'a> {
    pub(super) fn new(driver: &'a Driver, work: &Path) -> Result<Session<'a>> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let profile = TempDir(work.join(format!("profile-{}", N.fetch_add(1, Ordering::SeqCst))));
        let _ = std::fs::remove_dir_all(&profile.0);
        std::fs::create_dir_all(&profile.0)?;
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--enable-precise-memory-info", "--js-flags=--expose-gc", format!("--user-data-dir={}", profile.0.display()),
                ],
            },
        } } });
        let v = webdriver(driver.port, "POST", "/session", Some(&caps))
            .map_err(|e| format!("cannot start a Chromium session: {e}"))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or("chromedriver gave no session id")?
            .to_string();
        let version = v["capabilities"]["browserVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        let session = Session {
            driver,
            id,
            version,
            _profile: profile,
        };
        session.cmd(
            "POST",
            "timeouts",
            json!({ "script": PAGE_TIMEOUT_MS + 10_000, "pageLoad": PAGE_TIMEOUT_MS }),
        )?;
        Ok(session)
    }

    pub(super) fn cmd(&self, method: &str, rest: &str, body: Value) -> Result<Value> {
        webdriver(
            self.driver.port,
            method,
            &format!("/session/{}/{rest}", self.id),
            Some(&body),
        )
    }

    /// Navigates and waits for the page's load event.
    pub(super) fn goto(&self, url: &str) -> Result<()> {
        self.cmd("POST", "url", json!({ "url": url })).map(drop)
    }

    pub(super) fn js(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs a script that ends by calling its last argument with its result.
    pub(super) fn js_async(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "execute/async",
            json!({ "script": script, "args": args }),
        )
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = webdriver(
            self.driver.port,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

/// One WebDriver command over HTTP/1.1: its `value`, or an error with chromedriver's message.
pub(super) fn webdriver(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_millis(PAGE_TIMEOUT_MS * 3)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let (status, body) = read_response(&mut BufReader::new(stream))?;
    let mut v: Value = serde_json::from_slice(&body)
        .map_err(|e| format!("{method} {path}: HTTP {status}, not JSON ({e})"))?;
    let value = v["value"].take();
    if status != 200 {
        let what = value["error"].as_str().unwrap_or("error");
        let message = value["message"]
            .as_str()
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        return Err(format!("{method} {path}: HTTP {status}, {what}: {message}").into());
    }
    Ok(value)
}

/// An HTTP/1.1 response: the status code and the body (by Content-Length, chunked, or to the end).
pub(super) fn read_response(r: &mut impl BufRead) -> Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {line:?}"))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse::<usize>().ok(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| format!("a bad chunk size: {size:?}"))?;
            if n == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + n, 0);
            r.read_exact(&mut body[start..])?;
            let mut crlf = [0u8; 2];
            r.read_exact(&mut crlf)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok((status, body))
}
