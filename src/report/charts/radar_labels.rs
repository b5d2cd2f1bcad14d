//! Where the radar's pillar names go, and how large the chart must be to
//! hold them.
//!
//! A name is wrapped into at most [`MAX_LINES`] balanced lines of about
//! [`MAX_LINE`] characters ([`wrap_label`]) and anchored on its axis just
//! outside the outer ring: names right of the centre start there, names
//! left of it end there, names near the top or bottom are centred on it;
//! below the centre they grow downwards, above it upwards. Names are
//! placed in axis order, and one that would come within [`CLEAR`] of an
//! earlier name or of the outer ring moves outwards along its own axis,
//! [`STEP`] at a time, until it is clear: around a crowded top or bottom
//! the names are staggered. That always ends, because a box far enough out
//! along its axis lies beyond every earlier one.
//!
//! Names are neither cut nor shrunk: [`frame`] grows the chart to hold
//! them all (never below the usual 680 px width), so with many long names
//! the page scales the whole chart down instead.

use std::f64::consts::PI;

use super::geometry::{ASCENT_EM, DESCENT_EM, Rect, text_width};

/// Font size of a pillar name, set inline so that the layout holds
/// whatever size a theme gives `.chart-label`.
pub const LABEL_SIZE: f64 = 12.0;
/// Distance between the baselines of a name's lines.
pub const LINE_HEIGHT: f64 = 14.0;
/// Characters per line a name is wrapped at, when its words allow.
pub const MAX_LINE: usize = 20;
/// Lines per name; longer names get longer lines.
pub const MAX_LINES: usize = 4;
/// How far outside the outer ring a name is first tried.
const OFFSET: f64 = 14.0;
/// How far a name moves outwards per try.
const STEP: f64 = 4.0;
/// Room kept between two names, and between a name and the outer ring.
pub const CLEAR: f64 = 4.0;
/// The chart's usual width, kept as the least so few pillars look as before.
const MIN_WIDTH: f64 = 680.0;
/// Margin around the labels inside the chart.
const PAD: f64 = 12.0;
/// Room under everything for the legend.
const LEGEND: f64 = 30.0;

/// One placed pillar name; coordinates are relative to the radar's centre.
pub struct Label {
    pub lines: Vec<String>,
    /// SVG `text-anchor`.
    pub anchor: &'static str,
    /// The anchor's x, and the first line's baseline.
    pub x: f64,
    pub y: f64,
    /// The room the text is estimated to take.
    pub bounds: Rect,
}

/// The chart's size and where its centre goes.
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub cx: f64,
    pub cy: f64,
}

/// Places one name per axis around a ring of radius `ring`, axis 0 at the
/// top, clockwise (as the radar draws its axes).
pub fn place(names: &[&str], ring: f64) -> Vec<Label> {
    let n = names.len().max(1) as f64;
    let mut placed: Vec<Label> = Vec::with_capacity(names.len());
    for (a, name) in names.iter().enumerate() {
        let angle = -PI / 2.0 + 2.0 * PI * a as f64 / n;
        let lines = wrap_label(name);
        let mut d = ring + OFFSET;
        let mut label = shape(lines.clone(), angle, d);
        // Past this distance the label is beyond every earlier one (see
        // the module docs); the bound only guards against a float surprise.
        let far = placed
            .iter()
            .map(|l| l.bounds.reach_from(0.0, 0.0))
            .fold(ring, f64::max);
        let limit = far + label.bounds.width() + label.bounds.height() + CLEAR + STEP;
        while !is_clear(&label, &placed, ring) && d <= limit {
            d += STEP;
            label = shape(lines.clone(), angle, d);
        }
        placed.push(label);
    }
    placed
}

fn is_clear(label: &Label, placed: &[Label], ring: f64) -> bool {
    label.bounds.distance_to(0.0, 0.0) > ring + CLEAR
        && placed
            .iter()
            .all(|p| !p.bounds.grow(CLEAR).overlaps(&label.bounds))
}

/// `lines` anchored at distance `d` along `angle`; the anchor point always
/// lies on the label's box, which is what makes moving outwards work.
fn shape(lines: Vec<String>, angle: f64, d: f64) -> Label {
    let (cos, sin) = (angle.cos(), angle.sin());
    let (ax, ay) = (d * cos, d * sin);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let width = text_width(longest, LABEL_SIZE);
    let height =
        LINE_HEIGHT * (lines.len().max(1) - 1) as f64 + (ASCENT_EM + DESCENT_EM) * LABEL_SIZE;
    let (anchor, x0) = if cos > 0.3 {
        ("start", ax)
    } else if cos < -0.3 {
        ("end", ax - width)
    } else {
        ("middle", ax - width / 2.0)
    };
    let y0 = if sin > 0.3 {
        ay
    } else if sin < -0.3 {
        ay - height
    } else {
        ay - height / 2.0
    };
    Label {
        lines,
        anchor,
        x: ax,
        y: y0 + ASCENT_EM * LABEL_SIZE,
        bounds: Rect::new(x0, y0, width, height),
    }
}

/// The chart's frame: wide enough for every label on both sides of a
/// centred radar (and at least [`MIN_WIDTH`]), tall enough for the labels
/// above and below, with the legend in a strip of its own at the bottom.
pub fn frame(labels: &[Label], ring: f64) -> Frame {
    let plot = Rect::new(-ring, -ring, 2.0 * ring, 2.0 * ring);
    let all = labels.iter().fold(plot, |b, l| b.union(&l.bounds));
    let half = ((-all.x0).max(all.x1) + PAD).max(MIN_WIDTH / 2.0).ceil();
    let cy = (PAD - all.y0).ceil();
    let h = (cy + all.y1 + PAD + LEGEND).ceil();
    Frame {
        w: 2.0 * half,
        h,
        cx: half,
        cy,
    }
}

/// A pillar name on one line when it is short, else on as few lines of at
/// most [`MAX_LINE`] characters as its words allow (at most
/// [`MAX_LINES`]; a name that needs more gets longer lines), balanced: the
/// narrowest width that needs no more lines. Broken only between words.
pub fn wrap_label(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let total = line_length(&words);
    if total <= MAX_LINE {
        return vec![words.join(" ")];
    }
    let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let wanted = greedy(&words, MAX_LINE.max(longest)).len().min(MAX_LINES);
    // More width never needs more lines: search the least width.
    let (mut lo, mut hi) = (longest, total);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if greedy(&words, mid).len() <= wanted {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    greedy(&words, lo)
}

fn line_length(words: &[&str]) -> usize {
    words.iter().map(|w| w.chars().count()).sum::<usize>() + words.len().saturating_sub(1)
}

/// Fills lines of at most `width` characters word by word (a longer word
/// gets a line of its own).
fn greedy(words: &[&str], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in words {
        let needed = current.chars().count() + 1 + word.chars().count();
        if !current.is_empty() && needed > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_into_balanced_lines() {
        assert_eq!(wrap_label("Data & analytics"), ["Data & analytics"]);
        assert_eq!(
            wrap_label("Customer experience & marketing"),
            ["Customer experience", "& marketing"]
        );
        assert_eq!(
            wrap_label("Supercalifragilisticexpialidocious"),
            ["Supercalifragilisticexpialidocious"]
        );
        let long = "Customer experience, marketing and omnichannel engagement 01";
        let lines = wrap_label(long);
        assert!(lines.len() <= MAX_LINES, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= MAX_LINE));
        assert_eq!(lines.join(" "), long);
        assert_eq!(wrap_label("   "), [""]);
        assert_eq!(wrap_label("x ".repeat(200).trim()).len(), MAX_LINES);
    }

    #[test]
    fn crowded_labels_are_staggered_not_overlapping() {
        let names: Vec<String> = (0..20)
            .map(|i| format!("Pillar number {i} of many"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let labels = place(&names, 145.0);
        for (i, a) in labels.iter().enumerate() {
            assert!(a.bounds.distance_to(0.0, 0.0) > 145.0 + CLEAR);
            for b in &labels[i + 1..] {
                assert!(!a.bounds.overlaps(&b.bounds));
            }
        }
        let frame = frame(&labels, 145.0);
        assert!(frame.w >= MIN_WIDTH && frame.cx * 2.0 == frame.w);
    }
}
