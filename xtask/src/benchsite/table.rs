//! The printed table: one column per corpus size, the budgets beside the figures.

use super::*;

pub(super) fn kib(b: u64) -> String {
    format!("{:.1} KiB", b as f64 / 1024.0)
}

pub(super) fn ms(t: f64) -> String {
    format!("{t:.0} ms")
}

pub(super) fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if !n.is_multiple_of(2) => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

pub(super) fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

pub(super) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One row: a label, a figure per column (with whether it is over budget), the budget.
pub(super) type Row = (String, Vec<(String, bool)>, String);

pub(super) fn table(columns: &[Column]) -> String {
    let largest = columns.iter().map(|c| c.articles).max().unwrap_or(0);
    // Budgets hold at 10,000 articles (the largest corpus), the shell's at any size.
    let at_largest = |c: &Column, over: bool| over && c.articles == largest;
    let row = |label: &str, budget: &str, cell: &dyn Fn(&Column) -> (String, bool)| -> Row {
        (
            label.to_string(),
            columns.iter().map(cell).collect(),
            budget.to_string(),
        )
    };
    let rows: Vec<Row> = vec![
        row("quotes / data shards", "", &|c| {
            (format!("{} / {}", thousands(c.quotes), c.shards), false)
        }),
        row(
            "shell: wasm + JS + CSS (gzip)",
            "≤ 200 KiB, any size",
            &|c| (kib(c.shell), c.shell > 200 * 1024),
        ),
        row(
            "first visit: page + resources (gzip)",
            "≤ 350 KiB at 10,000",
            &|c| {
                (
                    kib(c.first_visit),
                    at_largest(c, c.first_visit > 350 * 1024),
                )
            },
        ),
        row("  server sent: every file once", "", &|c| {
            (kib(c.served_once), false)
        }),
        row("  server sent: all, with the SW precache", "", &|c| {
            (kib(c.served_all), false)
        }),
        row(
            "overview rendered (from navigation)",
            "≤ 1.5 s at 10,000",
            &|c| (ms(c.overview_ms), at_largest(c, c.overview_ms > 1500.0)),
        ),
        row(
            "article page, first (directory + shard)",
            "≤ 300 ms at 10,000",
            &|c| (ms(c.article_ms), at_largest(c, c.article_ms > 300.0)),
        ),
        row(
            "article page, second (its shard)",
            "≤ 300 ms at 10,000",
            &|c| {
                (
                    format!(
                        "{}{}",
                        ms(c.article2_ms),
                        if c.article2_other_shard {
                            ""
                        } else {
                            " (same shard)"
                        }
                    ),
                    at_largest(c, c.article2_ms > 300.0),
                )
            },
        ),
        row("quotes page opened", "", &|c| (ms(c.quotes_ms), false)),
        row(
            "search keystroke, median / max",
            "≤ 50 ms over 50,000 quotes",
            &|c| {
                (
                    format!("{:.1} / {:.1} ms", median(&c.keys), max(&c.keys)),
                    at_largest(c, max(&c.keys) > 50.0),
                )
            },
        ),
        row("  … with the layout it causes", "", &|c| {
            (
                format!(
                    "{:.1} / {:.1} ms",
                    median(&c.keys_layout),
                    max(&c.keys_layout)
                ),
                false,
            )
        }),
        row(&format!("  quotes matching \"{QUERY}\""), "", &|c| {
            (c.matched.clone(), false)
        }),
        row("JS heap used (after the search, a GC)", "", &|c| {
            (
                c.heap_bytes
                    .map_or("n/a".into(), |b| format!("{:.1} MB", b / 1e6)),
                false,
            )
        }),
        row("wasm memory", "", &|c| {
            (
                c.wasm_bytes
                    .map_or("n/a".into(), |b| format!("{:.1} MB", b / 1e6)),
                false,
            )
        }),
    ];
    let headers: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                format!("{} (seeds)", thousands(c.articles))
            } else {
                thousands(c.articles)
            }
        })
        .collect();
    render(&headers, &rows)
}

/// Lays the rows out in columns: the label left, the figures right-aligned, the budget last.
pub(super) fn render(headers: &[String], rows: &[Row]) -> String {
    let width = |s: &str| s.chars().count();
    let cell = |(s, over): &(String, bool)| if *over { format!("{s} *") } else { s.clone() };
    let label_w = rows
        .iter()
        .map(|r| width(&r.0))
        .max()
        .unwrap_or(0)
        .max(width("articles"));
    let col_w: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| width(&cell(&r.1[i])))
                .chain([width(&headers[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad = |s: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(width(s)));
        if right {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let line = |label: &str, cells: Vec<String>, budget: &str| {
        let mut out = pad(label, label_w, false);
        for (c, w) in cells.iter().zip(&col_w) {
            out.push_str("  ");
            out.push_str(&pad(c, *w, true));
        }
        format!("{out}  {budget}").trim_end().to_string()
    };
    let mut out = vec![line("articles", headers.to_vec(), "budget")];
    out.push("-".repeat(width(&out[0])));
    for (label, cells, budget) in rows {
        out.push(line(label, cells.iter().map(cell).collect(), budget));
    }
    out.join("\n")
}
