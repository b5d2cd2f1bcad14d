//! The little geometry the charts lay out with: boxes, and how much room
//! a line of text takes before any browser has measured it.

/// How wide a character of chart text is assumed to be, in ems. Measured
/// in headless Chromium, mixed-case English in DejaVu Sans Bold (the widest
/// fallback font of the bundled themes) averages 0.55–0.63 em; 0.68 leaves
/// room for capitals and wide words. Layout uses this one estimate, so
/// text that runs a little wider eats into the gaps kept between boxes
/// rather than into its neighbours.
pub const GLYPH_EM: f64 = 0.68;
/// Digits are wider than the average letter (0.70 em in DejaVu Sans Bold).
pub const DIGIT_EM: f64 = 0.7;
/// Room above the baseline (capitals and accents: 0.92 em measured).
pub const ASCENT_EM: f64 = 0.95;
/// Room below the baseline (descenders: 0.25 em measured).
pub const DESCENT_EM: f64 = 0.3;

/// An axis-aligned box, `x0 <= x1` and `y0 <= y1` (SVG units, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + width,
            y1: y + height,
        }
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The box grown by `by` on every side.
    pub fn grow(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    /// Whether the two boxes share any area (touching edges do not).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// Distance from a point to the nearest point of the box (0 inside).
    pub fn distance_to(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).max(x - self.x1).max(0.0);
        let dy = (self.y0 - y).max(y - self.y1).max(0.0);
        dx.hypot(dy)
    }

    /// Distance from a point to the farthest corner of the box.
    pub fn reach_from(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).abs().max((self.x1 - x).abs());
        let dy = (self.y0 - y).abs().max((self.y1 - y).abs());
        dx.hypot(dy)
    }
}

/// The width of `chars` characters of text at `size` px.
pub fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * GLYPH_EM * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_that_only_touch_do_not_overlap() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(!a.overlaps(&Rect::new(10.0, 0.0, 5.0, 5.0)));
        assert!(a.overlaps(&Rect::new(9.0, 9.0, 5.0, 5.0)));
        assert_eq!(a.distance_to(13.0, 14.0), 5.0);
        assert_eq!(a.distance_to(5.0, 5.0), 0.0);
        assert_eq!(a.reach_from(0.0, 0.0), 200f64.sqrt());
    }
}
