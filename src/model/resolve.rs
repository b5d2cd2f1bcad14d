//! AST → validated [`Rubric`]. All checks run and report together; the model
//! is only returned when the rubric is usable. Each check is a small
//! function so the list of rules reads like the language reference.

use std::collections::{BTreeMap, BTreeSet};

use super::load::ParsedFile;
use super::poison::Poison;
use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::source::Span;
use crate::syntax::ast::{self, PoisonKind, Spanned};

/// Resolves the parsed files of one rubric (root first).
/// Declarations are taken in their order across files (see
/// [`ParsedFile::order`]), which ranks the stages.
pub(crate) fn resolve(files: &[ParsedFile], diags: &mut Diagnostics) -> Option<Rubric> {
    let mut r = Resolver::default();
    let mut items: Vec<(usize, &ParsedFile, &ast::Item)> = files
        .iter()
        .flat_map(|f| f.order.iter().zip(&f.items).map(move |(o, i)| (*o, f, i)))
        .collect();
    items.sort_by_key(|(order, _, _)| *order);
    for (_, f, item) in items {
        r.collect(item, f.is_root, f.file, diags);
    }
    r.finish(files, diags)
}

#[derive(Default)]
struct Resolver<'a> {
    header: Option<&'a ast::RubricDecl>,
    scales: Vec<&'a ast::ScaleDecl>,
    stages: Vec<&'a ast::StageDecl>,
    pillars: Vec<&'a ast::PillarDecl>,
    advances: Vec<&'a ast::AdvanceDecl>,
    scoring: Option<&'a ast::ScoringDecl>,
    evolutions: Vec<&'a ast::EvolutionDecl>,
}

impl<'a> Resolver<'a> {
    fn collect(
        &mut self,
        item: &'a ast::Item,
        is_root: bool,
        _file: usize,
        diags: &mut Diagnostics,
    ) {
        match item {
            ast::Item::Include(_) => {}
            ast::Item::Rubric(h) if is_root => {
                if let Some(first) = self.header {
                    diags.push(
                        Diagnostic::error("E0101", "a rubric has one `rubric` header")
                            .with_primary(h.id.span, "second header")
                            .with_secondary(first.id.span, "first header"),
                    );
                } else {
                    self.header = Some(h);
                }
            }
            // An included library file may carry its own header so that it
            // can be checked alone; it is ignored when included.
            ast::Item::Rubric(_) => {}
            ast::Item::Scale(s) => self.scales.push(s),
            ast::Item::Stage(s) => self.stages.push(s),
            ast::Item::Pillar(p) => self.pillars.push(p),
            ast::Item::Advance(a) => self.advances.push(a),
            ast::Item::Evolution(e) => self.evolutions.push(e),
            ast::Item::Scoring(s) => {
                if let Some(first) = self.scoring {
                    diags.push(
                        Diagnostic::error("E0101", "a rubric has one `scoring` block")
                            .with_primary(s.span, "second `scoring` block")
                            .with_secondary(first.span, "first one"),
                    );
                } else {
                    self.scoring = Some(s);
                }
            }
        }
    }

    fn finish(self, files: &[ParsedFile], diags: &mut Diagnostics) -> Option<Rubric> {
        let root = files.first().map(|f| f.file).unwrap_or(0);
        let mut poison = Poison::of(files);
        let header = self.header_or_error(root, &poison, diags);
        let (scales, default_scale) = resolve_scales(&self.scales, diags);
        let stages = resolve_stages(&self.stages, root, &poison, diags);
        let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
        let pillars = resolve_pillars(
            &self.pillars,
            &stage_ids,
            &scales,
            &default_scale,
            root,
            &mut poison,
            diags,
        );
        let indicator_index = index_indicators(&pillars);
        let actions = resolve_actions(
            &self.advances,
            &stages,
            &pillars,
            &indicator_index,
            &poison,
            diags,
        );
        warn_transitions_without_actions(&self.stages, &actions, &poison, diags);
        let (renamed, retired) =
            super::evolution::resolve(&self.evolutions, &indicator_index, diags);
        let scoring = self
            .scoring
            .map(|s| resolve_scoring(s, diags))
            .unwrap_or_default();
        let header = header?;
        if diags.has_errors() {
            return None;
        }
        Some(Rubric {
            id: header.id.value.clone(),
            title: header
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_else(|| header.id.value.clone()),
            version: header.version.as_ref().map(|v| v.value.clone()),
            summary: header.summary.as_ref().map(|v| v.value.clone()),
            stages,
            pillars,
            actions,
            scales,
            default_scale,
            scoring,
            renamed,
            retired,
            indicator_index,
        })
    }

    fn header_or_error(
        &self,
        root: usize,
        poison: &Poison,
        diags: &mut Diagnostics,
    ) -> Option<&'a ast::RubricDecl> {
        if self.header.is_none() && poison.any(PoisonKind::Rubric) {
            // The header could not be read: its error says so.
        } else if self.header.is_none() && self.stages.is_empty() && self.pillars.is_empty() {
            diags.push(
                Diagnostic::error("E0006", "this file declares nothing")
                    .with_primary(Span::new(root, 0..0), "expected a rubric here")
                    .with_help("a rubric needs a `rubric ID { … }` header, stages and pillars; see grammar/README.md"),
            );
        } else if self.header.is_none() {
            diags.push(
                Diagnostic::error("E0115", "this file declares no rubric")
                    .with_primary(Span::new(root, 0..0), "expected `rubric ID { … }`")
                    .with_help(
                        "start the file with `rubric my-model { title \"My maturity model\" }`",
                    ),
            );
        }
        self.header
    }
}

/// Reports a second declaration of the same id.
fn check_unique<'s>(
    seen: &mut BTreeMap<&'s str, Span>,
    id: &'s Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) -> bool {
    if let Some(first) = seen.get(id.value.as_str()) {
        diags.push(
            Diagnostic::error("E0101", format!("duplicate {what} id `{}`", id.value))
                .with_primary(id.span, "declared again here")
                .with_secondary(*first, "first declared here")
                .with_help(format!("every {what} needs its own id")),
        );
        false
    } else {
        seen.insert(&id.value, id.span);
        true
    }
}

fn check_weight(weight: Option<&Spanned<f64>>, diags: &mut Diagnostics) -> f64 {
    match weight {
        None => 1.0,
        Some(w) if w.value > 0.0 && w.value.is_finite() => w.value,
        Some(w) => {
            diags.push(
                Diagnostic::error(
                    "E0110",
                    format!("weight must be greater than 0, found {}", w.value),
                )
                .with_primary(w.span, "not a positive weight")
                .with_help("use a positive number; leave the weight out to mean 1"),
            );
            1.0
        }
    }
}

/// The scale used when a rubric declares none.
fn implicit_scale() -> Scale {
    let levels = [
        (0.0, "Not in place"),
        (1.0, "Partly in place"),
        (2.0, "Largely in place"),
        (3.0, "Fully in place"),
    ];
    Scale {
        id: "default".into(),
        levels: levels
            .iter()
            .map(|(v, l)| Level {
                value: *v,
                label: (*l).into(),
                description: None,
            })
            .collect(),
        met: 2.0,
        default: true,
    }
}

fn resolve_scales(decls: &[&ast::ScaleDecl], diags: &mut Diagnostics) -> (Vec<Scale>, String) {
    if decls.is_empty() {
        return (vec![implicit_scale()], "default".into());
    }
    let mut seen = BTreeMap::new();
    let mut scales = Vec::new();
    for decl in decls {
        check_unique(&mut seen, &decl.id, "scale", diags);
        scales.push(resolve_scale(decl, diags));
    }
    let defaults: Vec<&&ast::ScaleDecl> = decls.iter().filter(|d| d.is_default).collect();
    if defaults.len() > 1 {
        diags.push(
            Diagnostic::error("E0120", "more than one scale is marked `default`")
                .with_primary(defaults[1].id.span, "second default")
                .with_secondary(defaults[0].id.span, "first default"),
        );
    }
    let default = defaults.first().unwrap_or(&&decls[0]).id.value.clone();
    for s in &mut scales {
        s.default = s.id == default;
    }
    (scales, default)
}

fn resolve_scale(decl: &ast::ScaleDecl, diags: &mut Diagnostics) -> Scale {
    if decl.levels.len() < 2 {
        diags.push(
            Diagnostic::error(
                "E0111",
                format!("scale `{}` needs at least two levels", decl.id.value),
            )
            .with_primary(decl.id.span, "too few levels")
            .with_help("list levels one per line, lowest first: `0 \"Not in place\"`"),
        );
    }
    let mut labels: BTreeMap<String, Span> = BTreeMap::new();
    for pair in decl.levels.windows(2) {
        if pair[1].value.value <= pair[0].value.value {
            diags.push(
                Diagnostic::error("E0111", "scale levels must be listed in increasing order")
                    .with_primary(
                        pair[1].value.span,
                        format!(
                            "{} is not above {}",
                            pair[1].value.value, pair[0].value.value
                        ),
                    )
                    .with_secondary(pair[0].value.span, "previous level")
                    .with_help("list levels from lowest to highest, each value once"),
            );
        }
    }
    for level in &decl.levels {
        let key = level.label.value.to_lowercase();
        if let Some(first) = labels.get(&key) {
            diags.push(
                Diagnostic::error(
                    "E0101",
                    format!("duplicate level label \"{}\"", level.label.value),
                )
                .with_primary(level.label.span, "used again here")
                .with_secondary(*first, "first used here")
                .with_help("answer files may name levels by label, so labels must differ"),
            );
        } else {
            labels.insert(key, level.label.span);
        }
    }
    let levels: Vec<Level> = decl
        .levels
        .iter()
        .map(|l| Level {
            value: l.value.value,
            label: l.label.value.clone(),
            description: l.help.clone(),
        })
        .collect();
    let (min, max) = (
        levels.iter().map(|l| l.value).fold(f64::INFINITY, f64::min),
        levels
            .iter()
            .map(|l| l.value)
            .fold(f64::NEG_INFINITY, f64::max),
    );
    let met = match &decl.met {
        Some(m) if !levels.is_empty() && (m.value < min || m.value > max) => {
            diags.push(
                Diagnostic::error(
                    "E0114",
                    format!(
                        "the met level {} is outside the scale ({min} to {max})",
                        m.value
                    ),
                )
                .with_primary(m.span, "outside the scale")
                .with_help(format!("choose a level between {min} and {max}")),
            );
            m.value
        }
        Some(m) => m.value,
        None => {
            diags.push(
                Diagnostic::error(
                    "E0114",
                    format!(
                        "scale `{}` does not say when an indicator is met",
                        decl.id.value
                    ),
                )
                .with_primary(decl.id.span, "no `met at` line")
                .with_help("add `met at N` with the lowest level value that counts as met"),
            );
            max
        }
    };
    Scale {
        id: decl.id.value.clone(),
        levels,
        met,
        default: decl.is_default,
    }
}

fn resolve_stages(
    decls: &[&ast::StageDecl],
    root: usize,
    poison: &Poison,
    diags: &mut Diagnostics,
) -> Vec<Stage> {
    if decls.is_empty()
        && !poison.any(PoisonKind::Stage)
        && !diags.iter().any(|d| d.code == "E0006")
    {
        diags.push(
            Diagnostic::error("E0119", "the rubric declares no stages")
                .with_primary(Span::new(root, 0..0), "expected `stage ID \"Name\" { … }`")
                .with_help("declare the stages in order, lowest first"),
        );
    }
    let mut seen = BTreeMap::new();
    let mut stages = Vec::new();
    for decl in decls {
        if check_unique(&mut seen, &decl.id, "stage", diags) {
            stages.push(Stage {
                id: decl.id.value.clone(),
                index: stages.len(),
                name: decl.name.value.clone(),
                tagline: decl.tagline.as_ref().map(|t| t.value.clone()),
                description: decl.description.as_ref().map(|t| t.value.clone()),
                challenge: decl.challenge.as_ref().map(|t| t.value.clone()),
            });
        }
    }
    stages
}

fn unknown_ref(kind: &str, id: &Spanned<String>, known: &[&str]) -> Diagnostic {
    let code = match kind {
        "stage" => "E0102",
        "pillar" => "E0103",
        "scale" => "E0104",
        "indicator" => "E0105",
        _ => "E0106",
    };
    let help = suggest::did_you_mean(&id.value, known.iter().copied()).unwrap_or_else(|| {
        if known.is_empty() {
            format!("declare the {kind} first")
        } else {
            let shown: Vec<String> = known.iter().take(8).map(|k| format!("`{k}`")).collect();
            format!(
                "known {kind}s: {}{}",
                shown.join(", "),
                if known.len() > 8 { ", …" } else { "" }
            )
        }
    });
    Diagnostic::error(code, format!("unknown {kind} `{}`", id.value))
        .with_primary(id.span, format!("no {kind} with this id"))
        .with_help(help)
}

fn resolve_pillars(
    decls: &[&ast::PillarDecl],
    stage_ids: &[&str],
    scales: &[Scale],
    default_scale: &str,
    root: usize,
    poison: &mut Poison,
    diags: &mut Diagnostics,
) -> Vec<Pillar> {
    if decls.is_empty()
        && !poison.any(PoisonKind::Pillar)
        && !diags.iter().any(|d| d.code == "E0006")
    {
        diags.push(
            Diagnostic::error("E0119", "the rubric declares no pillars")
                .with_primary(Span::new(root, 0..0), "expected `pillar ID \"Name\" { … }`"),
        );
    }
    let scale_ids: Vec<&str> = scales.iter().map(|s| s.id.as_str()).collect();
    let mut seen = BTreeMap::new();
    let mut pillars = Vec::new();
    for decl in decls {
        if !check_unique(&mut seen, &decl.id, "pillar", diags) {
            continue;
        }
        let weight = check_weight(decl.weight.as_ref(), diags);
        let mut local_seen = BTreeMap::new();
        let mut indicators = Vec::new();
        for group in &decl.groups {
            let Some(stage_index) = stage_ids.iter().position(|s| *s == group.stage.value) else {
                if !poison.covers(PoisonKind::Stage, &group.stage.value) {
                    diags.push(unknown_ref("stage", &group.stage, stage_ids));
                }
                poison_group(poison, &decl.id.value, group);
                continue;
            };
            for ind in &group.indicators {
                if !check_unique(&mut local_seen, &ind.id, "indicator", diags) {
                    continue;
                }
                let scale = match &ind.scale {
                    Some(s) if !scale_ids.contains(&s.value.as_str()) => {
                        if !poison.covers(PoisonKind::Scale, &s.value) {
                            diags.push(unknown_ref("scale", s, &scale_ids));
                        }
                        default_scale.to_string()
                    }
                    Some(s) => s.value.clone(),
                    None => default_scale.to_string(),
                };
                indicators.push(Indicator {
                    id: format!("{}.{}", decl.id.value, ind.id.value),
                    pillar: decl.id.value.clone(),
                    stage: group.stage.value.clone(),
                    stage_index,
                    statement: ind.statement.value.clone(),
                    guidance: ind.guidance.as_ref().map(|g| g.value.clone()),
                    weight: check_weight(ind.weight.as_ref(), diags),
                    scale,
                });
            }
        }
        // Stable order: by stage, then as written.
        indicators.sort_by_key(|i| i.stage_index);
        if !poison.covers(PoisonKind::PillarPart, &decl.id.value) {
            warn_empty_stages(decl, stage_ids, &indicators, diags);
        }
        pillars.push(Pillar {
            id: decl.id.value.clone(),
            name: decl.name.value.clone(),
            weight,
            description: decl.description.as_ref().map(|d| d.value.clone()),
            indicators,
        });
    }
    pillars
}

/// The indicators of an `at` block whose stage is unknown are dropped; the
/// unknown stage is the one error, so references to them stay silent.
fn poison_group(poison: &mut Poison, pillar: &str, group: &ast::AtStage) {
    poison.add(PoisonKind::PillarPart, pillar);
    for ind in &group.indicators {
        poison.add(PoisonKind::Indicator, &format!("{pillar}.{}", ind.id.value));
    }
}

/// A pillar with nothing to assess at some stage cannot be placed there by
/// evidence; scoring treats the stage as met, which a rubric author should
/// know about.
fn warn_empty_stages(
    decl: &ast::PillarDecl,
    stage_ids: &[&str],
    indicators: &[Indicator],
    diags: &mut Diagnostics,
) {
    let missing: Vec<&str> = stage_ids
        .iter()
        .enumerate()
        .filter(|(i, _)| !indicators.iter().any(|ind| ind.stage_index == *i))
        .map(|(_, s)| *s)
        .collect();
    if missing.is_empty() {
        return;
    }
    let list: Vec<String> = missing.iter().map(|s| format!("`{s}`")).collect();
    diags.push(
        Diagnostic::warning(
            "W0102",
            format!(
                "pillar `{}` has no indicators at {}",
                decl.id.value,
                list.join(", ")
            ),
        )
        .with_primary(decl.id.span, "nothing to assess at these stages")
        .with_note("scoring lets the pillar pass this stage unexamined, but never places it there")
        .with_help(format!(
            "add `at {} {{ indicator … }}` to the pillar",
            missing[0]
        )),
    );
}

fn index_indicators(pillars: &[Pillar]) -> BTreeMap<String, (usize, usize)> {
    let mut index = BTreeMap::new();
    for (p, pillar) in pillars.iter().enumerate() {
        for (i, ind) in pillar.indicators.iter().enumerate() {
            index.insert(ind.id.clone(), (p, i));
        }
    }
    index
}

fn resolve_actions(
    advances: &[&ast::AdvanceDecl],
    stages: &[Stage],
    pillars: &[Pillar],
    indicators: &BTreeMap<String, (usize, usize)>,
    poison: &Poison,
    diags: &mut Diagnostics,
) -> Vec<Action> {
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    let pillar_ids: Vec<&str> = pillars.iter().map(|p| p.id.as_str()).collect();
    let indicator_ids: Vec<&str> = indicators.keys().map(String::as_str).collect();
    let mut seen = BTreeMap::new();
    let mut actions = Vec::new();
    let mut decls: Vec<&ast::ActionDecl> = Vec::new();
    for adv in advances {
        let from = match &adv.from {
            None => Some(None),
            Some(f) => match stage_ids.iter().position(|s| *s == f.value) {
                Some(i) => Some(Some(i)),
                None => {
                    if !poison.covers(PoisonKind::Stage, &f.value) {
                        diags.push(unknown_ref("stage", f, &stage_ids));
                    }
                    None
                }
            },
        };
        let to = stage_ids.iter().position(|s| *s == adv.to.value);
        if to.is_none() && !poison.covers(PoisonKind::Stage, &adv.to.value) {
            diags.push(unknown_ref("stage", &adv.to, &stage_ids));
        }
        if let (Some(f), Some(t)) = (from, to) {
            check_transition(adv, f, t, &stage_ids, diags);
        }
        for decl in &adv.actions {
            if !check_unique(&mut seen, &decl.id, "action", diags) {
                continue;
            }
            let (pillar, area) = action_owner(decl, &pillar_ids, poison, diags);
            let impact = rating(decl.impact.as_ref(), "impact", decl, diags);
            let effort = rating(decl.effort.as_ref(), "effort", decl, diags);
            for s in &decl.serves {
                if !indicators.contains_key(&s.value)
                    && !poison.covers(PoisonKind::Indicator, &s.value)
                {
                    diags.push(unknown_ref("indicator", s, &indicator_ids));
                }
            }
            actions.push(Action {
                id: decl.id.value.clone(),
                title: decl.title.value.clone(),
                from: adv.from.as_ref().map(|f| f.value.clone()),
                to: adv.to.value.clone(),
                pillar,
                area,
                impact,
                effort,
                description: decl.description.as_ref().map(|d| d.value.clone()),
                serves: decl.serves.iter().map(|s| s.value.clone()).collect(),
                after: decl.after.iter().map(|s| s.value.clone()).collect(),
                to_index: to.unwrap_or(0),
            });
            decls.push(decl);
        }
    }
    check_dependencies(&actions, &decls, poison, diags);
    actions
}

/// A transition must climb exactly one stage; `advance -> X` (no FROM)
/// may only enter the first stage.
fn check_transition(
    adv: &ast::AdvanceDecl,
    from: Option<usize>,
    to: usize,
    stages: &[&str],
    diags: &mut Diagnostics,
) {
    let Some(from_decl) = &adv.from else {
        if to != 0 {
            let first = stages.first().copied().unwrap_or("FIRST");
            diags.push(
                Diagnostic::error(
                    "E0108",
                    "only the first stage can be entered without a starting stage",
                )
                .with_primary(adv.to.span, "not the first stage")
                .with_help(match to.checked_sub(1).and_then(|i| stages.get(i)) {
                    Some(prev) => format!(
                        "write `advance {prev} -> {}`, or `advance -> {first}` for actions that lead into the first stage",
                        adv.to.value
                    ),
                    None => format!("write `advance -> {first}`"),
                }),
            );
        }
        return;
    };
    let from = from.unwrap_or(0);
    if to == from + 1 {
        return;
    }
    let span = Span::new(from_decl.span.file, from_decl.span.start..adv.to.span.end);
    if to < from {
        diags.push(goes_down(
            span,
            &from_decl.value,
            &adv.to.value,
            from,
            to,
            stages,
        ));
        return;
    }
    let next = stages.get(from + 1);
    let (message, label) = if to == from {
        (
            "actions must lead to a higher stage",
            "this transition goes nowhere",
        )
    } else {
        (
            "actions must lead to the next stage, not skip stages",
            "this transition skips stages",
        )
    };
    let d = Diagnostic::error("E0108", message).with_primary(span, label);
    diags.push(match next {
        Some(n) => d.with_help(format!("write `advance {} -> {n}`", from_decl.value)),
        None => d.with_help(format!(
            "`{}` is the top stage: nothing advances from it",
            from_decl.value
        )),
    });
}

/// An `advance` against the stage order. Either the advance or the order
/// is wrong: stages may have been declared in another order than meant
/// (across files, an include counts where its line stands), so the help
/// offers both fixes instead of steering towards a backwards advance.
fn goes_down(
    span: Span,
    from: &str,
    to: &str,
    from_index: usize,
    to_index: usize,
    stages: &[&str],
) -> Diagnostic {
    let mut ladder: Vec<String> = stages.iter().take(12).map(|s| format!("`{s}`")).collect();
    if stages.len() > 12 {
        ladder.push("…".to_string());
    }
    let reversed = if to_index + 1 == from_index {
        format!("; or, if the advance is the wrong way round, write `advance {to} -> {from}`")
    } else {
        String::new()
    };
    Diagnostic::error(
        "E0108",
        format!("`advance {from} -> {to}` goes down the ladder: `{to}` is declared before `{from}`"),
    )
    .with_primary(span, "this transition goes backwards")
    .with_note(format!(
        "stages rank in the order they are declared, lowest first, an included file's stages where its `include` line stands: {}",
        ladder.join(" < ")
    ))
    .with_help(format!(
        "if `{from}` is the lower stage, declare it before `{to}`{reversed}"
    ))
}

fn action_owner(
    decl: &ast::ActionDecl,
    pillar_ids: &[&str],
    poison: &Poison,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<String>) {
    match (&decl.pillar, &decl.cross_cutting) {
        (Some(p), Some(c)) => {
            diags.push(
                Diagnostic::error("E0121", format!("action `{}` is both tied to a pillar and cross-cutting", decl.id.value))
                    .with_primary(c.span, "cross-cutting here")
                    .with_secondary(p.span, "pillar here")
                    .with_help("keep `pillar ID` for one pillar's action, or `cross-cutting \"Area\"` for one that spans pillars"),
            );
            (Some(p.value.clone()), None)
        }
        (Some(p), None) => {
            if !pillar_ids.contains(&p.value.as_str())
                && !poison.covers(PoisonKind::Pillar, &p.value)
            {
                diags.push(unknown_ref("pillar", p, pillar_ids));
            }
            (Some(p.value.clone()), None)
        }
        (None, Some(c)) => (None, Some(c.value.clone())),
        (None, None) => {
            diags.push(
                Diagnostic::error(
                    "E0116",
                    format!("action `{}` names no pillar", decl.id.value),
                )
                .with_primary(decl.id.span, "missing `pillar` or `cross-cutting`")
                .with_help(
                    "add `pillar ID`, or `cross-cutting \"Area\"` for an action that spans pillars",
                ),
            );
            (None, Some(String::new()))
        }
    }
}

fn rating(
    value: Option<&Spanned<String>>,
    what: &str,
    decl: &ast::ActionDecl,
    diags: &mut Diagnostics,
) -> Rating {
    match value {
        None => {
            diags.push(
                Diagnostic::error("E0116", format!("action `{}` has no {what}", decl.id.value))
                    .with_primary(decl.id.span, format!("missing `{what}`"))
                    .with_help(format!(
                        "add `{what} low`, `{what} medium` or `{what} high`"
                    )),
            );
            Rating::Medium
        }
        Some(v) => Rating::parse(&v.value).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error("E0117", format!("`{}` is not an {what} rating", v.value))
                    .with_primary(v.span, "expected `low`, `medium` or `high`")
                    .with_help_opt(suggest::did_you_mean(&v.value, ["low", "medium", "high"])),
            );
            Rating::Medium
        }),
    }
}

/// Unknown `after` targets and dependency cycles.
fn check_dependencies(
    actions: &[Action],
    decls: &[&ast::ActionDecl],
    poison: &Poison,
    diags: &mut Diagnostics,
) {
    let ids: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
    for decl in decls {
        for dep in &decl.after {
            if !ids.contains(&dep.value.as_str()) {
                if !poison.covers(PoisonKind::Action, &dep.value) {
                    diags.push(unknown_ref("action", dep, &ids));
                }
            } else if dep.value == decl.id.value {
                diags.push(
                    Diagnostic::error(
                        "E0109",
                        format!("action `{}` depends on itself", decl.id.value),
                    )
                    .with_primary(dep.span, "self-dependency"),
                );
            }
        }
    }
    // Depth-first search for cycles; each cycle reported once, at the
    // `after` that closes it, in declaration order.
    let mut state = vec![0u8; actions.len()]; // 0 new, 1 on stack, 2 done
    let mut reported = BTreeSet::new();
    for start in 0..actions.len() {
        let mut path = Vec::new();
        visit(
            start,
            actions,
            decls,
            &ids,
            &mut state,
            &mut path,
            &mut reported,
            diags,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn visit(
    node: usize,
    actions: &[Action],
    decls: &[&ast::ActionDecl],
    ids: &[&str],
    state: &mut [u8],
    path: &mut Vec<usize>,
    reported: &mut BTreeSet<Vec<usize>>,
    diags: &mut Diagnostics,
) {
    if state[node] == 2 {
        return;
    }
    state[node] = 1;
    path.push(node);
    for dep in &decls[node].after {
        let Some(next) = ids.iter().position(|i| *i == dep.value) else {
            continue;
        };
        if next == node {
            continue;
        }
        if state[next] == 1 {
            let at = path.iter().position(|p| *p == next).unwrap_or(0);
            let mut cycle: Vec<usize> = path[at..].to_vec();
            let mut key = cycle.clone();
            key.sort_unstable();
            if reported.insert(key) {
                cycle.push(next);
                let names: Vec<&str> = cycle.iter().map(|i| actions[*i].id.as_str()).collect();
                diags.push(
                    Diagnostic::error("E0109", "actions depend on each other in a cycle")
                        .with_primary(dep.span, "this dependency closes the cycle")
                        .with_note(format!("cycle: {}", names.join(" -> ")))
                        .with_help("remove one `after` so the actions can be ordered"),
                );
            }
        } else {
            visit(next, actions, decls, ids, state, path, reported, diags);
        }
    }
    path.pop();
    state[node] = 2;
}

fn warn_transitions_without_actions(
    decls: &[&ast::StageDecl],
    actions: &[Action],
    poison: &Poison,
    diags: &mut Diagnostics,
) {
    // An unreadable `advance` or stage, or an `advance` against the ladder
    // (E0108): the gap is most likely theirs, and already reported.
    if poison.any(PoisonKind::Advance)
        || poison.any(PoisonKind::Stage)
        || diags.iter().any(|d| d.code == "E0108")
    {
        return;
    }
    let mut stages: Vec<&ast::StageDecl> = Vec::new();
    for decl in decls {
        if !stages.iter().any(|s| s.id.value == decl.id.value) {
            stages.push(decl);
        }
    }
    for pair in stages.windows(2) {
        let (from, to) = (&pair[0].id.value, &pair[1].id.value);
        if !actions
            .iter()
            .any(|a| a.from.as_deref() == Some(from.as_str()) && a.to == *to)
        {
            diags.push(
                Diagnostic::warning(
                    "W0101",
                    format!("no advancement actions lead from `{from}` to `{to}`"),
                )
                .with_primary(
                    pair[0].id.span,
                    "no actions lead from this stage to the next",
                )
                .with_note("a client at this stage will get an empty roadmap")
                .with_help(format!("add `advance {from} -> {to} {{ action … }}`")),
            );
        }
    }
}

const SETTINGS: &[(&str, &[&str])] = &[
    ("pillar-stage", &["gated", "average"]),
    ("stage-threshold", &[]),
    ("overall", &["min", "weighted-mean", "median"]),
    ("respondents", &["mean", "median", "min"]),
    ("unanswered", &["skip", "zero"]),
    ("not-applicable", &["forbidden", "allowed", "justified"]),
    ("min-coverage", &[]),
];

fn resolve_scoring(decl: &ast::ScoringDecl, diags: &mut Diagnostics) -> ScoringPolicy {
    let mut policy = ScoringPolicy::default();
    let mut seen = BTreeMap::new();
    for (key, value) in &decl.settings {
        let Some((_, allowed)) = SETTINGS.iter().find(|(k, _)| *k == key.value) else {
            let names: Vec<&str> = SETTINGS.iter().map(|(k, _)| *k).collect();
            diags.push(
                Diagnostic::error("E0118", format!("unknown scoring setting `{}`", key.value))
                    .with_primary(key.span, "unknown setting")
                    .with_help(
                        suggest::did_you_mean(&key.value, names.iter().copied())
                            .unwrap_or_else(|| format!("settings: {}", names.join(", "))),
                    ),
            );
            continue;
        };
        if !check_unique(&mut seen, key, "scoring setting", diags) {
            continue;
        }
        if allowed.is_empty() {
            match value.value.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => {
                    if key.value == "stage-threshold" {
                        policy.stage_threshold = v;
                    } else {
                        policy.min_coverage = v;
                    }
                }
                _ => diags.push(
                    Diagnostic::error(
                        "E0117",
                        format!("`{}` must be a share between 0 and 1", key.value),
                    )
                    .with_primary(value.span, "expected a number such as 0.75"),
                ),
            }
            continue;
        }
        if !allowed.contains(&value.value.as_str()) {
            let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            diags.push(
                Diagnostic::error(
                    "E0117",
                    format!("`{}` is not a value of `{}`", value.value, key.value),
                )
                .with_primary(value.span, format!("expected {}", list.join(", ")))
                .with_help_opt(suggest::did_you_mean(&value.value, allowed.iter().copied())),
            );
            continue;
        }
        apply_setting(&mut policy, &key.value, &value.value);
    }
    policy
}

fn apply_setting(policy: &mut ScoringPolicy, key: &str, value: &str) {
    match (key, value) {
        ("pillar-stage", "gated") => policy.pillar_stage = PillarStageRule::Gated,
        ("pillar-stage", _) => policy.pillar_stage = PillarStageRule::Average,
        ("overall", "min") => policy.overall = OverallRule::Min,
        ("overall", "weighted-mean") => policy.overall = OverallRule::WeightedMean,
        ("overall", _) => policy.overall = OverallRule::Median,
        ("respondents", "mean") => policy.respondents = CombineRule::Mean,
        ("respondents", "median") => policy.respondents = CombineRule::Median,
        ("respondents", _) => policy.respondents = CombineRule::Min,
        ("unanswered", "skip") => policy.unanswered = UnansweredRule::Skip,
        ("unanswered", _) => policy.unanswered = UnansweredRule::Zero,
        ("not-applicable", "forbidden") => policy.not_applicable = NotApplicablePolicy::Forbidden,
        ("not-applicable", "allowed") => policy.not_applicable = NotApplicablePolicy::Allowed,
        ("not-applicable", _) => policy.not_applicable = NotApplicablePolicy::Justified,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{CombineRule, OverallRule, PillarStageRule, Rubric, compile_text};
    use crate::source::SourceMap;

    const BASE: &str = r#"
rubric t {
  title "T"
}
stage one "One" {
}
stage two "Two" {
}
pillar p "P" {
  at two {
    indicator later "Later"
  }
  at one {
    indicator first "First" { weight 3 }
  }
}
advance one -> two {
  action p.go "Go" {
    pillar p
    impact high
    effort low
    serves p.later
  }
}
"#;

    fn compile(extra: &str) -> (Option<Rubric>, Vec<String>) {
        let mut sources = SourceMap::new();
        let out = compile_text("t.rubric", &format!("{BASE}{extra}"), &mut sources);
        let codes = out.diagnostics.iter().map(|d| d.code.to_string()).collect();
        (out.rubric, codes)
    }

    #[test]
    fn stages_are_ordered_and_indicators_sorted_by_stage() {
        let (rubric, codes) = compile("");
        let r = rubric.expect("compiles");
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(r.stages.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1]);
        let ids: Vec<&str> = r.pillars[0]
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, ["p.first", "p.later"]);
        assert_eq!(r.indicator("p.first").map(|i| i.weight), Some(3.0));
        assert_eq!(r.indicator("p.later").map(|i| i.stage_index), Some(1));
        assert_eq!(r.actions[0].to_index, 1);
    }

    #[test]
    fn a_rubric_without_scales_gets_the_implicit_one() {
        let (rubric, _) = compile("");
        let r = rubric.unwrap();
        assert_eq!(r.default_scale, "default");
        assert_eq!(r.scales[0].levels.len(), 4);
        assert_eq!(r.scales[0].met, 2.0);
        assert_eq!(r.scale_of(r.indicator("p.first").unwrap()).id, "default");
    }

    #[test]
    fn the_scale_marked_default_wins_over_the_first() {
        let (rubric, codes) = compile(
            "scale a {\n  0 \"No\"\n  1 \"Yes\"\n  met at 1\n}\nscale b default {\n  0 \"No\"\n  4 \"Yes\"\n  met at 4\n}\n",
        );
        let r = rubric.unwrap_or_else(|| panic!("{codes:?}"));
        assert_eq!(r.default_scale, "b");
        assert!(r.scale("b").unwrap().default && !r.scale("a").unwrap().default);
        assert_eq!(r.scale("b").unwrap().normalise(2.0), 0.5);
    }

    #[test]
    fn scoring_settings_are_applied_and_defaults_kept() {
        let (rubric, _) =
            compile("scoring {\n  pillar-stage average\n  overall median\n  respondents min\n}\n");
        let s = rubric.unwrap().scoring;
        assert_eq!(s.pillar_stage, PillarStageRule::Average);
        assert_eq!(s.overall, OverallRule::Median);
        assert_eq!(s.respondents, CombineRule::Min);
        assert_eq!(s.stage_threshold, 0.75, "default kept");
    }

    #[test]
    fn a_self_dependency_and_a_two_cycle_are_each_reported_once() {
        let extra = r#"
advance one -> two {
  action p.a "A" {
    pillar p
    impact low
    effort low
    after p.a, p.b
  }
  action p.b "B" {
    pillar p
    impact low
    effort low
    after p.a
  }
}
"#;
        let (rubric, codes) = compile(extra);
        assert!(rubric.is_none());
        assert_eq!(
            codes.iter().filter(|c| *c == "E0109").count(),
            2,
            "{codes:?}"
        );
    }

    #[test]
    fn duplicate_action_ids_across_transitions_are_reported() {
        let extra = "advance one -> two {\n  action p.go \"Again\" {\n    pillar p\n    impact low\n    effort low\n  }\n}\n";
        let (rubric, codes) = compile(extra);
        assert!(rubric.is_none());
        assert_eq!(codes, ["E0101"]);
    }

    #[test]
    fn included_headers_do_not_count_twice_but_two_root_headers_do() {
        let (rubric, codes) = compile("rubric again {\n}\n");
        assert!(rubric.is_none());
        assert_eq!(codes, ["E0101"]);
    }
}
