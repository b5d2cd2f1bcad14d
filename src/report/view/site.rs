//! The site index as themes see it: an entry per assessment, grouped by
//! client. The project layer holds the rows ([`Site`] is implemented
//! there); templates read them as `site` and the compiled default theme
//! through [`Site`].

use serde::Serialize;

/// An entry as templates and the index's fingerprint see it (the fields
/// and their order are the template interface).
#[derive(Debug, Serialize)]
pub struct SiteEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub href: String,
    /// The report's PDF, when one exists beside it.
    pub pdf_href: Option<String>,
    pub stage: Option<&'a str>,
    pub tagline: Option<&'a str>,
    pub position: Option<&'a str>,
    pub target: Option<&'a str>,
    pub respondents: Option<usize>,
    pub period: Option<&'a str>,
    /// The rubric this assessment is scored by.
    pub rubric: &'a str,
    pub date: Option<&'a str>,
    pub failed: bool,
}

/// A project's assessments as the index lists them: `site.title`,
/// `site.rubric`, `site.assessments | length` and `site.clients`, each a
/// name with its entries.
pub trait Site {
    fn title(&self) -> &str;
    fn rubric(&self) -> &str;
    /// How many assessments there are.
    fn assessments(&self) -> usize;
    fn clients(&self) -> usize;
    fn client_name(&self, client: usize) -> &str;
    fn client_entries(&self, client: usize) -> Vec<SiteEntry<'_>>;
}
