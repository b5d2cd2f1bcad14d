//! `theme.toml`: a theme's name, description, parent, stylesheets and CSS
//! variables. Variables are validated (colour, length, number or font
//! stack) because they are emitted into the report's stylesheet.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::Layer;
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::report::css;
use crate::source::{FileId, SourceMap};

/// Keys of `theme.toml`, checked before deserialising.
const SCHEMA: config::Schema = config::Schema {
    top: &["name", "description", "extends", "styles", "variables"],
    tables: &[],
};

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub description: Option<String>,
    pub extends: Option<Spanned<String>>,
    /// Stylesheets in cascade order; default: every `*.css`, by name.
    pub styles: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub variables: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Where the manifest's spans point (set after parsing).
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// Parses a layer's `theme.toml`.
pub fn parse(
    layer: &Layer,
    text: String,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Manifest> {
    let display = layer.display_path("theme.toml");
    if text.is_empty() {
        diags.push(
            Diagnostic::error("E0401", format!("`{display}` is missing or empty"))
                .with_help("a theme needs at least `name = \"…\"` in its theme.toml"),
        );
        return None;
    }
    let loaded = config::parse::<Manifest>(&display, text, "theme.toml", &SCHEMA, sources, diags)?;
    let mut manifest = loaded.value;
    manifest.file = Some(loaded.file);
    check_variables(&manifest, loaded.file, diags);
    Some(manifest)
}

/// The manifest's file id, registering the layer's manifest if needed.
pub fn file_id(layer: &Layer, sources: &mut SourceMap) -> FileId {
    let display = layer.display_path("theme.toml");
    let existing = sources
        .files()
        .find(|(_, f)| f.name == display)
        .map(|(id, _)| id);
    match existing {
        Some(id) => id,
        None => sources.add(display, ""),
    }
}

fn check_variables(manifest: &Manifest, file: FileId, diags: &mut Diagnostics) {
    for (name, value) in &manifest.variables {
        if !css::is_variable_name(name.get_ref()) {
            diags.push(
                Diagnostic::error(
                    "E0403",
                    format!("invalid variable name `{}`", name.get_ref()),
                )
                .with_primary(
                    config::span_of(file, name),
                    "not a CSS custom property name",
                )
                .with_help(
                    "use lower-case letters, digits and hyphens, e.g. `primary` or `font-body`",
                ),
            );
            continue;
        }
        if name.get_ref() == "page-size" {
            if css::parse_page_size(value.get_ref()).is_none() {
                diags.push(invalid(file, value, "one of `A4`, `Letter`, `A5`, `Legal`"));
            }
        } else if css::parse_variable(name.get_ref(), value.get_ref()).is_none() {
            let expected = if name.get_ref().starts_with("font") {
                "a font stack (letters, digits, spaces, hyphens, commas)"
            } else {
                "a hex colour (`#1f4e79`), a length (`18mm`) or a number"
            };
            diags.push(invalid(file, value, expected));
        }
    }
}

fn invalid(file: FileId, value: &Spanned<String>, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "E0403",
        format!("invalid theme variable value `{}`", value.get_ref()),
    )
    .with_primary(config::span_of(file, value), format!("expected {expected}"))
    .with_note("theme variables reach the report's stylesheet, so they are checked, not pasted")
}

/// Puts the layer's stylesheets in the manifest's order (or by name), and
/// reports listed stylesheets that do not exist.
pub fn order_styles(
    layer: &mut Layer,
    manifest: &Manifest,
    _sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let Some(listed) = &manifest.styles else {
        layer.styles.sort_by(|a, b| a.0.cmp(&b.0));
        return;
    };
    let mut ordered = Vec::new();
    for name in listed {
        match layer.styles.iter().position(|(p, _)| p == name.get_ref()) {
            Some(i) => ordered.push(layer.styles[i].clone()),
            None => {
                let mut d = Diagnostic::error(
                    "E0405",
                    format!(
                        "stylesheet `{}` is not in theme `{}`",
                        name.get_ref(),
                        manifest.name
                    ),
                )
                .with_help("list stylesheets by their path inside the theme folder");
                if let Some(file) = manifest.file {
                    d = d.with_primary(config::span_of(file, name), "no such file");
                }
                diags.push(d);
            }
        }
    }
    layer.styles = ordered;
}

/// Variables of the whole chain, root first, so a child overrides.
pub fn merge_variables(
    chain: &[(Layer, Manifest)],
    _diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    for (_, manifest) in chain {
        for (name, value) in &manifest.variables {
            let name = name.get_ref();
            let parsed = if name == "page-size" {
                css::parse_page_size(value.get_ref()).map(str::to_string)
            } else {
                css::parse_variable(name, value.get_ref())
            };
            if let Some(v) = parsed {
                vars.insert(name.clone(), v);
            }
        }
    }
    vars
}
