//! How numbers are printed, in one place for the text output, the HTML and
//! the explanations, so the same number always reads the same. JSON carries
//! the unrounded values.
//!
//! Shares and positions are rounded *down*: a report never shows "100%" for
//! a stage that is not fully in place, "75%" for 74.9% against a 75%
//! threshold, or position "2.0" for a pillar that has reached one stage.

use super::rules::TOLERANCE;
use crate::decimal::{fixed, push_fixed};

/// Digits after the decimal point of a share given as a percentage: 0 for
/// 0.75 ("75%"), 1 for 0.755 ("75.5%"), at most 2.
pub fn percent_decimals(share: f64) -> usize {
    let scaled = share * 100.0;
    (0..2)
        .find(|d| {
            let f = 10f64.powi(*d as i32);
            ((scaled * f).round() - scaled * f).abs() < 1e-6
        })
        .unwrap_or(2)
}

/// A share as a percentage, rounded down to `decimals` places.
pub fn percent_at(share: f64, decimals: usize) -> String {
    let f = 10f64.powi(decimals as i32);
    let v = ((share * 100.0 * f) + TOLERANCE * 100.0 * f).floor() / f;
    let mut s = fixed(v, decimals);
    s.push('%');
    s
}

/// A share as a whole percentage, rounded down: "74%" for 0.7499.
pub fn percent(share: f64) -> String {
    percent_at(share, 0)
}

/// A threshold or other author-given share, exactly: "75%", "75.5%".
pub fn percent_exact(share: f64) -> String {
    let d = percent_decimals(share);
    let mut s = fixed(share * 100.0, d);
    s.push('%');
    s
}

/// A position with two decimals, rounded down, so its whole part is always
/// the number of stages reached: "1.99", never "2.00" for 1.999.
pub fn position(position: f64) -> String {
    let v = ((position * 100.0) + TOLERANCE * 100.0).floor() / 100.0;
    fixed(v, 2)
}

/// "2.35 of 5": a position over the ladder's length.
pub fn position_label(value: f64, stages: usize) -> String {
    format!("{} of {stages}", position(value))
}

/// A signed change of position, rounded toward zero: "+0.40", "−1.25",
/// "±0" for no change.
pub fn position_delta(delta: f64) -> String {
    let v = (delta.abs() * 100.0 + TOLERANCE * 100.0).floor() / 100.0;
    if v == 0.0 {
        "±0".to_string()
    } else if delta > 0.0 {
        let mut s = String::from("+");
        push_fixed(&mut s, v, 2);
        s
    } else {
        let mut s = String::from("\u{2212}");
        push_fixed(&mut s, v, 2);
        s
    }
}

/// `1`, `1.5`, `1.33`: a scale value with as few decimals as needed.
pub fn number(x: f64) -> String {
    let mut s = fixed(x, 2);
    let kept = s.trim_end_matches('0').trim_end_matches('.').len();
    s.truncate(kept);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_down_and_thresholds_print_exactly() {
        assert_eq!(percent(0.7499), "74%");
        assert_eq!(percent(0.75), "75%");
        assert_eq!(
            percent(1.0 - 1e-12),
            "100%",
            "floating-point error is forgiven"
        );
        assert_eq!(percent(0.9999), "99%");
        assert_eq!(percent_exact(0.755), "75.5%");
        assert_eq!(percent_decimals(0.755), 1);
        assert_eq!(percent_at(0.7551, 1), "75.5%");
        assert_eq!(percent_at(0.7549, 1), "75.4%");
    }

    #[test]
    fn positions_never_round_up_to_a_stage_not_reached() {
        assert_eq!(position(1.999), "1.99");
        assert_eq!(position(2.0), "2.00");
        assert_eq!(position(0.0), "0.00");
        assert_eq!(position_label(2.356, 5), "2.35 of 5");
        assert_eq!(position_delta(0.4), "+0.40");
        assert_eq!(position_delta(-1.25), "\u{2212}1.25");
        assert_eq!(position_delta(0.001), "±0");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(2.0), "2");
    }
}
