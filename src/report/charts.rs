//! Charts as inline SVG strings: a radar of pillars, a stage ladder per
//! pillar and the impact × effort matrix. No JavaScript and no fonts or
//! images to load; colours come from the theme's stylesheet through CSS
//! classes (`series-current`, `q-quick-win`, …). Every text is escaped and
//! every number is formatted with fixed decimals, so output is stable.

use std::f64::consts::PI;
use std::fmt::Write;

use super::markdown::escape;
use crate::model::Rating;
use crate::scoring::position_label;
use crate::scoring::rules::whole;

/// One pillar on the radar. Positions count stages reached (0 at the
/// centre, N on the outer ring; see `scoring::rules`).
pub struct RadarPillar {
    pub name: String,
    pub current: f64,
    pub target: f64,
    pub baseline: Option<f64>,
}

/// One roadmap item on the matrix.
pub struct MatrixItem {
    pub number: usize,
    pub title: String,
    pub impact: Rating,
    pub effort: Rating,
    pub quick_win: bool,
}

fn f(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// A radar (spider) chart: one axis per pillar, one ring per stage; the
/// current position filled, the target dashed, the baseline dotted.
pub fn radar(pillars: &[RadarPillar], stages: &[&str]) -> String {
    let (w, h, cx, cy, r) = (680.0, 430.0, 340.0, 205.0, 145.0);
    let n = pillars.len().max(1) as f64;
    let rings = stages.len().max(1) as f64;
    // Ring k is "k stages reached"; a pillar below the first stage sits
    // at the centre.
    let point = |axis: usize, position: f64| {
        let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n;
        let radius = r * (position.clamp(0.0, rings) / rings);
        (cx + radius * angle.cos(), cy + radius * angle.sin())
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart radar" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg"><title id="radar-title">Stage by pillar</title><desc id="radar-desc">{}</desc>"#,
        escape(&radar_description(pillars, stages))
    );
    for ring in 1..=stages.len() {
        let pts: Vec<String> = (0..pillars.len())
            .map(|a| {
                let (x, y) = point(a, ring as f64);
                format!("{},{}", f(x), f(y))
            })
            .collect();
        let _ = write!(
            s,
            r#"<polygon class="chart-grid" points="{}"/>"#,
            pts.join(" ")
        );
        let (_, ly) = point(0, ring as f64);
        let _ = write!(
            s,
            r#"<text class="chart-ring-label" x="{}" y="{}">{}</text>"#,
            f(cx + 4.0),
            f(ly + 11.0),
            escape(stages[ring - 1])
        );
    }
    for (a, p) in pillars.iter().enumerate() {
        let (x, y) = point(a, rings);
        let _ = write!(
            s,
            r#"<line class="chart-axis" x1="{cx}" y1="{cy}" x2="{}" y2="{}"/>"#,
            f(x),
            f(y)
        );
        let angle = -PI / 2.0 + 2.0 * PI * a as f64 / n;
        let (lx, ly) = (cx + (r + 14.0) * angle.cos(), cy + (r + 14.0) * angle.sin());
        let anchor = if angle.cos() > 0.3 {
            "start"
        } else if angle.cos() < -0.3 {
            "end"
        } else {
            "middle"
        };
        let dy = if angle.sin() > 0.3 {
            12.0
        } else if angle.sin() < -0.3 {
            -4.0
        } else {
            4.0
        };
        let lines = wrap_label(&p.name);
        // Labels below the chart grow downwards, the others upwards.
        let first_y = if angle.sin() > 0.3 {
            ly + dy
        } else {
            ly + dy - 14.0 * (lines.len() as f64 - 1.0)
        };
        let _ = write!(
            s,
            r#"<text class="chart-label" x="{}" y="{}" text-anchor="{anchor}">"#,
            f(lx),
            f(first_y)
        );
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { 14.0 };
            let _ = write!(
                s,
                r#"<tspan x="{}" dy="{}">{}</tspan>"#,
                f(lx),
                f(dy),
                escape(line)
            );
        }
        s.push_str("</text>");
    }
    let series = |s: &mut String, class: &str, values: &[f64]| {
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(a, v)| {
                let (x, y) = point(a, *v);
                format!("{},{}", f(x), f(y))
            })
            .collect();
        let _ = write!(
            s,
            r#"<polygon class="{class}" points="{}"/>"#,
            pts.join(" ")
        );
    };
    if pillars.iter().all(|p| p.baseline.is_some()) {
        let values: Vec<f64> = pillars.iter().map(|p| p.baseline.unwrap_or(0.0)).collect();
        series(&mut s, "series-baseline", &values);
    }
    series(
        &mut s,
        "series-target",
        &pillars.iter().map(|p| p.target).collect::<Vec<_>>(),
    );
    series(
        &mut s,
        "series-current",
        &pillars.iter().map(|p| p.current).collect::<Vec<_>>(),
    );
    for (a, p) in pillars.iter().enumerate() {
        let (x, y) = point(a, p.current);
        let _ = write!(
            s,
            r#"<circle class="series-current-dot" cx="{}" cy="{}" r="3.5"/>"#,
            f(x),
            f(y)
        );
    }
    legend(&mut s, pillars.iter().any(|p| p.baseline.is_some()), h);
    s.push_str("</svg>");
    s
}

/// A pillar name on one line, or two lines split at the space nearest the
/// middle when it is long, so labels stay inside the chart.
fn wrap_label(name: &str) -> Vec<String> {
    if name.chars().count() <= 18 {
        return vec![name.to_string()];
    }
    let middle = name.len() / 2;
    let split = name
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    match split {
        Some(i) => vec![name[..i].to_string(), name[i + 1..].to_string()],
        None => vec![name.to_string()],
    }
}

fn legend(s: &mut String, baseline: bool, h: f64) {
    let mut entries = vec![("series-current", "Current"), ("series-target", "Target")];
    if baseline {
        entries.push(("series-baseline", "Baseline"));
    }
    for (i, (class, label)) in entries.iter().enumerate() {
        let x = 20.0 + 110.0 * i as f64;
        let y = h - 14.0;
        let _ = write!(
            s,
            r#"<rect class="{class} legend-swatch" x="{}" y="{}" width="16" height="10"/><text class="chart-legend" x="{}" y="{}">{label}</text>"#,
            f(x),
            f(y - 9.0),
            f(x + 22.0),
            f(y)
        );
    }
}

fn radar_description(pillars: &[RadarPillar], stages: &[&str]) -> String {
    let name = |p: f64| match whole(p).min(stages.len()) {
        0 => format!("not yet {}", stages.first().copied().unwrap_or("")),
        k => stages[k - 1].to_string(),
    };
    pillars
        .iter()
        .map(|p| {
            format!(
                "{}: {} (target {})",
                p.name,
                name(p.current),
                name(p.target)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One pillar's ladder: a segment per stage, filled up to its position,
/// with the target (and baseline, when given) marked.
pub fn ladder(
    pillar: &str,
    stages: &[&str],
    position: f64,
    target: usize,
    baseline: Option<f64>,
) -> String {
    let (w, h, top, bar) = (640.0, 58.0, 6.0, 22.0);
    let n = stages.len().max(1) as f64;
    let seg = w / n;
    let filled = position.clamp(0.0, n) * seg;
    let mut s = String::new();
    let current = match whole(position).min(stages.len()) {
        0 => format!("not yet {}", stages.first().copied().unwrap_or("")),
        k => stages[k - 1].to_string(),
    };
    let target_name = stages.get(target).copied().unwrap_or("");
    let _ = write!(
        s,
        r#"<svg class="chart ladder" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" xmlns="http://www.w3.org/2000/svg"><title>{}: {} ({}), target {}</title>"#,
        escape(pillar),
        escape(&current),
        position_label(position, stages.len()),
        escape(target_name)
    );
    for (i, name) in stages.iter().enumerate() {
        let x = i as f64 * seg;
        let class = if i == target {
            "ladder-step ladder-target"
        } else {
            "ladder-step"
        };
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{}" y="{top}" width="{}" height="{bar}"/>"#,
            f(x + 1.0),
            f(seg - 2.0)
        );
        let _ = write!(
            s,
            r#"<text class="ladder-label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            f(x + seg / 2.0),
            f(top + bar + 16.0),
            escape(name)
        );
    }
    let _ = write!(
        s,
        r#"<rect class="ladder-fill" x="1" y="{top}" width="{}" height="{bar}"/>"#,
        f((filled - 2.0).max(0.0))
    );
    if let Some(b) = baseline {
        let bx = b.clamp(0.0, n) * seg;
        let _ = write!(
            s,
            r#"<line class="ladder-baseline" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            f(bx),
            f(top - 4.0),
            f(bx),
            f(top + bar + 4.0)
        );
    }
    s.push_str("</svg>");
    s
}

/// The impact × effort matrix: effort across, impact up; items numbered as
/// in the roadmap table, quick wins top left.
pub fn matrix(items: &[MatrixItem]) -> String {
    let (w, h, left, top, size) = (520.0, 420.0, 70.0, 20.0, 340.0);
    let cell = size / 3.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart matrix" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="matrix-title" xmlns="http://www.w3.org/2000/svg"><title id="matrix-title">Roadmap actions by impact and effort</title>"#
    );
    let half = size / 2.0;
    let quadrants = [
        ("q-quick-win", 0.0, 0.0, "Quick wins"),
        ("q-major-project", half, 0.0, "Major projects"),
        ("q-fill-in", 0.0, half, "Fill-ins"),
        ("q-thankless-task", half, half, "Thankless tasks"),
    ];
    for (class, x, y, label) in quadrants {
        let _ = write!(
            s,
            r#"<rect class="quadrant {class}" x="{}" y="{}" width="{half}" height="{half}"/><text class="quadrant-label" x="{}" y="{}">{label}</text>"#,
            f(left + x),
            f(top + y),
            f(left + x + 8.0),
            f(top + y + 18.0)
        );
    }
    let _ = write!(
        s,
        r#"<text class="chart-axis-label" x="{}" y="{}" text-anchor="middle">Effort →</text><text class="chart-axis-label" x="20" y="{}" text-anchor="middle" transform="rotate(-90 20 {})">Impact →</text>"#,
        f(left + half),
        f(top + size + 34.0),
        f(top + half),
        f(top + half)
    );
    let level = |r: Rating| match r {
        Rating::Low => 0.0,
        Rating::Medium => 1.0,
        Rating::High => 2.0,
    };
    // Items sharing a cell are laid out on a small grid inside it.
    let mut occupancy: std::collections::BTreeMap<(u8, u8), usize> = Default::default();
    for item in items {
        let key = (level(item.effort) as u8, level(item.impact) as u8);
        let slot = occupancy.entry(key).or_insert(0);
        let (col, row) = ((*slot % 4) as f64, (*slot / 4) as f64);
        *slot += 1;
        let x = left + level(item.effort) * cell + 22.0 + col * 26.0;
        let y = top + (2.0 - level(item.impact)) * cell + 40.0 + row * 26.0;
        let class = if item.quick_win {
            "matrix-item matrix-quick-win"
        } else {
            "matrix-item"
        };
        let _ = write!(
            s,
            r#"<g class="{class}"><title>{}. {}</title><circle cx="{}" cy="{}" r="11"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            item.number,
            escape(&item.title),
            f(x),
            f(y),
            f(x),
            f(y + 4.0),
            item.number
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radar_escapes_names_and_is_stable() {
        let pillars: Vec<RadarPillar> = ["<b>", "B & C", "D"]
            .iter()
            .enumerate()
            .map(|(i, n)| RadarPillar {
                name: n.to_string(),
                current: i as f64 * 0.7,
                target: 2.0,
                baseline: Some(0.5),
            })
            .collect();
        let a = radar(&pillars, &["One", "Two", "Three"]);
        assert!(a.contains("&lt;b&gt;") && a.contains("B &amp; C") && !a.contains("<b>"));
        assert_eq!(a, radar(&pillars, &["One", "Two", "Three"]));
        assert!(a.contains("series-baseline"));
    }

    #[test]
    fn long_labels_wrap_at_the_middle_space() {
        assert_eq!(wrap_label("Data & analytics"), ["Data & analytics"]);
        assert_eq!(
            wrap_label("Customer experience & marketing"),
            ["Customer experience", "& marketing"]
        );
        assert_eq!(
            wrap_label("Supercalifragilisticexpialidocious"),
            ["Supercalifragilisticexpialidocious"]
        );
    }

    #[test]
    fn matrix_places_every_item() {
        let items: Vec<MatrixItem> = (1..=9)
            .map(|n| MatrixItem {
                number: n,
                title: format!("action {n}"),
                impact: Rating::High,
                effort: Rating::Low,
                quick_win: true,
            })
            .collect();
        let svg = matrix(&items);
        assert_eq!(svg.matches("<circle").count(), 9);
    }
}
