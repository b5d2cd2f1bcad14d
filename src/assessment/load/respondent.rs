//! Checks one parsed answer file against the rubric: the header tables
//! (`rubric`, `[organization]`, `[respondent]` with its targets) here, the
//! `[answers]` and `[actions]` tables in `answers`. Every problem becomes a
//! diagnostic on the key or value at fault; checking goes on after one so a
//! user sees all problems of a file at once.

use std::collections::BTreeMap;
use std::ops::Range;

use super::tree::{Entry, Format, Kind, Node};
use super::values;
use crate::assessment::{ActionStatus, Respondent};
use crate::diagnostics::suggest::{closest, did_you_mean};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::source::{FileId, Span};

/// A value and where it was written, for diagnostics raised after merging.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// One respondent's roadmap entry for an action, before merging.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PlanEntry {
    pub owner: Option<Located<String>>,
    pub due: Option<Located<String>>,
    pub status: Option<Located<ActionStatus>>,
}

/// Everything read from one answer file.
#[derive(Debug, Clone, Default)]
pub(super) struct RespondentFile {
    pub respondent: Respondent,
    /// Where the respondent's name was written.
    pub name_span: Option<Span>,
    pub organization: Option<Located<String>>,
    /// Pillar id → target stage index, after applying the default.
    pub targets: BTreeMap<String, Located<usize>>,
    pub plans: BTreeMap<String, PlanEntry>,
    /// The version requirement, when it names an older major version.
    pub written_for: Option<Located<String>>,
    /// The file answers another rubric: nothing else in it was checked.
    pub other_rubric: bool,
}

pub(crate) const TOP_KEYS: &[&str] =
    &["rubric", "organization", "respondent", "answers", "actions"];
pub(crate) const ORGANIZATION_KEYS: &[&str] = &["name"];
pub(crate) const RESPONDENT_KEYS: &[&str] = &["name", "role", "date", "target"];
/// The key of `[respondent.target]` that applies to every other pillar.
pub(crate) const DEFAULT_TARGET: &str = "default";

/// Checks one file. `file_name` is the path as given; `root` the parsed tree.
pub(super) fn check(
    rubric: &Rubric,
    file: FileId,
    format: Format,
    file_name: &str,
    root: &Node,
    diags: &mut Diagnostics,
) -> RespondentFile {
    let mut checker = Checker {
        rubric,
        file,
        format,
        diags,
    };
    let mut out = RespondentFile {
        respondent: Respondent {
            file: file_name.to_string(),
            ..Respondent::default()
        },
        ..RespondentFile::default()
    };
    checker.file(root, &mut out);
    out
}

/// The state shared by all checks of one file.
pub(super) struct Checker<'a> {
    pub rubric: &'a Rubric,
    pub file: FileId,
    pub format: Format,
    pub diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    pub fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.file, range.clone())
    }

    /// "an `[organization]` table" or "an `"organization"` object"
    /// (`article` fits `name`).
    fn table_named(&self, article: &str, name: &str) -> String {
        match self.format {
            Format::Toml => format!("{article} `[{name}]` table"),
            Format::Json => format!("{article} `\"{name}\"` object"),
        }
    }

    fn file(&mut self, root: &Node, out: &mut RespondentFile) {
        let Kind::Table(entries) = &root.kind else {
            self.diags.push(
                Diagnostic::error(
                    "E0206",
                    format!(
                        "an answer file is {}, found {}",
                        self.format.table_word(),
                        root.kind.describe(self.format)
                    ),
                )
                .with_primary(self.span(&root.span), "expected `{ \"rubric\": …, … }`"),
            );
            return;
        };
        if entries.is_empty() {
            self.diags.push(
                Diagnostic::error("E0208", "the answer file is empty")
                    .with_primary(Span::new(self.file, 0..0), "nothing to read")
                    .with_help("`rubricate init` writes a template to start from"),
            );
            return;
        }
        let rubric = entries.iter().find(|e| e.key == "rubric");
        if let Some(e) = rubric {
            match self.rubric_ref(e) {
                Ok(written_for) => out.written_for = written_for,
                Err(()) => {
                    // Answers for another rubric (or an incompatible
                    // version): every id in them would be "unknown". The
                    // one error says why.
                    out.other_rubric = true;
                    return;
                }
            }
        }
        let saw_rubric = rubric.is_some();
        let (mut saw_org, mut saw_respondent) = (false, false);
        for e in entries {
            match e.key.as_str() {
                "rubric" => {}
                "organization" => {
                    saw_org = true;
                    out.organization = self.organization(e);
                }
                "respondent" => {
                    saw_respondent = true;
                    self.respondent(e, out);
                }
                "answers" => {
                    let mut seen = BTreeMap::new();
                    self.answers(&e.value, "", 0, &mut out.respondent, &mut seen);
                }
                "actions" => {
                    let mut seen = BTreeMap::new();
                    self.actions(&e.value, "", 0, &mut out.plans, &mut seen);
                }
                _ => self.unknown_key(e, TOP_KEYS, None),
            }
        }
        if let Some(older) = &out.written_for {
            let d = super::evolve::older_version(older, &out.respondent, self.rubric);
            self.diags.push(d);
            out.respondent.written_for = Some(older.value.clone());
        }
        let start = Span::new(self.file, 0..0);
        if !saw_rubric {
            self.diags.push(
                Diagnostic::error("E0208", "missing `rubric`")
                    .with_primary(start, "this file does not say which rubric it answers")
                    .with_help(format!(
                        "add `{}` at the top of the file",
                        self.format
                            .entry("rubric", &format!("\"{}\"", self.rubric.id))
                    )),
            );
        }
        if !saw_org {
            self.diags.push(
                Diagnostic::error("E0208", "missing `[organization]`")
                    .with_primary(start, "this file does not name the organisation assessed")
                    .with_help(format!(
                        "add {} with `{}`",
                        self.table_named("an", "organization"),
                        self.format.entry("name", "\"…\"")
                    )),
            );
        }
        if !saw_respondent {
            self.diags.push(
                Diagnostic::error("E0208", "missing `[respondent]`")
                    .with_primary(start, "this file does not say who answered")
                    .with_help(format!(
                        "add {} with `{}`",
                        self.table_named("a", "respondent"),
                        self.format.entry("name", "\"…\"")
                    )),
            );
        }
    }

    /// `rubric = "ID"` or `"ID@VERSION"`. `Ok` with the requirement when it
    /// names an older major version (which the rubric's evolution reads);
    /// `Err` when the file answers another rubric or a version it cannot be
    /// read against (the error is pushed).
    fn rubric_ref(&mut self, e: &Entry) -> Result<Option<Located<String>>, ()> {
        let Some(text) = self.string(e) else {
            return Ok(None);
        };
        let span = self.span(&e.value.span);
        let (id, requirement) = values::split_rubric_ref(text);
        if id != self.rubric.id {
            let help = did_you_mean(id, [self.rubric.id.as_str()]).unwrap_or_else(|| {
                format!(
                    "these answers cannot be scored with `{}` ({}); pass the rubric they were written for",
                    self.rubric.id, self.rubric.title
                )
            });
            self.diags.push(
                Diagnostic::error(
                    "E0207",
                    format!(
                        "these answers are for rubric `{id}`, not `{}`",
                        self.rubric.id
                    ),
                )
                .with_primary(span, "answers for another rubric")
                .with_note("the rest of the file is not checked: its ids belong to that rubric")
                .with_help(help),
            );
            return Err(());
        }
        let Some(req) = requirement else {
            return Ok(None);
        };
        if values::older_major(req, self.rubric.version.as_deref()) {
            return Ok(Some(Located {
                value: req.to_string(),
                span,
            }));
        }
        if let Err(reason) = values::version_matches(req, self.rubric.version.as_deref()) {
            self.diags.push(
                Diagnostic::error(
                    "E0207",
                    format!("these answers need `{id}` version {req}"),
                )
                .with_primary(span, reason)
                .with_note(
                    "a newer version may add or rename indicators that these answers expect",
                )
                .with_help("check the answers against the current rubric, then update the version after `@`"),
            );
            return Err(());
        }
        Ok(None)
    }

    fn organization(&mut self, e: &Entry) -> Option<Located<String>> {
        let entries = self.table(e)?;
        let mut name = None;
        for f in entries {
            match f.key.as_str() {
                "name" => name = self.nonempty_string(f),
                _ => self.unknown_key(f, ORGANIZATION_KEYS, Some("organization")),
            }
        }
        if name.is_none() && !entries.iter().any(|f| f.key == "name") {
            self.missing_name(e, "organization", "the organisation assessed");
        }
        name
    }

    fn respondent(&mut self, e: &Entry, out: &mut RespondentFile) {
        let Some(entries) = self.table(e) else { return };
        let mut target = None;
        for f in entries {
            match f.key.as_str() {
                "name" => {
                    if let Some(name) = self.nonempty_string(f) {
                        out.name_span = Some(name.span);
                        out.respondent.name = name.value;
                    }
                }
                "role" => {
                    out.respondent.role = self
                        .string(f)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                }
                "date" => out.respondent.date = self.date(&f.value, "date").map(|d| d.value),
                "target" => target = Some(f),
                _ => self.unknown_key(f, RESPONDENT_KEYS, Some("respondent")),
            }
        }
        if !entries.iter().any(|f| f.key == "name") {
            self.missing_name(e, "respondent", "who answered");
        }
        if let Some(f) = target {
            out.targets = self.targets(f);
        }
    }

    fn missing_name(&mut self, e: &Entry, table: &str, what: &str) {
        self.diags.push(
            Diagnostic::error("E0208", format!("missing `name` in `{table}`"))
                .with_primary(self.span(&e.key_span), format!("needs the name of {what}"))
                .with_help(format!(
                    "add `{}` to `{}`",
                    self.format.entry("name", "\"…\""),
                    self.format.table_ref(table)
                )),
        );
    }

    /// `target = "stage"` or `target = { pillar = "stage", default = … }`,
    /// resolved per pillar: a pillar's own entry beats the default.
    fn targets(&mut self, e: &Entry) -> BTreeMap<String, Located<usize>> {
        let mut default = None;
        let mut explicit: BTreeMap<String, Located<usize>> = BTreeMap::new();
        match &e.value.kind {
            Kind::Str(_) => default = self.stage(&e.value),
            Kind::Null => {}
            Kind::Table(entries) => {
                for f in entries {
                    if f.key == DEFAULT_TARGET {
                        default = self.stage(&f.value);
                    } else if self.rubric.pillar(&f.key).is_some() {
                        if let Some(stage) = self.stage(&f.value) {
                            explicit.insert(f.key.clone(), stage);
                        }
                    } else {
                        let pillars = self.rubric.pillars.iter().map(|p| p.id.as_str());
                        let help = did_you_mean(&f.key, pillars.chain([DEFAULT_TARGET]))
                            .unwrap_or_else(|| {
                                format!("pillars: {}; or `default`", self.pillar_list())
                            });
                        self.diags.push(
                            Diagnostic::error("E0218", format!("unknown pillar `{}`", f.key))
                                .with_primary(self.span(&f.key_span), "no pillar with this id")
                                .with_help(help),
                        );
                    }
                }
            }
            other => {
                let found = other.describe(self.format);
                self.type_error(
                    &e.value,
                    "target",
                    "a stage id or a table of stage ids by pillar",
                    found,
                );
            }
        }
        let mut targets = BTreeMap::new();
        for pillar in &self.rubric.pillars {
            if let Some(t) = explicit.remove(&pillar.id).or_else(|| default.clone()) {
                targets.insert(pillar.id.clone(), t);
            }
        }
        targets
    }

    fn pillar_list(&self) -> String {
        let ids: Vec<String> = self
            .rubric
            .pillars
            .iter()
            .map(|p| format!("`{}`", p.id))
            .collect();
        ids.join(", ")
    }

    /// A stage id (or, forgivingly, a stage name in any case).
    /// An empty string counts as not given, like other optional fields.
    fn stage(&mut self, node: &Node) -> Option<Located<usize>> {
        let text = match &node.kind {
            Kind::Str(s) if s.trim().is_empty() => return None,
            Kind::Str(s) => s.trim(),
            Kind::Null => return None,
            other => {
                let found = other.describe(self.format);
                self.type_error(node, "target", "a stage id", found);
                return None;
            }
        };
        let stages = &self.rubric.stages;
        let found = stages.iter().find(|s| s.id == text).or_else(|| {
            stages
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(text) || s.name.eq_ignore_ascii_case(text))
        });
        match found {
            Some(stage) => Some(Located {
                value: stage.index,
                span: self.span(&node.span),
            }),
            None => {
                let ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
                let help = did_you_mean(text, ids.iter().copied())
                    .unwrap_or_else(|| format!("stages: {}", quoted(&ids)));
                self.diags.push(
                    Diagnostic::error("E0217", format!("unknown stage `{text}`"))
                        .with_primary(self.span(&node.span), "no stage with this id")
                        .with_help(help),
                );
                None
            }
        }
    }

    /// An optional date: a TOML date or a `YYYY-MM-DD` string. Empty
    /// strings count as not given (the `init` template writes them).
    pub fn date(&mut self, node: &Node, field: &str) -> Option<Located<String>> {
        let span = self.span(&node.span);
        let (label, help) = match &node.kind {
            Kind::Date(d) => {
                return Some(Located {
                    value: d.clone(),
                    span,
                });
            }
            Kind::Null | Kind::Invalid => return None,
            Kind::Str(s) if s.trim().is_empty() => return None,
            Kind::Str(s) => match values::iso_date(s) {
                Ok(d) => return Some(Located { value: d, span }),
                Err(reason) => (
                    reason,
                    "write dates as YYYY-MM-DD, for example 2026-11-02".to_string(),
                ),
            },
            Kind::DateTime(raw) => (
                "a date and time".to_string(),
                format!(
                    "write the date alone: `{}`",
                    raw.get(..10).unwrap_or("2026-11-02")
                ),
            ),
            other => {
                let found = other.describe(self.format);
                self.type_error(node, field, "a date (YYYY-MM-DD)", found);
                return None;
            }
        };
        self.diags.push(
            Diagnostic::error("E0216", format!("invalid date in `{field}`"))
                .with_primary(span, label)
                .with_help(help),
        );
        None
    }

    /// The entries of a table value, or a type error.
    pub fn table<'n>(&mut self, e: &'n Entry) -> Option<&'n [Entry]> {
        match &e.value.kind {
            Kind::Table(entries) => Some(entries),
            Kind::Null => None,
            other => {
                let found = other.describe(self.format);
                let expected = self.format.table_word();
                self.type_error(&e.value, &e.key, expected, found);
                None
            }
        }
    }

    /// A string value, `None` (and a diagnostic unless null) otherwise.
    pub fn string<'n>(&mut self, e: &'n Entry) -> Option<&'n str> {
        match &e.value.kind {
            Kind::Str(s) => Some(s),
            Kind::Null => None,
            other => {
                let found = other.describe(self.format);
                self.type_error(&e.value, &e.key, "a string", found);
                None
            }
        }
    }

    /// A string that must have content: empty means missing.
    fn nonempty_string(&mut self, e: &Entry) -> Option<Located<String>> {
        let text = self.string(e)?.trim().to_string();
        if text.is_empty() {
            self.diags.push(
                Diagnostic::error("E0208", format!("`{}` is empty", e.key))
                    .with_primary(self.span(&e.value.span), "write a name here"),
            );
            return None;
        }
        Some(Located {
            value: text,
            span: self.span(&e.value.span),
        })
    }

    pub fn type_error(&mut self, node: &Node, field: &str, expected: &str, found: &str) {
        self.diags.push(
            Diagnostic::error(
                "E0206",
                format!("`{field}` must be {expected}, found {found}"),
            )
            .with_primary(self.span(&node.span), format!("expected {expected}")),
        );
    }

    /// An unexpected key: suggest the likely one, or the place the key
    /// belongs when it is an indicator or action id.
    pub fn unknown_key(&mut self, e: &Entry, allowed: &[&str], table: Option<&str>) {
        let help = if table.is_none() && e.key == "version" {
            Some(format!(
                "to require a version of the rubric, write `{}`",
                self.format
                    .entry("rubric", &format!("\"{}@1\"", self.rubric.id))
            ))
        } else if self.rubric.indicator(&e.key).is_some() {
            Some(format!(
                "answers go under `{}`",
                self.format.table("answers")
            ))
        } else if self.rubric.action(&e.key).is_some() {
            Some(format!(
                "action plans go under `{}`",
                self.format.table("actions")
            ))
        } else {
            closest(&e.key, allowed.iter().copied())
                .map(|c| format!("did you mean `{c}`?"))
                .or_else(|| Some(format!("expected one of {}", quoted(allowed))))
        };
        let message = match table {
            Some(t) => format!("unknown key `{}` in `{t}`", e.key),
            None => format!("unknown key `{}`", e.key),
        };
        self.diags.push(
            Diagnostic::error("E0205", message)
                .with_primary(self.span(&e.key_span), "not expected here")
                .with_help_opt(help),
        );
    }
}

/// `a`, `b` and `c` → "`a`, `b`, `c`".
pub(super) fn quoted(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    items.join(", ")
}
