//! The compact terminal rendering of a scorecard (`score --format text`).

use std::fmt::Write;

use super::format::{number, percent, position_delta, position_label};
use super::{IndicatorStatus, PillarScore, Scorecard, StageRef};

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
    let stages = card.rubric.stages.len();
    let first = card.rubric.stages.first().map_or("", |s| s.name.as_str());
    let rule = serde_json::to_value(card.overall.rule)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let overall = match (&card.overall.stage, card.overall.assessed) {
        (_, false) => "nothing answered yet".to_string(),
        (Some(s), true) => s.name.clone(),
        (None, true) => format!("not yet {first}"),
    };
    let _ = writeln!(
        out,
        "\nOverall: {overall} (position {}, rule {rule})",
        position_label(card.overall.position, stages),
    );
    if let Some(message) = &card.imbalance.message {
        let _ = writeln!(out, "Imbalance: {message}");
    }

    let _ = writeln!(
        out,
        "\n{:<34} {:<18} {:>10}  {:<16} {:>8}",
        "Pillar", "Stage", "Position", "Target", "Coverage"
    );
    for p in &card.pillars {
        let flag = if p.low_coverage { " !" } else { "" };
        let _ = writeln!(
            out,
            "{:<34} {:<18} {:>10}  {:<16} {:>8}{flag}",
            p.name,
            stage_name(p),
            position_label(p.position, stages),
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
    if card.roadmap.is_empty() && card.uncovered.is_empty() {
        let _ = writeln!(
            out,
            "  (nothing to do: every pillar is at or above its target)"
        );
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
        let needed = if item.required_by.is_empty() {
            String::new()
        } else {
            format!(", needed by {}", item.required_by.join(", "))
        };
        let _ = writeln!(
            out,
            "  {:>2}. {:<15} {:<38} {}→{}  owner {owner}, due {}, {status}{needed}",
            n + 1,
            item.quadrant.label(),
            item.action,
            item.from.as_deref().unwrap_or(""),
            item.to,
            item.due.as_deref().unwrap_or("-"),
        );
    }
    let stage = |id: &str| {
        card.rubric
            .stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.name.clone())
    };
    for step in &card.uncovered {
        let pillar = card
            .pillars
            .iter()
            .find(|p| p.id == step.pillar)
            .map_or(step.pillar.as_str(), |p| p.name.as_str());
        let _ = match &step.from {
            Some(from) => writeln!(
                out,
                "  (the rubric lists no actions for {pillar} from {} to {})",
                stage(from),
                stage(&step.to)
            ),
            None => writeln!(
                out,
                "  (the rubric lists no actions for {pillar} to reach {})",
                stage(&step.to)
            ),
        };
    }

    if let Some(progress) = &card.progress {
        let _ = writeln!(
            out,
            "\nSince the baseline: overall {} → {} ({})",
            name_or_none(&progress.overall.from),
            name_or_none(&progress.overall.to),
            position_delta(progress.overall.delta)
        );
        for p in &progress.pillars {
            let _ = writeln!(
                out,
                "  {}: {} → {} ({})",
                p.pillar,
                name_or_none(&p.change.from),
                name_or_none(&p.change.to),
                position_delta(p.change.delta)
            );
        }
        let _ = writeln!(out, "  {} indicators changed", progress.indicators.len());
        for n in &progress.not_compared {
            let _ = writeln!(
                out,
                "  not compared: {} ({})",
                n.indicator,
                n.reason.label()
            );
        }
    }

    if !card.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for w in &card.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}

/// A pillar's stage for the table: its name, or why it has none.
fn stage_name(p: &PillarScore) -> String {
    match (&p.stage, p.assessed) {
        (Some(s), _) => s.name.clone(),
        (None, true) => "(none yet)".to_string(),
        (None, false) => "(nothing answered)".to_string(),
    }
}

fn name_or_none(stage: &Option<StageRef>) -> &str {
    stage.as_ref().map_or("no stage", |s| s.name.as_str())
}
