//! The bundled default theme's report templates (`themes/default/*.html`)
//! written out as Rust, used instead of interpreting them when a report's
//! theme chain takes every one of them from the bundled default unchanged
//! (a child theme may still change styles, variables and the index).
//!
//! Why: compiling and interpreting these templates was 40% of a cold
//! report and 44% of a batch build's instructions, and converting the view
//! into template values another 10%. The templates stay the one definition
//! of the theme (they are what `theme eject` copies and what every other
//! chain runs); this file must print exactly what they print, byte for
//! byte. `tests/theme_inlining.rs` renders the example site and generated
//! assessments through an ejected copy (interpreted) and the bundled theme
//! (this file) and compares every page; change a template and this file
//! together.
//!
//! The templates are compiled with `trim_blocks` and `lstrip_blocks`, so
//! a line holding only a tag prints nothing, the newline after any tag is
//! dropped, and a template's final newline is not printed: the text
//! below follows those rules line by line. Values print as the engine
//! prints them: plain text HTML-escaped (`& < > " ' /`), [`Html`] as it
//! is, an empty text or list counting as false in a condition.

use std::fmt::Write as _;
use std::io::Write;

use super::Appendix;
use super::brand::{Brand, Contact, Image};
use super::view::{
    CellView, Html, IndicatorView, PillarView, ReportView, RoadmapItemView, RubricView, Site,
    SiteEntry, StageView,
};
use crate::scoring::{IndicatorStatus, Phase, Quadrant};

/// The template names this file stands in for when writing a report: a
/// chain uses it only if it takes every one of them from the bundled
/// default theme.
pub const TEMPLATES: [&str; 11] = [
    "report.html",
    "head.html",
    "cover.html",
    "summary.html",
    "pillar.html",
    "roadmap.html",
    "progress.html",
    "trend.html",
    "appendix.html",
    "full-rubric.html",
    "macros.html",
];

/// What every page reads: `brand`, `theme.name`, `csp`, `generator` and
/// `style`.
pub struct Chrome<'a> {
    pub brand: &'a Brand,
    pub theme_name: &'a str,
    pub csp: &'a str,
    pub generator: &'a str,
    /// `style`: printed as it is.
    pub style: &'a str,
}

/// The same for the site index.
pub const INDEX_TEMPLATES: [&str; 2] = ["index.html", "head.html"];

/// Everything `report.html` reads besides the report and the rubric.
pub struct Page<'a> {
    pub chrome: Chrome<'a>,
    pub client_logo: Option<&'a Image>,
    /// `page.size` and `page.margin`, plain text.
    pub size: &'a str,
    pub margin: &'a str,
    /// `page.header` and `page.footer`: CSS string literals, printed as
    /// they are.
    pub header: &'a str,
    pub footer: &'a str,
    /// `full_rubric`, when the appendix shows it.
    pub full_rubric: Option<&'a str>,
}

/// The output being written, with the engine's ways of printing values.
struct Out(String);

impl Out {
    fn t(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Plain text, HTML-escaped by minijinja's own escaper, so the output
    /// stays what the interpreted templates print.
    fn e(&mut self, text: &str) {
        let _ = write!(self.0, "{}", minijinja::HtmlEscape(text));
    }

    fn n(&mut self, n: usize) {
        let _ = write!(self.0, "{n}");
    }

    /// `{{ a or "–" }}`: the text when it is not empty, else `fallback`.
    fn or(&mut self, text: Option<&str>, fallback: &str) {
        match filled(text) {
            Some(t) => self.e(t),
            None => self.e(fallback),
        }
    }

    /// `{{ a }}` of an optional text: the engine prints a missing one as
    /// `none`.
    fn opt(&mut self, text: Option<&str>) {
        self.e(text.unwrap_or("none"));
    }

    /// `{{ list | join(", ") }}`.
    fn join(&mut self, items: &[String]) {
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.t(", ");
            }
            self.e(item);
        }
    }

    /// `{{ "one" if n == 1 else "many" }}`.
    fn plural(&mut self, n: usize, one: &str, many: &str) {
        self.t(if n == 1 { one } else { many });
    }
}

/// A text that counts as true in a condition: present and not empty.
fn filled(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

fn html(h: &Option<Html>) -> Option<&str> {
    filled(h.as_ref().map(Html::as_str))
}

fn text(s: &Option<String>) -> Option<&str> {
    filled(s.as_deref())
}

/// The CSS class word of a status, as its serialised name.
fn status_name(s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Met => "met",
        IndicatorStatus::Partly => "partly",
        IndicatorStatus::Unmet => "unmet",
        IndicatorStatus::Unanswered => "unanswered",
        IndicatorStatus::NotApplicable => "not-applicable",
    }
}

fn quadrant_name(q: Quadrant) -> &'static str {
    match q {
        Quadrant::QuickWin => "quick-win",
        Quadrant::MajorProject => "major-project",
        Quadrant::FillIn => "fill-in",
        Quadrant::ThanklessTask => "thankless-task",
    }
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Now => "now",
        Phase::Next => "next",
        Phase::Later => "later",
    }
}

/// `report.html`, with what it includes.
pub fn report(report: &ReportView, rubric: &RubricView, page: &Page) -> String {
    let mut o = Out(String::with_capacity(128 * 1024));
    let chrome = &page.chrome;
    o.t("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n");
    head(&mut o, chrome);
    o.t("\n");
    if let Some(name) = text(&chrome.brand.name) {
        o.t("<meta name=\"author\" content=\"");
        o.e(name);
        o.t("\">\n");
    }
    o.t("<meta name=\"description\" content=\"");
    o.e(&rubric.title);
    o.t(" for ");
    o.e(&report.organization);
    o.t("\">\n<title>");
    o.e(&report.title);
    o.t("</title>\n<style>\n@page {\n  size: ");
    o.e(page.size);
    o.t(";\n  margin:");
    for _ in 0..4 {
        o.t(" ");
        o.e(page.margin);
    }
    o.t(";\n  @top-left { content: ");
    o.t(page.header);
    o.t("; }\n  @bottom-left { content: ");
    o.t(page.footer);
    o.t("; }\n  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); }\n}\n@page :first {\n  @top-left { content: none; }\n  @bottom-left { content: none; }\n  @bottom-right { content: none; }\n}\n");
    o.t(chrome.style);
    o.t("\n</style>\n</head>\n<body class=\"theme-");
    o.e(chrome.theme_name);
    o.t("\">\n");
    cover(&mut o, report, rubric, page);
    o.t("<main>\n<nav class=\"toc\" aria-label=\"Contents\">\n  <h2>Contents</h2>\n  <ol>\n    <li><a href=\"#summary\">Executive summary</a></li>\n");
    for p in &report.pillars {
        o.t("<li><a href=\"#");
        o.e(&p.anchor);
        o.t("\">");
        o.e(&p.name);
        o.t("</a></li>\n");
    }
    o.t("    <li><a href=\"#roadmap\">Roadmap</a></li>\n");
    if report.progress.is_some() {
        o.t("<li><a href=\"#progress\">Progress since the baseline</a></li>\n");
    }
    if report.trend.is_some() {
        o.t("<li><a href=\"#trend\">Over time</a></li>\n");
    }
    match report.appendix {
        Appendix::Full => o.t("<li><a href=\"#appendix\">Appendix: methodology, coverage and the full rubric</a></li>\n"),
        Appendix::Summary => o.t("<li><a href=\"#appendix\">Appendix: methodology and coverage</a></li>\n"),
        Appendix::None => {}
    }
    o.t("  </ol>\n</nav>\n");
    summary(&mut o, report, rubric);
    for (k, p) in report.pillars.iter().enumerate() {
        pillar(&mut o, report, rubric, p, k + 1);
    }
    roadmap(&mut o, report);
    if report.progress.is_some() {
        progress(&mut o, report);
    }
    if report.trend.is_some() {
        trend(&mut o, report, rubric);
    }
    if report.appendix != Appendix::None {
        appendix(&mut o, report, rubric, page);
    }
    o.t("</main>\n<footer class=\"report-footer\">\n");
    brand_footer(&mut o, chrome);
    o.t("  <p class=\"generator\">Generated by ");
    o.e(chrome.generator);
    o.t(" from ");
    o.e(&rubric.title);
    if let Some(version) = text(&rubric.version) {
        o.t(" ");
        o.e(version);
    }
    o.t(".</p>\n</footer>\n</body>\n</html>");
    o.0
}

/// Output of the index held before it is handed to the writer: at
/// 10,000 assessments the page is megabytes that need not be in memory.
const INDEX_CHUNK: usize = 64 * 1024;

/// `index.html`, written to `out` a chunk at a time.
pub fn index(site: &dyn Site, chrome: &Chrome, out: &mut dyn Write) -> std::io::Result<()> {
    let brand = chrome.brand;
    let mut o = Out(String::with_capacity(2 * INDEX_CHUNK));
    o.t("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n");
    head(&mut o, chrome);
    o.t("\n<title>");
    o.e(site.title());
    o.t("</title>\n<style>\n");
    o.t(chrome.style);
    o.t("\n</style>\n</head>\n<body class=\"theme-");
    o.e(chrome.theme_name);
    o.t(" site-index\">\n<header class=\"index-header\">\n");
    brand_logo(&mut o, brand);
    o.t("  <h1>");
    o.e(site.title());
    o.t("</h1>\n  <p class=\"muted\">");
    o.n(site.assessments());
    o.t(" assessments against the ");
    o.e(site.rubric());
    if let Some(name) = text(&brand.name) {
        o.t(", by ");
        o.e(name);
    }
    o.t(".</p>\n</header>\n<main>\n  <table class=\"index-table\">\n    <thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Overall stage</th><th scope=\"col\">Position</th><th scope=\"col\">Target</th><th scope=\"col\">Respondents</th><th scope=\"col\">Date</th></tr></thead>\n");
    for c in 0..site.clients() {
        let entries = site.client_entries(c);
        o.t("    <tbody>\n");
        if site.clients() > 1 || entries.len() > 1 {
            o.t("<tr class=\"client-heading\"><th scope=\"rowgroup\" colspan=\"6\">");
            o.e(site.client_name(c));
            o.t("</th></tr>");
        }
        for a in &entries {
            index_row(&mut o, site, a);
            if o.0.len() >= INDEX_CHUNK {
                out.write_all(o.0.as_bytes())?;
                o.0.clear();
            }
        }
        o.t("    </tbody>\n");
    }
    o.t("  </table>\n</main>\n<footer class=\"report-footer\">\n");
    brand_footer(&mut o, chrome);
    o.t("  <p class=\"generator\">Generated by ");
    o.e(chrome.generator);
    o.t(".</p>\n</footer>\n</body>\n</html>");
    out.write_all(o.0.as_bytes())
}

/// A row of the index's table.
fn index_row(o: &mut Out, site: &dyn Site, a: &SiteEntry) {
    o.t("      <tr");
    if a.failed {
        o.t(" class=\"failed\"");
    }
    o.t(">\n        <th scope=\"row\"><a href=\"");
    o.e(&a.href);
    o.t("\">");
    o.e(a.name);
    o.t("</a>");
    if let Some(period) = filled(a.period) {
        o.t(" <span class=\"muted\">");
        o.e(period);
        o.t("</span>");
    }
    if let Some(pdf) = filled(a.pdf_href.as_deref()) {
        o.t(" <a class=\"pdf-link\" href=\"");
        o.e(pdf);
        o.t("\">PDF</a>");
    }
    if a.rubric != site.rubric() {
        o.t(" <span class=\"muted\">");
        o.e(a.rubric);
        o.t("</span>");
    }
    o.t("</th>\n");
    match filled(a.stage) {
        Some(stage) => {
            o.t("        <td><strong>");
            o.e(stage);
            o.t("</strong>");
            if let Some(tagline) = filled(a.tagline) {
                o.t(" <span class=\"muted\">");
                o.e(tagline);
                o.t("</span>");
            }
            o.t("</td>\n        <td>");
            o.opt(a.position);
            o.t("</td>\n        <td>");
            o.opt(a.target);
            o.t("</td>\n        <td>");
            match a.respondents {
                Some(n) => o.n(n),
                None => o.t("none"),
            }
            o.t("</td>\n        <td>");
            o.or(a.date, "–");
            o.t("</td>\n");
        }
        None => {
            o.t("        <td colspan=\"5\"><span class=\"flag\">the last build failed</span>");
            if a.failed {
                o.t(" <span class=\"muted\">any report shown is from an earlier build</span>");
            }
            o.t("</td>\n");
        }
    }
    o.t("      </tr>\n");
}

/// `head.html`.
fn head(o: &mut Out, chrome: &Chrome) {
    o.t("<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    o.e(chrome.csp);
    o.t("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"");
    o.e(chrome.generator);
    o.t("\">");
}

/// `{% if brand.footer %}<p>{{ brand.footer }}</p>{% endif %}`.
fn brand_footer(o: &mut Out, chrome: &Chrome) {
    if let Some(footer) = text(&chrome.brand.footer) {
        o.t("<p>");
        o.e(footer);
        o.t("</p>");
    }
}

/// The brand's logo: `{% if brand.logo %}<img class="brand-logo" …>{% endif %}`.
fn brand_logo(o: &mut Out, brand: &Brand) {
    if let Some(logo) = &brand.logo {
        o.t("<img class=\"brand-logo\" src=\"");
        o.t(&logo.data_uri);
        o.t("\" alt=\"");
        o.or(brand.name.as_deref(), "Consultancy");
        o.t(" logo\">");
    }
}

/// `rubric.stages[i]`, when `i` is set.
fn stage_at(rubric: &RubricView, i: Option<usize>) -> Option<&StageView> {
    i.and_then(|i| rubric.stages.get(i))
}

fn stage_name(rubric: &RubricView, i: usize) -> &str {
    rubric.stages.get(i).map_or("", |s| s.name.as_str())
}

/// `cover.html`.
fn cover(o: &mut Out, report: &ReportView, rubric: &RubricView, page: &Page) {
    let brand = page.chrome.brand;
    o.t("<header class=\"cover\">\n  <div class=\"cover-band\">\n");
    brand_logo(o, brand);
    o.t("    <p class=\"cover-kicker\">Maturity assessment</p>\n    <h1 class=\"cover-title\">");
    o.e(&rubric.title);
    o.t("</h1>\n    <p class=\"cover-org\">");
    o.e(&report.organization);
    o.t("</p>\n");
    if let Some(period) = text(&report.period) {
        o.t("<p class=\"cover-period\">");
        o.e(period);
        o.t("</p>");
    }
    if let Some(long) = text(&report.date_long) {
        o.t("<p class=\"cover-date\"><time datetime=\"");
        o.opt(report.date.as_deref());
        o.t("\">");
        o.e(long);
        o.t("</time></p>");
    }
    o.t("  </div>\n  <div class=\"cover-body\">\n");
    if let Some(logo) = page.client_logo {
        o.t("<img class=\"client-logo\" src=\"");
        o.t(&logo.data_uri);
        o.t("\" alt=\"");
        o.e(&report.organization);
        o.t(" logo\">");
    }
    let overall = stage_at(rubric, report.overall.stage);
    o.t("    <p class=\"cover-headline\">Overall stage: <strong>");
    o.e(&report.overall.stage_label);
    o.t("</strong>");
    if let Some(tagline) = overall.and_then(|s| text(&s.tagline)) {
        o.t(", ");
        o.e(tagline);
    }
    o.t("</p>\n    <h2 class=\"cover-subhead\">Respondents</h2>\n    <ul class=\"cover-respondents\">\n");
    for r in &report.respondents {
        o.t("      <li>");
        o.e(&r.name);
        if let Some(role) = text(&r.role) {
            o.t(", ");
            o.e(role);
        }
        if let Some(date) = text(&r.date) {
            o.t(" <span class=\"muted\">(");
            o.e(date);
            o.t(")</span>");
        }
        o.t("</li>\n");
    }
    o.t("    </ul>\n");
    if let Some(name) = text(&brand.name) {
        o.t("    <div class=\"cover-brand\">\n      <p>Prepared by <strong>");
        o.e(name);
        o.t("</strong></p>\n");
        contact(o, &brand.contact);
        if let Some(address) = text(&brand.contact.address) {
            o.t("<p class=\"address\">");
            o.e(address);
            o.t("</p>");
        }
        o.t("    </div>\n");
    }
    o.t("  </div>\n</header>");
}

/// The cover's contact line.
fn contact(o: &mut Out, c: &Contact) {
    let (web, email, phone) = (text(&c.web), text(&c.email), text(&c.phone));
    if web.is_none() && email.is_none() && phone.is_none() {
        return;
    }
    o.t("      <p class=\"contact\">\n");
    for part in [web, email, phone].into_iter().flatten() {
        o.t("<span>");
        o.e(part);
        o.t("</span>");
    }
    o.t("      </p>\n");
}

/// `macros.html`'s `chip`.
fn chip(o: &mut Out, status: &str, label: &str) {
    o.t("<span class=\"chip chip-");
    o.e(status);
    o.t("\">");
    o.e(label);
    o.t("</span>");
}

/// `macros.html`'s `stage_badge`.
fn stage_badge(o: &mut Out, stage: &StageView) {
    o.t("<span class=\"stage-badge stage-");
    o.n(stage.number);
    o.t("\">");
    o.e(&stage.name);
    o.t("</span>");
}

/// `macros.html`'s `responses`.
fn responses(o: &mut Out, indicator: &IndicatorView) {
    if indicator.responses.is_empty() {
        return;
    }
    o.t("<ul class=\"responses\">\n");
    for r in &indicator.responses {
        o.t("  <li><span class=\"respondent\">");
        o.e(&r.respondent);
        o.t("</span> <span class=\"answer\">");
        o.e(&r.answer);
        o.t("</span>\n");
        if let Some(note) = html(&r.note) {
            o.t("<div class=\"note\">");
            o.t(note);
            if !r.note_also.is_empty() {
                o.t("<p class=\"note-also\">The same note from ");
                o.join(&r.note_also);
                o.t(".</p>");
            }
            o.t("</div>");
        }
        if !r.evidence.is_empty() {
            o.t("<div class=\"evidence\">Evidence:\n");
            for (k, e) in r.evidence.iter().enumerate() {
                match html(&e.href) {
                    Some(href) => {
                        o.t("<a href=\"");
                        o.t(href);
                        o.t("\" rel=\"noopener noreferrer\">");
                        o.e(&e.text);
                        o.t("</a>");
                    }
                    None => {
                        o.t("<span>");
                        o.e(&e.text);
                        o.t("</span>");
                    }
                }
                if k + 1 < r.evidence.len() {
                    o.t(", ");
                }
            }
            o.t("  </div>");
        }
        o.t("  </li>\n");
    }
    o.t("</ul>\n");
}

/// `macros.html`'s `statement_list`.
fn statement_list<'a>(o: &mut Out, indicators: impl Iterator<Item = &'a IndicatorView>) {
    o.t("<ul class=\"statements\">\n");
    for i in indicators {
        o.t("  <li>");
        chip(o, status_name(i.status), i.status_label);
        o.t(" <span class=\"statement\">");
        o.t(i.statement.as_str());
        o.t("</span></li>\n");
    }
    o.t("</ul>\n");
}

/// `summary.html`.
fn summary(o: &mut Out, report: &ReportView, rubric: &RubricView) {
    let overall = stage_at(rubric, report.overall.stage);
    let progress = report.progress.is_some();
    o.t("<section id=\"summary\" class=\"summary\">\n  <h2>Executive summary</h2>\n");
    if let Some(s) = html(&report.narrative.summary) {
        o.t("<div class=\"narrative narrative-summary\">");
        o.t(s);
        o.t("</div>");
    }
    o.t("  <div class=\"headline-card\">\n    <p class=\"headline-label\">Overall stage</p>\n    <p class=\"headline-stage\">");
    o.e(&report.overall.stage_label);
    if let Some(tagline) = overall.and_then(|s| text(&s.tagline)) {
        o.t(" <span class=\"tagline\">");
        o.e(tagline);
        o.t("</span>");
    }
    o.t("</p>\n    <p class=\"headline-position\">");
    if let Some(s) = overall {
        o.t("Stage ");
        o.n(s.number);
        o.t(" of ");
        o.n(rubric.stages.len());
        o.t(": ");
    }
    o.t("position ");
    o.e(&report.overall.position);
    o.t("</p>\n");
    if let Some(d) = overall.and_then(|s| html(&s.description)) {
        o.t("<div class=\"stage-description\">");
        o.t(d);
        o.t("</div>");
    }
    o.t("  </div>\n");
    if let Some(c) = overall.and_then(|s| html(&s.challenge)) {
        o.t("  <div class=\"callout callout-challenge\">\n    <h3>The key challenge at this stage</h3>\n    ");
        o.t(c);
        o.t("\n  </div>\n");
    }
    if report.imbalance.flagged {
        o.t("  <div class=\"callout callout-imbalance\" role=\"note\">\n    <h3>Imbalance between pillars</h3>\n    <p>");
        o.opt(report.imbalance.message.as_deref());
        o.t("</p>\n  </div>\n");
    }
    o.t("  <h3>Pillars at a glance</h3>\n  <table class=\"pillar-table\">\n    <thead><tr><th scope=\"col\">Pillar</th><th scope=\"col\">Stage</th><th scope=\"col\">Position</th><th scope=\"col\">Next stage in place</th><th scope=\"col\">Target</th><th scope=\"col\">Coverage</th></tr></thead>\n    <tbody>\n");
    for p in &report.pillars {
        glance_row(o, rubric, p);
    }
    o.t("    </tbody>\n  </table>\n  <ul class=\"pillar-lines\">\n");
    for p in &report.pillars {
        o.t("    <li><strong>");
        o.e(&p.name);
        o.t(":</strong> ");
        o.e(&p.summary);
        o.t("</li>\n");
    }
    o.t("  </ul>\n");
    if let Some(f) = html(&report.narrative.findings) {
        o.t("  <div class=\"narrative narrative-findings\">\n    <h3>Key findings</h3>\n    ");
        o.t(f);
        o.t("\n  </div>\n");
    }
    if let Some(r) = html(&report.narrative.recommendations) {
        o.t("  <div class=\"narrative narrative-recommendations\">\n    <h3>Recommendations</h3>\n    ");
        o.t(r);
        o.t("\n  </div>\n");
    }
    o.t("  <div class=\"charts\">\n");
    if let Some(radar) = html(&report.charts.radar) {
        o.t("    <figure class=\"chart-figure radar-figure\">\n      ");
        o.t(radar);
        o.t("\n      <figcaption>Current stage by pillar against the target");
        if progress {
            o.t(" and the baseline");
        }
        o.t(".</figcaption>\n    </figure>\n    <table class=\"chart-data\">\n      <caption>Radar chart data (position on the ladder: the number of stages reached plus the share in place of the next; 1 = ");
        o.e(stage_name(rubric, 0));
        o.t(" reached)</caption>\n      <thead><tr><th scope=\"col\">Pillar</th><th scope=\"col\">Current</th><th scope=\"col\">Target</th>");
        if progress {
            o.t("<th scope=\"col\">Baseline</th>");
        }
        o.t("</tr></thead>\n      <tbody>\n");
        for row in &report.charts.radar_rows {
            o.t("        <tr><th scope=\"row\">");
            o.e(&row.pillar);
            o.t("</th><td>");
            o.e(&row.current);
            o.t("</td><td>");
            o.e(&row.target);
            o.t("</td>");
            if progress {
                o.t("<td>");
                o.or(row.baseline.as_deref(), "–");
                o.t("</td>");
            }
            o.t("</tr>\n");
        }
        o.t("      </tbody>\n    </table>\n");
    }
    o.t("    <figure class=\"chart-figure ladders\">\n");
    for p in &report.pillars {
        o.t("      <div class=\"ladder-row\"><p class=\"ladder-name\">");
        o.e(&p.name);
        o.t(" <span class=\"muted\">");
        o.e(&p.position);
        o.t("</span></p>");
        o.t(p.ladder.as_str());
        o.t("</div>\n");
    }
    o.t("      <figcaption>Stage ladder per pillar: the filled bar shows fractional progress, the outlined step is the target");
    if progress {
        o.t(", the line marks the baseline");
    }
    o.t(".</figcaption>\n    </figure>\n  </div>\n");
    if !report.warnings.is_empty() {
        o.t("  <div class=\"callout callout-warnings\">\n    <h3>Read with care</h3>\n    <ul>");
        for w in &report.warnings {
            o.t("<li>");
            o.e(w);
            o.t("</li>");
        }
        o.t("</ul>\n  </div>\n");
    }
    o.t("</section>");
}

/// A row of the summary's "Pillars at a glance".
fn glance_row(o: &mut Out, rubric: &RubricView, p: &PillarView) {
    o.t("      <tr>\n        <th scope=\"row\"><a href=\"#");
    o.e(&p.anchor);
    o.t("\">");
    o.e(&p.name);
    o.t("</a></th>\n        <td>");
    match stage_at(rubric, p.stage) {
        Some(stage) => stage_badge(o, stage),
        None => {
            o.t("<span class=\"flag\">");
            o.e(&p.stage_label);
            o.t("</span>");
        }
    }
    o.t("</td>\n        <td>");
    o.e(&p.position);
    o.t("</td>\n        <td>");
    match p.next {
        Some(next) => {
            o.e(stage_name(rubric, next));
            o.t(" ");
            o.e(&p.progress);
        }
        None if p.top => o.t("top stage"),
        None => o.t("–"),
    }
    o.t("</td>\n        <td>");
    o.e(stage_name(rubric, p.target));
    o.t("</td>\n        <td>");
    o.e(&p.coverage);
    if p.low_coverage {
        o.t(" <span class=\"flag\">low</span>");
    }
    o.t("</td>\n      </tr>\n");
}

/// `pillar.html`, for the `number`th pillar.
fn pillar(o: &mut Out, report: &ReportView, rubric: &RubricView, p: &PillarView, number: usize) {
    let stage = stage_at(rubric, p.stage);
    o.t("<section id=\"");
    o.e(&p.anchor);
    o.t(
        "\" class=\"pillar\">\n  <header class=\"pillar-header\">\n    <p class=\"kicker\">Pillar ",
    );
    o.n(number);
    o.t(" of ");
    o.n(report.pillars.len());
    o.t("</p>\n    <h2>");
    o.e(&p.name);
    o.t("</h2>\n    <p class=\"pillar-stage\">");
    match stage {
        Some(s) => stage_badge(o, s),
        None => {
            o.t("<span class=\"flag\">");
            o.e(&p.stage_label);
            o.t("</span>");
        }
    }
    o.t("      <span class=\"muted\">position ");
    o.e(&p.position);
    o.t(" · target ");
    o.e(stage_name(rubric, p.target));
    if p.target_source == "answers" {
        o.t(" (set by respondents)");
    }
    o.t(" · coverage ");
    o.e(&p.coverage);
    o.t("</span></p>\n    ");
    o.t(p.ladder.as_str());
    o.t("\n  </header>\n");
    if let Some(d) = rubric
        .pillars
        .get(p.pillar)
        .and_then(|i| html(&i.description))
    {
        o.t("<div class=\"pillar-description\">");
        o.t(d);
        o.t("</div>");
    }
    o.t("  <p class=\"explanation\"><strong>");
    o.e(&p.summary);
    o.t("</strong> <span class=\"muted\">How it was scored: ");
    o.e(&p.explanation);
    o.t("</span></p>\n");
    if let Some(c) = html(&p.commentary) {
        o.t("  <div class=\"narrative narrative-pillar\">\n    <h3>Assessor's commentary</h3>\n    ");
        o.t(c);
        o.t("\n  </div>\n");
    }
    if p.low_coverage {
        o.t("<p class=\"callout callout-warnings\">Only ");
        o.e(&p.coverage);
        o.t(" of this pillar's statements were answered: read its stage with care.</p>");
    }
    o.t("\n  <div class=\"stage-pair\">\n");
    stage_cards(o, report, rubric, p);
    o.t("  </div>\n\n  <h3>Indicators</h3>\n  <p class=\"counts\">\n    ");
    chip(o, "met", "Met");
    o.t(" ");
    o.n(p.counts.met);
    o.t("\n    ");
    chip(o, "partly", "Partly met");
    o.t(" ");
    o.n(p.counts.partly);
    o.t("\n    ");
    chip(o, "unmet", "Not met");
    o.t(" ");
    o.n(p.counts.unmet);
    o.t("\n");
    if p.counts.unanswered > 0 {
        chip(o, "unanswered", "Not answered");
        o.t(" ");
        o.n(p.counts.unanswered);
    }
    if p.counts.not_applicable > 0 {
        chip(o, "not-applicable", "Not applicable");
        o.t(" ");
        o.n(p.counts.not_applicable);
    }
    o.t("  </p>\n  <table class=\"indicator-table\">\n    <thead><tr><th scope=\"col\">Statement</th><th scope=\"col\">Status</th><th scope=\"col\">Combined answer</th></tr></thead>\n");
    for cell in &p.cells {
        indicator_rows(o, rubric, cell);
    }
    o.t("  </table>\n\n");
    if !p.disagreements.is_empty() {
        o.t("  <div class=\"disagreements\">\n    <h3>Where respondents disagree</h3>\n    <p>Answers two or more steps apart on the scale (or different answers on a two-level scale): worth a conversation before acting on them.</p>\n");
        for i in &p.disagreements {
            let i = i.view();
            o.t("    <div class=\"disagreement\">\n      <p class=\"statement\">");
            o.t(i.statement.as_str());
            o.t("</p>\n      ");
            responses(o, i);
            o.t("\n    </div>\n");
        }
        o.t("  </div>\n");
    }
    o.t("</section>");
}

/// The pillar's "where it is" and "what the next stage looks like" cards.
fn stage_cards(o: &mut Out, report: &ReportView, rubric: &RubricView, p: &PillarView) {
    if let Some(stage) = stage_at(rubric, p.stage) {
        o.t("    <div class=\"stage-card current\">\n      <h3>Where ");
        o.e(&report.organization);
        o.t(" is: ");
        o.e(&stage.name);
        o.t("</h3>\n");
        stage_card_body(o, stage, &p.current_indicators);
        o.t("    </div>\n");
    }
    if let Some(next) = stage_at(rubric, p.next) {
        o.t("    <div class=\"stage-card next\">\n      <h3>What ");
        o.e(&next.name);
        o.t(" looks like</h3>\n");
        stage_card_body(o, next, &p.next_indicators);
        o.t("    </div>\n");
    } else if p.top {
        o.t("    <div class=\"stage-card next\"><h3>Top of the ladder</h3><p>This pillar is at the highest stage of the model.</p></div>\n");
    }
}

fn stage_card_body(o: &mut Out, stage: &StageView, indicators: &[super::view::IndicatorValue]) {
    if let Some(d) = html(&stage.description) {
        o.t("<div class=\"stage-description\">");
        o.t(d);
        o.t("</div>");
    }
    if !indicators.is_empty() {
        statement_list(o, indicators.iter().map(|i| i.view()));
    }
}

/// One stage's rows of a pillar's indicator table.
fn indicator_rows(o: &mut Out, rubric: &RubricView, cell: &CellView) {
    if cell.indicators.is_empty() {
        return;
    }
    o.t("    <tbody>\n      <tr class=\"cell-heading\"><th scope=\"rowgroup\" colspan=\"3\">");
    o.e(stage_name(rubric, cell.stage));
    if let Some(attainment) = text(&cell.attainment) {
        o.t(" <span class=\"muted\">· ");
        o.e(attainment);
        o.t(" in place, ");
        o.e(cell.verdict);
        o.t("</span>");
    }
    o.t("</th></tr>\n");
    for i in &cell.indicators {
        let i = i.view();
        let status = status_name(i.status);
        o.t("      <tr class=\"status-");
        o.t(status);
        o.t("\">\n        <td><span class=\"statement\">");
        o.t(i.statement.as_str());
        o.t("</span>");
        responses(o, i);
        o.t("</td>\n        <td>");
        chip(o, status, i.status_label);
        if i.disagreement {
            o.t(" <span class=\"flag\">disagreement</span>");
        }
        o.t("</td>\n        <td>");
        o.or(i.level.as_deref(), "–");
        o.t("</td>\n      </tr>\n");
    }
    o.t("    </tbody>\n");
}

/// `roadmap.html`.
fn roadmap(o: &mut Out, report: &ReportView) {
    let r = &report.roadmap;
    o.t("<section id=\"roadmap\" class=\"roadmap\">\n  <h2>Roadmap</h2>\n");
    if !r.items.is_empty() {
        o.t("  <p>");
        o.n(r.items.len());
        o.t(" ");
        o.plural(r.items.len(), "action leads", "actions lead");
        o.t(" from today's stages toward the targets: quick wins first to build momentum, then the other actions step by step up the ladder, each after the actions it depends on.");
        if r.unowned > 0 {
            o.t(" <strong>");
            o.n(r.unowned);
            o.t(" ");
            o.plural(r.unowned, "action has", "actions have");
            o.t(" no owner yet.</strong>");
        }
        o.t("</p>\n");
        if let Some(matrix) = html(&report.charts.matrix) {
            o.t("  <figure class=\"chart-figure matrix-figure\">\n    ");
            o.t(matrix);
            o.t("\n    <figcaption>Impact × effort: numbers refer to the table below.</figcaption>\n  </figure>\n");
        }
        o.t("  <p class=\"phase-legend\"><strong>Now</strong>: the step to each pillar's next stage. <strong>Next</strong>: the step after. <strong>Later</strong>: further steps.");
        if report.imbalance.flagged {
            o.t(" The leading pillars' actions wait one phase, so the lagging pillars come first.");
        }
        if r.overdue > 0 {
            o.t(" <strong>");
            o.n(r.overdue);
            o.t(" ");
            o.plural(r.overdue, "action is", "actions are");
            o.t(" overdue</strong> at the assessment date.");
        }
        o.t("</p>\n  <table class=\"roadmap-table\">\n    <thead><tr><th scope=\"col\">#</th><th scope=\"col\">Action</th><th scope=\"col\">Stage step</th><th scope=\"col\">Impact</th><th scope=\"col\">Effort</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead>\n");
        for phase in &r.phases {
            o.t("    <tbody class=\"phase phase-");
            o.t(phase_name(phase.id));
            o.t("\">\n      <tr class=\"phase-heading\"><th scope=\"rowgroup\" colspan=\"8\">");
            o.e(phase.label);
            o.t("</th></tr>\n");
            for item in &phase.items {
                roadmap_row(o, item);
            }
            o.t("    </tbody>\n");
        }
        o.t("  </table>\n");
        if let Some(timeline) = html(&r.timeline) {
            o.t("  <figure class=\"chart-figure timeline-figure\">\n    ");
            o.t(timeline);
            o.t("\n    <figcaption>Timeline: each dated action from the assessment date to its due date, with its owner");
            if r.overdue > 0 {
                o.t("; overdue actions run from their due date to the assessment");
            }
            o.t(".");
            if r.undated > 0 {
                o.t(" ");
                o.n(r.undated);
                o.t(" open ");
                o.plural(r.undated, "action has", "actions have");
                o.t(" no due date yet.");
            }
            o.t("</figcaption>\n  </figure>\n");
        }
    } else if !r.below_target {
        o.t("  <p>No actions are needed to reach the targets: every pillar is at or above its target stage.</p>\n");
    }
    if !r.uncovered.is_empty() {
        o.t("  <div class=\"callout callout-warnings\">\n    <h3>Steps without actions</h3>\n    <ul>");
        for line in &r.uncovered {
            o.t("<li>");
            o.e(line);
            o.t("</li>");
        }
        o.t("</ul>\n    <p>These steps need actions of the assessor's own.</p>\n  </div>\n");
    }
    o.t("</section>");
}

/// A row of the roadmap table.
fn roadmap_row(o: &mut Out, item: &RoadmapItemView) {
    o.t("      <tr class=\"quadrant-");
    o.t(quadrant_name(item.quadrant));
    if item.unowned {
        o.t(" unowned");
    }
    if item.overdue {
        o.t(" overdue");
    }
    o.t("\">\n        <td>");
    o.n(item.number);
    o.t("</td>\n        <td><strong>");
    o.e(&item.title);
    o.t("</strong>");
    if let Some(pillar) = text(&item.pillar) {
        o.t("<br><span class=\"muted\">");
        o.e(pillar);
        o.t("</span>");
    }
    o.t("          <br><span class=\"quadrant-tag\">");
    o.e(item.quadrant_label);
    o.t("</span>");
    if !item.after.is_empty() {
        o.t(" <span class=\"muted\">after: ");
        o.join(&item.after);
        o.t("</span>");
    }
    if !item.required_by.is_empty() {
        o.t(" <span class=\"muted\">needed first for: ");
        o.join(&item.required_by);
        o.t("</span>");
    }
    o.t("</td>\n        <td>");
    step(o, &item.from, &item.to);
    o.t("</td>\n        <td>");
    o.e(item.impact);
    o.t("</td>\n        <td>");
    o.e(item.effort);
    o.t("</td>\n        <td>");
    match text(&item.owner) {
        Some(owner) => o.e(owner),
        None => o.t("<span class=\"flag\">unowned</span>"),
    }
    o.t("</td>\n        <td>");
    o.or(item.due.as_deref(), "–");
    if item.overdue {
        o.t(" <span class=\"flag\">overdue</span>");
    }
    o.t("</td>\n        <td>");
    o.e(item.status);
    o.t("</td>\n      </tr>\n");
}

/// `{% if from %}{{ from }} → {% else %}into {% endif %}{{ to }}`.
fn step(o: &mut Out, from: &Option<String>, to: &str) {
    match text(from) {
        Some(from) => {
            o.e(from);
            o.t(" → ");
        }
        None => o.t("into "),
    }
    o.e(to);
}

/// `progress.html`.
fn progress(o: &mut Out, report: &ReportView) {
    let Some(pr) = &report.progress else {
        return;
    };
    o.t("<section id=\"progress\" class=\"progress\">\n  <h2>Progress since the baseline</h2>\n  <p>Overall: ");
    o.e(&pr.overall_from);
    o.t(" → <strong>");
    o.e(&pr.overall_to);
    o.t("</strong> (");
    o.e(&pr.overall_delta);
    o.t(")");
    if let Some(date) = text(&pr.baseline_date) {
        o.t(", compared with the assessment of ");
        o.e(date);
    }
    o.t(".</p>\n  <table class=\"progress-table\">\n    <thead><tr><th scope=\"col\">Pillar</th><th scope=\"col\">Baseline</th><th scope=\"col\">Now</th><th scope=\"col\">Change</th></tr></thead>\n    <tbody>\n");
    for p in &pr.pillars {
        o.t("      <tr class=\"change-");
        o.e(p.direction);
        o.t("\"><th scope=\"row\">");
        o.e(&p.pillar);
        o.t("</th><td>");
        o.e(&p.from);
        o.t("</td><td>");
        o.e(&p.to);
        o.t("</td><td>");
        o.e(&p.delta);
        o.t("</td></tr>\n");
    }
    o.t("    </tbody>\n  </table>\n");
    if !pr.indicators.is_empty() {
        o.t("  <h3>Statements that moved</h3>\n  <table class=\"progress-table indicators\">\n    <thead><tr><th scope=\"col\">Pillar</th><th scope=\"col\">Statement</th><th scope=\"col\">Then</th><th scope=\"col\">Now</th></tr></thead>\n    <tbody>\n");
        for i in &pr.indicators {
            o.t("      <tr class=\"change-");
            o.e(i.direction);
            o.t("\"><td>");
            o.e(&i.pillar);
            o.t("</td><td>");
            o.t(i.statement.as_str());
            o.t("</td><td>");
            o.e(&i.from);
            o.t("</td><td>");
            o.e(&i.to);
            o.t("</td></tr>\n");
        }
        o.t("    </tbody>\n  </table>\n");
    }
    if !pr.not_compared.is_empty() {
        o.t("  <h3>Not compared</h3>\n  <ul class=\"not-compared\">\n");
        for n in &pr.not_compared {
            o.t("<li>");
            o.t(n.statement.as_str());
            o.t(": ");
            o.e(n.reason);
            o.t("</li>\n");
        }
        o.t("  </ul>\n");
    }
    o.t("</section>");
}

/// `trend.html`.
fn trend(o: &mut Out, report: &ReportView, rubric: &RubricView) {
    let Some(t) = &report.trend else {
        return;
    };
    o.t("<section id=\"trend\" class=\"trend\">\n  <h2>Over time</h2>\n  <p>Each pillar's position at every earlier round of this assessment and now, scored by today's rubric and rules.</p>\n");
    if let Some(chart) = html(&t.chart) {
        o.t("  <figure class=\"chart-figure trend-figure\">\n    ");
        o.t(chart);
        o.t("\n    <figcaption>Position on the ladder per round: 0 is no stage reached, ");
        o.n(rubric.stages.len());
        o.t(" the top.</figcaption>\n  </figure>\n");
    }
    o.t("  <table class=\"trend-table\">\n    <thead><tr><th scope=\"col\">Pillar</th>");
    for r in &t.rounds {
        o.t("<th scope=\"col\">");
        o.e(r);
        o.t("</th>");
    }
    o.t("</tr></thead>\n    <tbody>\n");
    for row in &t.rows {
        o.t("      <tr><th scope=\"row\">");
        o.e(&row.name);
        o.t("</th>");
        for p in &row.positions {
            o.t("<td>");
            o.e(p);
            o.t("</td>");
        }
        o.t("</tr>\n");
    }
    o.t("    </tbody>\n  </table>\n</section>");
}

/// `appendix.html`.
fn appendix(o: &mut Out, report: &ReportView, rubric: &RubricView, page: &Page) {
    o.t("<section id=\"appendix\" class=\"appendix\">\n  <h2>Appendix</h2>\n  <h3 id=\"methodology\">How this assessment was scored</h3>\n");
    for paragraph in &report.methodology {
        o.t("<p class=\"methodology\">");
        o.e(paragraph);
        o.t("</p>\n");
    }
    o.t("\n  <h3 id=\"coverage\">Coverage</h3>\n  <table class=\"coverage-table\">\n    <thead><tr><th scope=\"col\">Pillar</th><th scope=\"col\">Answered</th><th scope=\"col\">Coverage</th><th scope=\"col\">Not applicable</th></tr></thead>\n    <tbody>\n");
    for row in &report.coverage {
        o.t("      <tr><th scope=\"row\">");
        o.e(&row.pillar);
        o.t("</th><td>");
        o.n(row.answered);
        o.t(" of ");
        o.n(row.total);
        o.t("</td><td>");
        o.e(&row.coverage);
        if row.low {
            o.t(" <span class=\"flag\">low</span>");
        }
        o.t("</td><td>");
        o.e(&row.not_applicable);
        o.t("</td></tr>\n");
    }
    o.t("    </tbody>\n  </table>\n  <table class=\"coverage-table\">\n    <thead><tr><th scope=\"col\">Respondent</th><th scope=\"col\">Role</th><th scope=\"col\">Date</th><th scope=\"col\">Statements answered</th></tr></thead>\n    <tbody>\n");
    for r in &report.respondents {
        o.t("      <tr><th scope=\"row\">");
        o.e(&r.name);
        o.t("</th><td>");
        o.or(r.role.as_deref(), "–");
        o.t("</td><td>");
        o.or(r.date.as_deref(), "–");
        o.t("</td><td>");
        o.n(r.answered);
        o.t("</td></tr>\n");
    }
    o.t("    </tbody>\n  </table>\n");
    let retired: Vec<_> = report
        .respondents
        .iter()
        .filter(|r| !r.retired.is_empty())
        .collect();
    for (k, r) in retired.iter().enumerate() {
        if k == 0 {
            o.t("  <p class=\"retired\">Answers to statements the rubric has retired, kept in the answer files and not scored:</p>\n  <ul class=\"retired\">");
        }
        o.t("    <li>");
        o.e(&r.name);
        o.t(": ");
        o.join(&r.retired);
        o.t("</li>");
        if k + 1 == retired.len() {
            o.t("  </ul>");
        }
    }
    o.t("\n");
    if report.appendix == Appendix::Full {
        match page.full_rubric {
            Some(shared) => o.t(shared),
            None => full_rubric_into(o, rubric),
        }
    }
    o.t("</section>");
}

/// `full-rubric.html`: the same for every report of a rubric.
pub fn full_rubric(rubric: &RubricView) -> String {
    let mut o = Out(String::new());
    full_rubric_into(&mut o, rubric);
    o.0
}

fn full_rubric_into(o: &mut Out, rubric: &RubricView) {
    o.t("  <h3 id=\"rubric\">The full rubric: ");
    o.e(&rubric.title);
    if let Some(version) = text(&rubric.version) {
        o.t(" <span class=\"muted\">");
        o.e(version);
        o.t("</span>");
    }
    o.t("</h3>\n");
    if let Some(summary) = html(&rubric.summary) {
        o.t("<div class=\"rubric-summary\">");
        o.t(summary);
        o.t("</div>");
    }
    o.t("  <h4>Stages</h4>\n  <dl class=\"stage-list\">\n");
    for s in &rubric.stages {
        o.t("    <dt>");
        o.n(s.number);
        o.t(". ");
        o.e(&s.name);
        if let Some(tagline) = text(&s.tagline) {
            o.t(" <span class=\"muted\">(");
            o.e(tagline);
            o.t(")</span>");
        }
        o.t("</dt>\n    <dd>");
        o.t(html(&s.description).unwrap_or(""));
        if let Some(challenge) = html(&s.challenge) {
            o.t("<p><em>Key challenge:</em></p>");
            o.t(challenge);
        }
        o.t("</dd>\n");
    }
    o.t("  </dl>\n");
    for p in &rubric.pillars {
        o.t("  <div class=\"rubric-pillar\">\n    <h4>");
        o.e(&p.name);
        o.t("</h4>\n");
        if let Some(d) = html(&p.description) {
            o.t(d);
        }
        for cell in p.cells.iter().filter(|c| !c.indicators.is_empty()) {
            o.t("    <h5>");
            o.e(&cell.stage_name);
            o.t("</h5>\n    <ul class=\"rubric-statements\">\n");
            for i in &cell.indicators {
                o.t("<li>");
                o.t(i.statement.as_str());
                if let Some(g) = html(&i.guidance) {
                    o.t("<div class=\"guidance\">");
                    o.t(g);
                    o.t("</div>");
                }
                o.t("</li>\n");
            }
            o.t("    </ul>\n");
        }
        o.t("  </div>\n");
    }
    if !rubric.actions.is_empty() {
        o.t("  <h4>Advancement actions</h4>\n  <table class=\"actions-table\">\n    <thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Pillar or area</th><th scope=\"col\">Stage step</th><th scope=\"col\">Impact</th><th scope=\"col\">Effort</th></tr></thead>\n    <tbody>\n");
        for a in &rubric.actions {
            o.t("      <tr><td><strong>");
            o.e(&a.title);
            o.t("</strong>");
            if let Some(d) = html(&a.description) {
                o.t("<div class=\"action-description\">");
                o.t(d);
                o.t("</div>");
            }
            o.t("</td><td>");
            o.or(a.pillar.as_deref(), "–");
            o.t("</td><td>");
            step(o, &a.from, &a.to);
            o.t("</td><td>");
            o.e(a.impact);
            o.t("</td><td>");
            o.e(a.effort);
            o.t("</td></tr>\n");
        }
        o.t("    </tbody>\n  </table>\n");
    }
    for scale in &rubric.scales {
        o.t("  <h4>Answer scale</h4>\n  <table class=\"scale-table\">\n    <thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Label</th><th scope=\"col\">Meaning</th></tr></thead>\n    <tbody>\n");
        for l in &scale.levels {
            o.t("<tr><td>");
            o.e(&l.value);
            o.t("</td><td>");
            o.e(&l.label);
            o.t("</td><td>");
            o.t(html(&l.description).unwrap_or(""));
            o.t("</td></tr>\n");
        }
        o.t("    </tbody>\n  </table>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CSS words are the names the interpreted templates print: the
    /// values' serialised names.
    #[test]
    fn class_words_are_the_serialised_names() {
        let json = |v: String| v.trim_matches('"').to_string();
        for s in [
            IndicatorStatus::Met,
            IndicatorStatus::Partly,
            IndicatorStatus::Unmet,
            IndicatorStatus::Unanswered,
            IndicatorStatus::NotApplicable,
        ] {
            assert_eq!(status_name(s), json(serde_json::to_string(&s).unwrap()));
        }
        for q in [
            Quadrant::QuickWin,
            Quadrant::MajorProject,
            Quadrant::FillIn,
            Quadrant::ThanklessTask,
        ] {
            assert_eq!(quadrant_name(q), json(serde_json::to_string(&q).unwrap()));
        }
        for p in [Phase::Now, Phase::Next, Phase::Later] {
            assert_eq!(phase_name(p), json(serde_json::to_string(&p).unwrap()));
        }
    }

    #[test]
    fn escaping_is_the_engines() {
        let mut o = Out(String::new());
        o.e("a<b>&\"c'/d é");
        assert_eq!(o.0, "a&lt;b&gt;&amp;&quot;c&#x27;&#x2f;d é");
    }
}
