//! `rubricate report RUBRIC ANSWERS... [--baseline ...] [--theme NAME|DIR]
//! [--brand FILE] [--client-logo FILE] [--narrative FILE] -o OUT.html`: one self-contained
//! HTML report, written atomically.

use crate::console;
use std::path::Path;

use super::Outcome;
use super::score::scorecard;
use crate::diagnostics::{ColorChoice, Diagnostic, Diagnostics, render_all};
use crate::output;
use crate::report::{self, Brand, Renderer, RubricReports};
use crate::source::SourceMap;
use crate::theme;

/// Everything `report` needs besides the answers.
pub struct ReportArgs<'a> {
    pub rubric: &'a str,
    pub answers: &'a [String],
    pub baseline: &'a [String],
    pub theme: Option<&'a str>,
    pub brand: Option<&'a Path>,
    pub client_logo: Option<&'a Path>,
    /// The assessor's narrative (markdown).
    pub narrative: Option<&'a Path>,
    pub appendix: report::Appendix,
    pub output: &'a Path,
    /// Also print a PDF beside the HTML.
    pub pdf: bool,
    /// The browser to print with (else `RUBRICATE_CHROME`, then PATH).
    pub chrome: Option<&'a Path>,
}

/// Scores the answers, renders the report and writes it.
pub fn report(args: &ReportArgs, color: ColorChoice) -> Outcome {
    // Theme and brand problems are reported even when the answers are bad.
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let looks = load_looks(
        &args.theme,
        args.brand,
        args.client_logo,
        &mut sources,
        &mut diags,
    );
    if !diags.is_empty() {
        console::err(&render_all(&sources, &diags, color));
    }
    let card = scorecard(args.rubric, args.answers, args.baseline, color);
    let (Some((renderer, brand, client_logo)), Ok((rubric, card))) = (looks, card) else {
        return Outcome::InputErrors;
    };
    let narrative = match args.narrative {
        Some(path) => {
            let path = path.display().to_string();
            match crate::narrative::load(&rubric, &path, &mut sources, &mut diags) {
                Some(n) => Some(n),
                None => {
                    crate::err!("{}", render_all(&sources, &diags, color));
                    return Outcome::InputErrors;
                }
            }
        }
        None => None,
    };
    let reports = RubricReports::new(&rubric);
    let one = report::Assessed {
        card: &card,
        brand: &brand,
        client_logo: client_logo.as_ref(),
        narrative: narrative.as_ref(),
        appendix: args.appendix,
        period: None,
    };
    let html = match reports.render(&renderer, &rubric, &one, &mut sources) {
        Ok(html) => html,
        Err(d) => return fail(&sources, d, color),
    };
    match output::write_atomic(args.output, html.as_bytes()) {
        Ok(written) => {
            console::info(&format!("{} {}", verb(written), args.output.display()));
            if !args.pdf {
                return Outcome::Ok;
            }
            let job = super::pdf::PdfJob {
                html: args.output.to_path_buf(),
                title: crate::report::view::title(&rubric, &card),
                author: brand.name.clone(),
                subject: card.organization.clone(),
            };
            match super::pdf::print_all(&[job], args.chrome) {
                Ok(mut results) => match results.pop() {
                    Some(Ok(status)) => {
                        let verb = match status {
                            super::pdf::PdfStatus::Printed => "printed",
                            super::pdf::PdfStatus::Current => "up to date",
                        };
                        console::info(&format!(
                            "{verb} {}",
                            super::pdf::pdf_path(args.output).display()
                        ));
                        Outcome::Ok
                    }
                    Some(Err(text)) => {
                        console::err(&text);
                        Outcome::InputErrors
                    }
                    None => Outcome::InputErrors,
                },
                Err(text) => {
                    console::err(&text);
                    Outcome::InputErrors
                }
            }
        }
        Err(e) => fail(
            &sources,
            Diagnostic::error(
                "E0500",
                format!("cannot write `{}`: {e}", args.output.display()),
            )
            .with_help("check that the folder is writable"),
            color,
        ),
    }
}

fn verb(written: output::Written) -> &'static str {
    match written {
        output::Written::Changed => "wrote",
        output::Written::Unchanged => "unchanged",
    }
}

fn fail(sources: &SourceMap, d: Diagnostic, color: ColorChoice) -> Outcome {
    let mut diags = Diagnostics::new();
    diags.push(d);
    console::err(&render_all(sources, &diags, color));
    Outcome::InputErrors
}

/// The compiled theme, the brand and the client's logo; `None` on errors.
pub fn load_looks(
    theme_spec: &Option<&str>,
    brand: Option<&Path>,
    client_logo: Option<&Path>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<(Renderer, Brand, Option<report::Image>)> {
    let spec = theme_spec.unwrap_or(theme::DEFAULT_THEME);
    let theme = theme::load(spec, Path::new("."), sources, diags);
    let renderer = theme.and_then(|t| Renderer::new(&t, sources, diags));
    let brand = match brand {
        Some(path) => report::brand::load(path, sources, diags),
        None => Some(Brand::default()),
    };
    let logo = match client_logo {
        Some(path) => match report::brand::load_image(path) {
            Ok(image) => Some(Some(image)),
            Err(reason) => {
                diags.push(
                    Diagnostic::error(
                        "E0303",
                        format!(
                            "cannot embed the client logo `{}`: {reason}",
                            path.display()
                        ),
                    )
                    .with_help("use a PNG, JPEG, GIF, WebP or SVG of at most 2 MB"),
                );
                None
            }
        },
        None => Some(None),
    };
    Some((renderer?, brand?, logo?))
}
