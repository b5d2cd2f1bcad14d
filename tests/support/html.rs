//! HTML checks shared by the report tests: parse with html5ever (the
//! WHATWG parser browsers follow) and report parse errors, external
//! resources and unsafe attributes.

// Each test binary includes this file and uses a different subset of it.
#![allow(dead_code)]

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document, tree_builder::TreeBuilderOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Parses `html`, returning the DOM and the parser's errors (exact mode).
pub fn parse(html: &str) -> (RcDom, Vec<String>) {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom = parse_document(RcDom::default(), opts).one(html);
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    (dom, errors)
}

/// Every element as (tag name, attributes), in document order.
pub fn elements(dom: &RcDom) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    walk(&dom.document, &mut out);
    out
}

fn walk(node: &Handle, out: &mut Vec<(String, Vec<(String, String)>)>) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let attrs = attrs
            .borrow()
            .iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        out.push((name.local.to_string(), attrs));
    }
    for child in node.children.borrow().iter() {
        walk(child, out);
    }
}

/// Problems that would let a report load, run or leak anything: script,
/// frames, embedded objects, `on*` handlers, non-data resource URLs,
/// links with schemes other than http(s)/mailto/#.
pub fn unsafe_parts(dom: &RcDom) -> Vec<String> {
    let mut problems = Vec::new();
    for (tag, attrs) in elements(dom) {
        if [
            "script", "iframe", "frame", "object", "embed", "link", "base", "form", "meta",
        ]
        .contains(&tag.as_str())
        {
            let allowed_meta = tag == "meta"
                && attrs.iter().all(|(k, _)| {
                    ["charset", "name", "content", "http-equiv"].contains(&k.as_str())
                });
            if !allowed_meta {
                problems.push(format!("<{tag}> element {attrs:?}"));
            }
        }
        for (name, value) in &attrs {
            let v = value.trim().to_ascii_lowercase();
            if name.starts_with("on") {
                problems.push(format!("<{tag} {name}=…> event handler"));
            }
            let resource = [
                "src",
                "srcset",
                "poster",
                "data",
                "background",
                "xlink:href",
                "action",
                "formaction",
            ];
            if resource.contains(&name.as_str()) && !v.starts_with("data:image/") {
                problems.push(format!("<{tag} {name}=\"{value}\"> loads a resource"));
            }
            if name == "href" {
                let ok = v.starts_with('#')
                    || v.starts_with("https://")
                    || v.starts_with("http://")
                    || v.starts_with("mailto:");
                if !ok || tag != "a" {
                    problems.push(format!("<{tag} href=\"{value}\">"));
                }
            }
            if name == "style" && v.contains("url(") {
                problems.push(format!("<{tag} style=\"{value}\"> uses url()"));
            }
        }
    }
    problems
}

/// Ids used more than once (anchors must be unique for links to work).
pub fn duplicate_ids(dom: &RcDom) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for (_, attrs) in elements(dom) {
        for (k, v) in attrs {
            if k == "id" {
                *seen.entry(v).or_default() += 1;
            }
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

/// The text of every element with `class` among its classes, in document
/// order (whitespace collapsed).
pub fn texts_of_class(dom: &RcDom, class: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect_class(&dom.document, class, &mut out);
    out
}

/// The rows of the first table with `class`: one list of cell texts per
/// `<tr>` (header and data cells alike).
pub fn table_rows(dom: &RcDom, class: &str) -> Vec<Vec<String>> {
    let mut tables = Vec::new();
    find_class(&dom.document, class, &mut tables);
    let Some(table) = tables.first() else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    find_tag(table, "tr", &mut rows);
    rows.iter()
        .map(|tr| {
            tr.children
                .borrow()
                .iter()
                .filter(|c| matches!(&c.data, NodeData::Element { name, .. } if (&*name.local == "td" || &*name.local == "th")))
                .map(text)
                .collect()
        })
        .collect()
}

/// A node's text content, whitespace collapsed.
pub fn text(node: &Handle) -> String {
    let mut s = String::new();
    gather(node, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn gather(node: &Handle, out: &mut String) {
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        gather(child, out);
    }
}

fn has_class(node: &Handle, class: &str) -> bool {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .any(|a| &*a.name.local == "class" && a.value.split_whitespace().any(|c| c == class)),
        _ => false,
    }
}

fn find_class(node: &Handle, class: &str, out: &mut Vec<Handle>) {
    if has_class(node, class) {
        out.push(node.clone());
    }
    for child in node.children.borrow().iter() {
        find_class(child, class, out);
    }
}

fn collect_class(node: &Handle, class: &str, out: &mut Vec<String>) {
    let mut found = Vec::new();
    find_class(node, class, &mut found);
    out.extend(found.iter().map(text));
}

fn find_tag(node: &Handle, tag: &str, out: &mut Vec<Handle>) {
    if let NodeData::Element { name, .. } = &node.data
        && &*name.local == tag
    {
        out.push(node.clone());
    }
    for child in node.children.borrow().iter() {
        find_tag(child, tag, out);
    }
}
