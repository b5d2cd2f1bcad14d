//! Stages 4–5 of the pipeline: scorecard → view model → HTML. The view model
//! ([`view`]) holds only safe values (sanitised markdown, escaped SVG);
//! [`render`] runs it through a compiled theme in a sandboxed minijinja
//! environment, or, for the unchanged bundled default theme, through the
//! same templates written out as Rust (`default_theme`). Callers prepare
//! the rubric and the theme once and render many reports with them.

pub mod brand;
pub mod charts;
pub mod css;
mod default_theme;
mod inline;
pub mod markdown;
mod methodology;
pub mod render;
pub mod timeline;
pub mod trend_chart;
pub mod view;

pub use brand::{Brand, Image};
pub use render::{CSP, Renderer, StreamError};
pub use view::Prepared;

use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::model::Rubric;
use crate::narrative::Narrative;
use crate::scoring::Scorecard;
use crate::source::SourceMap;

/// A rubric prepared for rendering many reports: its view model, converted
/// to a template value once if an interpreted theme needs it, and the
/// parts of the report that depend only on the rubric and the theme,
/// rendered once per theme.
pub struct RubricReports {
    prepared: Prepared,
    value: std::sync::OnceLock<minijinja::Value>,
    /// Per renderer id: the full rubric's HTML, or `None` when that theme's
    /// reports render it themselves.
    full_rubrics: Mutex<Vec<(u64, Option<minijinja::Value>)>>,
}

impl RubricReports {
    pub fn new(rubric: &Rubric) -> RubricReports {
        RubricReports {
            prepared: Prepared::new(rubric),
            value: std::sync::OnceLock::new(),
            full_rubrics: Mutex::new(Vec::new()),
        }
    }

    /// The rubric view as a template value, made on first use.
    fn value(&self) -> minijinja::Value {
        self.value
            .get_or_init(|| render::rubric_value(&self.prepared.view))
            .clone()
    }

    /// The full rubric rendered by `renderer`, rendered on first use. Two
    /// threads may both render it first: the output is the same.
    fn full_rubric(&self, renderer: &Renderer) -> Option<minijinja::Value> {
        let id = renderer.id();
        let cached = |list: &[(u64, Option<minijinja::Value>)]| {
            list.iter().find(|(k, _)| *k == id).map(|(_, v)| v.clone())
        };
        if let Some(v) = self.full_rubrics.lock().ok().and_then(|l| cached(&l)) {
            return v;
        }
        let html = renderer.full_rubric(&self.prepared.view, || self.value());
        if let Ok(mut list) = self.full_rubrics.lock()
            && cached(&list).is_none()
        {
            list.push((id, html.clone()));
        }
        html
    }

    /// Renders one assessment's report to HTML.
    pub fn render(
        &self,
        renderer: &Renderer,
        rubric: &Rubric,
        one: &Assessed,
        sources: &mut SourceMap,
    ) -> Result<String, Diagnostic> {
        let mut view = view::build(rubric, &self.prepared, one.card, one.narrative);
        view.appendix = one.appendix;
        view.period = one.period.map(str::to_string);
        let full_rubric = match one.appendix {
            Appendix::Full => self.full_rubric(renderer),
            Appendix::Summary | Appendix::None => None,
        };
        renderer.render(
            render::RubricInput {
                view: &self.prepared.view,
                value: &|| self.value(),
                full_rubric: full_rubric.as_ref(),
            },
            &view,
            one.brand,
            one.client_logo,
            sources,
        )
    }
}

/// How much of the appendix a report carries: `full` (methodology,
/// coverage and the whole rubric), `summary` (methodology and coverage) or
/// `none`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Appendix {
    #[default]
    Full,
    Summary,
    None,
}

impl Appendix {
    pub const NAMES: [&'static str; 3] = ["full", "summary", "none"];

    pub fn parse(s: &str) -> Option<Appendix> {
        match s {
            "full" => Some(Appendix::Full),
            "summary" => Some(Appendix::Summary),
            "none" => Some(Appendix::None),
            _ => None,
        }
    }
}

/// What one report is made of besides the rubric and the theme.
pub struct Assessed<'a> {
    pub card: &'a Scorecard,
    pub brand: &'a Brand,
    /// The client's logo, for the cover.
    pub client_logo: Option<&'a Image>,
    /// The assessor's own words.
    pub narrative: Option<&'a Narrative>,
    pub appendix: Appendix,
    /// "Q4 2026 review", shown on the cover.
    pub period: Option<&'a str>,
}
