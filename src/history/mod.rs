//! Assessments over time: answer files read from git revisions
//! ([`git`]), the comparison of two assessments ([`diff`]) and the
//! position series of one over its history ([`trend`]).

pub mod diff;
pub mod git;
pub mod trend;
