//! Charts as inline SVG strings: a radar of pillars, a stage ladder per
//! pillar and the impact × effort matrix. No JavaScript and no fonts or
//! images to load; colours come from the theme's stylesheet through CSS
//! classes (`series-current`, `q-quick-win`, …). Every text is escaped and
//! every number is formatted with fixed decimals, so output is stable.
//!
//! Charts are laid out so that they never mislead: every matrix dot inside
//! its quadrant and clear of the others, no label over another or over the
//! plot (see `matrix` and `radar_labels`; `tests/chart_geometry.rs` checks
//! it on the parsed SVG). Text sizes that the layout depends on are set
//! inline; themes keep the family, weight and colours.

mod geometry;
mod matrix;
mod radar_labels;

use std::f64::consts::PI;
use std::fmt::Write;

use super::markdown::escape;
use crate::scoring::position_label;
use crate::scoring::rules::whole;
pub use matrix::{MatrixItem, matrix};
use radar_labels::LABEL_SIZE;

/// One pillar on the radar. Positions count stages reached (0 at the
/// centre, N on the outer ring; see `scoring::rules`).
pub struct RadarPillar {
    pub name: String,
    pub current: f64,
    pub target: f64,
    pub baseline: Option<f64>,
}

fn f(x: f64) -> String {
    let s = crate::decimal::fixed(x, 1);
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// A radar (spider) chart: one axis per pillar, one ring per stage; the
/// current position filled, the target dashed, the baseline dotted.
pub fn radar(pillars: &[RadarPillar], stages: &[&str]) -> String {
    let names: Vec<&str> = pillars.iter().map(|p| p.name.as_str()).collect();
    RadarGrid::new(&names, stages).draw(pillars, stages)
}

/// What a radar draws before its series: it depends only on the pillars'
/// and stages' names, so a build lays it out once per rubric (placing the
/// names is most of a radar's cost) and draws every report's series on it.
pub struct RadarGrid {
    /// The pillar names it was laid out for, in axis order.
    names: Vec<String>,
    frame: radar_labels::Frame,
    /// Rings, ring labels, axes and pillar names, as SVG.
    svg: String,
}

/// The outer ring's radius.
const RADIUS: f64 = 145.0;

impl RadarGrid {
    pub fn new(names: &[&str], stages: &[&str]) -> RadarGrid {
        let labels = radar_labels::place(names, RADIUS);
        let frame = radar_labels::frame(&labels, RADIUS);
        let mut grid = RadarGrid {
            names: names.iter().map(|n| n.to_string()).collect(),
            frame,
            svg: String::new(),
        };
        let (cx, cy) = (grid.frame.cx, grid.frame.cy);
        let mut s = String::new();
        for ring in 1..=stages.len() {
            let pts: Vec<String> = (0..names.len())
                .map(|a| {
                    let (x, y) = grid.point(a, ring as f64, stages);
                    format!("{},{}", f(x), f(y))
                })
                .collect();
            let _ = write!(
                s,
                r#"<polygon class="chart-grid" points="{}"/>"#,
                pts.join(" ")
            );
            let (_, ly) = grid.point(0, ring as f64, stages);
            let _ = write!(
                s,
                r#"<text class="chart-ring-label" x="{}" y="{}">{}</text>"#,
                f(cx + 4.0),
                f(ly + 11.0),
                escape(stages[ring - 1])
            );
        }
        for a in 0..names.len() {
            let (x, y) = grid.point(a, stages.len().max(1) as f64, stages);
            let _ = write!(
                s,
                r#"<line class="chart-axis" x1="{cx}" y1="{cy}" x2="{}" y2="{}"/>"#,
                f(x),
                f(y)
            );
            if let Some(label) = labels.get(a) {
                pillar_label(&mut s, label, cx, cy);
            }
        }
        grid.svg = s;
        grid
    }

    /// Whether the grid was laid out for these pillars, in this order.
    pub fn fits(&self, pillars: &[RadarPillar]) -> bool {
        self.names.len() == pillars.len()
            && self.names.iter().zip(pillars).all(|(n, p)| *n == p.name)
    }

    /// Where `position` (stages reached: 0 at the centre, N on the outer
    /// ring; a pillar below the first stage sits at the centre) lies on
    /// axis `axis`.
    fn point(&self, axis: usize, position: f64, stages: &[&str]) -> (f64, f64) {
        let n = self.names.len().max(1) as f64;
        let rings = stages.len().max(1) as f64;
        let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n;
        let radius = RADIUS * (position.clamp(0.0, rings) / rings);
        (
            self.frame.cx + radius * angle.cos(),
            self.frame.cy + radius * angle.sin(),
        )
    }

    /// The chart for `pillars` (those the grid [`fits`](Self::fits)).
    pub fn draw(&self, pillars: &[RadarPillar], stages: &[&str]) -> String {
        let radar_labels::Frame { w, h, .. } = self.frame;
        let mut s = String::with_capacity(self.svg.len() + 2048);
        let _ = write!(
            s,
            r#"<svg class="chart radar" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg"><title id="radar-title">Stage by pillar</title><desc id="radar-desc">{}</desc>"#,
            escape(&radar_description(pillars, stages))
        );
        s.push_str(&self.svg);
        let series = |s: &mut String, class: &str, values: &[f64]| {
            let pts: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(a, v)| {
                    let (x, y) = self.point(a, *v, stages);
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
            let (x, y) = self.point(a, p.current, stages);
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
}

/// A pillar's name where [`radar_labels::place`] put it, one `tspan` per
/// line.
fn pillar_label(s: &mut String, label: &radar_labels::Label, cx: f64, cy: f64) {
    let x = f(cx + label.x);
    let _ = write!(
        s,
        r#"<text class="chart-label" x="{x}" y="{}" text-anchor="{}" style="font-size:{LABEL_SIZE}px">"#,
        f(cy + label.y),
        label.anchor
    );
    for (i, line) in label.lines.iter().enumerate() {
        let dy = if i == 0 {
            0.0
        } else {
            radar_labels::LINE_HEIGHT
        };
        let _ = write!(
            s,
            r#"<tspan x="{x}" dy="{}">{}</tspan>"#,
            f(dy),
            escape(line)
        );
    }
    s.push_str("</text>");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating;

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

    /// One grid serves every report of a rubric: drawing on it leaves it
    /// as it was, and it refuses pillars it was not laid out for.
    #[test]
    fn a_shared_radar_grid_draws_what_a_fresh_layout_draws() {
        let stages = ["One", "Two", "Three", "Four"];
        let pillars = |seed: f64, names: &[&str]| -> Vec<RadarPillar> {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| RadarPillar {
                    name: n.to_string(),
                    current: (seed + i as f64 * 1.3) % 4.0,
                    target: 3.0,
                    baseline: (seed > 1.0).then_some(1.5),
                })
                .collect()
        };
        let names = ["Technology & platform", "Marketing", "Operations", "Data"];
        let grid = RadarGrid::new(&names, &stages);
        for seed in [0.0, 0.4, 2.2, 3.9] {
            let report = pillars(seed, &names);
            assert!(grid.fits(&report));
            assert_eq!(grid.draw(&report, &stages), radar(&report, &stages));
        }
        assert!(!grid.fits(&pillars(
            0.0,
            &["Marketing", "Technology & platform", "Operations", "Data"]
        )));
        assert!(!grid.fits(&pillars(0.0, &names[..3])));
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
