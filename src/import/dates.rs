//! Dates as people and form tools write them, turned into the
//! `YYYY-MM-DD` answer files use. Accepted: date cells of a workbook
//! (Excel serial numbers, both date systems), ISO dates (`2026-11-02`,
//! optionally followed by a time, as Forms timestamps are), `2026/11/02`,
//! and day-month-year or month-day-year with `/`, `.` or `-` when the
//! order is clear: from the numbers (a part above 12 is the day) or from
//! the map file's `date-order`. An ambiguous date is an error, never a
//! guess.

use super::cells::Value;

/// How to read `01/02/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayMonthYear,
    MonthDayYear,
}

/// The date in `value`, `None` when blank, or why it is not a date.
pub fn date(value: &Value, order: Option<DateOrder>) -> Result<Option<String>, String> {
    match value {
        Value::Empty | Value::Invalid => Ok(None),
        Value::Date(d) => Ok(Some(d.clone())),
        Value::Text(t) if t.trim().is_empty() => Ok(None),
        Value::Text(t) => parse(t.trim(), order).map(Some),
        other => Err(format!("{} is not a date", other.describe())),
    }
}

fn parse(text: &str, order: Option<DateOrder>) -> Result<String, String> {
    // A time after the date ("2026-11-02 10:15:32", "…T10:15") is dropped.
    let day_part = text
        .split([' ', 'T'])
        .next()
        .unwrap_or(text)
        .trim_end_matches(',');
    let parts: Vec<&str> = day_part.split(['-', '/', '.']).collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let (Some(n), 3) = (numbers, parts.len()) else {
        return Err(format!("\"{text}\" is not a date"));
    };
    let (year, month, day) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        let (first, second) = (n[0], n[1]);
        match order {
            Some(DateOrder::DayMonthYear) => (n[2], second, first),
            Some(DateOrder::MonthDayYear) => (n[2], first, second),
            None if first > 12 => (n[2], second, first),
            None if second > 12 => (n[2], first, second),
            None if first == second => (n[2], first, second),
            None => {
                return Err(format!(
                    "\"{text}\" could be {} or {}",
                    iso(n[2], second, first),
                    iso(n[2], first, second)
                ));
            }
        }
    } else {
        return Err(format!("\"{text}\" is not a date with a four-digit year"));
    };
    checked(year, month, day).ok_or_else(|| format!("\"{text}\" is not a date in the calendar"))
}

fn iso(year: u32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The ISO date if it exists in the calendar (years 1000 to 9999).
pub fn checked(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let last = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        _ => return None,
    };
    ((1000..=9999).contains(&year) && (1..=last).contains(&day)).then(|| iso(year, month, day))
}

/// An Excel serial date as ISO: days since 1899-12-30 (Excel's 1900
/// system, whose serials from 61 on are right despite its 29 February
/// 1900) or since 1904-01-01. `None` outside years 1900 to 9999.
pub fn serial_to_iso(serial: f64, is_1904: bool) -> Option<String> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let whole = serial.floor() as i64;
    // Days from 1970-01-01 of each system's day zero.
    let epoch = if is_1904 { -24_107 } else { -25_569 };
    let (y, m, d) = civil_from_days(whole + epoch);
    checked(u32::try_from(y).ok()?, m, d)
}

/// Howard Hinnant's days-to-civil algorithm: days since 1970-01-01 to
/// (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Value {
        Value::Text(t.into())
    }

    #[test]
    fn serials_match_excel() {
        assert_eq!(
            serial_to_iso(46_328.0, false).as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(
            serial_to_iso(46_328.75, false).as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(serial_to_iso(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_to_iso(44_866.0, true).as_deref(), Some("2026-11-02"));
        assert_eq!(serial_to_iso(-1.0, false), None);
        assert_eq!(serial_to_iso(f64::NAN, false), None);
        assert_eq!(serial_to_iso(1e12, false), None);
    }

    #[test]
    fn text_dates() {
        let ok = |t: &str| date(&text(t), None).unwrap();
        assert_eq!(ok("2026-11-02").as_deref(), Some("2026-11-02"));
        assert_eq!(
            ok("2026/11/02 10:15:32 AM GMT+1").as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(ok("2026-11-02T09:00:00Z").as_deref(), Some("2026-11-02"));
        assert_eq!(ok("25/12/2026").as_deref(), Some("2026-12-25"));
        assert_eq!(ok("12/25/2026 14:02").as_deref(), Some("2026-12-25"));
        assert_eq!(ok("  ").as_deref(), None);
        assert!(
            date(&text("02/03/2026"), None)
                .unwrap_err()
                .contains("could be")
        );
        let dmy = date(&text("02/03/2026"), Some(DateOrder::DayMonthYear)).unwrap();
        assert_eq!(dmy.as_deref(), Some("2026-03-02"));
        assert!(date(&text("2026-02-30"), None).is_err());
        assert!(date(&text("next week"), None).is_err());
        assert!(date(&text("1/2/26"), None).is_err());
        assert!(date(&Value::Number(3.0), None).is_err());
    }
}
