//! Fixed-decimal text of floats (`2.35`, `-0.5`, `120.0`), byte-identical
//! to `format!("{x:.N}")`.
//!
//! Why not `format!`: with a precision, the standard formatter often
//! falls back to its exact big-number path (Dragon4), which costs a few
//! thousand instructions per number; a report prints thousands of chart
//! coordinates and levels. Here the number is scaled and rounded as an
//! integer, which is exact whenever the scaled value is not within a hair
//! of a rounding tie; those rare cases, and anything large, non-finite or
//! with many decimals, still go through `format!`, so the text never
//! differs.

use std::fmt::Write as _;

/// Powers of ten for the decimals we scale (more go through `format!`).
const SCALE: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];

/// Largest scaled magnitude handled as an integer. Below it the scaled
/// value is off the exact product by less than 1.2e-7, far inside
/// [`TIE_MARGIN`].
const MAX_SCALED: f64 = 1e9;

/// How close to a .5 tie the scaled value may be before we let the exact
/// formatter decide.
const TIE_MARGIN: f64 = 1e-6;

/// `x` with `decimals` digits after the point, as `format!("{x:.decimals$}")`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let mut s = String::with_capacity(12);
    push_fixed(&mut s, x, decimals);
    s
}

/// Appends `x` with `decimals` digits after the point to `out`, as
/// `write!(out, "{x:.decimals$}")` would.
pub fn push_fixed(out: &mut String, x: f64, decimals: usize) {
    match scaled(x, decimals) {
        Some(n) => push_digits(out, x.is_sign_negative(), n, decimals),
        None => {
            let _ = write!(out, "{x:.decimals$}");
        }
    }
}

/// `|x| × 10^decimals` rounded to an integer, when that rounding is
/// certainly the one the exact decimal expansion gets.
fn scaled(x: f64, decimals: usize) -> Option<u64> {
    let scale = *SCALE.get(decimals)?;
    let y = x.abs() * scale;
    if y.is_nan() || y >= MAX_SCALED {
        return None; // also infinities
    }
    let floor = y.floor();
    if ((y - floor) - 0.5).abs() < TIE_MARGIN {
        return None;
    }
    Some(y.round() as u64)
}

/// Writes `n / 10^decimals` with exactly `decimals` fraction digits; the
/// sign is printed for every negative input, as the standard formatter
/// does ("-0.0" for -0.01 at one decimal).
fn push_digits(out: &mut String, negative: bool, n: u64, decimals: usize) {
    let mut digits = [0u8; 24];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
        if rest == 0 && len > decimals {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    for i in (0..len).rev() {
        if i + 1 == decimals && decimals > 0 {
            out.push('.');
        }
        out.push(digits[i] as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(x: f64, d: usize) {
        assert_eq!(fixed(x, d), format!("{x:.d$}"), "{x:e} at {d} decimals");
    }

    #[test]
    fn matches_the_standard_formatter_on_edge_cases() {
        let cases = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.375,
            1.005,
            2.675,
            0.045,
            -0.01,
            -0.04,
            9.95,
            9.999_999,
            99.95,
            0.05,
            1e-300,
            123_456.789,
            999_999_999.4,
            1e9,
            1e20,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0 / 3.0,
            2.0 / 3.0,
            145.0 * (2.0 * std::f64::consts::PI / 7.0).cos(),
        ];
        for x in cases {
            for d in 0..7 {
                same(x, d);
            }
        }
    }

    #[test]
    fn matches_on_every_hundredth_and_thousandth() {
        for i in -20_000..20_000 {
            for d in 0..4 {
                same(i as f64 / 100.0, d);
                same(i as f64 / 1000.0, d);
                same(i as f64 * 0.01, d);
            }
        }
    }

    proptest! {
        #[test]
        fn matches_the_standard_formatter(x in -1e7f64..1e7, d in 0usize..6) {
            prop_assert_eq!(fixed(x, d), format!("{x:.d$}"));
        }

        #[test]
        fn matches_on_any_bits(bits in any::<u64>(), d in 0usize..6) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(fixed(x, d), format!("{x:.d$}"));
        }
    }
}
