//! Small value parsers for answer files: ISO dates written as strings and
//! the rubric version requirement in `rubric = "ecommerce@1"`. Kept apart
//! from the checks so their rules can be unit-tested on their own.

/// Parses a `YYYY-MM-DD` calendar date, checking the day exists. Returns
/// the date normalised, or a reason shown as the diagnostic label.
pub(super) fn iso_date(text: &str) -> Result<String, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err("not a date in the form YYYY-MM-DD".to_string());
    };
    let shape_ok = y.len() == 4 && m.len() == 2 && d.len() == 2;
    let digits = [y, m, d]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok || !digits {
        return Err("not a date in the form YYYY-MM-DD".to_string());
    }
    let (year, month, day): (u32, u32, u32) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err("not a date in the form YYYY-MM-DD".to_string()),
    };
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let last = days_in_month(year, month);
    if day == 0 || day > last {
        return Err(format!(
            "{} {year} has {last} days",
            MONTHS[(month - 1) as usize]
        ));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// Month names, for messages and reports.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `rubric = "ID"` or `rubric = "ID@REQ"`, split into id and requirement.
pub(super) fn split_rubric_ref(text: &str) -> (&str, Option<&str>) {
    match text.split_once('@') {
        Some((id, req)) => (id.trim(), Some(req.trim())),
        None => (text.trim(), None),
    }
}

/// Leading numeric components of a version (`1.2.0-beta` → `[1, 2, 0]`).
fn components(version: &str) -> Option<Vec<u64>> {
    let core = version
        .trim()
        .trim_start_matches('v')
        .split(['-', '+'])
        .next()
        .unwrap_or("");
    let parts: Option<Vec<u64>> = core.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty() && p.len() <= 3)
}

/// The major version of a numeric version (`1.0.0` → 1), for writing a
/// requirement like `ecommerce@1`.
pub(crate) fn major_version(version: &str) -> Option<u64> {
    components(version).and_then(|c| c.first().copied())
}

/// Checks a version requirement against the rubric's version, with Cargo's
/// caret rule simplified: the majors must be equal and the rubric must be
/// at least as new as written (`1` = any 1.x, `1.2` = 1.2.0 or later 1.x).
/// Returns the reason for the label when it does not match.
pub(super) fn version_matches(
    requirement: &str,
    rubric_version: Option<&str>,
) -> Result<(), String> {
    let Some(req) = components(requirement) else {
        return Err(format!(
            "`{requirement}` is not a version: write the major version, like `1`"
        ));
    };
    let Some(version) = rubric_version else {
        return Err("the rubric declares no version".to_string());
    };
    let Some(have) = components(version) else {
        return Err(format!("the rubric's version `{version}` is not numeric"));
    };
    let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    if at(&req, 0) != at(&have, 0) {
        return Err(format!(
            "the rubric is version {version}, a different major version"
        ));
    }
    let older = (0..3)
        .map(|i| at(&have, i).cmp(&at(&req, i)))
        .find(|o| o.is_ne())
        .is_some_and(|o| o.is_lt());
    if older {
        return Err(format!(
            "the rubric is version {version}, older than {requirement}"
        ));
    }
    Ok(())
}

/// Whether `requirement` names an older major version than the rubric's
/// (`1` or `1.4` against `2.0.0`). Such answers are read through the
/// rubric's evolution declarations instead of being refused: every id
/// they use must still be known or mapped, which the answer checks ensure.
pub(super) fn older_major(requirement: &str, rubric_version: Option<&str>) -> bool {
    match (components(requirement), rubric_version.and_then(components)) {
        (Some(req), Some(have)) => req.first() < have.first(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date("2026-11-02"), Ok("2026-11-02".into()));
        assert_eq!(iso_date("2028-02-29"), Ok("2028-02-29".into()));
        assert_eq!(
            iso_date("2026-02-30"),
            Err("February 2026 has 28 days".into())
        );
        assert_eq!(iso_date("2026-13-01"), Err("there is no month 13".into()));
        assert!(iso_date("next week").is_err());
        assert!(iso_date("2026-1-2").is_err());
        assert!(iso_date("+026-01-02").is_err());
        assert!(iso_date("").is_err());
    }

    #[test]
    fn rubric_refs() {
        assert_eq!(split_rubric_ref("ecommerce"), ("ecommerce", None));
        assert_eq!(split_rubric_ref("ecommerce@1"), ("ecommerce", Some("1")));
    }

    #[test]
    fn versions() {
        assert!(version_matches("1", Some("1.0.0")).is_ok());
        assert!(version_matches("1.0", Some("1.3.0")).is_ok());
        assert!(version_matches("1.2", Some("1.1.9")).is_err());
        assert!(version_matches("2", Some("1.0.0")).is_err());
        assert!(version_matches("latest", Some("1.0.0")).is_err());
        assert!(version_matches("1", None).is_err());
        assert!(version_matches("1", Some("2024-edition")).is_err());
    }

    #[test]
    fn older_majors() {
        assert!(older_major("1", Some("2.0.0")));
        assert!(older_major("1.9", Some("2.1.0")));
        assert!(!older_major("2", Some("2.0.0")));
        assert!(!older_major("3", Some("2.0.0")));
        assert!(!older_major("1", None));
        assert!(!older_major("latest", Some("2.0.0")));
    }
}
