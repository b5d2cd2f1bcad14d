//! The site index's view (`OUTPUT/index.html`): every assessment, and the
//! same assessments grouped by client.
//!
//! It is built for every assessment of the project at the end of a build,
//! so it is kept small: one [`Row`] per assessment sharing its report's
//! summary, clients as row numbers rather than copies. Templates receive
//! it as lazy minijinja objects: a row becomes a template value only when
//! a template reads it, and is dropped after, instead of the whole view
//! (twice: flat and by client) being converted up front, which took
//! ~2 KB per assessment. What templates see is unchanged: `site.title`,
//! `site.rubric`, `site.assessments` (a list of entries) and
//! `site.clients` (a list of `{name, assessments}`). The compiled default
//! theme reads the rows through [`Site`] instead, a client at a time.

use std::collections::HashMap;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::fingerprint::Summary;
use crate::report::view::{Site, SiteEntry};

/// One assessment as the index knows it (one per assessment, held while
/// the index renders: boxed strings, no spare capacity).
#[derive(Debug)]
pub struct Row {
    pub id: Box<str>,
    /// The assessment's `name` from the project file.
    pub name: Option<Box<str>>,
    /// Its report's summary; `None` when it was not built.
    pub summary: Option<Arc<Summary>>,
    pub period: Option<Box<str>>,
    /// The rubric it is scored by, as a position in [`Index`]'s titles.
    pub rubric: u32,
    /// Whether a PDF exists beside its report.
    pub pdf: bool,
    /// Its build failed (any report shown is an earlier one).
    pub failed: bool,
}

impl Row {
    /// The organisation of its report, else its name, else its id.
    fn name(&self) -> &str {
        match (&self.summary, &self.name) {
            (Some(s), _) => &s.organization,
            (None, Some(name)) => name,
            (None, None) => &self.id,
        }
    }
}

/// The index's view: title, rubric, rows, and rows grouped by client.
#[derive(Debug)]
pub struct Index {
    title: String,
    rubric: String,
    /// Rubric titles the rows point into (one per rubric in use).
    rubrics: Vec<String>,
    rows: Vec<Row>,
    /// Row numbers grouped by client (organisation), clients in the order
    /// they first appear; client `c` is `order[starts[c]..starts[c + 1]]`.
    order: Vec<usize>,
    starts: Vec<usize>,
}

impl Index {
    /// The view of `rows` (in project order) for a project titled `title`
    /// whose rubric is titled `rubric`.
    pub fn new(title: String, rubric: String, rubrics: Vec<String>, rows: Vec<Row>) -> Index {
        let (order, starts) = group(&rows);
        Index {
            title,
            rubric,
            rubrics,
            rows,
            order,
            starts,
        }
    }

    /// The view as the template value `site`.
    pub fn value(index: &Arc<Index>) -> Value {
        Value::from_iter([
            ("title", Value::from(index.title.as_str())),
            ("rubric", Value::from(index.rubric.as_str())),
            (
                "assessments",
                Value::from_object(Rows {
                    index: index.clone(),
                    client: None,
                }),
            ),
            ("clients", Value::from_object(Clients(index.clone()))),
        ])
    }

    fn clients(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The row numbers of client `c`.
    fn client(&self, c: usize) -> &[usize] {
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&from), Some(&to)) => self.order.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Client `c`'s name: its first row's.
    fn client_name(&self, c: usize) -> &str {
        self.client(c)
            .first()
            .and_then(|&r| self.rows.get(r))
            .map_or("", Row::name)
    }

    fn entry<'a>(&'a self, row: &'a Row) -> SiteEntry<'a> {
        let summary = row.summary.as_deref();
        SiteEntry {
            id: &row.id,
            name: row.name(),
            href: format!("{}/report.html", row.id),
            pdf_href: row.pdf.then(|| format!("{}/report.pdf", row.id)),
            stage: summary.map(|s| &*s.stage),
            tagline: summary.and_then(|s| s.tagline.as_deref()),
            position: summary.map(|s| &*s.position),
            target: summary.map(|s| &*s.target),
            respondents: summary.map(|s| s.respondents),
            period: row.period.as_deref(),
            rubric: self
                .rubrics
                .get(row.rubric as usize)
                .map_or("", String::as_str),
            date: summary.and_then(|s| s.date.as_deref()),
            failed: row.failed,
        }
    }
}

impl Site for Index {
    fn title(&self) -> &str {
        &self.title
    }

    fn rubric(&self) -> &str {
        &self.rubric
    }

    fn assessments(&self) -> usize {
        self.rows.len()
    }

    fn clients(&self) -> usize {
        Index::clients(self)
    }

    fn client_name(&self, client: usize) -> &str {
        Index::client_name(self, client)
    }

    fn client_entries(&self, client: usize) -> Vec<SiteEntry<'_>> {
        self.client(client)
            .iter()
            .filter_map(|&r| self.rows.get(r))
            .map(|row| self.entry(row))
            .collect()
    }
}

/// Row numbers grouped by name, groups in order of first appearance, as
/// (`order`, `starts`): a counting sort, one hash lookup per row.
fn group(rows: &[Row]) -> (Vec<usize>, Vec<usize>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let of: Vec<usize> = rows
        .iter()
        .map(|row| {
            let next = ids.len();
            *ids.entry(row.name()).or_insert(next)
        })
        .collect();
    let mut starts = vec![0; ids.len() + 1];
    for &g in &of {
        starts[g + 1] += 1;
    }
    for g in 1..starts.len() {
        starts[g] += starts[g - 1];
    }
    let mut next = starts.clone();
    let mut order = vec![0; rows.len()];
    for (row, &g) in of.iter().enumerate() {
        order[next[g]] = row;
        next[g] += 1;
    }
    (order, starts)
}

/// The same JSON as the view's former derived `Serialize` (its
/// fingerprint is taken from it).
impl Serialize for Index {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let all: Vec<usize> = (0..self.rows.len()).collect();
        let mut site = s.serialize_struct("SiteView", 4)?;
        site.serialize_field("title", &self.title)?;
        site.serialize_field("rubric", &self.rubric)?;
        site.serialize_field("assessments", &Entries(self, &all))?;
        site.serialize_field("clients", &ClientList(self))?;
        site.end()
    }
}

/// Rows (by number) serialised as entries.
struct Entries<'a>(&'a Index, &'a [usize]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Entries(index, rows) = self;
        s.collect_seq(
            rows.iter()
                .filter_map(|&r| index.rows.get(r))
                .map(|row| index.entry(row)),
        )
    }
}

#[derive(Serialize)]
struct Client<'a> {
    name: &'a str,
    assessments: Entries<'a>,
}

/// The clients, serialised.
struct ClientList<'a>(&'a Index);

impl Serialize for ClientList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let index = self.0;
        s.collect_seq((0..index.clients()).map(|c| Client {
            name: index.client_name(c),
            assessments: Entries(index, index.client(c)),
        }))
    }
}

/// `site.assessments`, or `client.assessments` of one client: a row
/// becomes a template value only when read.
#[derive(Debug)]
struct Rows {
    index: Arc<Index>,
    client: Option<usize>,
}

impl Rows {
    fn row(&self, i: usize) -> Option<&Row> {
        let r = match self.client {
            None => i,
            Some(c) => *self.index.client(c).get(i)?,
        };
        self.index.rows.get(r)
    }

    fn len(&self) -> usize {
        match self.client {
            None => self.index.rows.len(),
            Some(c) => self.index.client(c).len(),
        }
    }
}

impl Object for Rows {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let row = self.row(key.as_usize()?)?;
        Some(Value::from_serialize(self.index.entry(row)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.len())
    }
}

/// `site.clients`.
#[derive(Debug)]
struct Clients(Arc<Index>);

impl Object for Clients {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let c = key.as_usize().filter(|&c| c < self.0.clients())?;
        Some(Value::from_object(ClientObject {
            index: self.0.clone(),
            client: c,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.clients())
    }
}

/// One client of `site.clients`: `name` and `assessments`.
#[derive(Debug)]
struct ClientObject {
    index: Arc<Index>,
    client: usize,
}

impl Object for ClientObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "name" => Some(Value::from(self.index.client_name(self.client))),
            "assessments" => Some(Value::from_object(Rows {
                index: self.index.clone(),
                client: Some(self.client),
            })),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        // The order a serialised map's keys are iterated in.
        Enumerator::Str(&["assessments", "name"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str) -> Row {
        Row {
            id: id.into(),
            name: Some(name.into()),
            summary: None,
            period: None,
            rubric: 0,
            pdf: false,
            failed: false,
        }
    }

    #[test]
    fn clients_group_rows_in_order_of_first_appearance() {
        let rows = vec![row("a", "X"), row("b", "Y"), row("c", "X"), row("d", "Z")];
        let index = Index::new("t".into(), "r".into(), vec!["r".into()], rows);
        assert_eq!(index.clients(), 3);
        assert_eq!(index.client(0), &[0, 2]);
        assert_eq!(index.client(1), &[1]);
        assert_eq!(index.client(2), &[3]);
        assert_eq!(index.client_name(0), "X");
        assert_eq!(index.client(3), &[] as &[usize]);
    }

    #[test]
    fn templates_see_the_view_as_lists_and_maps() {
        let rows = vec![row("a", "X"), row("b", "Y"), row("c", "X")];
        let index = Arc::new(Index::new("t".into(), "r".into(), vec!["r".into()], rows));
        let mut env = minijinja::Environment::new();
        env.add_template(
            "i",
            "{{ site.assessments | length }} {% for c in site.clients %}{{ c.name }}:\
             {% for a in c.assessments %}{{ a.href }},{% endfor %};{% endfor %}\
             {{ site.assessments[-1].id }} {{ site.clients[0].assessments[1].name }}",
        )
        .unwrap();
        let out = env
            .get_template("i")
            .unwrap()
            .render(minijinja::context! { site => Index::value(&index) })
            .unwrap();
        assert_eq!(out, "3 X:a/report.html,c/report.html,;Y:b/report.html,;c X");
    }

    fn summary(org: &str, tagline: Option<&str>, date: Option<&str>) -> Arc<Summary> {
        Arc::new(Summary {
            title: "T".into(),
            author: None,
            organization: org.into(),
            stage: "Defined".into(),
            tagline: tagline.map(Into::into),
            position: "2.50 of 5".into(),
            target: "Managed".into(),
            respondents: 3,
            date: date.map(Into::into),
        })
    }

    /// The compiled default theme's index is byte for byte what its
    /// `index.html` prints, on rows that reach every branch: built,
    /// failed with and without an earlier report, a PDF, a period, another
    /// rubric, markup in names, clients of one and of several rows, a
    /// brand with and without a name, logo and footer.
    #[test]
    fn the_compiled_index_is_the_templates_output() {
        use crate::report::brand::{Brand, Image};
        let built = |id: &str, org: &str| Row {
            summary: Some(summary(org, Some("with a <tagline>"), Some("2026-11-02"))),
            ..row(id, org)
        };
        let rows = vec![
            built("a", "Acme & Co"),
            Row {
                pdf: true,
                period: Some("Q4 \"review\"".into()),
                ..built("b", "Acme & Co")
            },
            Row {
                failed: true,
                ..built("c", "O'Neil/Partners")
            },
            Row {
                failed: true,
                ..row("d", "Delta")
            },
            row("e", "Echo"),
            Row {
                rubric: 1,
                summary: Some(summary("Foxtrot", None, None)),
                ..row("f", "Foxtrot")
            },
        ];
        let mut sources = crate::source::SourceMap::new();
        let mut diags = crate::diagnostics::Diagnostics::new();
        let theme = crate::theme::load(
            "default",
            std::path::Path::new("."),
            &mut sources,
            &mut diags,
        )
        .expect("bundled theme");
        let compiled = crate::report::Renderer::new(&theme, &mut sources, &mut diags).unwrap();
        let interpreted = crate::report::Renderer::new(&theme, &mut sources, &mut diags)
            .unwrap()
            .interpreted();
        let logo = Image {
            data_uri: "data:image/png;base64,AAAA".into(),
            mime: "image/png",
        };
        let brands = [
            Brand::default(),
            Brand {
                name: Some("Northwind <Consulting>".into()),
                footer: Some("Confidential & private".into()),
                logo: Some(logo.clone()),
                ..Brand::default()
            },
            Brand {
                logo: Some(logo),
                ..Brand::default()
            },
        ];
        for (title, rows) in [("Site <one>", rows), ("Solo", vec![built("z", "Zulu")])] {
            let index = Arc::new(Index::new(
                title.into(),
                "Ecommerce maturity".into(),
                vec!["Ecommerce maturity".into(), "Other rubric".into()],
                rows,
            ));
            for brand in &brands {
                let page = |r: &crate::report::Renderer| {
                    let mut out = Vec::new();
                    r.render_index_to(
                        index.as_ref(),
                        || Index::value(&index),
                        brand,
                        &mut sources.clone(),
                        &mut out,
                    )
                    .map_err(|_| "failed")
                    .unwrap();
                    String::from_utf8(out).unwrap()
                };
                let (a, b) = (page(&compiled), page(&interpreted));
                assert_eq!(a, b);
                let heading = a.contains("class=\"client-heading\"");
                assert_eq!(heading, title != "Solo", "a client heading");
                if title != "Solo" {
                    for branch in [
                        "any report shown is from an earlier build",
                        "class=\"pdf-link\"",
                        "<span class=\"muted\">Other rubric</span>",
                        "Q4 &quot;review&quot;",
                        "class=\"failed\"",
                    ] {
                        assert!(a.contains(branch), "no {branch}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_view_serialises_like_a_plain_struct() {
        let rows = vec![row("a", "X"), row("b", "X")];
        let index = Index::new("t".into(), "r".into(), vec!["r".into()], rows);
        let json = serde_json::to_value(&index).unwrap();
        assert_eq!(json["assessments"][1]["href"], "b/report.html");
        assert_eq!(json["clients"][0]["name"], "X");
        assert_eq!(json["clients"][0]["assessments"][1]["id"], "b");
    }
}
