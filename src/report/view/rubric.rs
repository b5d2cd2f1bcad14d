//! The rubric's part of the view model: stages, pillars, indicators,
//! actions and scales with their markdown rendered once per build and shared
//! by every report.

use std::collections::HashMap;

use serde::Serialize;

use super::{Html, md, md_inline};
use crate::model::Rubric;
use crate::report::charts::RadarGrid;
use crate::scoring::number;

/// The rubric as the appendix and every pillar page show it.
#[derive(Debug, Serialize)]
pub struct RubricView {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub summary: Option<Html>,
    pub stages: Vec<StageView>,
    pub pillars: Vec<RubricPillarView>,
    pub actions: Vec<ActionView>,
    pub scales: Vec<ScaleView>,
}

#[derive(Debug, Serialize)]
pub struct StageView {
    pub id: String,
    pub index: usize,
    /// 1-based, as readers count.
    pub number: usize,
    pub name: String,
    pub tagline: Option<String>,
    pub description: Option<Html>,
    pub challenge: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct RubricPillarView {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub description: Option<Html>,
    pub cells: Vec<RubricCellView>,
}

#[derive(Debug, Serialize)]
pub struct RubricCellView {
    pub stage: String,
    pub stage_name: String,
    pub indicators: Vec<RubricIndicatorView>,
}

#[derive(Debug, Serialize)]
pub struct RubricIndicatorView {
    pub id: String,
    pub statement: Html,
    pub guidance: Option<Html>,
    pub weight: f64,
}

#[derive(Debug, Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub pillar: Option<String>,
    /// `None` for actions that lead into the first stage.
    pub from: Option<String>,
    pub to: String,
    pub impact: &'static str,
    pub effort: &'static str,
    pub description: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub id: String,
    pub met_at: String,
    pub levels: Vec<LevelView>,
}

#[derive(Debug, Serialize)]
pub struct LevelView {
    pub value: String,
    pub label: String,
    /// Inline markdown, sanitised.
    pub description: Option<Html>,
}

/// A rubric's view plus the per-indicator markdown the per-assessment views
/// reuse, so markdown of the rubric is rendered once per build.
pub struct Prepared {
    pub view: RubricView,
    pub(super) statements: HashMap<String, Html>,
    pub(super) guidance: HashMap<String, Html>,
    pub(super) action_descriptions: HashMap<String, Html>,
    /// How the rubric scores, in words: the same for every assessment.
    pub(super) methodology: Vec<String>,
    /// The radar's rings, axes and pillar names, laid out once.
    pub(super) radar: RadarGrid,
}

impl Prepared {
    pub fn new(rubric: &Rubric) -> Prepared {
        let view = rubric_view(rubric);
        let mut statements = HashMap::new();
        let mut guidance = HashMap::new();
        for cell in view.pillars.iter().flat_map(|p| &p.cells) {
            for i in &cell.indicators {
                statements.insert(i.id.clone(), i.statement.clone());
                if let Some(g) = &i.guidance {
                    guidance.insert(i.id.clone(), g.clone());
                }
            }
        }
        let action_descriptions = view
            .actions
            .iter()
            .filter_map(|a| Some((a.id.clone(), a.description.clone()?)))
            .collect();
        let pillars: Vec<&str> = rubric.pillars.iter().map(|p| p.name.as_str()).collect();
        let stages: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
        Prepared {
            methodology: crate::report::methodology::describe(rubric),
            radar: RadarGrid::new(&pillars, &stages),
            view,
            statements,
            guidance,
            action_descriptions,
        }
    }
}

fn rubric_view(rubric: &Rubric) -> RubricView {
    RubricView {
        id: rubric.id.clone(),
        title: rubric.title.clone(),
        version: rubric.version.clone(),
        summary: md(&rubric.summary),
        stages: rubric
            .stages
            .iter()
            .map(|s| StageView {
                id: s.id.clone(),
                index: s.index,
                number: s.index + 1,
                name: s.name.clone(),
                tagline: s.tagline.clone(),
                description: md(&s.description),
                challenge: md(&s.challenge),
            })
            .collect(),
        pillars: rubric
            .pillars
            .iter()
            .map(|p| RubricPillarView {
                id: p.id.clone(),
                name: p.name.clone(),
                anchor: format!("pillar-{}", p.id),
                description: md(&p.description),
                cells: rubric
                    .stages
                    .iter()
                    .map(|s| RubricCellView {
                        stage: s.id.clone(),
                        stage_name: s.name.clone(),
                        indicators: p
                            .indicators
                            .iter()
                            .filter(|i| i.stage == s.id)
                            .map(|i| RubricIndicatorView {
                                id: i.id.clone(),
                                statement: md_inline(&i.statement),
                                guidance: md(&i.guidance),
                                weight: i.weight,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        actions: rubric
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                title: a.title.clone(),
                pillar: a
                    .pillar
                    .as_deref()
                    .and_then(|p| rubric.pillar(p))
                    .map(|p| p.name.clone())
                    .or_else(|| a.area.clone()),
                from: a.from.as_deref().map(|f| rubric.stage_name(f).to_string()),
                to: rubric.stage_name(&a.to).to_string(),
                impact: a.impact.as_str(),
                effort: a.effort.as_str(),
                description: md(&a.description),
            })
            .collect(),
        scales: rubric
            .scales
            .iter()
            .map(|s| ScaleView {
                id: s.id.clone(),
                met_at: number(s.met),
                levels: s
                    .levels
                    .iter()
                    .map(|l| LevelView {
                        value: number(l.value),
                        label: l.label.clone(),
                        description: l.description.as_deref().map(md_inline),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_level_descriptions_are_rendered_markdown() {
        let text = "rubric t {\n  title \"T\"\n}\nscale s default {\n  0 \"No\" \"Not **at all**\"\n  1 \"Yes\" \"<b>raw</b>\"\n  met at 1\n}\nstage a \"A\" {\n}\npillar p \"P\" {\n  at a {\n    indicator i \"I\"\n  }\n}\n";
        let mut sources = crate::source::SourceMap::new();
        let rubric = crate::model::compile_text("t.rubric", text, &mut sources)
            .rubric
            .expect("compiles");
        let view = Prepared::new(&rubric).view;
        let levels = &view.scales[0].levels;
        assert_eq!(
            levels[0].description.as_ref().unwrap().as_str(),
            "Not <strong>at all</strong>"
        );
        assert!(
            !levels[1]
                .description
                .as_ref()
                .unwrap()
                .as_str()
                .contains("<b>"),
            "raw HTML stays text"
        );
    }
}
