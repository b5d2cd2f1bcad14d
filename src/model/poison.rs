//! Names the resolver stays silent about (rustc's approach to knock-on
//! errors): a declaration the parser could not read, or one whose block
//! refers to something unknown, still "exists" for the references to it,
//! so one mistake gives one error instead of a chain of invented ones
//! ("unknown indicator … did you mean `<unrelated>`").

use std::collections::BTreeSet;

use super::load::ParsedFile;
use crate::syntax::ast::{PoisonKind, Poisoned};

/// The poisoned names of one rubric, all files together.
#[derive(Debug, Default)]
pub(crate) struct Poison {
    names: BTreeSet<(PoisonKind, String)>,
}

impl Poison {
    /// What the parser poisoned in every file.
    pub fn of(files: &[ParsedFile]) -> Poison {
        let mut poison = Poison::default();
        for Poisoned { kind, id } in files.iter().flat_map(|f| &f.poisoned) {
            poison.add(*kind, id);
        }
        poison
    }

    pub fn add(&mut self, kind: PoisonKind, id: &str) {
        self.names.insert((kind, id.to_string()));
    }

    /// Whether a reference to `id` of this kind is explained by an earlier
    /// error. An indicator is covered by its own name or by its pillar's.
    pub fn covers(&self, kind: PoisonKind, id: &str) -> bool {
        let named = |kind: PoisonKind, id: &str| self.names.contains(&(kind, id.to_string()));
        named(kind, id)
            || (kind == PoisonKind::Indicator
                && id
                    .split_once('.')
                    .is_some_and(|(pillar, _)| named(PoisonKind::Pillar, pillar)))
            || (kind == PoisonKind::PillarPart && named(PoisonKind::Pillar, id))
    }

    /// Whether any name of this kind is poisoned.
    pub fn any(&self, kind: PoisonKind) -> bool {
        self.names.iter().any(|(k, _)| *k == kind)
    }
}
