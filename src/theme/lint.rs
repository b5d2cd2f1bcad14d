//! Warnings for theme authors: a variable in `theme.toml` that nothing
//! knows (W0410) and a `{% block %}` in an extending template that no
//! parent defines (W0411), each with a did-you-mean. Both are silent
//! mistakes otherwise: the value is emitted but never used, the block is
//! rendered nowhere.

use std::collections::BTreeSet;

use super::Layer;
use super::manifest::Manifest;
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::source::{SourceMap, Span};

/// Variables rubricate itself reads, whatever the theme.
const SYSTEM_VARIABLES: [&str; 2] = ["page-size", "page-margin"];

/// Checks every layer that extends another against its ancestors.
pub fn check(chain: &[(Layer, Manifest)], sources: &mut SourceMap, diags: &mut Diagnostics) {
    for i in 1..chain.len() {
        let (ancestors, rest) = chain.split_at(i);
        let (layer, manifest) = &rest[0];
        unknown_variables(ancestors, chain, manifest, diags);
        unknown_blocks(ancestors, layer, sources, diags);
    }
}

fn unknown_variables(
    ancestors: &[(Layer, Manifest)],
    chain: &[(Layer, Manifest)],
    manifest: &Manifest,
    diags: &mut Diagnostics,
) {
    let Some(file) = manifest.file else { return };
    let known: BTreeSet<&str> = ancestors
        .iter()
        .flat_map(|(_, m)| m.variables.keys().map(|k| k.get_ref().as_str()))
        .chain(SYSTEM_VARIABLES)
        .collect();
    let css: String = chain
        .iter()
        .flat_map(|(l, _)| l.styles.iter().map(|(_, text)| text.as_str()))
        .collect();
    for name in manifest.variables.keys() {
        let n = name.get_ref().as_str();
        if known.contains(n) || css.contains(&format!("var(--{n}")) {
            continue;
        }
        diags.push(
            Diagnostic::warning("W0410", format!("theme variable `{n}` is never used"))
                .with_primary(
                    config::span_of(file, name),
                    "no parent theme or stylesheet reads it",
                )
                .with_help(
                    suggest::did_you_mean(n, known.iter().copied()).unwrap_or_else(|| {
                        "use it in a stylesheet as `var(--NAME)`, or remove it".to_string()
                    }),
                ),
        );
    }
}

fn unknown_blocks(
    ancestors: &[(Layer, Manifest)],
    layer: &Layer,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let known: BTreeSet<String> = ancestors
        .iter()
        .flat_map(|(l, _)| l.templates.values())
        .flat_map(|text| blocks(text).into_iter().map(|(_, name)| name.to_string()))
        .collect();
    for (path, text) in &layer.templates {
        if !extends(text) {
            continue;
        }
        let unknown: Vec<(usize, &str)> = blocks(text)
            .into_iter()
            .filter(|(_, name)| !known.contains(*name))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let file = sources.add(layer.display_path(path), text.clone());
        for (at, name) in unknown {
            diags.push(
                Diagnostic::warning(
                    "W0411",
                    format!("block `{name}` is not in the parent theme"),
                )
                .with_primary(Span::new(file, at..at + name.len()), "overrides nothing")
                .with_help(
                    suggest::did_you_mean(name, known.iter().map(String::as_str)).unwrap_or_else(
                        || {
                            let list: Vec<&str> = known.iter().map(String::as_str).collect();
                            format!("blocks of the parent: {}", list.join(", "))
                        },
                    ),
                ),
            );
        }
    }
}

/// Whether a template extends another.
fn extends(text: &str) -> bool {
    tags(text).any(|(_, words)| words.first() == Some(&"extends"))
}

/// `{% block NAME %}` tags: (byte offset of NAME, NAME).
fn blocks(text: &str) -> Vec<(usize, &str)> {
    tags(text)
        .filter_map(|(start, _)| {
            let inner = &text[start..];
            let rest = inner.trim_start_matches(['-', '+']).trim_start();
            let after = rest.strip_prefix("block")?;
            if !after.starts_with(char::is_whitespace) {
                return None;
            }
            let name_start =
                start + (inner.len() - after.len()) + (after.len() - after.trim_start().len());
            let name: &str = text[name_start..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()?;
            (!name.is_empty()).then_some((name_start, name))
        })
        .collect()
}

/// Every `{% … %}` tag: (offset just after `{%`, its words).
fn tags(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.match_indices("{%").filter_map(move |(at, _)| {
        let start = at + 2;
        let end = text[start..].find("%}")? + start;
        let words = text[start..end]
            .trim_matches(['-', '+'])
            .split_whitespace()
            .collect();
        Some((start, words))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_and_extends() {
        let t = "{% extends \"default/report.html\" %}\n{%- block summery %}x{% endblock %}{% block  pillars -%}{% endblock %}";
        assert!(extends(t));
        let found: Vec<&str> = blocks(t).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["summery", "pillars"]);
        let (at, name) = blocks(t)[0];
        assert_eq!(&t[at..at + name.len()], "summery");
        assert!(!extends("{% include \"x\" %}"));
        assert!(blocks("{% blocked %}").is_empty());
    }
}
