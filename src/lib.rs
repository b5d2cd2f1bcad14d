//! rubricate: compile maturity rubrics into branded assessment reports.
//!
//! Data flows one way: `.rubric` text → [`syntax`] (AST with spans) →
//! [`model`] (resolved, validated rubric) → scores → view model → HTML.
//! Every stage returns its output or [`diagnostics::Diagnostics`].
//! For live preview, [`watch`] reports changed inputs and [`serve`] shows
//! the output folder in a browser that reloads after each rebuild.

pub mod assessment;
pub mod commands;
pub mod config;
pub mod console;
pub mod decimal;
pub mod diagnostics;
pub mod export;
pub mod gate;
pub mod history;
pub mod import;
pub mod input;
pub mod json;
pub mod model;
pub mod narrative;
pub mod output;
pub mod pdf;
pub mod project;
pub mod questionnaire;
pub mod report;
pub mod schema;
pub mod scoring;
pub mod serve;
pub mod source;
pub mod syntax;
pub mod theme;
pub mod watch;
