//! The `[answers]` and `[actions]` tables of one answer file. Keys are full
//! ids (`"operations.spreadsheet-inventory"`), but TOML's dotted keys and
//! sub-tables (`[answers.operations]`) are accepted too: a table that holds
//! none of an entry's fields is read as a group whose keys continue the id.

use std::collections::BTreeMap;
use std::ops::Range;

use super::respondent::{Checker, Located, PlanEntry, quoted};
use super::tree::{Entry, Kind, Node};
use crate::assessment::{ActionStatus, Answer, AnswerValue, Respondent};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::{closest, did_you_mean};
use crate::model::{Fate, Indicator, NotApplicablePolicy, Scale};

pub(crate) const ANSWER_FIELDS: &[&str] = &["level", "note", "evidence"];
pub(crate) const PLAN_FIELDS: &[&str] = &["owner", "due", "status"];
pub(crate) const STATUSES: &[(&str, ActionStatus)] = &[
    ("planned", ActionStatus::Planned),
    ("in-progress", ActionStatus::InProgress),
    ("done", ActionStatus::Done),
    ("dropped", ActionStatus::Dropped),
];
/// The answer meaning "does not apply here".
pub(crate) const NOT_APPLICABLE: &str = "n/a";
/// Groups nest at most this deep (`[answers.a.b.c]`), which covers every
/// id the rubric language allows.
const MAX_GROUP_DEPTH: usize = 4;

/// A table that holds none of `fields`: a group of entries whose keys
/// continue `id`. An empty table is a group only if ids continue `id`
/// (`[answers.operations]` with nothing answered yet).
fn is_group<'a>(
    node: &Node,
    fields: &[&str],
    id: &str,
    mut ids: impl Iterator<Item = &'a str>,
) -> bool {
    match &node.kind {
        Kind::Table(entries) if entries.is_empty() => {
            let prefix = format!("{id}.");
            ids.any(|c| c.starts_with(&prefix))
        }
        Kind::Table(entries) => entries.iter().all(|e| !fields.contains(&e.key.as_str())),
        _ => false,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

impl Checker<'_> {
    /// Reads answers under `node` into `out`; `seen` remembers where each
    /// id was answered to catch the same indicator written two ways. Ids of
    /// earlier versions are read through the rubric's evolution: a renamed
    /// id's answer counts for its new id, a retired id's is kept apart.
    pub fn answers(
        &mut self,
        node: &Node,
        prefix: &str,
        depth: usize,
        out: &mut Respondent,
        seen: &mut BTreeMap<String, Range<usize>>,
    ) {
        let Some(entries) = self.group_entries(node, "answers") else {
            return;
        };
        for e in entries {
            let id = join(prefix, &e.key);
            match self.rubric.fate(&id) {
                Fate::Current(indicator) => {
                    if self.seen_twice(&id, e, seen) {
                        continue;
                    }
                    if let Some(answer) = self.answer(indicator, e) {
                        out.answers.insert(id, answer);
                    }
                }
                Fate::Renamed { indicator, rename } => {
                    if self.seen_twice(&indicator.id, e, seen) {
                        continue;
                    }
                    self.diags
                        .push(super::evolve::renamed(self.span(&e.key_span), &id, rename));
                    if let Some(answer) = self.answer(indicator, e) {
                        out.answers.insert(indicator.id.clone(), answer);
                        out.migrated.push((id, indicator.id.clone()));
                    }
                }
                Fate::Retired { retired, via } => {
                    if self.seen_twice(&id, e, seen) {
                        continue;
                    }
                    let span = self.span(&e.key_span);
                    self.diags
                        .push(super::evolve::retired(span, &id, retired, via));
                    out.retired.push(id);
                }
                Fate::Unknown => {
                    let known = self.rubric.indicator_ids().chain(self.rubric.evolved_ids());
                    if depth < MAX_GROUP_DEPTH && is_group(&e.value, ANSWER_FIELDS, &id, known) {
                        self.answers(&e.value, &id, depth + 1, out, seen);
                    } else {
                        let ids: Vec<&str> = self.rubric.indicator_ids().collect();
                        self.unknown_id(e, &id, "indicator", &ids);
                    }
                }
            }
        }
    }

    /// Reads action plans under `node` into `out`, like [`Self::answers`].
    pub fn actions(
        &mut self,
        node: &Node,
        prefix: &str,
        depth: usize,
        out: &mut BTreeMap<String, PlanEntry>,
        seen: &mut BTreeMap<String, Range<usize>>,
    ) {
        let Some(entries) = self.group_entries(node, "actions") else {
            return;
        };
        for e in entries {
            let id = join(prefix, &e.key);
            if self.rubric.action(&id).is_some() {
                if self.seen_twice(&id, e, seen) {
                    continue;
                }
                if let Some(plan) = self.plan(e) {
                    out.insert(id, plan);
                }
            } else if depth < MAX_GROUP_DEPTH
                && is_group(
                    &e.value,
                    PLAN_FIELDS,
                    &id,
                    self.rubric.actions.iter().map(|a| a.id.as_str()),
                )
            {
                self.actions(&e.value, &id, depth + 1, out, seen);
            } else {
                let ids: Vec<&str> = self.rubric.actions.iter().map(|a| a.id.as_str()).collect();
                self.unknown_id(e, &id, "action", &ids);
            }
        }
    }

    fn group_entries<'n>(&mut self, node: &'n Node, field: &str) -> Option<&'n [Entry]> {
        match &node.kind {
            Kind::Table(entries) => Some(entries),
            Kind::Null => None,
            other => {
                let (expected, found) = (self.format.table_word(), other.describe(self.format));
                self.type_error(node, field, expected, found);
                None
            }
        }
    }

    fn seen_twice(
        &mut self,
        id: &str,
        e: &Entry,
        seen: &mut BTreeMap<String, Range<usize>>,
    ) -> bool {
        if let Some(first) = seen.get(id) {
            self.diags.push(
                Diagnostic::error("E0204", format!("`{id}` is given twice"))
                    .with_primary(self.span(&e.key_span), "given again here")
                    .with_secondary(self.span(first), "first given here")
                    .with_help("keep one of them"),
            );
            return true;
        }
        seen.insert(id.to_string(), e.key_span.clone());
        false
    }

    fn unknown_id(&mut self, e: &Entry, id: &str, what: &str, ids: &[&str]) {
        let known_prefix = id
            .split_once('.')
            .filter(|(p, _)| ids.iter().any(|c| c.starts_with(&format!("{p}."))));
        let help = match (suggest_id(id, ids), known_prefix) {
            (Some(c), _) => format!("did you mean `{c}`?"),
            (None, Some((prefix, rest))) => {
                format!("`{prefix}` has no {what} `{rest}`; `rubricate init` writes out every id")
            }
            (None, None) => {
                format!("{what} ids are `pillar.name`; `rubricate init` writes out every id")
            }
        };
        let code = if what == "action" { "E0214" } else { "E0209" };
        self.diags.push(
            Diagnostic::error(code, format!("unknown {what} `{id}`"))
                .with_primary(self.span(&e.key_span), format!("no {what} with this id"))
                .with_help(help),
        );
    }

    /// One answer: a level value, a label, "n/a", or a table with `level`,
    /// `note` and `evidence`. `None` when unanswered or invalid.
    fn answer(&mut self, indicator: &Indicator, e: &Entry) -> Option<Answer> {
        let scale = self.rubric.scale_of(indicator);
        let (level, mut note, mut evidence) = (None, None, Vec::new());
        let level = match &e.value.kind {
            Kind::Null => return None,
            Kind::Table(fields) => {
                let mut level = level;
                for f in fields {
                    match f.key.as_str() {
                        "level" => level = Some(&f.value),
                        "note" => {
                            note = self
                                .string(f)
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                        }
                        "evidence" => evidence = self.evidence(&f.value),
                        _ => self.unknown_key(f, ANSWER_FIELDS, Some("answer")),
                    }
                }
                let Some(level) = level else {
                    self.diags.push(
                        Diagnostic::error(
                            "E0208",
                            format!("the answer to `{}` has no `level`", indicator.id),
                        )
                        .with_primary(self.span(&e.key_span), "no level given")
                        .with_help(format!(
                            "add `{}`: {}",
                            self.format.entry("level", "…"),
                            self.levels_help(scale)
                        )),
                    );
                    return None;
                };
                level
            }
            _ => &e.value,
        };
        let value = self.level(indicator, scale, level)?;
        if value == AnswerValue::NotApplicable {
            let span = self.span(&level.span);
            match self.rubric.scoring.not_applicable {
                NotApplicablePolicy::Allowed => {}
                NotApplicablePolicy::Forbidden => {
                    self.diags.push(
                        Diagnostic::error("E0212", "this rubric does not allow \"n/a\" answers")
                            .with_primary(span, "not applicable is not an option here")
                            .with_help(format!(
                                "rate the indicator on its scale instead: {}",
                                self.levels_help(scale)
                            )),
                    );
                    return None;
                }
                NotApplicablePolicy::Justified if note.is_none() => {
                    self.diags.push(
                        Diagnostic::error("E0213", "\"n/a\" needs a note saying why")
                            .with_primary(span, "not applicable, but no reason given")
                            .with_help(format!(
                                "write `{}`",
                                self.format.entry(
                                    &indicator.id,
                                    &self.format.inline(&[
                                        ("level", "\"n/a\""),
                                        ("note", "\"why it does not apply\"")
                                    ])
                                )
                            )),
                    );
                    return None;
                }
                NotApplicablePolicy::Justified => {}
            }
        }
        Some(Answer {
            value,
            note,
            evidence,
        })
    }

    /// A level: a value on the scale, a label (any case), or "n/a".
    fn level(&mut self, indicator: &Indicator, scale: &Scale, node: &Node) -> Option<AnswerValue> {
        let span = self.span(&node.span);
        let number = match &node.kind {
            Kind::Int(n) => *n as f64,
            Kind::Float(f) => *f,
            Kind::Str(s) if s.trim().eq_ignore_ascii_case(NOT_APPLICABLE) => {
                return Some(AnswerValue::NotApplicable);
            }
            Kind::Str(s) => {
                if let Some(level) = scale.level_by_label(s) {
                    return Some(AnswerValue::Level(level.value));
                }
                match s.trim().parse::<f64>() {
                    Ok(n) => n,
                    Err(_) => {
                        let labels = scale.levels.iter().map(|l| l.label.as_str());
                        let help = if means_not_applicable(s) {
                            format!("write \"{NOT_APPLICABLE}\"")
                        } else {
                            did_you_mean(s, labels.chain([NOT_APPLICABLE]))
                                .unwrap_or_else(|| self.levels_help(scale))
                        };
                        self.diags.push(
                            Diagnostic::error(
                                "E0211",
                                format!("`{}` is not a level of scale `{}`", s.trim(), scale.id),
                            )
                            .with_primary(span, "no level with this label")
                            .with_help(help),
                        );
                        return None;
                    }
                }
            }
            other => {
                let found = other.describe(self.format);
                self.type_error(
                    node,
                    &indicator.id,
                    "a level: a number, a label or \"n/a\"",
                    found,
                );
                return None;
            }
        };
        if scale.level(number).is_some() {
            return Some(AnswerValue::Level(number));
        }
        self.diags.push(
            Diagnostic::error(
                "E0210",
                format!("{number} is not a level of scale `{}`", scale.id),
            )
            .with_primary(
                span,
                format!("`{}` is answered on `{}`", indicator.id, scale.id),
            )
            .with_help(self.levels_help(scale)),
        );
        None
    }

    /// `evidence = "…"` or `evidence = ["…", …]`; empty strings dropped.
    fn evidence(&mut self, node: &Node) -> Vec<String> {
        let items: Vec<&Node> = match &node.kind {
            Kind::Array(items) => items.iter().collect(),
            Kind::Null => return Vec::new(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            match &item.kind {
                Kind::Str(s) if s.trim().is_empty() => {}
                Kind::Str(s) => out.push(s.trim().to_string()),
                other => {
                    let found = other.describe(self.format);
                    self.type_error(item, "evidence", "a string (a link or a reference)", found);
                }
            }
        }
        out
    }

    /// One action plan: a table of `owner`, `due`, `status`, or just a
    /// status string.
    fn plan(&mut self, e: &Entry) -> Option<PlanEntry> {
        let mut plan = PlanEntry::default();
        match &e.value.kind {
            Kind::Null => return None,
            Kind::Str(_) => plan.status = self.status(&e.value),
            Kind::Table(fields) => {
                for f in fields {
                    match f.key.as_str() {
                        "owner" => {
                            plan.owner = self
                                .string(f)
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(|s| Located {
                                    value: s.to_string(),
                                    span: self.span(&f.value.span),
                                })
                        }
                        "due" => plan.due = self.date(&f.value, "due"),
                        "status" => plan.status = self.status(&f.value),
                        _ => self.unknown_key(f, PLAN_FIELDS, Some("action")),
                    }
                }
            }
            other => {
                let found = other.describe(self.format);
                let expected = format!(
                    "{} with `owner`, `due` and `status`",
                    self.format.table_word()
                );
                self.type_error(&e.value, &e.key, &expected, found);
                return None;
            }
        }
        Some(plan)
    }

    fn status(&mut self, node: &Node) -> Option<Located<ActionStatus>> {
        let text = match &node.kind {
            Kind::Str(s) => s.trim(),
            Kind::Null => return None,
            other => {
                let found = other.describe(self.format);
                self.type_error(node, "status", "a string", found);
                return None;
            }
        };
        if text.is_empty() {
            return None;
        }
        let normalised = text.to_lowercase().replace([' ', '_'], "-");
        if let Some((_, status)) = STATUSES.iter().find(|(name, _)| *name == normalised) {
            return Some(Located {
                value: *status,
                span: self.span(&node.span),
            });
        }
        let names: Vec<&str> = STATUSES.iter().map(|(n, _)| *n).collect();
        let help = did_you_mean(text, names.iter().copied())
            .unwrap_or_else(|| format!("statuses: {}", quoted(&names)));
        self.diags.push(
            Diagnostic::error("E0215", format!("unknown status `{text}`"))
                .with_primary(self.span(&node.span), "not a status")
                .with_help(help),
        );
        None
    }
}

/// The closest id to `id`. A bare local id (`packing-space`) most likely
/// lacks its pillar; otherwise only the part after a shared pillar prefix
/// is compared, so `data.` alone does not make every data id look close.
fn suggest_id<'a>(id: &str, ids: &[&'a str]) -> Option<&'a str> {
    let suffix = format!(".{id}");
    if let Some(c) = ids.iter().find(|c| c.ends_with(&suffix)) {
        return Some(c);
    }
    if let Some((prefix, rest)) = id.split_once('.') {
        let same: Vec<(&'a str, &'a str)> = ids
            .iter()
            .filter_map(|c| {
                c.split_once('.')
                    .filter(|(p, _)| *p == prefix)
                    .map(|(_, l)| (*c, l))
            })
            .collect();
        if !same.is_empty() {
            let local = closest(rest, same.iter().map(|(_, l)| *l))?;
            return same.iter().find(|(_, l)| *l == local).map(|(c, _)| *c);
        }
    }
    closest(id, ids.iter().copied())
}

/// "n.a.", "N/A ", "not applicable": the user means "n/a".
fn means_not_applicable(text: &str) -> bool {
    let letters: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(letters.as_str(), "na" | "notapplicable" | "none")
}

impl Checker<'_> {
    /// "levels of `agreement`: 0 \"Not in place\", …, or \"n/a\"".
    fn levels_help(&self, scale: &Scale) -> String {
        let levels: Vec<String> = scale
            .levels
            .iter()
            .map(|l| format!("{} \"{}\"", l.value, l.label))
            .collect();
        let na = match self.rubric.scoring.not_applicable {
            NotApplicablePolicy::Forbidden => "",
            NotApplicablePolicy::Allowed | NotApplicablePolicy::Justified => ", or \"n/a\"",
        };
        format!(
            "levels of `{}`: {} (the number or the label){na}",
            scale.id,
            levels.join(", ")
        )
    }
}
