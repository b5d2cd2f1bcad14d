//! Themes: a folder with `theme.toml`, minijinja templates (`*.html`) and
//! stylesheets (`*.css`). A theme may extend another (bundled or a folder)
//! and override single templates, or single blocks of a template by
//! extending the parent's copy as `PARENT/NAME.html`. This module only
//! *reads* a theme chain into memory, checking it; `report::render` compiles
//! and runs it.
//!
//! Sandbox: the files a template can ever include are exactly the files
//! read here, from the theme chain's own folders. There is no template
//! loader at render time, so `{% include "../../etc/passwd" %}` is simply a
//! template that does not exist. Symlinks that leave a theme's folder are
//! refused when the folder is read.

pub mod bundled;
pub mod eject;
mod files;
mod lint;
mod manifest;
mod stylesheet;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::report::css;
use crate::source::SourceMap;

/// The theme used when none is named.
pub const DEFAULT_THEME: &str = "default";

/// Deepest `extends` chain we follow (a cycle is reported before this).
const MAX_CHAIN: usize = 8;

/// A theme chain read into memory and checked, ready to compile.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub description: Option<String>,
    /// Root theme first, the named theme last.
    pub layers: Vec<Layer>,
    /// Validated CSS values, merged root → leaf (a leaf overrides).
    pub variables: BTreeMap<String, String>,
}

/// One theme of a chain.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    /// How users see where it came from: `builtin:default` or a folder.
    pub origin: String,
    /// Template path (`pillar.html`, `parts/cover.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Stylesheets in the order `theme.toml` lists them.
    pub styles: Vec<(String, String)>,
}

impl Layer {
    /// The name users see for one of this layer's files.
    pub fn display_path(&self, file: &str) -> String {
        if self.origin.starts_with("builtin:") {
            format!("{}/{file}", self.origin)
        } else {
            let path = Path::new(&self.origin).join(file);
            // `./child/theme.toml` reads better as `child/theme.toml`.
            let shown = path.strip_prefix(".").unwrap_or(&path);
            shown.display().to_string()
        }
    }
}

/// Where a theme comes from, as named on the command line or in a project.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Bundled(String),
    Folder(PathBuf),
}

/// Reads the theme `spec` (a bundled name or a folder) and everything it
/// extends. `base` resolves relative folders (the current directory, or a
/// project's folder). `None` when there are errors, all in `diags`.
pub fn load(
    spec: &str,
    base: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Theme> {
    let first = resolve_spec(spec, base, diags)?;
    let mut chain: Vec<(Layer, manifest::Manifest)> = Vec::new();
    let mut next = Some(first);
    let mut seen: Vec<Source> = Vec::new();
    while let Some(source) = next.take() {
        if seen.contains(&source) || seen.len() >= MAX_CHAIN {
            diags.push(
                Diagnostic::error("E0402", format!("theme `{spec}` extends itself"))
                    .with_note(format!("the chain is {}", chain_names(&chain)))
                    .with_help("remove the `extends` that closes the loop"),
            );
            return None;
        }
        seen.push(source.clone());
        let (layer, manifest) = read_layer(&source, sources, diags)?;
        next = match &manifest.extends {
            Some(parent) => Some(resolve_parent(parent, &source, &layer, sources, diags)?),
            None => None,
        };
        chain.push((layer, manifest));
    }
    chain.reverse();
    lint::check(&chain, sources, diags);
    let variables = manifest::merge_variables(&chain, diags);
    let (leaf, leaf_manifest) = chain.last()?;
    let theme = Theme {
        name: leaf.name.clone(),
        description: leaf_manifest.description.clone(),
        layers: chain.iter().map(|(l, _)| l.clone()).collect(),
        variables,
    };
    check_styles(&theme, sources, diags);
    (!diags.has_errors()).then_some(theme)
}

fn chain_names(chain: &[(Layer, manifest::Manifest)]) -> String {
    chain
        .iter()
        .map(|(l, _)| format!("`{}`", l.name))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A folder if it looks like a path or exists, else a bundled name.
fn resolve_spec(spec: &str, base: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let path = base.join(spec);
    let looks_like_path = spec.contains(['/', '\\']) || spec.starts_with('.');
    if path.is_dir() || looks_like_path {
        if !path.join("theme.toml").is_file() {
            diags.push(
                Diagnostic::error("E0401", format!("`{spec}` is not a theme folder"))
                    .with_note(format!("no `theme.toml` in `{}`", path.display()))
                    .with_help(
                        "a theme folder holds `theme.toml` plus its templates and stylesheets",
                    ),
            );
            return None;
        }
        return Some(Source::Folder(path));
    }
    let names = bundled::names();
    if names.contains(&spec) {
        return Some(Source::Bundled(spec.to_string()));
    }
    let help = suggest::did_you_mean(spec, names.iter().copied()).unwrap_or_else(|| {
        format!(
            "bundled themes: {}; or pass a theme folder",
            names.join(", ")
        )
    });
    diags.push(Diagnostic::error("E0401", format!("unknown theme `{spec}`")).with_help(help));
    None
}

/// `extends = "…"`: a bundled theme, or a folder relative to this theme's.
fn resolve_parent(
    parent: &toml::Spanned<String>,
    child: &Source,
    layer: &Layer,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let name = parent.get_ref();
    if let Source::Folder(dir) = child {
        let candidate = dir.join(name);
        if candidate.join("theme.toml").is_file() {
            return Some(Source::Folder(candidate));
        }
    }
    if bundled::names().contains(&name.as_str()) {
        return Some(Source::Bundled(name.clone()));
    }
    let file = manifest::file_id(layer, sources);
    diags.push(
        Diagnostic::error(
            "E0401",
            format!("theme `{}` extends an unknown theme `{name}`", layer.name),
        )
        .with_primary(crate::config::span_of(file, parent), "no such theme")
        .with_help(
            suggest::did_you_mean(name, bundled::names()).unwrap_or_else(|| {
                "name a bundled theme or a folder relative to this theme".into()
            }),
        ),
    );
    None
}

/// Reads one theme's files and manifest.
fn read_layer(
    source: &Source,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<(Layer, manifest::Manifest)> {
    let (origin, mut all) = match source {
        Source::Bundled(name) => (
            format!("builtin:{name}"),
            bundled::files(name)
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect::<BTreeMap<_, _>>(),
        ),
        Source::Folder(dir) => (dir.display().to_string(), files::read_folder(dir, diags)?),
    };
    let mut layer = Layer {
        name: String::new(),
        origin,
        templates: BTreeMap::new(),
        styles: Vec::new(),
    };
    let manifest_text = all.remove("theme.toml").unwrap_or_default();
    let manifest = manifest::parse(&layer, manifest_text, sources, diags)?;
    layer.name = manifest.name.clone();
    for (path, text) in all {
        if path.ends_with(".html") {
            layer.templates.insert(path, text);
        } else if path.ends_with(".css") {
            layer.styles.push((path, text));
        }
    }
    manifest::order_styles(&mut layer, &manifest, sources, diags);
    Some((layer, manifest))
}

/// Stylesheets are inlined into a `<style>` element: they must not close it,
/// import anything or point at a file or the network (see [`stylesheet`]).
///
/// Bundled layers are skipped: their stylesheets are part of the binary and
/// checked once, by `bundled_stylesheets_are_safe`, not on every run.
fn check_styles(theme: &Theme, sources: &mut SourceMap, diags: &mut Diagnostics) {
    for layer in theme
        .layers
        .iter()
        .filter(|l| !l.origin.starts_with("builtin:"))
    {
        for (path, text) in &layer.styles {
            if let Some(h) = stylesheet::hazard(text) {
                let file = sources.add(layer.display_path(path), text.clone());
                diags.push(
                    Diagnostic::error("E0404", format!("stylesheet `{path}` uses `{}`", h.what))
                        .with_primary(crate::source::Span::new(file, h.start..h.end), "not allowed in a self-contained report")
                        .with_help("embed fonts and images as `url(data:…)`; a report never loads other files"),
                );
            }
        }
    }
}

/// Every theme variable merged with the brand's overrides, ready to emit.
pub fn css_variables(theme: &Theme, brand: &crate::report::Brand) -> BTreeMap<String, String> {
    let mut vars = theme.variables.clone();
    let overrides = [
        ("primary", &brand.primary),
        ("accent", &brand.accent),
        ("font-body", &brand.font),
        ("font-heading", &brand.heading_font),
    ];
    for (name, value) in overrides {
        if let Some(v) = value {
            vars.insert(name.to_string(), v.clone());
        }
    }
    // An embedded brand font goes first in its stack; the stack behind it
    // still applies to any character the font lacks.
    let embedded = [
        (
            "font-body",
            brand.body_font_file.is_some(),
            crate::report::brand::BODY_FAMILY,
        ),
        (
            "font-heading",
            brand.heading_font_file.is_some(),
            crate::report::brand::HEADING_FAMILY,
        ),
    ];
    for (name, present, family) in embedded {
        if present {
            let rest = vars
                .get(name)
                .cloned()
                .unwrap_or_else(|| "sans-serif".into());
            vars.insert(name.to_string(), format!("\"{family}\", {rest}"));
        }
    }
    vars
}

/// The page size: brand first, then the theme, then A4.
pub fn page_size(theme: &Theme, brand: &crate::report::Brand) -> &'static str {
    brand
        .page_size
        .or_else(|| {
            theme
                .variables
                .get("page-size")
                .and_then(|s| css::parse_page_size(s))
        })
        .unwrap_or("A4")
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_stylesheets_are_safe() {
        let mut checked = 0;
        for name in super::bundled::names() {
            for (path, text) in super::bundled::files(name).filter(|(p, _)| p.ends_with(".css")) {
                assert!(super::stylesheet::hazard(text).is_none(), "{name}/{path}");
                checked += 1;
            }
        }
        assert!(checked >= 2, "{checked} stylesheets");
    }

    use super::*;

    /// WCAG AA for text: every colour the bundled themes use for text has
    /// at least 4.5:1 contrast on the page background.
    #[test]
    fn bundled_theme_text_colours_are_readable() {
        for name in bundled::names() {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new();
            let theme = load(name, Path::new("."), &mut sources, &mut diags).unwrap();
            let background = theme
                .variables
                .get("background")
                .map_or("#ffffff", String::as_str);
            for var in [
                "text", "muted", "primary", "accent", "met", "partly", "unmet",
            ] {
                let color = &theme.variables[var];
                let ratio = css::contrast(color, background);
                assert!(
                    ratio >= 4.5,
                    "{name}: --{var} {color} has {ratio:.2}:1 on {background}"
                );
            }
        }
    }

    #[test]
    fn bundled_themes_load() {
        for name in bundled::names() {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new();
            let theme = load(name, Path::new("."), &mut sources, &mut diags);
            assert!(theme.is_some(), "{name}: {diags:?}");
        }
    }
}

#[cfg(test)]
mod bundled_files {
    /// Every file in `themes/NAME/` is embedded, so a new template cannot be
    /// forgotten in `bundled.rs`.
    #[test]
    fn every_theme_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        for name in super::bundled::names() {
            let dir = root.join(name);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let file = entry.unwrap().file_name().to_string_lossy().into_owned();
                let embedded = super::bundled::files(name).any(|(p, _)| p == file);
                assert!(
                    embedded,
                    "themes/{name}/{file} is not listed in src/theme/bundled.rs"
                );
            }
        }
    }
}
