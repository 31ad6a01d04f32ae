//! Hash routes: `#/`, `#/pair/kh-cn`, `#/article/<id>?s=3`, `#/quotes?pair=kh-cn&q=naval`,
//! `#/method`, `#/brief`, and the embeds `#/embed/pair/kh-cn` (one pair's card) and
//! `#/embed/timeline/kh-cn` (its timeline), shown without the site's header. Pure parsing and printing, so deep links are unit-tested natively.
//! Every route also takes a period, `?from=2024-01&to=2024-12` ([`parse_period`], [`with_period`]).
//!
//! To add a route: add a variant, a line in [`parse_route`] and one in [`Route::href`], and the
//! view in the app's route table (`src/app.rs`).

use crate::period::Period;
use crate::quotes::QuoteFilter;
use crate::review::ReviewFilter;

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Overview,
    /// A pair, upper case as in the bundle: `KH-CN`.
    /// A pair and which of its articles are listed (analyst review: `?reviewed=yes|no`).
    Pair(String, ReviewFilter),
    /// An article, and optionally a sentence to scroll to and highlight.
    Article {
        id: String,
        sentence: Option<u32>,
    },
    Quotes(QuoteFilter),
    Method,
    /// Briefing mode, optionally at a slide (the lead's issue 5).
    Brief(Option<usize>),
    /// One pair's card alone, for an `<iframe>`: `#/embed/pair/kh-cn`.
    EmbedPair(String),
    /// One pair's timeline alone, for an `<iframe>`: `#/embed/timeline/kh-cn`.
    EmbedTimeline(String),
    /// Anything else, with the path as typed.
    NotFound(String),
}

/// Parses `location.hash` (with or without the leading `#`).
pub fn parse_route(hash: &str) -> Route {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let params = parse_query(query);
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segs.as_slice() {
        [] => Route::Overview,
        ["pair", slug] if is_pair_slug(slug) => Route::Pair(
            slug.to_ascii_uppercase(),
            ReviewFilter::parse(get("reviewed").as_deref()),
        ),
        ["article", id] => Route::Article {
            id: id.to_string(),
            sentence: get("s").and_then(|s| s.parse().ok()),
        },
        ["quotes"] => Route::Quotes(QuoteFilter {
            q: get("q").unwrap_or_default(),
            pair: get("pair").map(|p| p.to_ascii_uppercase()),
            speaker: get("speaker"),
            country: get("country").map(|c| c.to_ascii_uppercase()),
            tone: get("tone"),
            outlet: get("outlet"),
            reviewed: crate::review::ReviewFilter::parse(get("reviewed").as_deref()),
        }),
        ["method"] => Route::Method,
        ["brief"] => Route::Brief(None),
        ["brief", n] => match n.parse() {
            Ok(n) => Route::Brief(Some(n)),
            Err(_) => Route::NotFound(path.to_string()),
        },
        ["embed", "pair", slug] if is_pair_slug(slug) => {
            Route::EmbedPair(slug.to_ascii_uppercase())
        }
        ["embed", "timeline", slug] if is_pair_slug(slug) => {
            Route::EmbedTimeline(slug.to_ascii_uppercase())
        }
        _ => Route::NotFound(path.to_string()),
    }
}

fn is_pair_slug(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_alphabetic())
}

impl Route {
    /// A pair's page listing all its articles.
    pub fn pair(pair: &str) -> Route {
        Route::Pair(pair.to_string(), ReviewFilter::All)
    }

    /// The link to this route, `#/…`, usable as an `href` under any sub-path or from a file.
    pub fn href(&self) -> String {
        match self {
            Route::Overview => "#/".into(),
            Route::Pair(p, f) => match f.as_param() {
                None => format!("#/pair/{}", p.to_ascii_lowercase()),
                Some(v) => format!("#/pair/{}?reviewed={v}", p.to_ascii_lowercase()),
            },
            Route::Article { id, sentence: None } => format!("#/article/{}", percent_encode(id)),
            Route::Article {
                id,
                sentence: Some(s),
            } => format!("#/article/{}?s={s}", percent_encode(id)),
            Route::Quotes(f) => {
                let mut q = Vec::new();
                if let Some(p) = &f.pair {
                    q.push(("pair", p.to_ascii_lowercase()));
                }
                if !f.q.is_empty() {
                    q.push(("q", f.q.clone()));
                }
                for (k, v) in [
                    ("speaker", &f.speaker),
                    ("country", &f.country),
                    ("tone", &f.tone),
                    ("outlet", &f.outlet),
                ] {
                    if let Some(v) = v {
                        q.push((k, v.clone()));
                    }
                }
                if let Some(v) = f.reviewed.as_param() {
                    q.push(("reviewed", v.to_string()));
                }
                let query: Vec<String> = q
                    .iter()
                    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
                    .collect();
                if query.is_empty() {
                    "#/quotes".into()
                } else {
                    format!("#/quotes?{}", query.join("&"))
                }
            }
            Route::Method => "#/method".into(),
            Route::Brief(None) => "#/brief".into(),
            Route::Brief(Some(n)) => format!("#/brief/{n}"),
            Route::EmbedPair(p) => format!("#/embed/pair/{}", p.to_ascii_lowercase()),
            Route::EmbedTimeline(p) => format!("#/embed/timeline/{}", p.to_ascii_lowercase()),
            Route::NotFound(p) => format!("#{p}"),
        }
    }

    /// Which top-level navigation entry this route belongs to.
    pub fn section(&self) -> &'static str {
        match self {
            Route::Overview | Route::Pair(..) => "overview",
            Route::Article { .. } => "article",
            Route::Quotes(_) => "quotes",
            Route::Method => "method",
            Route::Brief(_) => "brief",
            Route::EmbedPair(_) | Route::EmbedTimeline(_) | Route::NotFound(_) => "",
        }
    }
}

/// The period a hash asks for (`from` and `to`, `YYYY-MM`); the whole corpus without them.
pub fn parse_period(hash: &str) -> Period {
    let query = hash.split_once('?').map_or("", |(_, q)| q);
    let params = parse_query(query);
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    Period::parse(get("from"), get("to"))
}

/// A route's link (`Route::href`) in a period: the period's bounds appended to its query.
pub fn with_period(href: &str, period: &Period) -> String {
    let bounds: Vec<String> = [("from", period.from), ("to", period.to)]
        .iter()
        .filter_map(|(k, m)| Some(format!("{k}={}", (*m)?.key())))
        .collect();
    if bounds.is_empty() {
        return href.to_string();
    }
    format!(
        "{href}{}{}",
        if href.contains('?') { '&' } else { '?' },
        bounds.join("&")
    )
}

/// `a=1&b=x%20y` → pairs; `+` is a space; empty values are dropped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let v = percent_decode(&v.replace('+', " "));
            (!k.is_empty() && !v.trim().is_empty()).then(|| (percent_decode(k), v))
        })
        .collect()
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; malformed escapes and invalid UTF-8 are kept or replaced, never panic.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (
                (b[i + 1] as char).to_digit(16),
                (b[i + 2] as char).to_digit(16),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_route() {
        assert_eq!(parse_route(""), Route::Overview);
        assert_eq!(parse_route("#/"), Route::Overview);
        assert_eq!(parse_route("#/pair/kh-cn"), Route::pair("KH-CN"));
        assert_eq!(
            parse_route("#/article/003_abc"),
            Route::Article {
                id: "003_abc".into(),
                sentence: None
            }
        );
        assert_eq!(
            parse_route("#/article/003_abc?s=4"),
            Route::Article {
                id: "003_abc".into(),
                sentence: Some(4)
            }
        );
        assert_eq!(parse_route("#/method"), Route::Method);
        assert_eq!(parse_route("#/brief"), Route::Brief(None));
        assert_eq!(parse_route("#/brief/2"), Route::Brief(Some(2)));
        assert_eq!(parse_route("#/nope"), Route::NotFound("/nope".into()));
        assert_eq!(
            parse_route("#/pair/china"),
            Route::NotFound("/pair/china".into())
        );
        assert_eq!(
            parse_route("#/embed/pair/kh-cn"),
            Route::EmbedPair("KH-CN".into())
        );
        assert_eq!(
            parse_route("#/embed/timeline/KH-UA?from=2024-01"),
            Route::EmbedTimeline("KH-UA".into())
        );
        for bad in [
            "#/embed",
            "#/embed/pair",
            "#/embed/pair/china",
            "#/embed/map/kh-cn",
        ] {
            assert_eq!(parse_route(bad), Route::NotFound(bad[1..].into()), "{bad}");
        }
        match parse_route("#/quotes?pair=kh-cn&q=naval%20base&tone=conflict") {
            Route::Quotes(f) => {
                assert_eq!(f.pair.as_deref(), Some("KH-CN"));
                assert_eq!(f.q, "naval base");
                assert_eq!(f.tone.as_deref(), Some("conflict"));
            }
            r => panic!("{r:?}"),
        }
    }

    #[test]
    fn href_round_trips() {
        let routes = [
            Route::Overview,
            Route::pair("KH-UA"),
            Route::Pair("KH-UA".into(), ReviewFilter::Reviewed),
            Route::Article {
                id: "a b".into(),
                sentence: Some(7),
            },
            Route::Quotes(QuoteFilter {
                q: "Hun Sen & “friends”".into(),
                pair: Some("KH-CN".into()),
                outlet: Some("The Phnom Penh Post".into()),
                ..Default::default()
            }),
            Route::Quotes(QuoteFilter {
                reviewed: crate::review::ReviewFilter::Unreviewed,
                ..Default::default()
            }),
            Route::Quotes(QuoteFilter::default()),
            Route::Method,
            Route::Brief(Some(3)),
            Route::EmbedPair("KH-CN".into()),
            Route::EmbedTimeline("KH-US".into()),
        ];
        for r in routes {
            assert_eq!(parse_route(&r.href()), r, "{}", r.href());
        }
    }

    #[test]
    fn every_route_carries_a_period() {
        let p = Period::parse(Some("2024-01"), Some("2024-12"));
        for r in [
            Route::Overview,
            Route::pair("KH-CN"),
            Route::Quotes(QuoteFilter {
                q: "x".into(),
                ..Default::default()
            }),
            Route::Brief(Some(2)),
            Route::EmbedTimeline("KH-CN".into()),
        ] {
            let href = with_period(&r.href(), &p);
            assert_eq!(parse_route(&href), r, "{href}");
            assert_eq!(parse_period(&href), p, "{href}");
        }
        assert_eq!(with_period("#/", &p), "#/?from=2024-01&to=2024-12");
        assert_eq!(
            with_period("#/quotes?q=x", &Period::parse(Some("2023-05"), None)),
            "#/quotes?q=x&from=2023-05"
        );
        assert_eq!(with_period("#/method", &Period::ALL), "#/method");
        assert_eq!(parse_period("#/pair/kh-cn"), Period::ALL);
        assert_eq!(
            parse_period("#/?from=2024-13"),
            Period::ALL,
            "a malformed month is dropped"
        );
    }

    #[test]
    fn decoding_never_panics() {
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }
}
