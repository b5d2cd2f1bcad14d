//! The trend chart: each pillar's position (and the overall one, bold)
//! over an assessment's rounds, as an SVG line chart. The y axis is the
//! ladder (0 = no stage reached, N = the top), one grid line per stage;
//! rounds are evenly spaced on the x axis, labelled by their label and
//! date. Colours come from the theme's CSS classes (`trend-0` …).

use std::fmt::Write;

use super::markdown::escape;
use crate::scoring::TrendPoint;

const WIDTH: f64 = 680.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 500.0;
const TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 220.0;
const LEGEND_ROW: f64 = 16.0;
/// Longest line of a round's axis label (its label, then its date).
const LABEL_CHARS: usize = 12;
/// Estimated width of one character of an axis label: 0.65 em of the
/// themes' 11 px (the estimate `tests/chart_geometry.rs` checks against).
const LABEL_CHAR_WIDTH: f64 = 0.65 * 11.0;
/// Room kept between two neighbouring axis labels.
const LABEL_GAP: f64 = 8.0;

fn f(x: f64) -> String {
    crate::decimal::fixed(x, 1)
}

/// The chart for `points` of the pillars named `pillars` on a ladder of
/// `stages`; `None` with fewer than two points.
pub fn chart(points: &[TrendPoint], pillars: &[&str], stages: &[&str]) -> Option<String> {
    if points.len() < 2 {
        return None;
    }
    let n = stages.len().max(1) as f64;
    let y = |pos: f64| TOP + PLOT_HEIGHT * (1.0 - pos.clamp(0.0, n) / n);
    let step = (RIGHT - LEFT) / (points.len() - 1) as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let legend_top = TOP + PLOT_HEIGHT + 44.0;
    let height = legend_top + LEGEND_ROW * (pillars.len() + 1) as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart trend" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg"><title id="trend-title">Position by pillar over {} rounds, from {} to {}</title>"#,
        points.len(),
        escape(&points[0].label),
        escape(&points[points.len() - 1].label),
        h = f(height),
    );
    for (k, name) in std::iter::once("none")
        .chain(stages.iter().copied())
        .enumerate()
    {
        let gy = y(k as f64);
        let _ = write!(
            s,
            r#"<line class="chart-grid" x1="{LEFT}" y1="{gy}" x2="{RIGHT}" y2="{gy}"/><text class="chart-ring-label" x="{lx}" y="{ty}" text-anchor="end">{}</text>"#,
            escape(name),
            gy = f(gy),
            lx = f(LEFT - 6.0),
            ty = f(gy + 3.0),
        );
    }
    let every = label_stride(points, step);
    for (i, p) in points.iter().enumerate() {
        if (points.len() - 1 - i) % every != 0 {
            continue;
        }
        let _ = write!(
            s,
            r#"<text class="chart-axis-label" x="{x}" y="{}" text-anchor="middle"><tspan x="{x}">{}</tspan>"#,
            f(TOP + PLOT_HEIGHT + 18.0),
            escape(&truncate(&p.label, LABEL_CHARS)),
            x = f(x(i)),
        );
        if let Some(date) = &p.date {
            let _ = write!(
                s,
                r#"<tspan x="{}" dy="13">{}</tspan>"#,
                f(x(i)),
                escape(&truncate(date, LABEL_CHARS))
            );
        }
        s.push_str("</text>");
    }
    let series = |values: Vec<f64>, class: &str| -> String {
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", f(x(i)), f(y(*v))))
            .collect();
        format!(
            r#"<polyline class="{class}" fill="none" points="{}"/>"#,
            pts.join(" ")
        )
    };
    // The bold overall line first, so that the pillar it equals (the
    // lowest, under the `min` rule) stays visible on top of it.
    s.push_str(&series(
        points.iter().map(|p| p.overall).collect(),
        "trend-line trend-overall",
    ));
    for (k, _) in pillars.iter().enumerate() {
        let values = points
            .iter()
            .map(|p| p.pillars.get(k).copied().unwrap_or(0.0))
            .collect();
        s.push_str(&series(values, &format!("trend-line trend-{}", k % 8)));
    }
    let names = pillars.iter().copied().chain(std::iter::once("Overall"));
    for (k, name) in names.enumerate() {
        let class = if k == pillars.len() {
            "trend-overall".to_string()
        } else {
            format!("trend-{}", k % 8)
        };
        let ly = legend_top + LEGEND_ROW * k as f64;
        let _ = write!(
            s,
            r#"<line class="trend-line {class}" x1="{LEFT}" y1="{ly}" x2="{x2}" y2="{ly}"/><text class="chart-legend" x="{tx}" y="{ty}">{}</text>"#,
            escape(name),
            ly = f(ly),
            x2 = f(LEFT + 24.0),
            tx = f(LEFT + 30.0),
            ty = f(ly + 4.0),
        );
    }
    s.push_str("</svg>");
    Some(s)
}

/// Label every `k`-th round, counted back from the latest (which is always
/// labelled), with `k` the smallest stride at which the widest label fits
/// between its neighbours; the table beside the chart names every round.
fn label_stride(points: &[TrendPoint], step: f64) -> usize {
    let widest = points
        .iter()
        .flat_map(|p| std::iter::once(p.label.as_str()).chain(p.date.as_deref()))
        .map(|line| line.chars().count().min(LABEL_CHARS))
        .max()
        .unwrap_or(0) as f64
        * LABEL_CHAR_WIDTH;
    ((widest + LABEL_GAP) / step).ceil().max(1.0) as usize
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, overall: f64, pillars: Vec<f64>) -> TrendPoint {
        TrendPoint {
            label: label.into(),
            date: Some("2026-01-01".into()),
            overall,
            pillars,
        }
    }

    #[test]
    fn lines_follow_the_positions() {
        let svg = chart(
            &[
                point("q1", 0.0, vec![0.0, 1.0]),
                point("q2", 1.0, vec![2.5, 5.0]),
            ],
            &["A", "B <b>"],
            &["s1", "s2", "s3", "s4", "s5"],
        )
        .unwrap();
        // Position 0 is the plot's floor, N its top.
        assert!(svg.contains(r#"points="110.0,236.0 500.0,126.0""#), "{svg}");
        assert!(svg.contains(r#"points="110.0,192.0 500.0,16.0""#));
        assert!(svg.contains("B &lt;b&gt;"));
        assert!(chart(&[point("only", 1.0, vec![])], &[], &["s"]).is_none());
    }
}
