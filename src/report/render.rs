//! Compiling a theme chain into a minijinja environment once, and rendering
//! report views through it. The environment is the sandbox: every value is
//! HTML-escaped whatever the template's name, only the theme chain's own
//! templates exist (the one loader serves only the chain's own
//! `LAYER/NAME` aliases, from memory), and fuel, recursion and output-size limits
//! turn a runaway template into an error instead of a hang. A memory budget
//! per render ([`crate::budget`]) stops a template that keeps growing a
//! string or list.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

use super::brand::{Brand, Image};
use super::css;
use super::default_theme;
use super::inline::{self, Expansion};
use super::markdown;
use super::view::{ReportView, RubricView, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::source::{SourceMap, Span};
use crate::theme::{self, Theme};

/// Instructions a report may spend (a full report of the bundled rubric
/// takes well under a million; a 4,000-indicator rubric a few million).
const FUEL: u64 = 50_000_000;
/// Largest report we write.
const MAX_OUTPUT: usize = 64 * 1024 * 1024;
/// Nesting depth of includes, macros and blocks.
const RECURSION_LIMIT: usize = 100;
/// The template every theme chain must provide.
pub const ENTRY: &str = "report.html";
/// The template of a project's site index.
pub const INDEX: &str = "index.html";
/// The appendix's "full rubric" part, which depends only on the rubric and
/// the theme: rendered once per build (see [`Renderer::full_rubric`]).
pub const FULL_RUBRIC: &str = "full-rubric.html";
/// What [`FULL_RUBRIC`] may refer to for its output to be shared by every
/// report: everything here is the same for all reports of one rubric and
/// theme.
const SHARED_NAMES: [&str; 4] = ["rubric", "theme", "generator", "csp"];
/// What `generator` says: the program and its version.
const GENERATOR: &str = concat!("rubricate ", env!("CARGO_PKG_VERSION"));
/// Tells renderers apart, so a rubric's pre-rendered parts are kept per
/// theme.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Every report forbids scripts, frames, forms and any resource that is not
/// inline or a `data:` URI, so a missed hole cannot load or send anything.
pub const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; script-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// A compiled theme, reused for every report of a build.
pub struct Renderer {
    env: Environment<'static>,
    theme: Theme,
    /// Registered template name → (file shown to users, source).
    origins: BTreeMap<String, (String, String)>,
    /// Templates compiled from the default theme's macro-expanded text
    /// instead of their source (see [`super::inline`]), by name.
    expansions: BTreeMap<String, &'static Expansion>,
    /// The chain's stylesheets, root first.
    styles: String,
    /// Size of the largest page rendered so far: the next one's buffer
    /// starts that big instead of doubling its way up (and copying).
    size_hint: AtomicUsize,
    /// What to print if rendering [`ENTRY`] or [`INDEX`] runs out of memory
    /// budget (prepared beforehand: nothing can be allocated by then).
    over_budget: [String; 2],
    /// Unique per renderer of a process.
    id: u64,
    /// Whether [`FULL_RUBRIC`] can be rendered once and shared.
    shares_full_rubric: bool,
    /// Whether the chain takes every report template from the bundled
    /// default theme, so reports are written by [`default_theme`] instead
    /// of interpreting the same templates.
    compiled: bool,
    /// The same for the site index.
    compiled_index: bool,
}

/// A prepared rubric as a report's render reads it.
pub struct RubricInput<'a> {
    /// The view, which the compiled default theme reads.
    pub view: &'a RubricView,
    /// The same as a template value, for interpreted themes; made on
    /// first use.
    pub value: &'a dyn Fn() -> Value,
    /// The output of [`Renderer::full_rubric`] for it, when the report
    /// shows the full rubric.
    pub full_rubric: Option<&'a Value>,
}

/// What a theme sees besides the report: brand, page and style.
#[derive(Serialize)]
struct BrandContext<'a> {
    name: Option<&'a str>,
    /// `data:` URIs we built from base64: safe to print unescaped.
    logo: Option<Value>,
    client_logo: Option<Value>,
    footer: Option<&'a str>,
    contact: &'a super::brand::Contact,
}

impl Renderer {
    /// Compiles every template of the chain; syntax errors of all templates
    /// are reported together.
    pub fn new(
        theme: &Theme,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Renderer> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(RECURSION_LIMIT);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_filter("css_string", |s: String| {
            Value::from_safe_string(css::string_literal(&s))
        });
        env.add_filter("markdown", |s: String| {
            Value::from_safe_string(markdown::to_html(&s))
        });
        let origins = registered_templates(theme);
        let mut renderer = Renderer {
            env,
            theme: theme.clone(),
            origins: BTreeMap::new(),
            expansions: expansions(theme),
            styles: String::new(),
            size_hint: AtomicUsize::new(0),
            over_budget: [ENTRY, INDEX].map(|name| over_budget_message(theme, &origins, name)),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            shares_full_rubric: false,
            compiled: takes_default(theme, &default_theme::TEMPLATES),
            compiled_index: takes_default(theme, &default_theme::INDEX_TEMPLATES),
        };
        let before = diags.error_count();
        let aliases = aliases(theme);
        // `LAYER/NAME` of the template that `NAME` is: the same source,
        // compiled only if a template asks for it by that name (and then
        // with the same outcome as `NAME`, checked below).
        let mut lazy: BTreeMap<String, String> = aliases
            .iter()
            .filter_map(|alias| Some((alias.clone(), origins.get(alias)?.1.clone())))
            .collect();
        let bundled = bundled_templates(theme);
        for (name, (_, text)) in &origins {
            if aliases.contains(name) {
                continue;
            }
            let text = match renderer.expansions.get(name) {
                Some(expansion) => &expansion.text,
                None => text,
            };
            // A bundled template compiles (`every_bundled_template_compiles`):
            // it is compiled when first used, so a report without a
            // baseline never compiles `progress.html`, nor `report` the
            // index. A theme folder's templates are all compiled now, so
            // their syntax errors are reported together.
            if bundled.contains(name) {
                lazy.insert(name.clone(), text.clone());
                continue;
            }
            if let Err(e) = renderer.env.add_template_owned(name.clone(), text.clone()) {
                renderer.origins = origins.clone();
                diags.push(renderer.diagnostic("E0410", &e, sources));
            }
        }
        let sources = lazy;
        renderer
            .env
            .set_loader(move |name| Ok(sources.get(name).cloned()));
        renderer.origins = origins;
        if !renderer.origins.contains_key(ENTRY) {
            diags.push(
                Diagnostic::error("E0410", format!("theme `{}` has no `{ENTRY}`", theme.name))
                    .with_help(
                        "a theme chain must provide report.html; extend `default` to inherit it",
                    ),
            );
        }
        renderer.styles = stylesheets(theme);
        renderer.shares_full_rubric = renderer.full_rubric_is_shared();
        (diags.error_count() == before).then_some(renderer)
    }

    /// Renders one report.
    pub fn render(
        &self,
        shared: RubricInput,
        report: &ReportView,
        brand: &Brand,
        client_logo: Option<&Image>,
        sources: &mut SourceMap,
    ) -> Result<String, Diagnostic> {
        let RubricInput {
            view: rubric,
            value: rubric_value,
            full_rubric,
        } = shared;
        let running = format!("{} · {}", report.organization, rubric.title);
        let footer = brand.footer.clone().unwrap_or_else(|| match &brand.name {
            Some(name) => format!("Prepared by {name}"),
            None => String::new(),
        });
        let (header, footer) = (css::string_literal(&running), css::string_literal(&footer));
        if self.compiled {
            let html = default_theme::report(
                report,
                rubric,
                &default_theme::Page {
                    chrome: self.chrome(brand, &self.style_block(brand)),
                    client_logo,
                    size: theme::page_size(&self.theme, brand),
                    margin: &self.margin(),
                    header: &header,
                    footer: &footer,
                    full_rubric: full_rubric.and_then(Value::as_str),
                },
            );
            // Past the limit, the interpreted run below fails with the
            // same error it always gave.
            if html.len() <= MAX_OUTPUT {
                return Ok(html);
            }
        }
        let ctx = context! {
            report => Value::from_serialize(report),
            rubric => rubric_value(),
            page => context! {
                size => theme::page_size(&self.theme, brand),
                margin => self.margin(),
                header => Value::from_safe_string(header),
                footer => Value::from_safe_string(footer),
            },
            ..self.shared(brand, client_logo)
        };
        let ctx = match full_rubric {
            Some(html) => context! { full_rubric => html.clone(), ..ctx },
            None => ctx,
        };
        self.run(ENTRY, ctx, sources)
    }

    /// The same renderer interpreting every template, for tests that
    /// compare it with the compiled default theme.
    #[cfg(test)]
    pub(crate) fn interpreted(mut self) -> Renderer {
        self.compiled = false;
        self.compiled_index = false;
        self
    }

    /// A number telling this renderer apart from every other of the
    /// process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The chain's [`FULL_RUBRIC`] rendered for `rubric`, to be spliced
    /// into every report as `full_rubric` instead of rendering the same
    /// HTML again per report. `None` when the template may depend on
    /// anything but the rubric and the theme, or fails: the report then
    /// includes it itself, with the same output or the same error as
    /// without sharing.
    pub fn full_rubric(
        &self,
        rubric: &RubricView,
        rubric_value: impl FnOnce() -> Value,
    ) -> Option<Value> {
        if self.compiled {
            return Some(Value::from_safe_string(default_theme::full_rubric(rubric)));
        }
        if !self.shares_full_rubric {
            return None;
        }
        let ctx = context! {
            rubric => rubric_value(),
            theme => context! { name => self.theme.name.clone() },
            csp => CSP,
            generator => GENERATOR,
        };
        let html = self.run_plain(FULL_RUBRIC, ctx)?;
        Some(Value::from_safe_string(html))
    }

    /// Whether the chain's [`FULL_RUBRIC`] reads only [`SHARED_NAMES`] and
    /// pulls in no other template (whose reads we would not see).
    fn full_rubric_is_shared(&self) -> bool {
        let Some((_, text)) = self.origins.get(FULL_RUBRIC) else {
            return false;
        };
        let Ok(template) = self.env.get_template(FULL_RUBRIC) else {
            return false;
        };
        template
            .undeclared_variables(false)
            .iter()
            .all(|name| SHARED_NAMES.contains(&name.as_str()))
            && !pulls_in_templates(text)
    }

    /// The theme chain's folders on disk (bundled themes have none), for
    /// watch mode.
    pub fn folders(&self) -> Vec<std::path::PathBuf> {
        self.theme
            .layers
            .iter()
            .filter(|l| !l.origin.starts_with("builtin:"))
            .map(|l| std::path::PathBuf::from(&l.origin))
            .collect()
    }

    /// Renders a project's `index.html` (the theme's `index.html` template)
    /// listing its assessments, straight into `out`: at 10,000 assessments
    /// the page is megabytes that need not be held in memory. `site_value`
    /// is `site` as a template value (made only for an interpreted theme).
    /// An error of `out` is returned as such, not as a template error.
    pub fn render_index_to(
        &self,
        site: &dyn Site,
        site_value: impl FnOnce() -> Value,
        brand: &Brand,
        sources: &mut SourceMap,
        out: &mut dyn std::io::Write,
    ) -> Result<(), StreamError> {
        if self.compiled_index {
            let style = self.style_block(brand);
            let mut out = LimitedWriter::new(out);
            return match default_theme::index(site, &self.chrome(brand, &style), &mut out) {
                Ok(()) => Ok(()),
                Err(_) if out.failed.is_none() => Err(StreamError::Template(Diagnostic::error(
                    "E0411",
                    too_large(),
                ))),
                Err(e) => Err(StreamError::Io(out.failed.take().unwrap_or(e))),
            };
        }
        let ctx = context! { site => site_value(), ..self.shared(brand, None) };
        let mut out = LimitedWriter::new(out);
        let result = self.run_into(INDEX, ctx, &mut out);
        match (result, out.failed.take()) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(io)) => Err(StreamError::Io(io)),
            (Err(e), None) => Err(StreamError::Template(self.diagnostic("E0411", &e, sources))),
        }
    }

    /// What every page sees, as the compiled default theme reads it: the
    /// same as [`Renderer::shared`] gives templates. `style` is this
    /// brand's [`Renderer::style_block`].
    fn chrome<'a>(&'a self, brand: &'a Brand, style: &'a str) -> default_theme::Chrome<'a> {
        default_theme::Chrome {
            brand,
            theme_name: &self.theme.name,
            csp: CSP,
            generator: GENERATOR,
            style,
        }
    }

    /// What every page of a theme sees: brand, theme, style, CSP, generator.
    fn shared(&self, brand: &Brand, client_logo: Option<&Image>) -> Value {
        context! {
            brand => Value::from_serialize(BrandContext {
                name: brand.name.as_deref(),
                logo: brand.logo.as_ref().map(|l| Value::from_safe_string(l.data_uri.clone())),
                client_logo: client_logo.map(|l| Value::from_safe_string(l.data_uri.clone())),
                footer: brand.footer.as_deref(),
                contact: &brand.contact,
            }),
            theme => context! { name => self.theme.name.clone() },
            style => Value::from_safe_string(self.style_block(brand)),
            csp => CSP,
            generator => GENERATOR,
        }
    }

    /// Runs template `name` into a size-limited buffer.
    fn run(&self, name: &str, ctx: Value, sources: &mut SourceMap) -> Result<String, Diagnostic> {
        let capacity = self.size_hint.load(Ordering::Relaxed);
        let mut out = LimitedWriter::new(Vec::with_capacity(capacity));
        self.run_into(name, ctx, &mut out)
            .map_err(|e| self.diagnostic("E0411", &e, sources))?;
        self.size_hint.fetch_max(out.inner.len(), Ordering::Relaxed);
        String::from_utf8(out.inner)
            .map_err(|_| Diagnostic::error("E0411", format!("`{name}` produced invalid UTF-8")))
    }

    /// Runs template `name` into a size-limited buffer, without turning a
    /// failure into a diagnostic.
    fn run_plain(&self, name: &str, ctx: Value) -> Option<String> {
        let mut out = LimitedWriter::new(Vec::new());
        self.run_into(name, ctx, &mut out).ok()?;
        String::from_utf8(out.inner).ok()
    }

    /// Runs template `name` into `out` under the fuel, recursion and
    /// memory limits.
    fn run_into<W: std::io::Write>(
        &self,
        name: &str,
        ctx: Value,
        out: &mut LimitedWriter<W>,
    ) -> Result<(), minijinja::Error> {
        let template = self.env.get_template(name)?;
        // The index has its own message; every other template is part of
        // a report (the shared full rubric too).
        let message = match name {
            INDEX => &self.over_budget[1],
            _ => &self.over_budget[0],
        };
        let _budget = crate::budget::arm(crate::budget::RENDER_BUDGET, message);
        template.render_captured_to(ctx, out)?;
        Ok(())
    }

    /// The brand's embedded fonts, `:root` variables (theme merged with
    /// brand) and the chain's CSS.
    fn style_block(&self, brand: &Brand) -> String {
        let mut s = String::new();
        let faces = [
            (&brand.body_font_file, crate::report::brand::BODY_FAMILY),
            (
                &brand.heading_font_file,
                crate::report::brand::HEADING_FAMILY,
            ),
        ];
        for (font, family) in faces {
            if let Some(font) = font {
                // Every weight maps to the one file, so the browser never
                // synthesises a second bold over a bold face.
                let _ = writeln!(
                    s,
                    "@font-face {{ font-family: \"{family}\"; src: url({}) format(\"{}\"); font-weight: 100 900; font-display: block; }}",
                    font.data_uri, font.format
                );
            }
        }
        s.push_str(":root {\n");
        for (name, value) in theme::css_variables(&self.theme, brand) {
            if name != "page-size" && name != "page-margin" {
                let _ = writeln!(s, "  --{name}: {value};");
            }
        }
        let margin = self.margin();
        if let Some(h) = cover_height(theme::page_size(&self.theme, brand), &margin) {
            let _ = writeln!(s, "  --cover-height: {h};");
        }
        s.push_str("}\n");
        s.push_str(&self.styles);
        s
    }

    fn margin(&self) -> String {
        self.theme
            .variables
            .get("page-margin")
            .cloned()
            .unwrap_or_else(|| "18mm".into())
    }

    /// A minijinja error as a diagnostic pointing into the template where
    /// it happened (the innermost of an include chain), with the includes
    /// that led there as secondary labels.
    fn diagnostic(
        &self,
        code: &'static str,
        err: &minijinja::Error,
        sources: &mut SourceMap,
    ) -> Diagnostic {
        let chain = error_chain(err);
        let inner = chain.last().copied().unwrap_or(err);
        let detail = inner
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| inner.kind().to_string());
        let headline = match inner.kind() {
            minijinja::ErrorKind::OutOfFuel => {
                "the template ran too long and was stopped".to_string()
            }
            minijinja::ErrorKind::WriteFailure => too_large(),
            _ => format!("template error: {detail}"),
        };
        let mut d = Diagnostic::error(code, headline);
        for (i, e) in chain.iter().rev().enumerate() {
            let Some(span) = self.span_of(e, sources) else {
                continue;
            };
            d = if i == 0 {
                d.with_primary(span, e.kind().to_string())
            } else {
                d.with_secondary(span, "included from here")
            };
        }
        if d.labels.is_empty() {
            d = d.with_note(format!(
                "while rendering a template of theme `{}`",
                self.theme.name
            ));
        }
        d.with_help_opt(self.help(inner))
    }

    /// Where in its template an error points, registering the template.
    fn span_of(&self, err: &minijinja::Error, sources: &mut SourceMap) -> Option<Span> {
        let name = err.name()?;
        let (display, text) = self.origins.get(name)?;
        // Where the error is in the text that was compiled.
        let compiled = self.expansions.get(name).map_or(text, |e| &e.text);
        let range = err
            .range()
            .filter(|r| r.end <= compiled.len())
            .or_else(|| err.line().map(|l| line_range(compiled, l)))?;
        let range = match self.expansions.get(name) {
            Some(expansion) => expansion.original_range(range),
            None => range,
        };
        let existing = sources
            .files()
            .find(|(_, f)| &f.name == display)
            .map(|(id, _)| id);
        let file = existing.unwrap_or_else(|| sources.add(display.clone(), text.clone()));
        Some(Span::new(file, range))
    }

    fn help(&self, err: &minijinja::Error) -> Option<String> {
        match err.kind() {
            minijinja::ErrorKind::TemplateNotFound => {
                let wanted = err.detail().unwrap_or_default();
                let wanted = wanted.split('"').nth(1).unwrap_or(wanted);
                Some(
                    suggest::did_you_mean(wanted, self.origins.keys().map(String::as_str))
                        .unwrap_or_else(|| {
                            format!(
                                "a theme can include only its own templates and those of the themes it extends: {}",
                                self.origins
                                    .keys()
                                    .filter(|k| !k.contains('/'))
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                )
            }
            minijinja::ErrorKind::OutOfFuel => {
                Some("look for a loop that never ends or runs over a huge range".into())
            }
            minijinja::ErrorKind::UndefinedError => Some(
                "check the name against the report context documented in themes/README.md".into(),
            ),
            _ => None,
        }
    }
}

/// The printable height of a page minus a safety margin, so a full-page
/// cover never spills onto a second page.
fn cover_height(page: &str, margin: &str) -> Option<String> {
    let height_mm = match page {
        "A4" => 297.0,
        "Letter" => 279.4,
        "A5" => 210.0,
        "Legal" => 355.6,
        _ => return None,
    };
    let margin_mm = if let Some(n) = margin.strip_suffix("mm") {
        n.parse::<f64>().ok()?
    } else if let Some(n) = margin.strip_suffix("cm") {
        n.parse::<f64>().ok()? * 10.0
    } else if let Some(n) = margin.strip_suffix("in") {
        n.parse::<f64>().ok()? * 25.4
    } else if let Some(n) = margin.strip_suffix("pt") {
        n.parse::<f64>().ok()? * 25.4 / 72.0
    } else {
        return None;
    };
    let h = height_mm - 2.0 * margin_mm - 12.0;
    (h > 50.0).then(|| format!("{h:.0}mm"))
}

/// The diagnostic printed, rendered in the run's message format, when
/// template `name` of `theme` uses more than the memory budget.
fn over_budget_message(
    theme: &Theme,
    origins: &BTreeMap<String, (String, String)>,
    name: &str,
) -> String {
    let mib = crate::budget::RENDER_BUDGET / 1024 / 1024;
    let file = origins
        .get(name)
        .map(|(display, _)| format!(" ({display})"))
        .unwrap_or_default();
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(
            "E0411",
            format!("the template used more than {mib} MiB of memory and was stopped"),
        )
        .with_note(format!(
            "while rendering `{name}` of theme `{}`{file}; a render may hold at most {mib} MiB",
            theme.name
        ))
        .with_note(
            "rubricate stopped at once; reports are written whole or not at all, so no file was left half-written",
        )
        .with_help(
            "look for a string or list that grows at every step, such as `{% set b = a ~ a %}` repeated",
        ),
    );
    crate::diagnostics::render_all(
        &SourceMap::new(),
        &diags,
        crate::diagnostics::ColorChoice::Never,
    )
}

/// The error and the errors it wraps (an include's own failure), outermost
/// first.
fn error_chain(err: &minijinja::Error) -> Vec<&minijinja::Error> {
    let mut chain = vec![err];
    let mut current: &dyn std::error::Error = err;
    while let Some(next) = current.source() {
        if let Some(e) = next.downcast_ref::<minijinja::Error>() {
            chain.push(e);
        }
        current = next;
    }
    chain
}

/// Whether a template's source has an `include`, `import`, `from` or
/// `extends` tag.
fn pulls_in_templates(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        let word = tag
            .trim_start_matches(['-', '+'])
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        matches!(word, "include" | "import" | "from" | "extends")
    })
}

/// Bare names resolve to the most derived theme's copy; `THEME/NAME`
/// always names that theme's own copy (to extend a parent's template).
fn registered_templates(theme: &Theme) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for layer in &theme.layers {
        for (path, text) in &layer.templates {
            let entry = (layer.display_path(path), text.clone());
            out.insert(format!("{}/{path}", layer.name), entry.clone());
            out.insert(path.clone(), entry);
        }
    }
    out
}

/// Each template name of the chain and the layer whose file it means (the
/// last layer defining it: a child wins).
fn effective(theme: &Theme) -> BTreeMap<&str, &theme::Layer> {
    let mut out = BTreeMap::new();
    for layer in &theme.layers {
        for path in layer.templates.keys() {
            out.insert(path.as_str(), layer);
        }
    }
    out
}

/// Whether every one of `templates` is the bundled default theme's own in
/// this chain.
fn takes_default(theme: &Theme, templates: &[&str]) -> bool {
    let layers = effective(theme);
    templates.iter().all(|name| {
        layers
            .get(name)
            .is_some_and(|l| l.origin == "builtin:default")
    })
}

/// The templates a bundled theme gives the chain (no theme folder
/// overrides them).
fn bundled_templates(theme: &Theme) -> std::collections::BTreeSet<String> {
    effective(theme)
        .into_iter()
        .filter(|(_, layer)| layer.origin.starts_with("builtin:"))
        .map(|(path, _)| path.to_string())
        .collect()
}

/// The templates to compile from [`inline::expanded`] text: those the
/// bundled default theme provides to the chain unchanged, when the chain's
/// `macros.html` is the bundled default's too (a theme overriding a macro
/// must reach every call of it).
fn expansions(theme: &Theme) -> BTreeMap<String, &'static Expansion> {
    let layers = effective(theme);
    let from_default = |name: &str| {
        layers
            .get(name)
            .is_some_and(|l| l.origin == "builtin:default")
    };
    if !from_default("macros.html") {
        return BTreeMap::new();
    }
    layers
        .keys()
        .filter(|name| from_default(name))
        .filter_map(|name| Some((name.to_string(), inline::expanded(name)?)))
        .collect()
}

/// The qualified names (`LAYER/NAME`) of templates that are also what the
/// plain `NAME` means (the last layer defining `NAME`). Compiling them
/// again under the second name would double the cost of every cold start
/// for nothing.
fn aliases(theme: &Theme) -> std::collections::BTreeSet<String> {
    effective(theme)
        .into_iter()
        .map(|(path, layer)| format!("{}/{path}", layer.name))
        .collect()
}

fn stylesheets(theme: &Theme) -> String {
    let mut s = String::new();
    for layer in &theme.layers {
        for (path, text) in &layer.styles {
            let _ = writeln!(s, "/* {}/{} */", layer.name, path.replace("*/", ""));
            s.push_str(text);
            if !text.ends_with('\n') {
                s.push('\n');
            }
        }
    }
    s
}

/// Byte range of 1-based `line` in `text` (its content, without newline).
fn line_range(text: &str, line: usize) -> std::ops::Range<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let len = text[start.min(text.len())..]
        .find('\n')
        .unwrap_or(text.len() - start.min(text.len()));
    start.min(text.len())..(start + len).min(text.len())
}

/// Why a page streamed to a writer was not written.
#[derive(Debug)]
pub enum StreamError {
    /// The template failed (or grew past [`MAX_OUTPUT`]).
    Template(Diagnostic),
    /// The writer failed (disk full, permissions).
    Io(std::io::Error),
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> Self {
        StreamError::Io(e)
    }
}

/// The headline of an output stopped at [`MAX_OUTPUT`].
fn too_large() -> String {
    format!(
        "the report grew past {} MB and was stopped",
        MAX_OUTPUT / 1024 / 1024
    )
}

/// A sink that refuses to grow past [`MAX_OUTPUT`] and remembers an error
/// of the writer beneath, which minijinja would otherwise report as a
/// template failure.
struct LimitedWriter<W> {
    inner: W,
    written: usize,
    failed: Option<std::io::Error>,
}

impl<W> LimitedWriter<W> {
    fn new(inner: W) -> Self {
        LimitedWriter {
            inner,
            written: 0,
            failed: None,
        }
    }
}

impl<W: std::io::Write> std::io::Write for LimitedWriter<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.written + data.len() > MAX_OUTPUT {
            return Err(std::io::Error::other("report too large"));
        }
        if let Err(e) = self.inner.write_all(data) {
            let kind = e.kind();
            self.failed = Some(e);
            return Err(kind.into());
        }
        self.written += data.len();
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Converts the shared rubric view once per build.
pub fn rubric_value(view: &super::view::RubricView) -> Value {
    Value::from_serialize(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bundled templates are compiled on first use (see `Renderer::new`),
    /// so nothing else would report one that does not compile: every one,
    /// under every name and in its expanded form, must.
    #[test]
    fn every_bundled_template_compiles() {
        for name in ["default", "print"] {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new();
            let theme = theme::load(name, std::path::Path::new("."), &mut sources, &mut diags)
                .expect("bundled theme loads");
            let renderer = Renderer::new(&theme, &mut sources, &mut diags).expect("renderer");
            assert!(diags.is_empty());
            assert!(!renderer.expansions.is_empty(), "{name}: nothing expanded");
            for template in renderer.origins.keys() {
                if let Err(e) = renderer.env.get_template(template) {
                    panic!("{name}: {template}: {e}");
                }
            }
        }
    }
}
