//! The compact terminal rendering of a scorecard (`score --format text`).

use std::fmt::Write;

use super::explain::{number, percent};
use super::{IndicatorStatus, Scorecard};

/// Renders the scorecard as aligned plain text (no colour, stable).
pub fn render(card: &Scorecard) -> String {
    let mut out = String::new();
    let version = card
        .rubric
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} — {}{version}",
        card.organization, card.rubric.title
    );
    let who: Vec<String> = card
        .respondents
        .iter()
        .map(|r| match &r.role {
            Some(role) => format!("{} ({role})", r.name),
            None => r.name.clone(),
        })
        .collect();
    let _ = writeln!(out, "Respondents: {}", who.join(", "));
    let _ = writeln!(
        out,
        "\nOverall: {} (position {}, rule {})",
        card.overall.stage.name,
        number(card.overall.position),
        serde_json::to_value(card.overall.rule)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    );
    if let Some(message) = &card.imbalance.message {
        let _ = writeln!(out, "Imbalance: {message}");
    }

    let _ = writeln!(
        out,
        "\n{:<34} {:<16} {:>8}  {:<16} {:>8}",
        "Pillar", "Stage", "Progress", "Target", "Coverage"
    );
    for p in &card.pillars {
        let flag = if p.low_coverage { " !" } else { "" };
        let _ = writeln!(
            out,
            "{:<34} {:<16} {:>8}  {:<16} {:>8}{flag}",
            p.name,
            p.stage.name,
            percent(p.progress),
            p.target.name,
            percent(p.coverage)
        );
    }

    let _ = writeln!(out, "\nWhy:");
    for p in &card.pillars {
        let _ = writeln!(out, "  {}: {}", p.name, p.explanation);
    }

    let disagreements: Vec<String> = card
        .pillars
        .iter()
        .flat_map(|p| p.stages.iter().flat_map(|c| c.indicators.iter()))
        .filter(|i| i.disagreement)
        .map(|i| {
            let levels: Vec<String> = i
                .responses
                .iter()
                .map(|r| match r.value {
                    crate::assessment::AnswerValue::Level(v) => {
                        format!("{} {}", r.respondent, number(v))
                    }
                    crate::assessment::AnswerValue::NotApplicable => {
                        format!("{} n/a", r.respondent)
                    }
                })
                .collect();
            format!("  {}: {}", i.id, levels.join(", "))
        })
        .collect();
    if !disagreements.is_empty() {
        let _ = writeln!(out, "\nRespondents disagree:");
        for d in disagreements {
            let _ = writeln!(out, "{d}");
        }
    }

    let _ = writeln!(out, "\nGaps up to target:");
    for p in &card.pillars {
        let gaps: Vec<String> = p
            .gaps
            .iter()
            .map(|g| match (g.status, g.level) {
                (IndicatorStatus::Unanswered, _) => format!("{} (unanswered)", g.indicator),
                (_, Some(l)) => format!("{} ({}/{})", g.indicator, number(l), number(g.scale_max)),
                _ => g.indicator.clone(),
            })
            .collect();
        let shown = if gaps.is_empty() {
            "none".to_string()
        } else {
            gaps.join(", ")
        };
        let _ = writeln!(out, "  {}: {shown}", p.name);
    }

    let _ = writeln!(out, "\nRoadmap:");
    if card.roadmap.is_empty() {
        let _ = writeln!(out, "  (nothing to do up to the targets)");
    }
    for (n, item) in card.roadmap.iter().enumerate() {
        let owner = match (&item.owner, item.unowned) {
            (Some(o), _) => o.clone(),
            (None, true) => "UNOWNED".to_string(),
            (None, false) => "-".to_string(),
        };
        let status = item
            .status
            .and_then(|s| serde_json::to_value(s).ok())
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "  {:>2}. {:<15} {:<38} {}→{}  owner {owner}, due {}, {status}",
            n + 1,
            item.quadrant.label(),
            item.action,
            item.from,
            item.to,
            item.due.as_deref().unwrap_or("-"),
        );
    }

    if let Some(progress) = &card.progress {
        let _ = writeln!(
            out,
            "\nSince the baseline: overall {} → {} ({:+.2})",
            progress.overall.from.name, progress.overall.to.name, progress.overall.delta
        );
        for p in &progress.pillars {
            let _ = writeln!(
                out,
                "  {}: {} → {} ({:+.2})",
                p.pillar, p.change.from.name, p.change.to.name, p.change.delta
            );
        }
        let _ = writeln!(out, "  {} indicators changed", progress.indicators.len());
    }

    if !card.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for w in &card.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}
