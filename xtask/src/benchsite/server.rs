//! A small HTTP server for one site, gzip for text and wasm as GitHub Pages sends them.

use super::*;

/// Serves a site under [`PREFIX`] on 127.0.0.1, text files and the wasm gzip-compressed (for
/// clients that accept it), compressed beforehand; counts what it sends. Stops when dropped.
pub(super) struct Server {
    pub(super) port: u16,
    pub(super) stop: Arc<AtomicBool>,
    /// Every response sent: the path and the bytes on the wire (head and body).
    pub(super) log: Arc<Mutex<Vec<(String, u64)>>>,
    pub(super) thread: Option<std::thread::JoinHandle<()>>,
}

/// A site's files in memory: the raw bytes, and the gzip of those worth compressing.
pub(super) struct Files {
    pub(super) raw: HashMap<String, Arc<Vec<u8>>>,
    pub(super) gzip: HashMap<String, Arc<Vec<u8>>>,
}

impl Files {
    pub(super) fn load(root: &Path) -> Result<Files> {
        let paths = crate::site::site_files(root)?;
        let mut raw = HashMap::new();
        for p in &paths {
            raw.insert(p.clone(), Arc::new(std::fs::read(root.join(p))?));
        }
        let todo: Vec<&String> = paths.iter().filter(|p| compressible(p)).collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunks: Vec<Vec<(String, Vec<u8>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = todo
                .chunks(todo.len().div_ceil(threads).max(1))
                .map(|chunk| {
                    let raw = &raw;
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|p| ((*p).clone(), crate::site::gzip(&raw[*p])))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a compression thread"))
                .collect()
        });
        let gzip = chunks
            .into_iter()
            .flatten()
            .map(|(p, b)| (p, Arc::new(b)))
            .collect();
        Ok(Files { raw, gzip })
    }
}

/// What GitHub Pages compresses: text, and the wasm; not PNG, fonts (WOFF2 is compressed) or PDF.
pub(super) fn compressible(name: &str) -> bool {
    matches!(
        name.rsplit('.').next().unwrap_or(""),
        "html" | "js" | "css" | "json" | "svg" | "webmanifest" | "wasm" | "csv" | "txt"
    )
}

pub(super) fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under [`PREFIX`] (`…/` is its `index.html`); none outside it.
pub(super) fn file_of(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let rest = path.strip_prefix(PREFIX)?;
    if rest.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    })
}

/// Whether a request's headers accept a gzip body.
pub(super) fn accepts_gzip(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        h.split_once(':').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("accept-encoding")
                && v.split(',').any(|e| {
                    e.split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .eq_ignore_ascii_case("gzip")
                })
        })
    })
}

/// A response's head: GitHub Pages' caching (ten minutes), the encoding when gzip.
pub(super) fn response_head(status: &str, kind: &str, len: usize, gzip: bool) -> String {
    let encoding = if gzip {
        "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
    } else {
        ""
    };
    format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\n{encoding}Cache-Control: max-age=600\r\n\r\n")
}

impl Server {
    pub(super) fn start(root: &Path) -> Result<Server> {
        let files = Arc::new(Files::load(root)?);
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, log_all) = (stop.clone(), log.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (files, log, stop) = (files.clone(), log_all.clone(), stop_flag.clone());
                    std::thread::spawn(move || serve_connection(stream, &files, &log, &stop));
                }
            }
        });
        Ok(Server {
            port,
            stop,
            log,
            thread: Some(thread),
        })
    }

    pub(super) fn url(&self, rest: &str) -> String {
        format!("http://127.0.0.1:{}{PREFIX}{rest}", self.port)
    }

    /// Bytes sent so far: counting each file once, and in all.
    pub(super) fn sent(&self) -> (u64, u64) {
        let log = self.log.lock().unwrap();
        let mut seen = HashSet::new();
        let once = log
            .iter()
            .filter(|(p, _)| seen.insert(p.as_str()))
            .map(|(_, b)| b)
            .sum();
        (once, log.iter().map(|(_, b)| b).sum())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accept loop
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers GET and HEAD requests on one keep-alive connection until the client closes it, it is
/// idle for 5 s, or the server stops.
pub(super) fn serve_connection(
    stream: TcpStream,
    files: &Files,
    log: &Mutex<Vec<(String, u64)>>,
    stop: &AtomicBool,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    while !stop.load(Ordering::SeqCst) {
        let mut request = String::new();
        if reader.read_line(&mut request).map_or(true, |n| n == 0) {
            return;
        }
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).map_or(true, |n| n == 0) {
                return;
            }
            if h.trim().is_empty() {
                break;
            }
            headers.push(h);
        }
        let mut words = request.split_whitespace();
        let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
        let has_body = headers.iter().any(|h| {
            h.to_ascii_lowercase().starts_with("content-length:")
                && !h.trim().ends_with(": 0")
                && !h.trim().ends_with(":0")
        });
        if !matches!(method, "GET" | "HEAD") || has_body {
            let _ = stream.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        let name = file_of(target);
        let gz = accepts_gzip(&headers);
        let found = name.as_ref().and_then(|n| match (gz, files.gzip.get(n)) {
            (true, Some(b)) => Some((n, b.clone(), true)),
            _ => files.raw.get(n).map(|b| (n, b.clone(), false)),
        });
        let (head, body) = match &found {
            Some((n, body, gzip)) => (
                response_head("200 OK", content_type(n), body.len(), *gzip),
                Some(body),
            ),
            None => (response_head("404 Not Found", "text/plain", 0, false), None),
        };
        let body: &[u8] = if method == "HEAD" {
            &[]
        } else {
            body.map_or(&[][..], |b| b.as_slice())
        };
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body))
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
        log.lock()
            .unwrap()
            .push((name.unwrap_or_default(), (head.len() + body.len()) as u64));
    }
}
