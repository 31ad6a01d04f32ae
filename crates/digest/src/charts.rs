//! The charts, drawn with plotters' SVG backend into strings.
//!
//! Colours are *roles*, not colours: each role is a sentinel RGB value that the stylesheet maps
//! to the theme's colour with an attribute selector (`.chart [fill="#333333"] { fill: … }`), so
//! one SVG serves the light, dark and projector themes and prints as vectors. Every label goes
//! through plotters, which XML-escapes text, so the strings are safe to set as inner HTML.

use crate::date::month_ticks;
use crate::pairs::{CategoryRow, MIN_SMOOTH_POINTS};
use crate::text::signed;
use dyad_model::{Annotation, Stance, Thresholds};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Text and axes.
pub const FG: RGBColor = RGBColor(0x11, 0x11, 0x11);
/// Grid and the zero line.
pub const GRID: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const COOP: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const CONFLICT: RGBColor = RGBColor(0x44, 0x44, 0x44);
pub const MIXED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The smoothed line and neutral marks.
pub const ACCENT: RGBColor = RGBColor(0x66, 0x66, 0x66);

const FONT: &str = "sans-serif";

/// The colour of the stance a score earns under the codebook's thresholds.
fn tone(score: f64, t: &Thresholds) -> RGBColor {
    match Stance::from_score(score, t) {
        Stance::Cooperative => COOP,
        Stance::Strained => CONFLICT,
        Stance::Mixed => MIXED,
    }
}

fn text_style(size: u32, color: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}

fn render(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>),
) -> String {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        draw(&root);
        let _ = root.present();
    }
    buf
}

/// A linear scale from a data interval onto a pixel interval.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(self, x: f64) -> i32 {
        let t = if (self.d1 - self.d0).abs() < 1e-12 {
            0.5
        } else {
            (x - self.d0) / (self.d1 - self.d0)
        };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

/// One bar of the overview's comparison chart.
#[derive(Clone, Debug)]
pub struct CompareRow {
    pub label: String,
    /// `None`: no assessment, drawn as a note instead of a bar.
    pub score: Option<f64>,
    pub confidence: f64,
}

/// The comparison's bars for the overview's cards, in their order (the overview page and the
/// briefing's overview slide).
pub fn compare_rows(cards: &[crate::PairCard<'_>]) -> Vec<CompareRow> {
    cards
        .iter()
        .map(|c| CompareRow {
            label: c.partner.to_string(),
            score: c.summary.map(|a| a.score),
            confidence: c.summary.map_or(0.0, |a| a.confidence),
        })
        .collect()
}

/// The focus pairs side by side: a diverging bar per pair from 0 to its score (−1..1).
pub fn comparison_svg(rows: &[CompareRow], bands: &Thresholds) -> String {
    let (w, row_h) = (1000u32, 72u32);
    let h = 70 + row_h * rows.len().max(1) as u32;
    render(w, h, |root| {
        let x = Scale {
            d0: -1.0,
            d1: 1.0,
            p0: 300.0,
            p1: 960.0,
        };
        let top = 20;
        let bottom = top + (row_h * rows.len() as u32) as i32;
        for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
            let px = x.at(t);
            let style = if t == 0.0 {
                GRID.stroke_width(3)
            } else {
                GRID.mix(0.35).stroke_width(1)
            };
            let _ = root.draw(&PathElement::new(vec![(px, top), (px, bottom)], style));
            let _ = root.draw(&Text::new(
                signed(t),
                (px, bottom + 10),
                text_style(26, &FG, HPos::Center, VPos::Top),
            ));
        }
        for (i, r) in rows.iter().enumerate() {
            let cy = top + (row_h as i32) * i as i32 + row_h as i32 / 2;
            let _ = root.draw(&Text::new(
                r.label.clone(),
                (285, cy),
                text_style(32, &FG, HPos::Right, VPos::Center),
            ));
            match r.score {
                Some(s) => {
                    let (a, b) = (x.at(0.0), x.at(s.clamp(-1.0, 1.0)));
                    let color = tone(s, bands);
                    let _ = root.draw(&Rectangle::new(
                        [(a.min(b), cy - 18), (a.max(b).max(a.min(b) + 3), cy + 18)],
                        color.filled(),
                    ));
                    let label = format!("{} (confidence {:.0}%)", signed(s), r.confidence * 100.0);
                    let (lx, anchor) = if s >= 0.0 {
                        (x.at(0.0) - 10, HPos::Right)
                    } else {
                        (x.at(0.0) + 10, HPos::Left)
                    };
                    let _ = root.draw(&Text::new(
                        label,
                        (lx, cy),
                        text_style(26, &FG, anchor, VPos::Center),
                    ));
                }
                None => {
                    let _ = root.draw(&Text::new(
                        "no assessment yet",
                        (x.at(0.0) + 10, cy),
                        text_style(26, &FG, HPos::Left, VPos::Center),
                    ));
                }
            }
        }
    })
}

/// Runs of consecutive points (by day, in order) with no empty calendar month between them: a
/// line is drawn through each run alone, so a month with no story is a gap, not a zero.
pub fn month_runs(days: &[i64]) -> Vec<std::ops::Range<usize>> {
    let month = |d: i64| crate::date::Month::of_day(d).0;
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..days.len() {
        if month(days[i]) - month(days[i - 1]) > 1 {
            runs.push(start..i);
            start = i;
        }
    }
    if !days.is_empty() {
        runs.push(start..days.len());
    }
    runs
}

/// A small trend line for an overview card; only call it with enough points to show a trend.
pub fn sparkline_svg(points: &[(i64, f64)], bands: &Thresholds) -> String {
    let (w, h) = (320u32, 90u32);
    render(w, h, |root| {
        let (d0, d1) = (
            points.first().map_or(0, |p| p.0) as f64,
            points.last().map_or(1, |p| p.0) as f64,
        );
        let x = Scale {
            d0,
            d1,
            p0: 10.0,
            p1: w as f64 - 10.0,
        };
        let y = Scale {
            d0: 1.0,
            d1: -1.0,
            p0: 8.0,
            p1: h as f64 - 8.0,
        };
        let _ = root.draw(&PathElement::new(
            vec![(0, y.at(0.0)), (w as i32, y.at(0.0))],
            GRID.mix(0.5).stroke_width(1),
        ));
        let days: Vec<i64> = points.iter().map(|p| p.0).collect();
        for run in month_runs(&days) {
            let line: Vec<(i32, i32)> = points[run]
                .iter()
                .map(|&(d, s)| (x.at(d as f64), y.at(s)))
                .collect();
            let _ = root.draw(&PathElement::new(line, ACCENT.stroke_width(3)));
        }
        for &(d, s) in points {
            let _ = root.draw(&Circle::new(
                (x.at(d as f64), y.at(s)),
                5,
                tone(s, bands).filled(),
            ));
        }
    })
}

/// A mark to draw on the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimelineInput {
    pub day: i64,
    pub score: f64,
    pub evidence: u32,
}

/// Where a mark landed, in percent of the chart's width and height, for the focusable overlay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkPos {
    pub x: f64,
    pub y: f64,
    /// Radius in percent of the width.
    pub r: f64,
}

pub const TIMELINE_W: u32 = 1000;
pub const TIMELINE_H: u32 = 440;

/// A mark's radius grows with the square root of its evidence sentences.
pub fn mark_radius(evidence: u32) -> i32 {
    (7.0 + 3.0 * (evidence as f64).sqrt()).min(26.0).round() as i32
}

/// Centred moving average over three points (two at the ends).
pub fn smooth(values: &[f64]) -> Vec<f64> {
    (0..values.len())
        .map(|i| {
            let lo = i.saturating_sub(1);
            let hi = (i + 2).min(values.len());
            values[lo..hi].iter().sum::<f64>() / (hi - lo) as f64
        })
        .collect()
}

/// The days a timeline of these marks shows, padded so that marks at the ends stay whole; one
/// mark sits in the middle.
pub fn timeline_range(marks: &[TimelineInput]) -> (f64, f64) {
    let (d0, d1) = (
        marks.iter().map(|m| m.day).min().unwrap_or(0) as f64,
        marks.iter().map(|m| m.day).max().unwrap_or(0) as f64,
    );
    let pad = ((d1 - d0) * 0.06).max(20.0);
    (d0 - pad, d1 + pad)
}

/// An annotation as a chart draws it: its days, and its number on the chart (from 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Note<'a> {
    pub n: usize,
    pub day: i64,
    /// The last day of a range.
    pub until: Option<i64>,
    pub annotation: &'a Annotation,
}

impl Note<'_> {
    /// `24 Feb 2022`, or `24 Feb 2022 – 3 Mar 2022` for a range.
    pub fn dates(&self) -> String {
        let a = self.annotation;
        match &a.until {
            Some(u) => format!(
                "{} – {}",
                crate::date::human_date(Some(&a.date)),
                crate::date::human_date(Some(u))
            ),
            None => crate::date::human_date(Some(&a.date)),
        }
    }
}

/// Whether an annotation concerns a pair: it names the pair, or names none and the pair is a
/// focus pair.
pub fn concerns(a: &Annotation, pair: &str, focus_pairs: &[String]) -> bool {
    if a.pairs.is_empty() {
        focus_pairs.iter().any(|p| p == pair)
    } else {
        a.pairs.iter().any(|p| p.eq_ignore_ascii_case(pair))
    }
}

/// The annotations a chart of `pair` over the days `range` shows: those concerning the pair
/// that overlap the range (a range partly outside is cut at the edge), by date, numbered from 1.
/// An annotation with a date the calendar cannot read is left out.
pub fn notes_in<'a>(
    all: &'a [Annotation],
    pair: &str,
    focus_pairs: &[String],
    range: (f64, f64),
) -> Vec<Note<'a>> {
    let mut notes: Vec<Note<'a>> = all
        .iter()
        .filter(|a| concerns(a, pair, focus_pairs))
        .filter_map(|a| {
            let day = crate::date::days(&a.date)?;
            let until = match &a.until {
                Some(u) => Some(crate::date::days(u)?.max(day)),
                None => None,
            };
            let last = until.unwrap_or(day) as f64;
            (last >= range.0 && day as f64 <= range.1).then_some(Note {
                n: 0,
                day,
                until,
                annotation: a,
            })
        })
        .collect();
    crate::sort::sort_by(&mut notes, |a, b| a.day.cmp(&b.day));
    for (i, n) in notes.iter_mut().enumerate() {
        n.n = i + 1;
    }
    notes
}

/// The notes as one line of text, for a slide under its chart and for a screen reader:
/// `Marked: 1 Russia invades Ukraine (24 Feb 2022); 2 …`. Empty when there is none.
pub fn notes_line(notes: &[Note<'_>]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let items: Vec<String> = notes
        .iter()
        .map(|n| format!("{} {} ({})", n.n, n.annotation.label, n.dates()))
        .collect();
    format!("Marked: {}.", items.join("; "))
}

/// The longest label drawn beside its number, in bytes; a longer one is cut with `…` (the data
/// table and the slide's line give it whole).
const NOTE_LABEL_BYTES: usize = 34;
/// The label row's type size, and the rough width of one of its characters.
const NOTE_TEXT: u32 = 22;
const NOTE_CHAR_W: i32 = 10;

/// Draws the notes on a chart whose time axis is `x`, between the heights `span.0..span.1`:
/// a thin rule at a day, a light band over a range. Each rule gets its number in a label row of
/// height `row_h` above the plot, and its label too when that fits before the next one; a number
/// that would touch the previous one drops to a second row. Drawn before the marks, so a mark
/// is never hidden; the labels sit above the plot, where no mark reaches.
fn draw_notes(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    notes: &[Note<'_>],
    x: Scale,
    span: (i32, i32),
    row_h: i32,
) {
    let (lo, hi) = (x.p0.min(x.p1) as i32, x.p0.max(x.p1) as i32);
    let at = |d: i64| x.at(d as f64).clamp(lo, hi);
    let pos: Vec<i32> = notes.iter().map(|n| at(n.day)).collect();
    let mut row_end = [i32::MIN; 2];
    for (i, n) in notes.iter().enumerate() {
        let x0 = pos[i];
        let top = 2;
        match n.until.map(at) {
            Some(x1) if x1 - x0 >= 3 => {
                let _ = root.draw(&Rectangle::new(
                    [(x0, span.0), (x1, span.1)],
                    ACCENT.mix(0.12).filled(),
                ));
                let _ = root.draw(&PathElement::new(
                    vec![(x0, top), (x0, span.1)],
                    ACCENT.mix(0.6).stroke_width(1),
                ));
            }
            _ => {
                let _ = root.draw(&PathElement::new(
                    vec![(x0, top), (x0, span.1)],
                    ACCENT.mix(0.7).stroke_width(2),
                ));
            }
        }
        let number = n.n.to_string();
        let next = pos.get(i + 1).copied().unwrap_or(i32::MAX);
        let room = next.min(root.dim_in_pixel().0 as i32) - x0 - 16;
        // Bytes for characters: a label with non-ASCII letters is taken as wider than it is.
        let l = &n.annotation.label;
        let label = if l.len() > NOTE_LABEL_BYTES {
            let mut end = NOTE_LABEL_BYTES - 3;
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…", &l[..end])
        } else {
            l.clone()
        };
        let full = format!("{number} {label}");
        let text = if full.len() as i32 * NOTE_CHAR_W <= room {
            full
        } else {
            number
        };
        let width = text.len() as i32 * NOTE_CHAR_W;
        let row = if x0 + 4 > row_end[0] { 0 } else { 1 };
        row_end[row] = x0 + 4 + width;
        let _ = root.draw(&Text::new(
            text,
            (x0 + 4, 4 + row as i32 * row_h),
            text_style(NOTE_TEXT, &FG, HPos::Left, VPos::Top),
        ));
    }
}

/// A pair's stance over time: one mark per story (dated), sized by evidence, the threshold
/// bands, a smoothed line from [`MIN_SMOOTH_POINTS`] marks on, and the annotations `notes`
/// (from [`notes_in`] over [`timeline_range`]) as numbered rules or bands.
pub fn timeline_svg(
    marks: &[TimelineInput],
    notes: &[Note<'_>],
    bands: &Thresholds,
) -> (String, Vec<MarkPos>) {
    let (w, h) = (TIMELINE_W, TIMELINE_H);
    // With notes, two label rows above the plot, out of the marks' reach.
    let top = if notes.is_empty() { 30.0 } else { 84.0 };
    let (left, right, bottom) = (150.0, w as f64 - 40.0, h as f64 - 70.0);
    let (d0, d1) = timeline_range(marks);
    let x = Scale {
        d0,
        d1,
        p0: left,
        p1: right,
    };
    let y = Scale {
        d0: 1.0,
        d1: -1.0,
        p0: top,
        p1: bottom,
    };
    let positions = marks
        .iter()
        .map(|m| MarkPos {
            x: x.at(m.day as f64) as f64 / w as f64 * 100.0,
            y: y.at(m.score.clamp(-1.0, 1.0)) as f64 / h as f64 * 100.0,
            r: mark_radius(m.evidence) as f64 / w as f64 * 100.0,
        })
        .collect();
    let svg = render(w, h, |root| {
        // Bands: cooperative above, strained below.
        let (l, r) = (left as i32, right as i32);
        let _ = root.draw(&Rectangle::new(
            [(l, y.at(1.0)), (r, y.at(bands.cooperative))],
            COOP.mix(0.08).filled(),
        ));
        let _ = root.draw(&Rectangle::new(
            [(l, y.at(bands.strained)), (r, y.at(-1.0))],
            CONFLICT.mix(0.08).filled(),
        ));
        for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
            let style = if t == 0.0 {
                GRID.stroke_width(2)
            } else {
                GRID.mix(0.3).stroke_width(1)
            };
            let _ = root.draw(&PathElement::new(vec![(l, y.at(t)), (r, y.at(t))], style));
            let _ = root.draw(&Text::new(
                signed(t),
                (l - 12, y.at(t)),
                text_style(28, &FG, HPos::Right, VPos::Center),
            ));
        }
        let _ = root.draw(&Text::new(
            "cooperative",
            (l + 8, y.at(1.0) + 4),
            text_style(24, &FG, HPos::Left, VPos::Top),
        ));
        let _ = root.draw(&Text::new(
            "strained",
            (l + 8, y.at(-1.0) - 4),
            text_style(24, &FG, HPos::Left, VPos::Bottom),
        ));
        // Time ticks: month starts (at most five), never the same label twice.
        if !marks.is_empty() {
            for (t, label) in month_ticks(d0, d1, 5) {
                let px = x.at(t as f64);
                let _ = root.draw(&PathElement::new(
                    vec![(px, bottom as i32), (px, bottom as i32 + 8)],
                    GRID.stroke_width(1),
                ));
                let _ = root.draw(&Text::new(
                    label,
                    (px, bottom as i32 + 14),
                    text_style(28, &FG, HPos::Center, VPos::Top),
                ));
            }
        }
        let _ = root.draw(&PathElement::new(
            vec![(l, bottom as i32), (r, bottom as i32)],
            GRID.stroke_width(2),
        ));
        draw_notes(root, notes, x, (top as i32, bottom as i32), 26);
        if marks.len() >= MIN_SMOOTH_POINTS {
            let days: Vec<i64> = marks.iter().map(|m| m.day).collect();
            for run in month_runs(&days) {
                let scores: Vec<f64> = marks[run.clone()].iter().map(|m| m.score).collect();
                let line: Vec<(i32, i32)> = marks[run]
                    .iter()
                    .zip(smooth(&scores))
                    .map(|(m, s)| (x.at(m.day as f64), y.at(s)))
                    .collect();
                let _ = root.draw(&PathElement::new(line, ACCENT.stroke_width(3)));
            }
        }
        for m in marks {
            let c = (x.at(m.day as f64), y.at(m.score.clamp(-1.0, 1.0)));
            let color = tone(m.score, bands);
            let _ = root.draw(&Circle::new(
                c,
                mark_radius(m.evidence),
                color.mix(0.85).filled(),
            ));
            let _ = root.draw(&Circle::new(c, mark_radius(m.evidence), FG.stroke_width(2)));
        }
    });
    (svg, positions)
}

/// Cooperation and conflict by event category: conflict to the left of zero, cooperation to the
/// right, one row per category.
pub fn categories_svg(rows: &[CategoryRow]) -> String {
    let (w, row_h) = (1000u32, 52u32);
    let h = 80 + row_h * rows.len().max(1) as u32;
    let max = rows
        .iter()
        .map(|r| r.cooperation.max(-r.conflict))
        .fold(1.0_f64, f64::max);
    render(w, h, |root| {
        let x = Scale {
            d0: -max,
            d1: max,
            p0: 340.0,
            p1: 960.0,
        };
        let top = 40;
        let bottom = top + (row_h * rows.len() as u32) as i32;
        let _ = root.draw(&Text::new(
            "← conflict",
            (x.at(0.0) - 10, 8),
            text_style(26, &FG, HPos::Right, VPos::Top),
        ));
        let _ = root.draw(&Text::new(
            "cooperation →",
            (x.at(0.0) + 10, 8),
            text_style(26, &FG, HPos::Left, VPos::Top),
        ));
        for (i, r) in rows.iter().enumerate() {
            let cy = top + row_h as i32 * i as i32 + row_h as i32 / 2;
            let _ = root.draw(&Text::new(
                r.label.clone(),
                (325, cy),
                text_style(26, &FG, HPos::Right, VPos::Center),
            ));
            if r.cooperation > 0.0 {
                let _ = root.draw(&Rectangle::new(
                    [
                        (x.at(0.0), cy - 14),
                        (x.at(r.cooperation).max(x.at(0.0) + 2), cy + 14),
                    ],
                    COOP.filled(),
                ));
                let _ = root.draw(&Text::new(
                    format!("{:.1}", r.cooperation),
                    (x.at(r.cooperation) + 6, cy),
                    text_style(24, &FG, HPos::Left, VPos::Center),
                ));
            }
            if r.conflict < 0.0 {
                let _ = root.draw(&Rectangle::new(
                    [
                        (x.at(r.conflict).min(x.at(0.0) - 2), cy - 14),
                        (x.at(0.0), cy + 14),
                    ],
                    CONFLICT.filled(),
                ));
                let _ = root.draw(&Text::new(
                    format!("{:.1}", r.conflict),
                    (x.at(r.conflict) - 6, cy),
                    text_style(24, &FG, HPos::Right, VPos::Center),
                ));
            }
        }
        let _ = root.draw(&PathElement::new(
            vec![(x.at(0.0), top - 6), (x.at(0.0), bottom)],
            GRID.stroke_width(3),
        ));
    })
}

/// The light theme's colour of each role (`style/main.css`, the first of each `light-dark()`),
/// for a chart that leaves the page.
pub const LIGHT_COLOURS: [(RGBColor, &str); 6] = [
    (FG, "#1b1f24"),
    (GRID, "#7a838e"),
    (COOP, "#1f6f8b"),
    (CONFLICT, "#b3261e"),
    (MIXED, "#6b5300"),
    (ACCENT, "#222a33"),
];

/// `#RRGGBB` as plotters writes a colour.
fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// A chart as a file that stands alone: the role colours replaced by the light theme's, a
/// white background, and `title` (escaped) as its `<title>`.
pub fn standalone_svg(svg: &str, title: &str) -> String {
    let roles: Vec<(String, &str)> = LIGHT_COLOURS.iter().map(|(r, c)| (hex(*r), *c)).collect();
    // Every attribute value is a whole piece between two quotes: swap those that are a role.
    let parts: Vec<&str> = svg
        .split('"')
        .map(|part| {
            roles
                .iter()
                .find(|(role, _)| role == part)
                .map_or(part, |(_, colour)| *colour)
        })
        .collect();
    let mut out = parts.join("\"");
    let at = out.find('>').map_or(0, |i| i + 1);
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    out.insert_str(
        at,
        &format!(
            "\n<title>{title}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>"
        ),
    );
    out
}

#[cfg(test)]
mod tests;
