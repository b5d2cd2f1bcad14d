//! The assessor's own words: a markdown file beside the answers, cut into
//! the sections a report places where a reader expects them.
//!
//! ```markdown
//! Text before the first `##` heading is the executive summary.
//!
//! ## Executive summary      (or: Summary)
//! ## Key findings           (or: Findings)
//! ## Recommendations
//! ## Operations & logistics (a pillar's name or id, optionally after
//!                            "Pillar:"): commentary on that pillar's page
//! ```
//!
//! A `#` title line is ignored (the report has its own); deeper headings
//! (`###`) stay inside their section. Any other `##` heading is an error
//! with a did-you-mean, because dropping the text under it would lose the
//! consultant's words. Headings inside fenced code blocks do not count.
//! The text is rendered later like all markdown: sanitised, never trusted.

use std::collections::BTreeMap;
use std::io::Read;

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::Rubric;
use crate::source::{SourceMap, Span};

/// Narrative files larger than this are refused (a report's words, not a
/// book).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The sections of a narrative, as markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrative {
    pub summary: Option<String>,
    pub findings: Option<String>,
    pub recommendations: Option<String>,
    /// Pillar id → commentary.
    pub pillars: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Section {
    Summary,
    Findings,
    Recommendations,
    Pillar(String),
}

const SECTION_NAMES: [&str; 5] = [
    "Executive summary",
    "Summary",
    "Key findings",
    "Findings",
    "Recommendations",
];

/// Reads and splits `path`; `None` when it has errors (in `diags`).
pub fn load(
    rubric: &Rubric,
    path: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Narrative> {
    let text = match read(path) {
        Ok(text) => text,
        Err(reason) => {
            diags.push(
                Diagnostic::error(
                    "E0800",
                    format!("cannot read the narrative `{path}`: {reason}"),
                )
                .with_help("the narrative is a UTF-8 markdown file of at most 1 MiB"),
            );
            return None;
        }
    };
    let file = sources.add(path, text);
    let before = diags.error_count();
    let narrative = parse(rubric, sources.text(file), |range, heading| {
        let candidates = SECTION_NAMES
            .iter()
            .copied()
            .chain(rubric.pillars.iter().map(|p| p.name.as_str()))
            .chain(rubric.pillars.iter().map(|p| p.id.as_str()));
        let mut names: Vec<String> = SECTION_NAMES.iter().map(|s| format!("`{s}`")).collect();
        names.extend(rubric.pillars.iter().map(|p| format!("`{}`", p.name)));
        diags.push(
            Diagnostic::error("E0801", format!("unknown narrative section `{heading}`"))
                .with_primary(Span::new(file, range), "not a section or a pillar")
                .with_help(
                    suggest::did_you_mean(heading, candidates).unwrap_or_else(|| {
                        format!(
                            "`##` headings name a section or a pillar: {}",
                            names.join(", ")
                        )
                    }),
                )
                .with_note("use `###` for a heading inside a section"),
        );
    });
    (diags.error_count() == before).then_some(narrative)
}

fn read(path: &str) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => e.to_string(),
    })?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err("larger than 1 MiB".to_string());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Splits `text` by its `##` headings; `unknown(byte range, heading)` is
/// called for each heading that names nothing.
fn parse(
    rubric: &Rubric,
    text: &str,
    mut unknown: impl FnMut(std::ops::Range<usize>, &str),
) -> Narrative {
    let mut parts: Vec<(Option<Section>, String)> = vec![(Some(Section::Summary), String::new())];
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        if let Some(f) = fence {
            if trimmed.trim_start().starts_with(f) {
                fence = None;
            }
        } else if let Some(f) = ["```", "~~~"]
            .into_iter()
            .find(|f| trimmed.trim_start().starts_with(f))
        {
            fence = Some(f);
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            let heading = heading.trim().trim_end_matches('#').trim();
            let section = section(rubric, heading);
            if section.is_none() {
                unknown(start..start + trimmed.len(), heading);
            }
            parts.push((section, String::new()));
            continue;
        } else if trimmed.starts_with("# ") && parts.len() == 1 && parts[0].1.trim().is_empty() {
            continue;
        }
        if let Some(last) = parts.last_mut() {
            last.1.push_str(line);
        }
    }
    let mut out = Narrative::default();
    for (section, body) in parts {
        let body = body.trim().to_string();
        if body.is_empty() {
            continue;
        }
        let slot = match section {
            Some(Section::Summary) => &mut out.summary,
            Some(Section::Findings) => &mut out.findings,
            Some(Section::Recommendations) => &mut out.recommendations,
            Some(Section::Pillar(id)) => {
                append(out.pillars.entry(id).or_default(), &body);
                continue;
            }
            None => continue,
        };
        append(slot.get_or_insert_with(String::new), &body);
    }
    out
}

fn append(to: &mut String, body: &str) {
    if !to.is_empty() {
        to.push_str("\n\n");
    }
    to.push_str(body);
}

/// The section a heading names, case and spacing aside.
fn section(rubric: &Rubric, heading: &str) -> Option<Section> {
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let h = key(heading);
    match h.as_str() {
        "executive summary" | "summary" => return Some(Section::Summary),
        "key findings" | "findings" => return Some(Section::Findings),
        "recommendations" => return Some(Section::Recommendations),
        _ => {}
    }
    let name = h.strip_prefix("pillar:").map_or(h.as_str(), str::trim);
    rubric
        .pillars
        .iter()
        .find(|p| key(&p.name) == name || p.id == name)
        .map(|p| Section::Pillar(p.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        let text = crate::model::bundled("ecommerce").expect("bundled");
        let mut sources = SourceMap::new();
        crate::model::compile_text("ecommerce.rubric", text, &mut sources)
            .rubric
            .expect("compiles")
    }

    fn split(text: &str) -> (Narrative, Vec<String>) {
        let mut bad = Vec::new();
        let n = parse(&rubric(), text, |_, h| bad.push(h.to_string()));
        (n, bad)
    }

    #[test]
    fn sections_and_pillars_by_name_or_id() {
        let (n, bad) = split(
            "# Acme review\n\nOpening words.\n\n## Key findings\n- one\n\n## Recommendations\nDo it.\n\n## Operations & logistics\nOps text.\n\n## Pillar: data\nData text.\n\n### Detail\nstays in data\n\n## Executive Summary\nMore summary.\n",
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(
            n.summary.as_deref(),
            Some("Opening words.\n\nMore summary.")
        );
        assert_eq!(n.findings.as_deref(), Some("- one"));
        assert_eq!(n.recommendations.as_deref(), Some("Do it."));
        assert_eq!(n.pillars["operations"], "Ops text.");
        assert!(n.pillars["data"].contains("### Detail\nstays in data"));
    }

    #[test]
    fn unknown_headings_are_reported_and_fences_ignored() {
        let (n, bad) = split("## Findngs\nx\n```\n## not a heading\n```\n## Opperations\n");
        assert_eq!(bad, ["Findngs", "Opperations"]);
        assert_eq!(n, Narrative::default());
    }
}
