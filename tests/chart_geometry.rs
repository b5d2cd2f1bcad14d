//! Chart geometry, checked the way a reviewer looks at a chart: the SVG
//! that `report::charts` emits is parsed with a real XML parser
//! (roxmltree) and its shapes are compared, for every number of actions
//! per matrix cell from 1 to 60, every radar from 3 to 20 pillars and
//! every trend from 2 to 60 rounds.
//!
//! Text has no geometry in SVG until a browser lays it out, so each text
//! box is estimated from its font size: 0.65 em per character (a
//! conservative average for the bold sans-serif the themes use: DejaVu
//! Sans Bold, the widest of their fallbacks, averages about 0.63 em over
//! English words), 0.95 em above the baseline and 0.3 em below it. The
//! font size is the element's inline `font-size` when it has one, else the
//! bundled theme's size for its class.

use roxmltree::{Document, Node};
use rubricate::model::Rating;
use rubricate::report::charts::{self, MatrixItem, RadarPillar};
use rubricate::report::trend_chart;
use rubricate::scoring::{Quadrant, TrendPoint};

const GLYPH_EM: f64 = 0.65;
const ASCENT_EM: f64 = 0.95;
const DESCENT_EM: f64 = 0.3;
/// Room a dot keeps from its quadrant's edges (the quadrant outline is
/// drawn 2 px wide, half of it inside).
const QUADRANT_MARGIN: f64 = 2.0;
/// Room between two dots: the print theme outlines quick wins 2.5 px wide.
const DOT_GAP: f64 = 2.5;

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// Distance from a point to the nearest point of the box (0 inside).
    fn distance_to(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).max(x - self.x1).max(0.0);
        let dy = (self.y0 - y).max(y - self.y1).max(0.0);
        dx.hypot(dy)
    }

    fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

#[derive(Debug, Clone, Copy)]
struct Circle {
    x: f64,
    y: f64,
    r: f64,
}

fn num(node: Node, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> without a numeric {attr}", node.tag_name().name()))
}

fn has_class(node: Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

fn elements<'a>(doc: &'a Document, tag: &'a str) -> impl Iterator<Item = Node<'a, 'a>> {
    doc.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == tag)
}

fn view_box(doc: &Document) -> Rect {
    let v: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    Rect {
        x0: v[0],
        y0: v[1],
        x1: v[0] + v[2],
        y1: v[1] + v[3],
    }
}

/// The inline font size of a text (or of its parent), else `default`.
fn font_size(node: Node, default: f64) -> f64 {
    [Some(node), node.parent()]
        .into_iter()
        .flatten()
        .filter_map(|n| n.attribute("style"))
        .flat_map(|s| s.split(';'))
        .find_map(|decl| {
            let (k, v) = decl.split_once(':')?;
            (k.trim() == "font-size").then(|| v.trim().trim_end_matches("px").parse().ok())?
        })
        .unwrap_or(default)
}

/// Each line of a text: (x, baseline y, characters). Lines are the text's
/// `tspan`s (each with its own `x` and a `dy` from the previous line), or
/// the text itself.
fn lines(text: Node) -> Vec<(f64, f64, usize)> {
    let (x, mut y) = (num(text, "x"), num(text, "y"));
    let spans: Vec<Node> = text
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "tspan")
        .collect();
    if spans.is_empty() {
        let chars = text.text().unwrap_or_default().chars().count();
        return vec![(x, y, chars)];
    }
    spans
        .iter()
        .map(|s| {
            y += s.attribute("dy").map_or(0.0, |d| d.parse().unwrap());
            let x = s.attribute("x").map_or(x, |v| v.parse().unwrap());
            (x, y, s.text().unwrap_or_default().chars().count())
        })
        .collect()
}

/// The estimated box of a text, after its `rotate(a x y)` transform if any.
fn text_box(text: Node, default_size: f64) -> Rect {
    let size = font_size(text, default_size);
    let anchor = text.attribute("text-anchor").unwrap_or("start");
    let boxes = lines(text).into_iter().map(|(x, y, chars)| {
        let width = chars as f64 * GLYPH_EM * size;
        let x0 = match anchor {
            "middle" => x - width / 2.0,
            "end" => x - width,
            _ => x,
        };
        Rect {
            x0,
            y0: y - ASCENT_EM * size,
            x1: x0 + width,
            y1: y + DESCENT_EM * size,
        }
    });
    let rect = boxes.reduce(|a, b| a.union(&b)).expect("a text has a line");
    match text.attribute("transform") {
        Some(t) => rotate(rect, t),
        None => rect,
    }
}

fn rotate(rect: Rect, transform: &str) -> Rect {
    let args: Vec<f64> = transform
        .trim_start_matches("rotate(")
        .trim_end_matches(')')
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(
        transform.starts_with("rotate(") && args.len() == 3,
        "unexpected transform {transform}"
    );
    let (a, cx, cy) = (args[0].to_radians(), args[1], args[2]);
    let corners = [
        (rect.x0, rect.y0),
        (rect.x1, rect.y0),
        (rect.x0, rect.y1),
        (rect.x1, rect.y1),
    ];
    let turned = corners.map(|(x, y)| {
        let (dx, dy) = (x - cx, y - cy);
        (
            cx + dx * a.cos() - dy * a.sin(),
            cy + dx * a.sin() + dy * a.cos(),
        )
    });
    turned.iter().fold(
        Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        },
        |b, &(x, y)| {
            b.union(&Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            })
        },
    )
}

// ---------------------------------------------------------------- matrix

const RATINGS: [Rating; 3] = [Rating::Low, Rating::Medium, Rating::High];

fn quadrant_class(impact: Rating, effort: Rating) -> &'static str {
    match Quadrant::of(impact, effort) {
        Quadrant::QuickWin => "q-quick-win",
        Quadrant::MajorProject => "q-major-project",
        Quadrant::FillIn => "q-fill-in",
        Quadrant::ThanklessTask => "q-thankless-task",
    }
}

/// Items numbered from 1, one per (impact, effort) given.
fn items(cells: &[(Rating, Rating)]) -> Vec<MatrixItem> {
    cells
        .iter()
        .enumerate()
        .map(|(i, &(impact, effort))| MatrixItem {
            number: i + 1,
            title: format!("Action number {}", i + 1),
            impact,
            effort,
            quick_win: Quadrant::of(impact, effort) == Quadrant::QuickWin,
        })
        .collect()
}

struct Dot {
    number: usize,
    circle: Circle,
    label: Rect,
}

fn dots(doc: &Document) -> Vec<Dot> {
    elements(doc, "g")
        .filter(|g| has_class(*g, "matrix-item"))
        .map(|g| {
            let child = |tag: &str| {
                g.children()
                    .find(|n| n.tag_name().name() == tag)
                    .unwrap_or_else(|| panic!("a dot without <{tag}>"))
            };
            let title = child("title").text().unwrap_or_default();
            let circle = child("circle");
            Dot {
                number: title.split('.').next().unwrap().parse().unwrap(),
                circle: Circle {
                    x: num(circle, "cx"),
                    y: num(circle, "cy"),
                    r: num(circle, "r"),
                },
                label: text_box(child("text"), 11.0),
            }
        })
        .collect()
}

/// Every rule a reader relies on; `Err` says which one broke, and where.
fn check_matrix(items: &[MatrixItem]) -> Result<(), String> {
    let svg = charts::matrix(items);
    let doc = Document::parse(&svg).map_err(|e| format!("not XML: {e}"))?;
    let frame = view_box(&doc);
    let quadrant = |class: &str| {
        let rect = elements(&doc, "rect")
            .find(|r| has_class(*r, "quadrant") && has_class(*r, class))
            .unwrap_or_else(|| panic!("no {class} quadrant"));
        let (x, y) = (num(rect, "x"), num(rect, "y"));
        Rect {
            x0: x,
            y0: y,
            x1: x + num(rect, "width"),
            y1: y + num(rect, "height"),
        }
    };
    let labels: Vec<(String, Rect)> = elements(&doc, "text")
        .filter(|t| !t.ancestors().any(|a| has_class(a, "matrix-item")))
        .map(|t| {
            let name = t.text().unwrap_or_default().to_string();
            (name, text_box(t, 11.0))
        })
        .collect();
    for (name, rect) in &labels {
        if !frame.contains(rect) {
            return Err(format!(
                "label {name:?} {rect:?} leaves the chart {frame:?}"
            ));
        }
    }
    let dots = dots(&doc);
    if dots.len() != items.len() {
        return Err(format!("{} dots for {} items", dots.len(), items.len()));
    }
    for dot in &dots {
        let item = &items[dot.number - 1];
        let q = quadrant(quadrant_class(item.impact, item.effort));
        let Circle { x, y, r } = dot.circle;
        let m = r + QUADRANT_MARGIN;
        if !(x - m >= q.x0 && x + m <= q.x1 && y - m >= q.y0 && y + m <= q.y1) {
            return Err(format!(
                "dot {} {:?} not inside {q:?}",
                dot.number, dot.circle
            ));
        }
        for (name, rect) in &labels {
            if rect.distance_to(x, y) <= r {
                return Err(format!("dot {} covers label {name:?}", dot.number));
            }
        }
        let own = Rect {
            x0: x - r - 1.0,
            y0: y - r - 1.0,
            x1: x + r + 1.0,
            y1: y + r + 1.0,
        };
        if !own.contains(&dot.label) {
            return Err(format!("dot {}'s number spills out of it", dot.number));
        }
    }
    for (i, a) in dots.iter().enumerate() {
        for b in &dots[i + 1..] {
            let (p, q) = (a.circle, b.circle);
            let clear = (p.x - q.x).hypot(p.y - q.y) - p.r - q.r;
            if clear < DOT_GAP {
                return Err(format!("dots {} and {} overlap", a.number, b.number));
            }
        }
    }
    check_bands(items, &dots)
}

/// Each level of each axis has its own band: every dot of a lower level
/// lies wholly before every dot of a higher one (effort rightwards,
/// impact upwards), so `medium` is never drawn on a quadrant line.
fn check_bands(items: &[MatrixItem], dots: &[Dot]) -> Result<(), String> {
    for a in dots {
        for b in dots {
            let (ia, ib) = (&items[a.number - 1], &items[b.number - 1]);
            let (p, q) = (a.circle, b.circle);
            if ia.effort < ib.effort && p.x + p.r >= q.x - q.r {
                return Err(format!(
                    "effort bands of {} and {} meet",
                    a.number, b.number
                ));
            }
            if ia.impact < ib.impact && p.y - p.r <= q.y + q.r {
                return Err(format!(
                    "impact bands of {} and {} meet",
                    a.number, b.number
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_dot_stays_in_its_quadrant_for_1_to_60_actions_in_one_cell() {
    for impact in RATINGS {
        for effort in RATINGS {
            for n in 1..=60 {
                let list = items(&vec![(impact, effort); n]);
                if let Err(e) = check_matrix(&list) {
                    panic!("{n} actions at impact {impact:?}, effort {effort:?}: {e}");
                }
            }
        }
    }
}

#[test]
fn every_dot_stays_in_its_quadrant_when_cells_are_mixed() {
    let all: Vec<(Rating, Rating)> = RATINGS
        .iter()
        .flat_map(|&i| RATINGS.iter().map(move |&e| (i, e)))
        .collect();
    for n in 1..=60 {
        let round_robin: Vec<_> = (0..n).map(|k| all[k * 4 % 9]).collect();
        if let Err(e) = check_matrix(&items(&round_robin)) {
            panic!("{n} actions spread over the cells: {e}");
        }
        // One crowded cell beside a single action in every other one.
        let mut crowded = vec![(Rating::Medium, Rating::Medium); n];
        crowded.extend(all.iter().copied());
        if let Err(e) = check_matrix(&items(&crowded)) {
            panic!("{n} actions in one cell and one in each other: {e}");
        }
        let mut two = vec![(Rating::Low, Rating::High); n];
        two.extend(vec![(Rating::High, Rating::Low); n]);
        if let Err(e) = check_matrix(&items(&two)) {
            panic!("{n} thankless tasks and {n} quick wins: {e}");
        }
    }
}

// ----------------------------------------------------------------- radar

const STAGES: [&str; 5] = [
    "Foundational",
    "Developing",
    "Established",
    "Advanced",
    "Transformative",
];

fn pillars(names: &[String]) -> Vec<RadarPillar> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| RadarPillar {
            name: name.clone(),
            current: (i % 5) as f64 * 0.9,
            target: 4.0,
            baseline: Some(1.0),
        })
        .collect()
}

/// Labels of `n` pillars in one of several naming styles.
fn names(style: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match style {
            "short" => format!("P{i}"),
            "medium" => format!("Operations & logistics {i}"),
            // About 60 characters, as long as the issue asks for.
            "long" => format!("Customer experience, marketing and omnichannel engagement {i:02}"),
            "one-word" => format!("Supercalifragilisticexpialidocious{i}"),
            _ => {
                if i % 3 == 0 {
                    format!("Data governance, privacy and regulatory compliance {i}")
                } else {
                    format!("Data {i}")
                }
            }
        })
        .collect()
}

fn check_radar(names: &[String]) -> Result<(), String> {
    let svg = charts::radar(&pillars(names), &STAGES);
    let doc = Document::parse(&svg).map_err(|e| format!("not XML: {e}"))?;
    let frame = view_box(&doc);
    let axis = elements(&doc, "line")
        .find(|l| has_class(*l, "chart-axis"))
        .ok_or("no axis")?;
    let (cx, cy) = (num(axis, "x1"), num(axis, "y1"));
    // The outer ring: the farthest corner of any grid polygon.
    let ring = elements(&doc, "polygon")
        .filter(|p| has_class(*p, "chart-grid"))
        .flat_map(|p| {
            let points = p.attribute("points").unwrap_or_default().to_string();
            points
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                    (x - cx).hypot(y - cy)
                })
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max);
    let labels: Vec<(usize, Rect)> = elements(&doc, "text")
        .filter(|t| has_class(*t, "chart-label"))
        .map(|t| text_box(t, 12.0))
        .enumerate()
        .collect();
    if labels.len() != names.len() {
        return Err(format!(
            "{} labels for {} pillars",
            labels.len(),
            names.len()
        ));
    }
    let legend: Vec<Rect> = elements(&doc, "text")
        .filter(|t| has_class(*t, "chart-legend"))
        .map(|t| text_box(t, 11.0))
        .collect();
    for (i, rect) in &labels {
        if !frame.contains(rect) {
            return Err(format!("label {i} {rect:?} leaves the chart {frame:?}"));
        }
        if rect.distance_to(cx, cy) <= ring {
            return Err(format!(
                "label {i} {rect:?} reaches into the rings (r {ring})"
            ));
        }
        if let Some(l) = legend.iter().find(|l| l.overlaps(rect)) {
            return Err(format!("label {i} {rect:?} covers the legend {l:?}"));
        }
    }
    for (k, (i, a)) in labels.iter().enumerate() {
        for (j, b) in &labels[k + 1..] {
            if a.overlaps(b) {
                return Err(format!("labels {i} {a:?} and {j} {b:?} overlap"));
            }
        }
    }
    Ok(())
}

#[test]
fn radar_labels_never_overlap_each_other_or_the_rings() {
    for style in ["short", "medium", "long", "one-word", "mixed"] {
        for n in 3..=20 {
            if let Err(e) = check_radar(&names(style, n)) {
                panic!("{n} pillars with {style} names: {e}");
            }
        }
    }
}

/// `n` rounds with labels of the given style, dated a month apart.
fn rounds(style: &str, n: usize) -> Vec<TrendPoint> {
    (0..n)
        .map(|i| TrendPoint {
            label: match style {
                "tags" => format!("v{}-q{}", 2020 + i / 4, i % 4 + 1),
                "hashes" => format!("{:07x}", 0x1a2b3c4 + i * 7919),
                _ => format!("Quarterly review round {i} of the programme"),
            },
            date: (style != "hashes").then(|| format!("20{:02}-{:02}-01", 20 + i / 12, i % 12 + 1)),
            overall: (i % 6) as f64 * 0.8,
            pillars: vec![(i % 5) as f64, 5.0 - (i % 5) as f64],
        })
        .collect()
}

/// Axis labels inside the picture, apart from each other, the stage
/// labels and the legend; the latest round always labelled.
fn check_trend(points: &[TrendPoint]) -> Result<(), String> {
    let stages = [
        "Foundational",
        "Developing",
        "Defined",
        "Strategic",
        "Transformative",
    ];
    let svg = trend_chart::chart(points, &["Technology & platform", "Operations"], &stages)
        .ok_or("no chart")?;
    let doc = Document::parse(&svg).map_err(|e| e.to_string())?;
    let frame = view_box(&doc);
    let boxes = |class: &str, size: f64| -> Vec<Rect> {
        elements(&doc, "text")
            .filter(|t| has_class(*t, class))
            .map(|t| text_box(t, size))
            .collect()
    };
    let axis = boxes("chart-axis-label", 11.0);
    let others: Vec<Rect> = [boxes("chart-ring-label", 9.0), boxes("chart-legend", 11.0)].concat();
    for (i, a) in axis.iter().enumerate() {
        if !frame.contains(a) {
            return Err(format!("axis label {i} leaves the picture: {a:?}"));
        }
        if let Some(b) = axis[i + 1..].iter().find(|b| a.overlaps(b)) {
            return Err(format!("axis labels overlap: {a:?} and {b:?}"));
        }
        if let Some(o) = others.iter().find(|o| a.overlaps(o)) {
            return Err(format!("axis label {a:?} overlaps {o:?}"));
        }
    }
    let last = points.last().ok_or("no rounds")?;
    let latest = elements(&doc, "text")
        .filter(|t| has_class(*t, "chart-axis-label"))
        .last()
        .and_then(|t| t.children().find(|c| c.is_element()))
        .and_then(|span| span.text())
        .unwrap_or_default();
    if !last.label.starts_with(latest.trim_end_matches('…')) {
        return Err(format!("the latest round is labelled {latest:?}"));
    }
    Ok(())
}

#[test]
fn trend_axis_labels_never_overlap() {
    for style in ["tags", "hashes", "long"] {
        for n in 2..=60 {
            if let Err(e) = check_trend(&rounds(style, n)) {
                panic!("{n} rounds labelled like {style}: {e}");
            }
        }
    }
}
