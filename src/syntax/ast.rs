//! The spanned syntax tree of one `.rubric` file: exactly what was written,
//! nothing resolved. References are still plain strings with spans, so the
//! resolver can point at them when they turn out to be wrong.

use crate::source::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One top-level declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Include(Spanned<String>),
    Rubric(RubricDecl),
    Scale(ScaleDecl),
    Stage(StageDecl),
    Pillar(PillarDecl),
    Advance(AdvanceDecl),
    Scoring(ScoringDecl),
    Evolution(EvolutionDecl),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RubricDecl {
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScaleDecl {
    pub id: Spanned<String>,
    pub is_default: bool,
    pub levels: Vec<LevelDecl>,
    pub met: Option<Spanned<f64>>,
    /// The whole declaration, for errors about the scale as a whole.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelDecl {
    pub value: Spanned<f64>,
    pub label: Spanned<String>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageDecl {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub tagline: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub challenge: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PillarDecl {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub weight: Option<Spanned<f64>>,
    pub description: Option<Spanned<String>>,
    pub groups: Vec<AtStage>,
}

/// `at STAGE { indicator … }` inside a pillar.
#[derive(Debug, Clone, PartialEq)]
pub struct AtStage {
    pub stage: Spanned<String>,
    pub indicators: Vec<IndicatorDecl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDecl {
    /// The local id; the full id is `pillar.local`.
    pub id: Spanned<String>,
    pub statement: Spanned<String>,
    pub guidance: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub scale: Option<Spanned<String>>,
}

/// `advance FROM -> TO { action … }`, or `advance -> FIRST { … }` for the
/// actions that lead into the first stage.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvanceDecl {
    /// `None` for `advance -> FIRST`.
    pub from: Option<Spanned<String>>,
    pub to: Spanned<String>,
    pub actions: Vec<ActionDecl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionDecl {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub pillar: Option<Spanned<String>>,
    pub cross_cutting: Option<Spanned<String>>,
    pub impact: Option<Spanned<String>>,
    pub effort: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub serves: Vec<Spanned<String>>,
    pub after: Vec<Spanned<String>>,
}

impl ActionDecl {
    /// An action with its id and title and nothing else set yet.
    pub fn new(id: Spanned<String>, title: Spanned<String>) -> ActionDecl {
        ActionDecl {
            id,
            title,
            pillar: None,
            cross_cutting: None,
            impact: None,
            effort: None,
            description: None,
            serves: Vec::new(),
            after: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoringDecl {
    pub settings: Vec<(Spanned<String>, Spanned<String>)>,
    pub span: Span,
}

/// `evolution { since "2.0.0" … renamed OLD -> NEW … retired ID, … }`: how
/// the indicator ids of earlier versions map onto this rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct EvolutionDecl {
    /// The version these changes were made in (metadata for messages).
    pub since: Option<Spanned<String>>,
    pub renamed: Vec<RenameDecl>,
    pub retired: Vec<Spanned<String>>,
    /// The whole block, for errors about it as a whole.
    pub span: Span,
}

/// `renamed OLD -> NEW`: answers to `OLD` count for `NEW`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenameDecl {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

/// A name declared by a statement that could not be read (malformed, or
/// swallowed by an unclosed block). The error about that statement already
/// explains every later reference to the name, so the resolver stays silent
/// about them (rustc calls such names poisoned).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Poisoned {
    pub kind: PoisonKind,
    /// The id as written; a full `pillar.local` id for an indicator; empty
    /// for `Rubric` and `Advance`.
    pub id: String,
}

/// What kind of declaration a [`Poisoned`] name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PoisonKind {
    Rubric,
    Scale,
    Stage,
    /// A whole pillar: every `pillar.*` indicator id is poisoned with it.
    Pillar,
    Indicator,
    Action,
    /// A pillar some of whose indicators could not be read: its coverage
    /// warnings would mislead.
    PillarPart,
    /// An `advance` block that could not be read: warnings about steps
    /// without actions would mislead.
    Advance,
}
