//! Lowering of `evolution { … }` blocks: `since`, `renamed` and `retired`
//! statements become an [`EvolutionDecl`]; what they mean is checked by the
//! resolver (`model::evolution`), which sees every block of every file.

use pest::iterators::Pair;

use super::super::Rule;
use super::super::ast::{EvolutionDecl, RenameDecl, Spanned};
use super::{Context, Lowerer};

impl Lowerer<'_> {
    pub(super) fn evolution(&mut self, pair: Pair<'_, Rule>) -> EvolutionDecl {
        let mut decl = EvolutionDecl {
            since: None,
            renamed: Vec::new(),
            retired: Vec::new(),
            span: self.span(&pair),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::since => {
                    if let Some(v) = p.into_inner().next() {
                        let v = self.text_of(v);
                        self.set(&mut decl.since, v, "since");
                    }
                }
                Rule::renamed => decl.renamed.extend(self.renamed(p)),
                Rule::retired => decl.retired.extend(p.into_inner().map(|i| self.ident(i))),
                Rule::unknown_statement => self.unknown(p, Context::Evolution),
                _ => {}
            }
        }
        decl
    }

    /// `renamed OLD -> NEW`; the grammar guarantees both ids are there.
    fn renamed(&mut self, pair: Pair<'_, Rule>) -> Option<RenameDecl> {
        let mut from: Option<Spanned<String>> = None;
        let mut to: Option<Spanned<String>> = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::renamed_from => from = Some(self.ident(p)),
                Rule::renamed_to => to = Some(self.ident(p)),
                _ => {}
            }
        }
        Some(RenameDecl {
            from: from?,
            to: to?,
        })
    }
}
