//! Charts as SVG drawn on the server: readable without JavaScript, no third-party code. They
//! are a few lines each (a polyline over a scale), so a plotting crate would add more than it
//! saves; each carries a text alternative for screen readers.

use chrono::NaiveDate;
use maud::{Markup, html};

/// PHQ-9 severity bands: lower and upper bound, label and CSS class.
const PHQ9_BANDS: [(f64, f64, &str, &str); 5] = [
    (0.0, 5.0, "minimal", "band-minimal"),
    (5.0, 10.0, "mild", "band-mild"),
    (10.0, 15.0, "moderate", "band-moderate"),
    (15.0, 20.0, "moderately severe", "band-modsevere"),
    (20.0, 27.0, "severe", "band-severe"),
];

/// GAD-7 severity bands (0–4, 5–9, 10–14, 15–21), as [`PHQ9_BANDS`].
const GAD7_BANDS: [(f64, f64, &str, &str); 4] = [
    (0.0, 5.0, "minimal", "band-minimal"),
    (5.0, 10.0, "mild", "band-mild"),
    (10.0, 15.0, "moderate", "band-moderate"),
    (15.0, 21.0, "severe", "band-severe"),
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

/// The frame of a chart over the course: dates left to right, values from 0 (bottom) to
/// `max`, a margin on the left for the value ticks and one below for the date marks.
struct Plot {
    from: NaiveDate,
    to: NaiveDate,
    /// The margin below the plot.
    bottom: f64,
    max: f64,
}

impl Plot {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 28.0;
    /// The margin above and to the right of the plot.
    const EDGE: f64 = 8.0;

    /// The frame of a chart from `from` to `to`, with `bottom` below it, up to `max`.
    fn new((from, to): (NaiveDate, NaiveDate), bottom: f64, max: f64) -> Self {
        Self {
            from,
            to,
            bottom,
            max,
        }
    }

    fn width(&self) -> f64 {
        Self::W - Self::LEFT - Self::EDGE
    }

    fn height(&self) -> f64 {
        Self::H - self.bottom - Self::EDGE
    }

    fn x(&self, date: NaiveDate) -> f64 {
        Self::LEFT + day_offset(self.from, date) / span(self.from, self.to) * self.width()
    }

    fn y(&self, value: f64) -> f64 {
        Self::EDGE + self.height() - value / self.max * self.height()
    }

    /// The points of a polyline through `points`.
    fn line(&self, points: impl Iterator<Item = (NaiveDate, f64)>) -> Vec<String> {
        points
            .map(|(d, v)| format!("{:.1},{:.1}", self.x(d), self.y(v)))
            .collect()
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
    let plot = Plot::new((from, to), 20.0, 10.0);
    let (x, y) = (|d| plot.x(d), |v| plot.y(v));
    let label = format!(
        "Daily mean mood from {from} to {to}, {} days with check-ins, sessions marked",
        points.len()
    );
    let line = plot.line(points.iter().copied());
    html! {
        svg class="chart" viewBox={"0 0 " (Plot::W) " " (Plot::H)} role="img" aria-label=(label) {
            title { (label) }
            @for tick in [0.0, 5.0, 10.0] {
                line class="grid" x1=(Plot::LEFT) x2=(Plot::W - Plot::EDGE) y1=(y(tick)) y2=(y(tick)) {}
                text class="tick" x=(Plot::LEFT - 6.0) y=(y(tick) + 4.0) text-anchor="end" { (tick) }
            }
            @for (i, s) in sessions.iter().enumerate() {
                @if *s >= from && *s <= to {
                    line class="session" x1=(x(*s)) x2=(x(*s)) y1="8" y2=(Plot::H - plot.bottom) {}
                    text class="tick" x=(x(*s)) y=(Plot::H - 6.0) text-anchor="middle" { "S" (i + 1) }
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
    score_chart(&PHQ9, points, from, to)
}

/// GAD-7 totals over the course, drawn over the severity bands.
#[must_use]
pub fn gad7_chart(points: &[(NaiveDate, i32)], from: NaiveDate, to: NaiveDate) -> Markup {
    score_chart(&GAD7, points, from, to)
}

/// A questionnaire whose totals a chart draws over its bands.
struct Scale {
    name: &'static str,
    max: f64,
    bands: &'static [(f64, f64, &'static str, &'static str)],
    /// CSS class of the line; its dots add `-dot`.
    class: &'static str,
}

const PHQ9: Scale = Scale {
    name: "PHQ-9",
    max: 27.0,
    bands: &PHQ9_BANDS,
    class: "phq9",
};

const GAD7: Scale = Scale {
    name: "GAD-7",
    max: 21.0,
    bands: &GAD7_BANDS,
    class: "gad7",
};

fn score_chart(
    scale: &Scale,
    points: &[(NaiveDate, i32)],
    from: NaiveDate,
    to: NaiveDate,
) -> Markup {
    let plot = Plot::new((from, to), 12.0, scale.max);
    let (x, y) = (|d| plot.x(d), |v| plot.y(v));
    let label = if points.is_empty() {
        format!("No {} yet", scale.name)
    } else {
        let list: Vec<String> = points.iter().map(|(d, t)| format!("{d}: {t}")).collect();
        format!("{} totals: {}", scale.name, list.join(", "))
    };
    let line = plot.line(points.iter().map(|(d, t)| (*d, f64::from(*t))));
    html! {
        svg class="chart" viewBox={"0 0 " (Plot::W) " " (Plot::H)} role="img" aria-label=(label) {
            title { (label) }
            @for (low, high, name, class) in scale.bands {
                rect class=(class) x=(Plot::LEFT) width=(plot.width()) y=(y(*high)) height=(y(*low) - y(*high)) {}
                text class="band-label" x=(Plot::W - 12.0) y=(y(*high) + 12.0) text-anchor="end" { (name) }
                text class="tick" x=(Plot::LEFT - 6.0) y=(y(*low) + 4.0) text-anchor="end" { (low) }
            }
            @if line.len() > 1 {
                polyline class=(scale.class) fill="none" points=(line.join(" ")) {}
            }
            @for (d, t) in points {
                circle class={(scale.class) "-dot"} cx=(format!("{:.1}", x(*d))) cy=(format!("{:.1}", y(f64::from(*t)))) r="3.5" {
                    title { (d) ": " (t) }
                }
            }
        }
    }
}

/// One person of the interpersonal inventory, for the closeness circles.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// How the client names them.
    pub label: &'a str,
    /// 1 (closest) to 3.
    pub closeness: i32,
}

/// Longest label drawn in the circles; the full label is in the text alternative and the table.
const CIRCLE_LABEL: usize = 16;

/// The interpersonal inventory as closeness circles: the client in the middle, the closest
/// people in the inner circle. Each circle's people are spread evenly around it.
#[must_use]
pub fn closeness_circles(people: &[Person<'_>]) -> Markup {
    const SIZE: f64 = 400.0;
    const C: f64 = SIZE / 2.0;
    // Outer radius of each circle, and the radius its people are drawn on.
    const RINGS: [(f64, f64); 3] = [(70.0, 42.0), (130.0, 100.0), (190.0, 160.0)];
    let ring_of = |p: &Person<'_>| usize::try_from(p.closeness.clamp(1, 3) - 1).unwrap_or(2);
    let mut by_ring: [Vec<&Person<'_>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for p in people {
        by_ring[ring_of(p)].push(p);
    }
    let describe: Vec<String> = by_ring
        .iter()
        .enumerate()
        .map(|(i, ring)| {
            let names: Vec<&str> = ring.iter().map(|p| p.label).collect();
            let who = if names.is_empty() {
                "nobody".to_owned()
            } else {
                names.join(", ")
            };
            format!("circle {}: {who}", i + 1)
        })
        .collect();
    let label = format!(
        "Closeness circles, the client in the middle and circle 1 closest: {}",
        describe.join("; ")
    );
    let mut placed = Vec::new();
    for (i, ring) in by_ring.iter().enumerate() {
        let (_, r) = RINGS[i];
        #[expect(
            clippy::cast_precision_loss,
            reason = "an inventory holds a handful of people"
        )]
        let n = ring.len() as f64;
        for (k, p) in ring.iter().enumerate() {
            // Each circle starts at another angle, so that people of neighbouring circles
            // do not line up on one spoke.
            #[expect(
                clippy::cast_precision_loss,
                reason = "an inventory holds a handful of people"
            )]
            let angle = -std::f64::consts::FRAC_PI_2
                + 0.9 * i as f64
                + std::f64::consts::TAU * k as f64 / n.max(1.0);
            let short: String = if p.label.chars().count() > CIRCLE_LABEL {
                let mut s: String = p.label.chars().take(CIRCLE_LABEL - 1).collect();
                s.push('…');
                s
            } else {
                p.label.to_owned()
            };
            placed.push((C + r * angle.cos(), C + r * angle.sin(), short, p.label));
        }
    }
    html! {
        svg class="circles" viewBox={"0 0 " (SIZE) " " (SIZE)} role="img" aria-label=(label) {
            title { (label) }
            @for (i, (outer, _)) in RINGS.iter().enumerate().rev() {
                circle class={"ring ring-" (i + 1)} cx=(C) cy=(C) r=(outer) {}
                text class="tick" x=(C - outer + 9.0) y=(C + 4.0) text-anchor="middle" { (i + 1) }
            }
            circle class="me" cx=(C) cy=(C) r="5" {}
            text class="person" x=(C) y=(C + 18.0) text-anchor="middle" { "Client" }
            @for (x, y, short, full) in &placed {
                g {
                    title { (full) }
                    circle class="person-dot" cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="4" {}
                    text class="person" x=(format!("{x:.1}")) y=(format!("{:.1}", y + 15.0)) text-anchor="middle" { (short) }
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
    fn the_gad7_chart_draws_its_four_bands_and_says_when_there_is_none() {
        let svg =
            gad7_chart(&[(d("2026-03-02"), 12)], d("2026-03-01"), d("2026-05-01")).into_string();
        for band in ["minimal", "mild", "moderate", "severe"] {
            assert!(svg.contains(&format!(">{band}<")), "{band}");
        }
        assert!(!svg.contains("moderately severe"));
        assert!(svg.contains("GAD-7 totals: 2026-03-02: 12"));
        let empty = gad7_chart(&[], d("2026-03-01"), d("2026-05-01")).into_string();
        assert!(empty.contains("No GAD-7 yet"));
    }

    #[test]
    fn the_closeness_circles_name_everyone_by_circle_and_escape_labels() {
        let people = [
            Person {
                label: "Mum",
                closeness: 1,
            },
            Person {
                label: "<b>Boss</b> at the very large firm",
                closeness: 3,
            },
        ];
        let svg = closeness_circles(&people).into_string();
        assert!(
            svg.contains("circle 1: Mum; circle 2: nobody; circle 3: &lt;b&gt;Boss"),
            "{svg}"
        );
        assert!(!svg.contains("<b>"), "labels are escaped");
        assert!(
            svg.contains(">&lt;b&gt;Boss&lt;/b&gt; at …<"),
            "long labels are shortened"
        );
        assert_eq!(svg.matches("class=\"person-dot\"").count(), 2);
    }

    #[test]
    fn the_mood_chart_marks_each_session_in_range() {
        let sessions = [d("2026-03-02"), d("2026-03-09"), d("2026-06-01")];
        let svg = mood_chart(&[], &sessions, d("2026-03-01"), d("2026-03-20")).into_string();
        assert!(svg.contains(">S1<") && svg.contains(">S2<"));
        assert!(!svg.contains(">S3<"), "out of range");
    }
}

/// One goal's ratings for the progress chart: session number and rating 0–10.
#[derive(Debug, Clone)]
pub struct GoalLine<'a> {
    /// The goal in words.
    pub text: &'a str,
    /// Ratings in session order.
    pub ratings: Vec<(i32, i16)>,
}

/// Goal progress (0–10) by session number, one line per goal; each line's style repeats every
/// four goals, and the legend and the text alternative name them.
#[must_use]
pub fn goals_chart(goals: &[GoalLine<'_>]) -> Markup {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const L: f64 = 28.0;
    const B: f64 = 18.0;
    let plot_w = W - L - 8.0;
    let plot_h = H - B - 8.0;
    let last = goals
        .iter()
        .flat_map(|g| g.ratings.iter().map(|(n, _)| *n))
        .max()
        .unwrap_or(1)
        .max(2);
    let x = |n: i32| L + f64::from(n - 1) / f64::from(last - 1) * plot_w;
    let y = |v: i16| 8.0 + plot_h - f64::from(v) / 10.0 * plot_h;
    let described: Vec<String> = goals
        .iter()
        .map(|g| {
            let ratings: Vec<String> = g
                .ratings
                .iter()
                .map(|(n, r)| format!("session {n}: {r}"))
                .collect();
            if ratings.is_empty() {
                format!("{}: not rated yet", g.text)
            } else {
                format!("{}: {}", g.text, ratings.join(", "))
            }
        })
        .collect();
    let label = format!("Goal progress (0–10) by session. {}", described.join("; "));
    html! {
        svg class="chart" viewBox={"0 0 " (W) " " (H)} role="img" aria-label=(label) {
            title { (label) }
            @for v in [0i16, 5, 10] {
                line class="grid" x1=(L) x2=(W - 8.0) y1=(y(v)) y2=(y(v)) {}
                text class="tick" x=(L - 6.0) y=(y(v) + 4.0) text-anchor="end" { (v) }
            }
            @for n in 1..=last {
                text class="tick" x=(format!("{:.1}", x(n))) y=(H - 4.0) text-anchor="middle" { (n) }
            }
            @for (i, goal) in goals.iter().enumerate() {
                @let class = format!("goal goal-{}", i % 4);
                @let points: Vec<String> = goal.ratings.iter().map(|(n, r)| format!("{:.1},{:.1}", x(*n), y(*r))).collect();
                @if points.len() > 1 {
                    polyline class=(class) fill="none" points=(points.join(" ")) {}
                }
                @for (n, r) in &goal.ratings {
                    circle class={"goal-dot goal-" (i % 4)} cx=(format!("{:.1}", x(*n))) cy=(format!("{:.1}", y(*r))) r="3.5" {
                        title { (goal.text) ", session " (n) ": " (r) }
                    }
                }
            }
        }
    }
}
