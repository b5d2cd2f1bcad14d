//! pest pairs → [`ast`] items. Also explains every `unknown_statement` the
//! grammar's catch-all absorbed: a misspelled keyword gets a did-you-mean, a
//! known keyword written wrongly gets a precise "expected …" at the exact
//! column, found by re-parsing that one statement with its own rule.

use pest::iterators::Pair;

use super::Rule;
use super::ast::*;
use super::errors::{expectations, found_at, join_or, point};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::source::{FileId, Span};

mod evolution;

/// Where a statement appears: decides which keywords are allowed there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    Top,
    Rubric,
    Scale,
    Stage,
    Pillar,
    At,
    Indicator,
    Advance,
    Action,
    Scoring,
    Evolution,
}

impl Context {
    /// Keywords accepted here, with the rule that parses such a statement.
    fn keywords(self) -> &'static [(&'static str, Rule)] {
        match self {
            Context::Top => &[
                ("include", Rule::include),
                ("rubric", Rule::rubric),
                ("scale", Rule::scale),
                ("stage", Rule::stage),
                ("pillar", Rule::pillar),
                ("advance", Rule::advance),
                ("scoring", Rule::scoring),
                ("evolution", Rule::evolution),
            ],
            Context::Rubric => &[
                ("title", Rule::title),
                ("version", Rule::version),
                ("summary", Rule::summary),
            ],
            Context::Scale => &[("met", Rule::met)],
            Context::Stage => &[
                ("tagline", Rule::tagline),
                ("description", Rule::description),
                ("challenge", Rule::challenge),
            ],
            Context::Pillar => &[
                ("weight", Rule::weight),
                ("description", Rule::description),
                ("at", Rule::at_stage),
            ],
            Context::At => &[("indicator", Rule::indicator)],
            Context::Indicator => &[
                ("guidance", Rule::guidance),
                ("weight", Rule::weight),
                ("scale", Rule::scale_ref),
            ],
            Context::Advance => &[("action", Rule::action)],
            Context::Action => &[
                ("pillar", Rule::action_pillar),
                ("cross-cutting", Rule::cross_cutting),
                ("impact", Rule::impact),
                ("effort", Rule::effort),
                ("description", Rule::description),
                ("serves", Rule::serves),
                ("after", Rule::after),
            ],
            Context::Scoring => &[],
            Context::Evolution => &[
                ("since", Rule::since),
                ("renamed", Rule::renamed),
                ("retired", Rule::retired),
            ],
        }
    }

    fn what(self) -> &'static str {
        match self {
            Context::Top => "at the top level of a rubric",
            Context::Rubric => "in a `rubric` block",
            Context::Scale => "in a `scale` block",
            Context::Stage => "in a `stage` block",
            Context::Pillar => "in a `pillar` block",
            Context::At => "in an `at` block",
            Context::Indicator => "in an `indicator` block",
            Context::Advance => "in an `advance` block",
            Context::Action => "in an `action` block",
            Context::Scoring => "in the `scoring` block",
            Context::Evolution => "in an `evolution` block",
        }
    }

    /// Where a keyword that is misplaced here belongs, for the help line.
    fn home_of(keyword: &str) -> Option<&'static str> {
        Some(match keyword {
            "indicator" => "indicators go inside `at STAGE { … }` in a pillar",
            "action" => "actions go inside `advance FROM -> TO { … }`",
            "at" => "`at STAGE { … }` goes inside a pillar",
            "title" | "version" | "summary" => "this goes inside the `rubric ID { … }` block",
            "tagline" | "challenge" => "this goes inside a `stage` block",
            "guidance" => "guidance goes inside an indicator's `{ … }` block",
            "impact" | "effort" | "serves" | "after" | "cross-cutting" => {
                "this goes inside an action's `{ … }` block"
            }
            "met" => "`met at N` goes inside a `scale` block",
            "renamed" | "retired" | "since" => "this goes inside an `evolution { … }` block",
            "rubric" | "scale" | "stage" | "pillar" | "advance" | "scoring" | "include"
            | "evolution" => "this declaration belongs at the top level, outside any block",
            _ => return None,
        })
    }
}

/// Keywords of every context, for recognising a misplaced one.
const ALL_KEYWORDS: &[&str] = &[
    "include",
    "rubric",
    "scale",
    "stage",
    "pillar",
    "advance",
    "scoring",
    "title",
    "version",
    "summary",
    "met",
    "tagline",
    "description",
    "challenge",
    "weight",
    "at",
    "indicator",
    "guidance",
    "action",
    "cross-cutting",
    "impact",
    "effort",
    "serves",
    "after",
    "evolution",
    "renamed",
    "retired",
    "since",
];

/// Keywords that declare a name, for poisoning what an unreadable
/// statement declared (and for reading a misspelt one as what it meant).
const DECLARING: &[&str] = &[
    "rubric",
    "scale",
    "stage",
    "pillar",
    "at",
    "indicator",
    "advance",
    "action",
];

pub(super) struct Lowerer<'t> {
    file: FileId,
    text: &'t str,
    diags: Diagnostics,
    poisoned: std::collections::BTreeSet<Poisoned>,
    /// The id of the pillar being lowered, to qualify its indicators.
    pillar: Option<String>,
    /// Start of a block whose `}` was missing and was put at the end of the
    /// file: misplaced declarations after it are knock-on effects.
    swallowed_from: Option<usize>,
    /// Lines before this offset belong to an unclosed text block: they are
    /// not statements, so they are not reported as such.
    quiet_until: usize,
}

impl<'t> Lowerer<'t> {
    pub(super) fn new(file: FileId, text: &'t str, swallowed_from: Option<usize>) -> Self {
        Lowerer {
            file,
            text,
            diags: Diagnostics::new(),
            poisoned: Default::default(),
            pillar: None,
            swallowed_from,
            quiet_until: 0,
        }
    }

    pub(super) fn finish(self) -> (Diagnostics, Vec<Poisoned>) {
        (self.diags, self.poisoned.into_iter().collect())
    }

    pub(super) fn file(&mut self, root: Pair<'_, Rule>) -> Vec<Item> {
        let mut items = Vec::new();
        for pair in root.into_inner() {
            let item = match pair.as_rule() {
                Rule::include => Some(Item::Include(self.text_of(pair))),
                Rule::rubric => Some(Item::Rubric(self.rubric(pair))),
                Rule::scale => Some(Item::Scale(self.scale(pair))),
                Rule::stage => Some(Item::Stage(self.stage(pair))),
                Rule::pillar => Some(Item::Pillar(self.pillar(pair))),
                Rule::advance => Some(Item::Advance(self.advance(pair))),
                Rule::scoring => Some(Item::Scoring(self.scoring(pair))),
                Rule::evolution => Some(Item::Evolution(self.evolution(pair))),
                Rule::unknown_statement => {
                    self.unknown(pair, Context::Top);
                    None
                }
                _ => None,
            };
            items.extend(item);
        }
        items
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start()..s.end())
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().trim().to_string(), self.span(&pair))
    }

    fn number(&self, pair: Pair<'_, Rule>) -> Spanned<f64> {
        // The grammar only lets digits through; an absurd length still parses.
        let value = pair.as_str().trim().parse::<f64>().unwrap_or(f64::NAN);
        Spanned::new(value, self.span(&pair))
    }

    /// The text inside a rule that holds one quoted string or `"""` block,
    /// unescaped or dedented.
    fn text_of(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .flatten()
            .find(|p| matches!(p.as_rule(), Rule::string_inner | Rule::block_inner));
        let value = match inner {
            Some(p) if p.as_rule() == Rule::string_inner => unescape(p.as_str()),
            Some(p) => dedent(p.as_str()),
            None => String::new(),
        };
        Spanned::new(value, span)
    }

    /// Records a property, reporting a second occurrence as a duplicate.
    fn set<T>(&mut self, slot: &mut Option<Spanned<T>>, value: Spanned<T>, name: &str) {
        if let Some(first) = slot {
            self.diags.push(
                Diagnostic::error("E0004", format!("`{name}` is given twice"))
                    .with_primary(value.span, "second value")
                    .with_secondary(first.span, "first given here")
                    .with_help("keep one of them"),
            );
        } else {
            *slot = Some(value);
        }
    }

    /// The value part of a `keyword value` property.
    fn prop_text(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let mut t = self.text_of(pair);
        t.span = span;
        t
    }

    fn rubric(&mut self, pair: Pair<'_, Rule>) -> RubricDecl {
        let mut decl = RubricDecl::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::rubric_id => decl.id = self.ident(p),
                Rule::title => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.title, v, "title");
                }
                Rule::version => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.version, v, "version");
                }
                Rule::summary => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.summary, v, "summary");
                }
                Rule::unknown_statement => self.unknown(p, Context::Rubric),
                _ => {}
            }
        }
        decl
    }

    fn scale(&mut self, pair: Pair<'_, Rule>) -> ScaleDecl {
        let span = self.span(&pair);
        let mut id = Spanned::new(String::new(), span);
        let mut is_default = false;
        let mut levels = Vec::new();
        let mut met = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scale_id => id = self.ident(p),
                Rule::default_flag => is_default = true,
                Rule::level => {
                    let mut parts = p.into_inner();
                    let (Some(value), Some(label)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    levels.push(LevelDecl {
                        value: self.number(first(value)),
                        label: self.text_of(label),
                        help: parts.next().map(|h| self.text_of(h).value),
                    });
                }
                Rule::met => {
                    if let Some(v) = p.into_inner().next() {
                        let v = self.number(first(v));
                        self.set(&mut met, v, "met");
                    }
                }
                Rule::unknown_statement => self.unknown(p, Context::Scale),
                _ => {}
            }
        }
        ScaleDecl {
            id,
            is_default,
            levels,
            met,
            span,
        }
    }

    fn stage(&mut self, pair: Pair<'_, Rule>) -> StageDecl {
        let span = self.span(&pair);
        let mut decl = StageDecl {
            id: Spanned::new(String::new(), span),
            name: Spanned::new(String::new(), span),
            tagline: None,
            description: None,
            challenge: None,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::stage_id => decl.id = self.ident(p),
                Rule::stage_name => decl.name = self.text_of(p),
                Rule::tagline => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.tagline, v, "tagline");
                }
                Rule::description => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.description, v, "description");
                }
                Rule::challenge => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.challenge, v, "challenge");
                }
                Rule::unknown_statement => self.unknown(p, Context::Stage),
                _ => {}
            }
        }
        decl
    }

    fn weight(&mut self, slot: &mut Option<Spanned<f64>>, pair: Pair<'_, Rule>) {
        if let Some(v) = pair.into_inner().next() {
            let v = self.number(first(v));
            self.set(slot, v, "weight");
        }
    }

    fn pillar(&mut self, pair: Pair<'_, Rule>) -> PillarDecl {
        let span = self.span(&pair);
        let mut decl = PillarDecl {
            id: Spanned::new(String::new(), span),
            name: Spanned::new(String::new(), span),
            weight: None,
            description: None,
            groups: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::pillar_id => {
                    decl.id = self.ident(p);
                    self.pillar = Some(decl.id.value.clone());
                }
                Rule::pillar_name => decl.name = self.text_of(p),
                Rule::weight => {
                    let mut w = decl.weight.take();
                    self.weight(&mut w, p);
                    decl.weight = w;
                }
                Rule::description => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.description, v, "description");
                }
                Rule::at_stage => {
                    let group = self.at_stage(p);
                    decl.groups.push(group);
                }
                Rule::unknown_statement => self.unknown(p, Context::Pillar),
                _ => {}
            }
        }
        self.pillar = None;
        decl
    }

    fn at_stage(&mut self, pair: Pair<'_, Rule>) -> AtStage {
        let span = self.span(&pair);
        let mut group = AtStage {
            stage: Spanned::new(String::new(), span),
            indicators: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::stage_ref => group.stage = self.ident(p),
                Rule::indicator => {
                    let ind = self.indicator(p);
                    group.indicators.push(ind);
                }
                Rule::unknown_statement => self.unknown(p, Context::At),
                _ => {}
            }
        }
        group
    }

    fn indicator(&mut self, pair: Pair<'_, Rule>) -> IndicatorDecl {
        let span = self.span(&pair);
        let mut decl = IndicatorDecl {
            id: Spanned::new(String::new(), span),
            statement: Spanned::new(String::new(), span),
            guidance: None,
            weight: None,
            scale: None,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::indicator_id => decl.id = self.ident(p),
                Rule::statement => decl.statement = self.text_of(p),
                Rule::guidance => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.guidance, v, "guidance");
                }
                Rule::weight => {
                    let mut w = decl.weight.take();
                    self.weight(&mut w, p);
                    decl.weight = w;
                }
                Rule::scale_ref => {
                    if let Some(v) = p.into_inner().next() {
                        let v = self.ident(v);
                        self.set(&mut decl.scale, v, "scale");
                    }
                }
                Rule::unknown_statement => self.unknown(p, Context::Indicator),
                _ => {}
            }
        }
        decl
    }

    fn advance(&mut self, pair: Pair<'_, Rule>) -> AdvanceDecl {
        let span = self.span(&pair);
        let mut decl = AdvanceDecl {
            from: None,
            to: Spanned::new(String::new(), span),
            actions: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::from_stage => decl.from = Some(self.ident(p)),
                Rule::to_stage => decl.to = self.ident(p),
                Rule::action => {
                    let a = self.action(p);
                    decl.actions.push(a);
                }
                Rule::unknown_statement => self.unknown(p, Context::Advance),
                _ => {}
            }
        }
        decl
    }

    fn action(&mut self, pair: Pair<'_, Rule>) -> ActionDecl {
        let span = self.span(&pair);
        let mut decl = ActionDecl::new(
            Spanned::new(String::new(), span),
            Spanned::new(String::new(), span),
        );
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::action_id => decl.id = self.ident(p),
                Rule::action_title => decl.title = self.text_of(p),
                Rule::action_pillar => {
                    if let Some(v) = p.into_inner().next() {
                        let v = self.ident(v);
                        self.set(&mut decl.pillar, v, "pillar");
                    }
                }
                Rule::cross_cutting => {
                    if let Some(v) = p.into_inner().next() {
                        let v = self.text_of(v);
                        self.set(&mut decl.cross_cutting, v, "cross-cutting");
                    }
                }
                Rule::impact | Rule::effort => {
                    let is_impact = p.as_rule() == Rule::impact;
                    if let Some(v) = p.into_inner().next() {
                        let v = self.ident(v);
                        if is_impact {
                            self.set(&mut decl.impact, v, "impact");
                        } else {
                            self.set(&mut decl.effort, v, "effort");
                        }
                    }
                }
                Rule::description => {
                    let v = self.prop_text(p);
                    self.set(&mut decl.description, v, "description");
                }
                Rule::serves => decl.serves.extend(p.into_inner().map(|i| self.ident(i))),
                Rule::after => decl.after.extend(p.into_inner().map(|i| self.ident(i))),
                Rule::unknown_statement => self.unknown(p, Context::Action),
                _ => {}
            }
        }
        decl
    }

    fn scoring(&mut self, pair: Pair<'_, Rule>) -> ScoringDecl {
        let span = self.span(&pair);
        let mut settings = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::setting => {
                    let mut parts = p.into_inner();
                    if let (Some(k), Some(v)) = (parts.next(), parts.next()) {
                        settings.push((self.ident(k), self.ident(v)));
                    }
                }
                Rule::unknown_statement => self.unknown(p, Context::Scoring),
                _ => {}
            }
        }
        ScoringDecl { settings, span }
    }

    /// Explains a line the grammar could not read.
    fn unknown(&mut self, pair: Pair<'_, Rule>, context: Context) {
        let start = pair.as_span().start();
        if start < self.quiet_until {
            return;
        }
        let statement = pair.as_str();
        let head = statement.lines().next().unwrap_or("").trim_end();
        let word: String = head
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '{')
            .collect();
        let word_span = Span::new(
            self.file,
            start..start + word.len().max(1).min(head.len().max(1)),
        );
        self.poison_swallowed(statement, context);

        let rule = context
            .keywords()
            .iter()
            .find(|(k, _)| *k == word)
            .map(|(_, r)| *r)
            .or_else(|| {
                (context == Context::Scale
                    && word.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
                .then_some(Rule::level)
            });
        if let Some(rule) = rule {
            self.malformed(rule, &word, statement, start);
            return;
        }
        if context == Context::Scoring {
            self.diags.push(
                Diagnostic::error("E0003", format!("malformed setting `{}`", head.trim()))
                    .with_primary(word_span, "expected `NAME VALUE`")
                    .with_help("a scoring setting is a name and one value, e.g. `overall min`"),
            );
            return;
        }
        let keywords: Vec<&str> = context.keywords().iter().map(|(k, _)| *k).collect();
        let mut d = if word.is_empty() {
            Diagnostic::error(
                "E0002",
                format!(
                    "expected a keyword {}, found {}",
                    context.what(),
                    found_at(self.text, start)
                ),
            )
            .with_primary(point(self.file, self.text, start), "not a statement")
        } else if ALL_KEYWORDS.contains(&word.as_str()) {
            if self.swallowed_from.is_some_and(|from| start > from) {
                return; // read inside an unclosed block: E0001 explains it
            }
            Diagnostic::error(
                "E0002",
                format!("`{word}` is not allowed {}", context.what()),
            )
            .with_primary(word_span, "misplaced")
            .with_help_opt(Context::home_of(&word).map(str::to_string))
        } else {
            Diagnostic::error(
                "E0002",
                format!("unknown keyword `{word}` {}", context.what()),
            )
            .with_primary(word_span, "unknown keyword")
            .with_help_opt(suggest::did_you_mean(&word, keywords.iter().copied()))
        };
        if d.help.is_none() {
            d = d.with_help(if keywords.is_empty() {
                "nothing else is allowed here".to_string()
            } else {
                format!(
                    "expected one of: {}",
                    keywords
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
        self.diags.push(d);
    }

    /// A known keyword whose statement did not parse: re-parse it alone to
    /// find where and why.
    fn malformed(&mut self, rule: Rule, word: &str, statement: &str, start: usize) {
        let what = if rule == Rule::level {
            "scale level".to_string()
        } else {
            format!("`{word}`")
        };
        if let Some(d) = self.unclosed_text_block(statement, start) {
            self.diags.push(d);
            return;
        }
        if let Some(d) = self.unterminated_string(statement, start) {
            self.diags.push(d);
            return;
        }
        match super::parse_detailed(rule, statement) {
            Err(error) => {
                let offset = start + super::errors::error_offset(&error);
                let wanted = expectations(&error);
                if let Some(d) = self.bad_id(&what, offset, &wanted, rule) {
                    self.diags.push(d);
                    return;
                }
                let found = found_at(self.text, offset);
                let message = if wanted.is_empty() {
                    format!("malformed {what}: unexpected {found}")
                } else {
                    format!(
                        "malformed {what}: expected {}, found {found}",
                        join_or(&wanted)
                    )
                };
                let label = if wanted.is_empty() {
                    "unexpected".to_string()
                } else {
                    format!("expected {}", join_or(&wanted))
                };
                let mut d = Diagnostic::error("E0003", message)
                    .with_primary(point(self.file, self.text, offset), label);
                if let Some(h) = form_of(rule) {
                    d = d.with_help(format!("write it as `{h}`"));
                }
                self.diags.push(d);
            }
            Ok(pairs) => {
                let consumed = pairs.last().map_or(0, |p| p.as_span().end());
                let offset = start + consumed;
                let trailing = self.text[offset..].trim_start_matches([' ', '\t']);
                let offset = self.text.len() - trailing.len();
                let mut d = Diagnostic::error(
                    "E0003",
                    format!("unexpected {} after {what}", found_at(self.text, offset)),
                )
                .with_primary(
                    point(self.file, self.text, offset),
                    "expected the end of the line",
                );
                if let Some(help) = self.inner_quote_help(statement, consumed) {
                    d = d
                        .with_note("a `\"` inside a text ends the text")
                        .with_help(help);
                } else if let Some(h) = form_of(rule) {
                    d = d.with_help(format!("write it as `{h}`, one statement per line"));
                }
                self.diags.push(d);
            }
        }
    }
}

/// What an id may hold, for every message about a malformed id.
pub(super) const ID_RULE: &str = "an id starts with a letter and holds letters, digits, `-` and `_` (plain ASCII: no accents, no spaces)";

impl Lowerer<'_> {
    /// A `"""` text block that is never closed. Its lines would otherwise
    /// be read as statements: they are not reported, up to the first line
    /// indented less than the statement or a `}` line (where the text most
    /// likely should have ended).
    fn unclosed_text_block(&mut self, statement: &str, start: usize) -> Option<Diagnostic> {
        let line = statement.lines().next().unwrap_or("");
        let open = start + line.find("\"\"\"")?;
        if self.text[open + 3..].contains("\"\"\"") {
            return None;
        }
        self.quiet_until = text_end_guess(self.text, start, open);
        Some(
            Diagnostic::error("E0003", "unclosed text block: no `\"\"\"` ends it")
                .with_primary(
                    Span::new(self.file, open..open + 3),
                    "this text block is never closed",
                )
                .with_note(
                    "a text block runs to the next `\"\"\"`, and the file has none after this one",
                )
                .with_help("end the text with `\"\"\"` on a line of its own"),
        )
    }

    /// A one-line text with a `"` inside it: the text ended there, and
    /// what follows looks like a stray word. Help with the escaped line.
    fn inner_quote_help(&self, statement: &str, consumed: usize) -> Option<String> {
        let line = statement.lines().next()?.trim_end();
        let rest = line.get(consumed..)?;
        if !statement.get(..consumed)?.ends_with('"') || !rest.contains('"') {
            return None;
        }
        let first = line.find('"')?;
        let last = line.rfind('"')?;
        let inner = line
            .get(first + 1..last)?
            .replace("\\\"", "\"")
            .replace('"', "\\\"");
        Some(format!(
            "write `\\\"` for a quote inside a text: `{}\"{inner}\"{}`",
            line.get(..first)?.trim_start(),
            line.get(last + 1..)?
        ))
    }

    /// A statement that failed at an id: say what an id may hold. A
    /// non-ASCII letter stops an id where it stands, so the parser would
    /// otherwise complain about what comes after it.
    fn bad_id(
        &self,
        what: &str,
        offset: usize,
        wanted: &[String],
        rule: Rule,
    ) -> Option<Diagnostic> {
        let c = self.text.get(offset..)?.chars().next()?;
        let wants_id = wanted.iter().any(|w| w.contains(" id"));
        let inside_id = offset > 0
            && self.text[..offset]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '-' || p == '_');
        let message = if c.is_alphanumeric() && !c.is_ascii() && (wants_id || inside_id) {
            format!("malformed {what}: `{c}` cannot be part of an id")
        } else if wants_id && !c.is_whitespace() {
            format!(
                "malformed {what}: expected {}, found {}",
                join_or(wanted),
                found_at(self.text, offset)
            )
        } else {
            return None;
        };
        let mut d = Diagnostic::error("E0003", message)
            .with_primary(point(self.file, self.text, offset), "not allowed in an id")
            .with_note(ID_RULE);
        if let Some(h) = form_of(rule) {
            d = d.with_help(format!("write it as `{h}`"));
        }
        Some(d)
    }

    /// Poisons what an unreadable statement declared, and what the block it
    /// swallowed declared: its lines are read word by word (`indicator ID`,
    /// `pillar ID "Name"`, …), the first keyword forgiven a typo.
    fn poison_swallowed(&mut self, statement: &str, context: Context) {
        let mut pillar = self.pillar.clone();
        for (n, line) in statement.lines().enumerate() {
            let mut words = line.split_whitespace();
            let Some(mut keyword) = words.next() else {
                continue;
            };
            if n == 0 && !ALL_KEYWORDS.contains(&keyword) {
                let word = keyword.split(['"', '{']).next().unwrap_or("");
                keyword = suggest::closest(word, DECLARING.iter().copied()).unwrap_or(word);
            }
            let id = words
                .next()
                .map(|w| w.split(['"', '{']).next().unwrap_or(""))
                .unwrap_or("")
                .to_string();
            let declares = line.contains('"') || line.contains('{');
            let top = n == 0 && context == Context::Top;
            let kind = match keyword {
                "rubric" => PoisonKind::Rubric,
                "scale" if top || declares && context != Context::Indicator => PoisonKind::Scale,
                "stage" => PoisonKind::Stage,
                "pillar" if declares => {
                    pillar = Some(id.clone());
                    PoisonKind::Pillar
                }
                "at" | "indicator" => {
                    let Some(p) = &pillar else { continue };
                    self.poison(PoisonKind::PillarPart, p.clone());
                    if keyword == "at" {
                        continue;
                    }
                    let full = format!("{p}.{id}");
                    self.poison(PoisonKind::Indicator, full);
                    continue;
                }
                "advance" => PoisonKind::Advance,
                "action" => PoisonKind::Action,
                _ => continue,
            };
            let id = match kind {
                PoisonKind::Rubric | PoisonKind::Advance => String::new(),
                _ => id,
            };
            self.poison(kind, id);
        }
    }

    fn poison(&mut self, kind: PoisonKind, id: String) {
        self.poisoned.insert(Poisoned { kind, id });
    }

    /// A one-line string whose closing quote is missing: the most common
    /// slip, worth its own message.
    fn unterminated_string(&self, statement: &str, start: usize) -> Option<Diagnostic> {
        let line = statement.lines().next().unwrap_or("");
        let mut open: Option<usize> = None;
        let mut chars = line.char_indices();
        while let Some((i, c)) = chars.next() {
            match (c, open) {
                ('#', None) => break,
                ('"', None) if line[i..].starts_with("\"\"\"") => return None,
                ('"', None) => open = Some(i),
                ('"', Some(_)) => open = None,
                ('\\', Some(_)) => {
                    chars.next();
                }
                _ => {}
            }
        }
        let at = start + open?;
        let end = start + line.trim_end().len();
        Some(
            Diagnostic::error("E0003", "missing closing quote")
                .with_primary(Span::new(self.file, end..end), "expected `\"` before the end of the line")
                .with_secondary(point(self.file, self.text, at), "the text starts here")
                .with_help("one-line texts end on the same line; use a \"\"\" block for text over several lines"),
        )
    }
}

/// Where an unclosed text block opened at `open` (in the statement at
/// `start`) most likely should have ended: before the first later line
/// indented less than the statement, or before a `}` line.
fn text_end_guess(text: &str, start: usize, open: usize) -> usize {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let mut offset = text[open..].find('\n').map_or(text.len(), |i| open + i + 1);
    for line in text[offset..].split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        let depth = line.len() - content.len();
        let blank = content.trim().is_empty();
        if !blank && (depth < indent || content.starts_with('}')) {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// The shape of each statement, for `help:` lines.
fn form_of(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::include => "include \"path/to/file.rubric\"",
        Rule::rubric => "rubric ID { … }",
        Rule::scale => "scale ID [default] { … }",
        Rule::stage => "stage ID \"Name\" { … }",
        Rule::pillar => "pillar ID \"Name\" { … }",
        Rule::advance => "advance FROM -> TO { … }",
        Rule::scoring => "scoring { … }",
        Rule::title => "title \"…\"",
        Rule::version => "version \"1.0.0\"",
        Rule::summary => "summary \"…\"",
        Rule::met => "met at 2",
        Rule::level => "2 \"Label\" \"optional description\"",
        Rule::tagline => "tagline \"…\"",
        Rule::description => "description \"…\"",
        Rule::challenge => "challenge \"…\"",
        Rule::weight => "weight 2",
        Rule::at_stage => "at STAGE { indicator … }",
        Rule::indicator => "indicator ID \"Statement\"",
        Rule::guidance => "guidance \"…\"",
        Rule::scale_ref => "scale SCALE-ID",
        Rule::action => "action ID \"Title\" { … }",
        Rule::action_pillar => "pillar PILLAR-ID",
        Rule::cross_cutting => "cross-cutting \"Area\"",
        Rule::impact => "impact low|medium|high",
        Rule::effort => "effort low|medium|high",
        Rule::serves => "serves pillar.indicator, …",
        Rule::after => "after action-id, …",
        Rule::evolution => "evolution { renamed OLD -> NEW … }",
        Rule::since => "since \"2.0.0\"",
        Rule::renamed => "renamed pillar.old-id -> pillar.new-id",
        Rule::retired => "retired pillar.indicator, …",
        _ => return None,
    })
}

fn first(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    pair.clone().into_inner().next().unwrap_or(pair)
}

pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes the first line break, trailing blank space and the common
/// indentation of a `"""` block, so it can be indented with its block.
pub(crate) fn dedent(raw: &str) -> String {
    let raw = raw
        .strip_prefix("\r\n")
        .or_else(|| raw.strip_prefix('\n'))
        .unwrap_or(raw);
    let lines: Vec<&str> = raw.trim_end().lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= indent && l.is_char_boundary(indent) {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indent() {
        assert_eq!(dedent("\n    a\n      b\n\n    c\n  "), "a\n  b\n\nc");
        assert_eq!(dedent("one line"), "one line");
    }

    #[test]
    fn unescape_handles_quotes() {
        assert_eq!(unescape(r#"say \"hi\"\n"#), "say \"hi\"\n");
    }
}
