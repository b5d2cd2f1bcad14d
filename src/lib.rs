//! rubricate: compile maturity rubrics into branded assessment reports.
//!
//! Data flows one way: `.rubric` text → [`syntax`] (AST with spans) →
//! [`model`] (resolved, validated rubric) → scores → view model → HTML.
//! Every stage returns its output or [`diagnostics::Diagnostics`].

pub mod assessment;
pub mod commands;
pub mod diagnostics;
pub mod model;
pub mod output;
pub mod pdf;
pub mod scoring;
pub mod source;
pub mod syntax;
