//! The impact × effort matrix: effort across, impact up, one numbered dot
//! per roadmap action over the four quadrants of [`Quadrant`].
//!
//! # Geometry
//!
//! Each axis has three equal bands, one per level (low, medium, high), so
//! the plot is a 3 × 3 grid of cells. A quadrant is the union of the cells
//! that [`Quadrant::of`] puts in it (impact medium or high is high impact;
//! only high effort is high effort), so quadrant lines run between bands
//! and no level is ever drawn on one. The quadrants therefore differ in
//! size (quick wins 2 × 2 cells, thankless tasks 1 × 1): the scale of each
//! axis stays linear, which equal quadrants with unequal bands would not.
//! Dashed lines mark the bands inside a quadrant; the levels are named
//! along both axes.
//!
//! The actions of one cell sit on a small grid inside it, [`CELL_PAD`]
//! from its edges (so from the quadrant lines) and, in a quadrant's top
//! row, below the quadrant's label, [`DOT_GAP`] apart. Every dot has the
//! same radius: the largest from [`DOT_MAX`] down to [`DOT_MIN`], in half
//! pixels, at which every cell fits. The number's font follows the radius
//! (and shrinks further for three digits), set inline so that a theme's
//! own size cannot push it out of its dot. When even [`DOT_MIN`] does not
//! fit, the impact bands grow taller, all three alike so the scale stays
//! linear, and the chart with them: every action keeps its own numbered
//! dot, as in the roadmap table. (A "+N" summary dot would hide which
//! actions are where.)

use std::fmt::Write;

use super::geometry::{DESCENT_EM, DIGIT_EM, Rect};
use super::{escape, f};
use crate::model::Rating;
use crate::scoring::Quadrant;

/// One roadmap item on the matrix.
pub struct MatrixItem {
    pub number: usize,
    pub title: String,
    pub impact: Rating,
    pub effort: Rating,
    pub quick_win: bool,
}

/// Width of a band of the effort axis, and the least height of a band of
/// the impact axis.
const CELL: f64 = 130.0;
/// Room left of the plot for the impact axis, its title and levels.
const LEFT: f64 = 56.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 12.0;
/// Room below the plot for the effort axis's levels and title.
const BOTTOM: f64 = 44.0;
/// Radius of a dot when there is room (the number's font is as large).
pub const DOT_MAX: f64 = 11.0;
/// The smallest radius: its 8 px number is about 6 pt when the chart is
/// printed at its natural width (about 120 mm), the least still legible.
pub const DOT_MIN: f64 = 8.0;
/// Room between two dots (wider than any theme's dot outline).
pub const DOT_GAP: f64 = 3.0;
/// Room between a dot and the edge of its cell.
pub const CELL_PAD: f64 = 6.0;
const LABEL_SIZE: f64 = 11.0;
const LABEL_INSET: f64 = 8.0;
const LABEL_BASELINE: f64 = 18.0;
/// Where the dots' room starts in a cell that carries a quadrant label:
/// below the label's descenders, with a few pixels to spare.
const LABEL_STRIP: f64 = LABEL_BASELINE + DESCENT_EM * LABEL_SIZE + 5.0;

const LEVELS: [Rating; 3] = [Rating::Low, Rating::Medium, Rating::High];

/// The quadrants in drawing order, with their CSS class and label.
const QUADRANTS: [(Quadrant, &str, &str); 4] = [
    (Quadrant::QuickWin, "q-quick-win", "Quick wins"),
    (Quadrant::MajorProject, "q-major-project", "Major projects"),
    (Quadrant::FillIn, "q-fill-in", "Fill-ins"),
    (
        Quadrant::ThanklessTask,
        "q-thankless-task",
        "Thankless tasks",
    ),
];

fn level(r: Rating) -> usize {
    match r {
        Rating::Low => 0,
        Rating::Medium => 1,
        Rating::High => 2,
    }
}

/// The plot's cells, for a given height of the impact bands.
struct Grid {
    band: f64,
}

impl Grid {
    /// The cell of an (effort, impact) pair of levels; high impact on top.
    fn cell(&self, effort: usize, impact: usize) -> Rect {
        let x = LEFT + effort as f64 * CELL;
        let y = TOP + 2usize.saturating_sub(impact) as f64 * self.band;
        Rect::new(x, y, CELL, self.band)
    }

    fn plot(&self) -> Rect {
        Rect::new(LEFT, TOP, 3.0 * CELL, 3.0 * self.band)
    }

    /// The quadrant: the union of the cells [`Quadrant::of`] puts in it.
    fn quadrant(&self, q: Quadrant) -> Rect {
        let mut cells = LEVELS.iter().flat_map(|&impact| {
            LEVELS.iter().filter_map(move |&effort| {
                (Quadrant::of(impact, effort) == q).then_some((level(effort), level(impact)))
            })
        });
        let first = cells
            .next()
            .map_or(Rect::new(LEFT, TOP, 0.0, 0.0), |(e, i)| self.cell(e, i));
        cells.fold(first, |acc, (e, i)| acc.union(&self.cell(e, i)))
    }

    /// Where the dots of a cell may go: inside it by [`CELL_PAD`], and, in
    /// the top row of a quadrant, below the quadrant's label (the whole row
    /// alike, so dots side by side stay level).
    fn room(&self, effort: usize, impact: usize) -> Rect {
        let cell = self.cell(effort, impact);
        let q = self.quadrant(Quadrant::of(LEVELS[impact], LEVELS[effort]));
        let top = if cell.y0 == q.y0 {
            LABEL_STRIP
        } else {
            CELL_PAD
        };
        Rect {
            x0: cell.x0 + CELL_PAD,
            y0: cell.y0 + top,
            x1: cell.x1 - CELL_PAD,
            y1: cell.y1 - CELL_PAD,
        }
    }
}

/// How many dots of radius `r` fit across and down `room`.
fn capacity(room: &Rect, r: f64) -> (usize, usize) {
    let pitch = 2.0 * r + DOT_GAP;
    // The epsilon keeps a room sized for exactly k dots from fitting k - 1.
    let fit = |len: f64| ((len + DOT_GAP) / pitch + 1e-9).floor().max(0.0) as usize;
    (fit(room.width()), fit(room.height()))
}

/// Actions per cell, `[effort][impact]`.
fn counts(items: &[MatrixItem]) -> [[usize; 3]; 3] {
    let mut counts = [[0; 3]; 3];
    for item in items {
        counts[level(item.effort)][level(item.impact)] += 1;
    }
    counts
}

fn cells() -> impl Iterator<Item = (usize, usize)> {
    (0..3).flat_map(|e| (0..3).map(move |i| (e, i)))
}

/// The impact bands' height and the dots' radius (see the module docs).
fn size(counts: &[[usize; 3]; 3]) -> (f64, f64) {
    let square = Grid { band: CELL };
    for step in 0..=((DOT_MAX - DOT_MIN) * 2.0) as usize {
        let r = DOT_MAX - 0.5 * step as f64;
        let fits = cells().all(|(e, i)| {
            let (cols, rows) = capacity(&square.room(e, i), r);
            counts[e][i] <= cols * rows
        });
        if fits {
            return (CELL, r);
        }
    }
    let pitch = 2.0 * DOT_MIN + DOT_GAP;
    let band = cells()
        .map(|(e, i)| {
            let room = square.room(e, i);
            let (cols, _) = capacity(&room, DOT_MIN);
            let rows = counts[e][i].div_ceil(cols.max(1));
            rows as f64 * pitch - DOT_GAP + (CELL - room.height())
        })
        .fold(CELL, f64::max);
    (band.ceil(), DOT_MIN)
}

/// Centres of `n` dots of radius `r` in `room`: rows filled in order,
/// the block centred.
fn place(room: &Rect, n: usize, r: f64) -> Vec<(f64, f64)> {
    let pitch = 2.0 * r + DOT_GAP;
    let rows = n.div_ceil(capacity(room, r).0.max(1)).max(1);
    let cols = n.div_ceil(rows).max(1);
    let width = cols as f64 * pitch - DOT_GAP;
    let height = rows as f64 * pitch - DOT_GAP;
    let x = room.x0 + (room.width() - width) / 2.0 + r;
    let y = room.y0 + (room.height() - height) / 2.0 + r;
    (0..n)
        .map(|k| {
            let (col, row) = ((k % cols) as f64, (k / cols) as f64);
            (x + col * pitch, y + row * pitch)
        })
        .collect()
}

/// The number's font size in a dot of radius `r`: as large as the dot,
/// smaller when its digits would not fit across 80% of it.
fn number_size(r: f64, number: usize) -> f64 {
    let digits = number.to_string().len() as f64;
    r.min(1.6 * r / (DIGIT_EM * digits))
}

/// The impact × effort matrix: effort across, impact up; items numbered as
/// in the roadmap table, quick wins top left. The geometry (see the
/// module docs) keeps every dot inside its quadrant, clear of the other
/// dots and of the labels, for any number of items.
pub fn matrix(items: &[MatrixItem]) -> String {
    let counts = counts(items);
    let (band, r) = size(&counts);
    let grid = Grid { band };
    let plot = grid.plot();
    let (w, h) = (plot.x1 + RIGHT, plot.y1 + BOTTOM);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart matrix" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="matrix-title" xmlns="http://www.w3.org/2000/svg"><title id="matrix-title">Roadmap actions by impact and effort</title>"#
    );
    quadrants(&mut s, &grid);
    axes(&mut s, &grid);
    let mut spots: [[Vec<(f64, f64)>; 3]; 3] = Default::default();
    for (e, i) in cells() {
        spots[e][i] = place(&grid.room(e, i), counts[e][i], r);
        spots[e][i].reverse();
    }
    for item in items {
        let spot = spots[level(item.effort)][level(item.impact)].pop();
        if let Some((x, y)) = spot {
            dot(&mut s, item, x, y, r);
        }
    }
    s.push_str("</svg>");
    s
}

fn quadrants(s: &mut String, grid: &Grid) {
    for (q, class, label) in QUADRANTS {
        let b = grid.quadrant(q);
        let _ = write!(
            s,
            r#"<rect class="quadrant {class}" x="{}" y="{}" width="{}" height="{}"/><text class="quadrant-label" x="{}" y="{}" style="font-size:{LABEL_SIZE}px">{label}</text>"#,
            f(b.x0),
            f(b.y0),
            f(b.width()),
            f(b.height()),
            f(b.x0 + LABEL_INSET),
            f(b.y0 + LABEL_BASELINE)
        );
    }
    // The bands inside a quadrant: between low and medium effort, and
    // between medium and high impact.
    let plot = grid.plot();
    let (x, y) = (f(LEFT + CELL), f(TOP + grid.band));
    let _ = write!(
        s,
        r#"<line class="chart-grid" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke-dasharray="3 3"/><line class="chart-grid" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke-dasharray="3 3"/>"#,
        f(plot.y0),
        f(plot.y1),
        f(plot.x0),
        f(plot.x1)
    );
}

/// Axis titles, and the name of each level under (or beside) its band.
fn axes(s: &mut String, grid: &Grid) {
    let plot = grid.plot();
    for (e, rating) in LEVELS.iter().enumerate() {
        let cell = grid.cell(e, 0);
        let _ = write!(
            s,
            r#"<text class="chart-axis-label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            f((cell.x0 + cell.x1) / 2.0),
            f(plot.y1 + 16.0),
            rating.as_str()
        );
    }
    for (i, rating) in LEVELS.iter().enumerate() {
        let cell = grid.cell(0, i);
        let (x, y) = (f(LEFT - 10.0), f((cell.y0 + cell.y1) / 2.0));
        let _ = write!(
            s,
            r#"<text class="chart-axis-label" x="{x}" y="{y}" text-anchor="middle" transform="rotate(-90 {x} {y})">{}</text>"#,
            rating.as_str()
        );
    }
    let middle = f((plot.y0 + plot.y1) / 2.0);
    let _ = write!(
        s,
        r#"<text class="chart-axis-label" x="{}" y="{}" text-anchor="middle">Effort →</text><text class="chart-axis-label" x="20" y="{middle}" text-anchor="middle" transform="rotate(-90 20 {middle})">Impact →</text>"#,
        f((plot.x0 + plot.x1) / 2.0),
        f(plot.y1 + 34.0),
    );
}

fn dot(s: &mut String, item: &MatrixItem, x: f64, y: f64, r: f64) {
    let class = if item.quick_win {
        "matrix-item matrix-quick-win"
    } else {
        "matrix-item"
    };
    let size = number_size(r, item.number);
    let _ = write!(
        s,
        r#"<g class="{class}"><title>{}. {}</title><circle cx="{}" cy="{}" r="{}"/><text x="{}" y="{}" text-anchor="middle" style="font-size:{}px">{}</text></g>"#,
        item.number,
        escape(&item.title),
        f(x),
        f(y),
        f(r),
        f(x),
        f(y + 0.35 * size),
        f(size),
        item.number
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(number: usize, impact: Rating, effort: Rating) -> MatrixItem {
        MatrixItem {
            number,
            title: format!("action {number}"),
            impact,
            effort,
            quick_win: Quadrant::of(impact, effort) == Quadrant::QuickWin,
        }
    }

    #[test]
    fn every_level_lies_wholly_inside_the_quadrant_scoring_gives_it() {
        let grid = Grid { band: CELL };
        for impact in LEVELS {
            for effort in LEVELS {
                let cell = grid.cell(level(effort), level(impact));
                let q = grid.quadrant(Quadrant::of(impact, effort));
                assert!(
                    cell.x0 >= q.x0 && cell.x1 <= q.x1 && cell.y0 >= q.y0 && cell.y1 <= q.y1,
                    "{impact:?} impact, {effort:?} effort"
                );
            }
        }
        let rects: Vec<Rect> = QUADRANTS.iter().map(|q| grid.quadrant(q.0)).collect();
        for (i, a) in rects.iter().enumerate() {
            assert!(rects[i + 1..].iter().all(|b| !a.overlaps(b)));
        }
    }

    #[test]
    fn dots_shrink_to_the_minimum_then_the_chart_grows() {
        let few = counts(&[item(1, Rating::High, Rating::Low)]);
        assert_eq!(size(&few), (CELL, DOT_MAX));
        let crowd: Vec<MatrixItem> = (1..=24)
            .map(|n| item(n, Rating::High, Rating::Low))
            .collect();
        let (band, r) = size(&counts(&crowd));
        assert!(
            band == CELL && (DOT_MIN..DOT_MAX).contains(&r),
            "{band} {r}"
        );
        let many: Vec<MatrixItem> = (1..=200)
            .map(|n| item(n, Rating::Low, Rating::High))
            .collect();
        let (band, r) = size(&counts(&many));
        assert!(band > CELL && r == DOT_MIN, "{band} {r}");
        assert_eq!(matrix(&many).matches("<circle").count(), 200);
    }

    #[test]
    fn numbers_fit_their_dots() {
        assert_eq!(number_size(DOT_MAX, 7), DOT_MAX);
        assert_eq!(number_size(DOT_MAX, 17), DOT_MAX);
        assert!(number_size(DOT_MIN, 123) * DIGIT_EM * 3.0 <= 1.6 * DOT_MIN + 1e-9);
    }

    #[test]
    fn no_items_is_an_empty_plot_not_a_panic() {
        let svg = matrix(&[]);
        assert!(svg.contains("Quick wins") && !svg.contains("<circle"));
    }
}
