//! Downloads: a CSV of every assessment, and a README of its columns.

use dyad_model::layout::{Catalog, Index};

pub const CSV_COLUMNS: [(&str, &str); 13] = [
    ("article_id", "The article's identifier: its file name without .txt."),
    ("date", "The article's date, YYYY-MM-DD; empty when unknown."),
    ("source", "The outlet."),
    ("title", "The article's title."),
    ("url", "The original article's address; empty when unknown."),
    ("story", "The story the article belongs to; syndicated copies share one and count once in aggregates."),
    ("pair", "The two countries, ISO 3166 alpha-2 codes, e.g. KH-CN (focus country first)."),
    ("focus", "true for the focus pairs (the codebook's [focus]), false for context pairs."),
    ("stance", "cooperative, mixed or strained, by the codebook's thresholds; empty when there is no stance."),
    ("score", "-1 (conflict) to 1 (cooperation)."),
    ("confidence", "0 to 1: how much evidence backs the score."),
    ("evidence_sentences", "How many sentences back the score."),
    ("evidence_weight", "The sum of the evidence sentences' signed weights."),
];

/// Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas: a text
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets an apostrophe, unless it is
/// a plain decimal number (`-0.5`; not `-inf`, `-NaN` or `-1e3`).
fn field(s: &str) -> String {
    let number = is_decimal(s);
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `-0.5`, `+2`, `3.25`: a sign, digits, at most one point, a digit at least. (Not
/// `str::parse::<f64>`, whose tables cost the app's wasm ~1 KiB for a yes or no.)
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
}

/// One row per assessment (focus and context) per article, in catalog order.
pub fn assessments_csv(catalog: &Catalog) -> String {
    let mut out = CSV_COLUMNS
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for a in &catalog.articles {
        for (focus, s) in a
            .assessments
            .iter()
            .map(|s| (true, s))
            .chain(a.context.iter().map(|s| (false, s)))
        {
            let row = [
                field(&a.id),
                field(a.date.as_deref().unwrap_or("")),
                field(&a.source),
                field(&a.title),
                field(a.url.as_deref().unwrap_or("")),
                field(&a.story),
                field(&s.pair),
                focus.to_string(),
                s.stance.map_or("", |x| x.as_str()).to_string(),
                format!("{:.4}", s.score),
                format!("{:.4}", s.confidence),
                s.evidence.to_string(),
                format!("{:.4}", s.evidence_weight),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// The README shipped beside the CSV.
pub fn csv_readme(index: &Index) -> String {
    let mut s = String::from("# Dyad assessments (assessments.csv)\n\n");
    s.push_str("One row per article and pair the article speaks about: the stance the codebook gives the pair in that article, ");
    s.push_str("with the evidence behind it. The evidence sentences themselves are in the site's data files: ");
    s.push_str("data/shard-*.json, under articles[].assessments[].evidence and articles[].context[].evidence, as UTF-8 byte offsets into articles[].text ");
    s.push_str("(data/catalog-*.json says which shard holds each article).\n\n");
    s.push_str(&format!(
        "Data schema version {}; generator {}; codebook {}; input digest {}.\n\n",
        index.schema_version, index.build.generator, index.build.codebook, index.build.input_digest
    ));
    s.push_str("Encoding UTF-8, comma-separated, CRLF line ends, RFC 4180 quoting. Text fields that would start a spreadsheet formula are prefixed with an apostrophe.\n\n## Columns\n\n");
    for (c, d) in CSV_COLUMNS {
        s.push_str(&format!("- `{c}`: {d}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_data;

    #[test]
    fn csv_has_a_header_and_one_row_per_assessment() {
        let mut d = test_data();
        d.catalog.articles[0].title = "Hun Sen, \"friends\" =1+1".into();
        d.catalog.articles[0].source = "=HYPERLINK(1)".into();
        let csv = assessments_csv(&d.catalog);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "a KH-CN row and a CN-US context row");
        assert!(lines[0].starts_with("article_id,date,source,title,url"));
        assert_eq!(
            lines[1],
            "a,2023-10-27,'=HYPERLINK(1),\"Hun Sen, \"\"friends\"\" =1+1\",,a,KH-CN,true,mixed,-0.2000,0.5000,2,-1.0000"
        );
        for (raw, written) in [
            ("\tcmd", "'\tcmd"),
            ("\r=1", "\"'\r=1\""),
            ("-inf", "'-inf"),
            ("-NaN", "'-NaN"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("-1e3", "'-1e3"),
            ("-.", "'-."),
            ("-1.2.3", "'-1.2.3"),
            ("-", "'-"),
        ] {
            assert_eq!(field(raw), written, "{raw:?}");
        }
        let readme = csv_readme(&d.index);
        for (c, _) in CSV_COLUMNS {
            assert!(readme.contains(&format!("`{c}`")));
        }
    }
}
