//! The roadmap as a timeline: a Gantt-style SVG with one bar per dated
//! action, from the assessment date to the action's due date (for an
//! overdue action, from its due date to the assessment: how late it is),
//! its owner beside it and overdue actions marked. Dates are ISO `YYYY-MM-DD`; the
//! "today" of the chart is the assessment date, never the clock. Every text
//! is escaped and every number has fixed decimals, so output is stable.

use std::fmt::Write;

use super::markdown::escape;

/// One action on the timeline.
pub struct TimelineItem {
    /// The action's number in the roadmap table.
    pub number: usize,
    pub title: String,
    pub owner: Option<String>,
    /// ISO due date.
    pub due: String,
    pub overdue: bool,
    pub done: bool,
}

const WIDTH: f64 = 680.0;
const LABELS: f64 = 270.0;
const PLOT_RIGHT: f64 = 660.0;
const HEADER: f64 = 34.0;
const ROW: f64 = 30.0;
/// Characters that fit the label column at 11 px (about 6.2 px each).
const LABEL_CHARS: usize = 42;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of an ISO date, `None` if it is not one.
/// (Howard Hinnant's days-from-civil; exact for the proleptic Gregorian
/// calendar.)
pub fn days(iso: &str) -> Option<i64> {
    let b = iso.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = iso.get(0..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn f(x: f64) -> String {
    crate::decimal::fixed(x, 1)
}

/// The chart, or `None` when no action has a valid due date. `today` is
/// the assessment date; without one the chart starts at the earliest due
/// date.
pub fn timeline(items: &[TimelineItem], today: Option<&str>) -> Option<String> {
    let dated: Vec<(&TimelineItem, i64)> = items
        .iter()
        .filter_map(|i| days(&i.due).map(|d| (i, d)))
        .collect();
    let first_due = dated.iter().map(|(_, d)| *d).min()?;
    let last_due = dated.iter().map(|(_, d)| *d).max()?;
    let now = today.and_then(days).unwrap_or(first_due);
    let start = now.min(first_due);
    let end = last_due.max(start + 30);
    let x = |day: i64| LABELS + (PLOT_RIGHT - LABELS) * (day - start) as f64 / (end - start) as f64;
    let height = HEADER + ROW * dated.len() as f64 + 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg"><title id="timeline-title">Roadmap timeline: {n} dated actions from {from} to {to}</title>"#,
        h = f(height),
        n = dated.len(),
        from = escape(&civil(start)),
        to = escape(&civil(end)),
    );
    ticks(&mut s, start, end, height, &x);
    if let Some(t) = today.and_then(days) {
        let tx = x(t);
        let _ = write!(
            s,
            r#"<line class="timeline-today" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/><text class="timeline-today-label" x="{x}" y="12.0" text-anchor="middle">assessment</text>"#,
            x = f(tx),
            y1 = f(HEADER - 8.0),
            y2 = f(height - 6.0),
        );
    }
    for (row, (item, due)) in dated.iter().enumerate() {
        bar(&mut s, row, item, x(now), x(*due));
    }
    s.push_str("</svg>");
    Some(s)
}

/// Smallest gap between two month labels, in chart units ("Sep 2027" at
/// 9 px is about 40).
const TICK_GAP: f64 = 52.0;

/// Month gridlines and labels, every 1, 2, 3, 6, 12, 24… months: the
/// smallest step that keeps labels [`TICK_GAP`] apart.
fn ticks(s: &mut String, start: i64, end: i64, height: f64, x: &dyn Fn(i64) -> f64) {
    let (mut y, mut m) = ymd(start);
    let month = (PLOT_RIGHT - LABELS) * 28.0 / (end - start).max(1) as f64;
    // The shortest month (28 days) decides, so no pair of labels is closer.
    let step = [1, 2, 3, 6, 12, 24, 60, 120, 600]
        .into_iter()
        .find(|k| *k as f64 * month >= TICK_GAP)
        .unwrap_or(1200);
    // The first month boundary after the start.
    m += 1;
    if m > 12 {
        m = 1;
        y += 1;
    }
    while let Some(day) = days(&format!("{y:04}-{m:02}-01")) {
        if day > end {
            break;
        }
        if (y * 12 + m - 1) % step == 0 && x(day) - LABELS >= TICK_GAP / 2.0 {
            let tx = x(day);
            let _ = write!(
                s,
                r#"<line class="chart-grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/><text class="chart-ring-label" x="{x}" y="{ty}" text-anchor="middle">{label} {y}</text>"#,
                x = f(tx),
                y1 = f(HEADER - 4.0),
                y2 = f(height - 6.0),
                ty = f(HEADER - 8.0),
                label = MONTHS[(m - 1) as usize],
            );
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
}

fn bar(s: &mut String, row: usize, item: &TimelineItem, from: f64, to: f64) {
    let top = HEADER + ROW * row as f64;
    let class = if item.done {
        "timeline-bar done"
    } else if item.overdue {
        "timeline-bar overdue"
    } else {
        "timeline-bar"
    };
    let label = truncate(&format!("{}. {}", item.number, item.title), LABEL_CHARS);
    let owner = match (&item.owner, item.overdue) {
        (Some(o), true) => format!("{} · overdue", truncate(o, LABEL_CHARS - 10)),
        (Some(o), false) => truncate(o, LABEL_CHARS),
        (None, true) => "no owner · overdue".to_string(),
        (None, false) => "no owner".to_string(),
    };
    let _ = write!(
        s,
        r#"<text class="timeline-label" x="4.0" y="{y1}">{label}</text><text class="timeline-owner" x="4.0" y="{y2}">{owner}</text>"#,
        y1 = f(top + 12.0),
        y2 = f(top + 24.0),
        label = escape(&label),
        owner = escape(&owner),
    );
    // An overdue action's due date lies before the assessment: its bar
    // runs from the due date to the assessment, the time it is late.
    let (left, right) = if to < from { (to, from) } else { (from, to) };
    let _ = write!(
        s,
        r#"<rect class="{class}" x="{x}" y="{y}" width="{w}" height="14.0"><title>{title}</title></rect><circle class="timeline-due" cx="{cx}" cy="{cy}" r="4.0"/>"#,
        x = f(left),
        y = f(top + 8.0),
        w = f((right - left).max(2.0)),
        title = escape(&format!("{}: due {}", item.title, item.due)),
        cx = f(to),
        cy = f(top + 15.0),
    );
}

/// `text` cut to `max` characters with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// (year, month) of a day number.
fn ymd(day: i64) -> (i64, i64) {
    let date = civil(day);
    let y = date[0..4].parse().unwrap_or(1970);
    let m = date[5..7].parse().unwrap_or(1);
    (y, m)
}

/// The ISO date of a day number (inverse of [`days`]).
fn civil(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_civil_round_trip() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2026-13-01"), None);
        assert_eq!(days("26-1-1"), None);
        for d in [-1000, 0, 11_016, 20_000, 60_000] {
            assert_eq!(days(&civil(d)), Some(d));
        }
    }

    fn item(n: usize, due: &str, overdue: bool) -> TimelineItem {
        TimelineItem {
            number: n,
            title: format!("Action {n} with a rather long title that will not fit the column"),
            owner: Some("Dana".into()),
            due: due.into(),
            overdue,
            done: false,
        }
    }

    #[test]
    fn bars_start_at_the_assessment_and_end_at_the_due_date() {
        let svg = timeline(
            &[
                item(1, "2027-01-31", false),
                item(2, "2026-10-01", true),
                item(3, "someday", false),
            ],
            Some("2026-11-24"),
        )
        .unwrap();
        assert_eq!(
            svg.matches("<rect class=\"timeline-bar").count(),
            2,
            "undated left out"
        );
        assert!(svg.contains("timeline-bar overdue"));
        assert!(svg.contains("no owner") || svg.contains("Dana · overdue"));
        assert!(svg.contains("…"), "long titles are cut");
        assert!(!svg.contains("width=\"-"), "no negative widths");
        assert!(timeline(&[item(1, "soon", false)], None).is_none());
    }

    /// Month labels never crowd each other, over a month or ten years.
    #[test]
    fn tick_labels_keep_their_distance() {
        for due in ["2026-12-20", "2027-06-30", "2029-01-01", "2036-12-31"] {
            let svg = timeline(&[item(1, due, false)], Some("2026-11-24")).unwrap();
            let xs: Vec<f64> = svg
                .split("<text class=\"chart-ring-label\" x=\"")
                .skip(1)
                .map(|t| t.split('"').next().unwrap().parse().unwrap())
                .collect();
            for pair in xs.windows(2) {
                assert!(pair[1] - pair[0] >= TICK_GAP - 0.1, "{due}: {xs:?}");
            }
        }
    }
}
