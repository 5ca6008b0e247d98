//! Charts as SVG drawn on the server: readable without JavaScript, no third-party code. They
//! are a few lines each (a polyline over a scale), so a plotting crate would add more than it
//! saves; each carries a text alternative for screen readers.

use chrono::NaiveDate;
use maud::{Markup, html};

/// PHQ-9 severity bands: upper bound (exclusive) and label.
const PHQ9_BANDS: [(f64, f64, &str, &str); 5] = [
    (0.0, 5.0, "minimal", "band-minimal"),
    (5.0, 10.0, "mild", "band-mild"),
    (10.0, 15.0, "moderate", "band-moderate"),
    (15.0, 20.0, "moderately severe", "band-modsevere"),
    (20.0, 27.0, "severe", "band-severe"),
];

fn day_offset(from: NaiveDate, date: NaiveDate) -> f64 {
    f64::from(i32::try_from((date - from).num_days()).unwrap_or(0))
}

fn span(from: NaiveDate, to: NaiveDate) -> f64 {
    day_offset(from, to).max(1.0)
}

/// A mood sparkline (0–10) over `[from, to]`.
#[must_use]
pub fn sparkline(points: &[(NaiveDate, f64)], from: NaiveDate, to: NaiveDate) -> Markup {
    const W: f64 = 120.0;
    const H: f64 = 28.0;
    let label = if points.is_empty() {
        "No check-ins in the last 28 days".to_owned()
    } else {
        let list: Vec<String> = points.iter().map(|(d, m)| format!("{d}: {m:.1}")).collect();
        format!("Daily mood, last 28 days: {}", list.join(", "))
    };
    let coords: Vec<String> = points
        .iter()
        .map(|(d, m)| {
            format!(
                "{:.1},{:.1}",
                day_offset(from, *d) / span(from, to) * W,
                H - m / 10.0 * H
            )
        })
        .collect();
    html! {
        svg class="sparkline" width=(W) height=(H) viewBox={"0 0 " (W) " " (H)} role="img" aria-label=(label) {
            title { (label) }
            line class="axis" x1="0" y1=(H) x2=(W) y2=(H) {}
            @if coords.len() > 1 {
                polyline class="mood" fill="none" points=(coords.join(" ")) {}
            }
            @for c in &coords {
                @let (x, y) = c.split_once(',').unwrap_or(("0", "0"));
                circle class="mood-dot" cx=(x) cy=(y) r="1.8" {}
            }
        }
    }
}

/// Daily mean mood over the course, with a line at each weekly session.
#[must_use]
pub fn mood_chart(
    points: &[(NaiveDate, f64)],
    sessions: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
) -> Markup {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const L: f64 = 28.0;
    const B: f64 = 20.0;
    let plot_w = W - L - 8.0;
    let plot_h = H - B - 8.0;
    let x = |d: NaiveDate| L + day_offset(from, d) / span(from, to) * plot_w;
    let y = |m: f64| 8.0 + plot_h - m / 10.0 * plot_h;
    let label = format!(
        "Daily mean mood from {from} to {to}, {} days with check-ins, sessions marked",
        points.len()
    );
    let line: Vec<String> = points
        .iter()
        .map(|(d, m)| format!("{:.1},{:.1}", x(*d), y(*m)))
        .collect();
    html! {
        svg class="chart" viewBox={"0 0 " (W) " " (H)} role="img" aria-label=(label) {
            title { (label) }
            @for tick in [0.0, 5.0, 10.0] {
                line class="grid" x1=(L) x2=(W - 8.0) y1=(y(tick)) y2=(y(tick)) {}
                text class="tick" x=(L - 6.0) y=(y(tick) + 4.0) text-anchor="end" { (tick) }
            }
            @for (i, s) in sessions.iter().enumerate() {
                @if *s >= from && *s <= to {
                    line class="session" x1=(x(*s)) x2=(x(*s)) y1="8" y2=(H - B) {}
                    text class="tick" x=(x(*s)) y=(H - 6.0) text-anchor="middle" { "S" (i + 1) }
                }
            }
            @if line.len() > 1 {
                polyline class="mood" fill="none" points=(line.join(" ")) {}
            }
            @for (d, m) in points {
                circle class="mood-dot" cx=(format!("{:.1}", x(*d))) cy=(format!("{:.1}", y(*m))) r="3" {
                    title { (d) ": " (format!("{m:.1}")) }
                }
            }
        }
    }
}

/// PHQ-9 totals over the course, drawn over the severity bands.
#[must_use]
pub fn phq9_chart(points: &[(NaiveDate, i32)], from: NaiveDate, to: NaiveDate) -> Markup {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const L: f64 = 28.0;
    const B: f64 = 12.0;
    let plot_w = W - L - 8.0;
    let plot_h = H - B - 8.0;
    let x = |d: NaiveDate| L + day_offset(from, d) / span(from, to) * plot_w;
    let y = |v: f64| 8.0 + plot_h - v / 27.0 * plot_h;
    let label = if points.is_empty() {
        "No PHQ-9 yet".to_owned()
    } else {
        let list: Vec<String> = points.iter().map(|(d, t)| format!("{d}: {t}")).collect();
        format!("PHQ-9 totals: {}", list.join(", "))
    };
    let line: Vec<String> = points
        .iter()
        .map(|(d, t)| format!("{:.1},{:.1}", x(*d), y(f64::from(*t))))
        .collect();
    html! {
        svg class="chart" viewBox={"0 0 " (W) " " (H)} role="img" aria-label=(label) {
            title { (label) }
            @for (low, high, name, class) in PHQ9_BANDS {
                rect class=(class) x=(L) width=(plot_w) y=(y(high)) height=(y(low) - y(high)) {}
                text class="band-label" x=(W - 12.0) y=(y(high) + 12.0) text-anchor="end" { (name) }
                text class="tick" x=(L - 6.0) y=(y(low) + 4.0) text-anchor="end" { (low) }
            }
            @if line.len() > 1 {
                polyline class="phq9" fill="none" points=(line.join(" ")) {}
            }
            @for (d, t) in points {
                circle class="phq9-dot" cx=(format!("{:.1}", x(*d))) cy=(format!("{:.1}", y(f64::from(*t)))) r="3.5" {
                    title { (d) ": " (t) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_sparkline_plots_one_point_per_day_and_describes_itself() {
        let svg = sparkline(
            &[(d("2026-03-01"), 2.0), (d("2026-03-29"), 8.0)],
            d("2026-03-01"),
            d("2026-03-29"),
        )
        .into_string();
        assert!(svg.contains(r#"points="0.0,22.4 120.0,5.6""#), "{svg}");
        assert!(svg.contains("2026-03-29: 8.0"));
        let empty = sparkline(&[], d("2026-03-01"), d("2026-03-29")).into_string();
        assert!(empty.contains("No check-ins"));
    }

    #[test]
    fn the_phq9_chart_draws_all_five_bands() {
        let svg =
            phq9_chart(&[(d("2026-03-02"), 14)], d("2026-03-01"), d("2026-05-01")).into_string();
        for band in ["minimal", "mild", "moderate", "moderately severe", "severe"] {
            assert!(svg.contains(&format!(">{band}<")), "{band}");
        }
    }

    #[test]
    fn the_mood_chart_marks_each_session_in_range() {
        let sessions = [d("2026-03-02"), d("2026-03-09"), d("2026-06-01")];
        let svg = mood_chart(&[], &sessions, d("2026-03-01"), d("2026-03-20")).into_string();
        assert!(svg.contains(">S1<") && svg.contains(">S2<"));
        assert!(!svg.contains(">S3<"), "out of range");
    }
}
