//! The default theme's own macros written out at their call sites in the
//! default theme's own templates.
//!
//! Why: a macro call in minijinja sets up a new VM state and copies its
//! output (about 1,500 instructions before the body runs), and the
//! indicator table calls `chip` and `responses` on every row: those calls
//! were 9% of a whole build. Inlining them in the theme's source instead
//! would break an override point: a theme that replaces `macros.html` (an
//! anonymising theme whose `responses` leaves out names, say) must still
//! reach every row. So the source stays as it is, and [`expanded`] is used
//! only when the chain's `macros.html` and the calling template are both
//! the bundled default's own files (see `Renderer::new`); then the
//! expanded text renders exactly what the calls render. Tests:
//! `tests/theme_inlining.rs` renders example and generated assessments
//! with the bundled theme and with an ejected copy of it (never expanded)
//! and compares the bytes; the unit tests here check what is expanded and
//! what is left alone.
//!
//! The rule: a call `{{ NAME(ARG, …) }}` of a macro `NAME` of
//! `macros.html` whose parameters are plain names (no defaults, no
//! `caller`, no `varargs`/`kwargs`), with one argument per parameter, each
//! a string literal or a dotted name not naming a parameter, becomes
//! `{%+ with PARAM = ARG, … %}BODY{% endwith +%}`, BODY being the macro's
//! text (its own calls expanded first). The `+`s keep `lstrip_blocks` and
//! `trim_blocks` off the whitespace around the call (indentation before it,
//! a line break after it), which they do not touch around `{{ … }}`;
//! inside, they treat BODY as they did in the macro.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::theme::bundled;

/// A template's text with macro calls expanded, and where each expansion
/// came from (for error locations in the original text).
#[derive(Debug)]
pub struct Expansion {
    pub text: String,
    /// Each replaced call: its range in `text` and in the original.
    splices: Vec<(Range<usize>, Range<usize>)>,
}

impl Expansion {
    /// The original range of an expanded range: a range inside an expanded
    /// call maps to the call, any other is shifted past the expansions
    /// before it.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let mut shift: isize = 0;
        for (expanded, original) in &self.splices {
            if r.start >= expanded.end {
                shift += original.len() as isize - expanded.len() as isize;
            } else if r.start >= expanded.start {
                return original.clone();
            } else {
                break;
            }
        }
        let at = |x: usize| (x as isize + shift).max(0) as usize;
        at(r.start)..at(r.end)
    }
}

/// The bundled default theme's templates that change when expanded, by
/// name (`pillar.html`, …).
pub fn expanded(name: &str) -> Option<&'static Expansion> {
    EXPANDED.get(name)
}

static EXPANDED: LazyLock<BTreeMap<&'static str, Expansion>> = LazyLock::new(|| {
    let file = |name: &str| {
        bundled::FILES
            .iter()
            .find(|(theme, file, _)| *theme == "default" && *file == name)
            .map(|(_, _, text)| *text)
    };
    let Some(macros) = file("macros.html") else {
        return BTreeMap::new();
    };
    let macros = definitions(macros);
    bundled::FILES
        .iter()
        .filter(|(theme, file, _)| {
            *theme == "default" && file.ends_with(".html") && *file != "macros.html"
        })
        .filter_map(|(_, file, text)| {
            let expansion = expand(text, &macros);
            (!expansion.splices.is_empty()).then_some((*file, expansion))
        })
        .collect()
});

/// A macro of `macros.html` that can be expanded.
#[derive(Debug)]
struct Macro {
    params: Vec<String>,
    body: String,
}

/// The expandable macros of a `macros.html`, their own calls expanded.
fn definitions(text: &str) -> BTreeMap<String, Macro> {
    const OPEN: &str = "{% macro ";
    const END: &str = "{% endmacro %}";
    let mut raw = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(head_end) = after.find("%}") else {
            break;
        };
        let Some(body_end) = after.find(END) else {
            break;
        };
        let head = after[..head_end].trim();
        let body = &after[head_end + 2..body_end];
        rest = &after[body_end + END.len()..];
        if let Some((name, params)) = signature(head) {
            let plain = !body.contains("{% macro") && !body.contains("caller");
            if plain {
                raw.push((name, params, body.to_string()));
            }
        }
    }
    // A body's own calls, expanded with the macros defined so far (a body
    // never calls a macro defined after it in the bundled file; if one
    // did, the call would simply stay a call).
    let mut out: BTreeMap<String, Macro> = BTreeMap::new();
    for (name, params, body) in raw {
        let body = expand(&body, &out).text;
        out.insert(name, Macro { params, body });
    }
    out
}

/// `NAME(A, B)` → the name and parameter names, when every parameter is a
/// plain name.
fn signature(head: &str) -> Option<(String, Vec<String>)> {
    let (name, rest) = head.split_once('(')?;
    let params = rest.strip_suffix(')')?;
    let name = name.trim();
    if !is_name(name) {
        return None;
    }
    let params: Vec<String> = if params.trim().is_empty() {
        Vec::new()
    } else {
        params.split(',').map(|p| p.trim().to_string()).collect()
    };
    let reserved = ["caller", "varargs", "kwargs"];
    params
        .iter()
        .all(|p| is_name(p) && !reserved.contains(&p.as_str()))
        .then_some((name.to_string(), params))
}

/// `text` with every expandable call of `macros` expanded.
fn expand(text: &str, macros: &BTreeMap<String, Macro>) -> Expansion {
    let mut out = String::with_capacity(text.len() * 2);
    let mut splices = Vec::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open..].find("}}").map(|i| i + open + 2) else {
            break;
        };
        from = close;
        let Some(with) = replacement(&text[open + 2..close - 2], macros) else {
            continue;
        };
        out.push_str(&text[copied..open]);
        let start = out.len();
        out.push_str(&with);
        splices.push((start..out.len(), open..close));
        copied = close;
    }
    out.push_str(&text[copied..]);
    Expansion { text: out, splices }
}

/// The `with` block a call expression (`NAME(ARGS)`, without the braces)
/// expands to, when it is an expandable call.
fn replacement(expr: &str, macros: &BTreeMap<String, Macro>) -> Option<String> {
    let (name, rest) = expr.trim().split_once('(')?;
    let args = rest.strip_suffix(')')?;
    let mac = macros.get(name.trim())?;
    let args: Vec<&str> = if args.trim().is_empty() {
        Vec::new()
    } else {
        args.split(',').map(str::trim).collect()
    };
    let simple = args
        .iter()
        .enumerate()
        .all(|(i, a)| simple_arg(a, &mac.params[..i.min(mac.params.len())]));
    if args.len() != mac.params.len() || !simple {
        return None;
    }
    if args.is_empty() {
        return Some(format!("{{%+ with %}}{}{{% endwith +%}}", mac.body));
    }
    let bindings: Vec<String> = mac
        .params
        .iter()
        .zip(&args)
        .map(|(p, a)| format!("{p} = {a}"))
        .collect();
    Some(format!(
        "{{%+ with {} %}}{}{{% endwith +%}}",
        bindings.join(", "),
        mac.body
    ))
}

/// A string literal without quotes, braces or commas inside, or a dotted
/// name whose first part is not one of `bound`, the parameters bound
/// before it (a `with` binds in order: an argument would see them).
fn simple_arg(arg: &str, bound: &[String]) -> bool {
    if let Some(inner) = arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
        return !inner.contains(['"', '\\', '{', '}', '%', ',']);
    }
    let mut parts = arg.split('.');
    let root = parts.next().unwrap_or_default();
    is_name(root) && !bound.iter().any(|p| p == root) && parts.all(is_name)
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACROS: &str = "{# doc #}\n{% macro chip(status, label) %}<b class=\"{{ status }}\">{{ label }}</b>{% endmacro %}\n\n{% macro list(items) %}\n<ul>{% for i in items %}<li>{{ chip(i.s, i.l) }}</li>{% endfor %}</ul>\n{% endmacro %}\n{% macro fancy(x=1) %}{{ x }}{% endmacro %}\n{% macro call() %}{{ caller() }}{% endmacro %}\n";

    #[test]
    fn plain_macros_are_read_and_bodies_expanded_in_order() {
        let defs = definitions(MACROS);
        assert_eq!(defs.keys().collect::<Vec<_>>(), ["chip", "list"]);
        assert_eq!(defs["chip"].params, ["status", "label"]);
        assert_eq!(
            defs["list"].body,
            "\n<ul>{% for i in items %}<li>{%+ with status = i.s, label = i.l %}<b class=\"{{ status }}\">{{ label }}</b>{% endwith +%}</li>{% endfor %}</ul>\n"
        );
    }

    #[test]
    fn only_calls_with_simple_arguments_are_expanded() {
        let defs = definitions(MACROS);
        let text = "<td>{{ chip(row.status, \"Met\") }}</td>\n<p>{{ chip(a) }} {{ chip(a, f(b)) }} {{ chip(b, status.x) }} {{ chip(\"a,b\", c) }} {{ other(a, b) }}</p>";
        let e = expand(text, &defs);
        assert_eq!(
            e.text,
            "<td>{%+ with status = row.status, label = \"Met\" %}<b class=\"{{ status }}\">{{ label }}</b>{% endwith +%}</td>\n<p>{{ chip(a) }} {{ chip(a, f(b)) }} {{ chip(b, status.x) }} {{ chip(\"a,b\", c) }} {{ other(a, b) }}</p>"
        );
        assert_eq!(e.splices.len(), 1);
    }

    /// The expansion renders what the call renders, also where the
    /// whitespace settings would otherwise strip around the `with` tags.
    #[test]
    fn expanded_calls_render_as_the_calls_do() {
        let page = "<p>\n  {{ chip(a.s, \"x\") }}\n  {{ list(items) }}\n{% if a %}{{ chip(a.s, a.s) }}{% endif %}\n</p>\n";
        let render = |page: &str| {
            let mut env = minijinja::Environment::new();
            env.set_trim_blocks(true);
            env.set_lstrip_blocks(true);
            env.add_template_owned("macros.html", MACROS).unwrap();
            let page = format!("{{% from \"macros.html\" import chip, list %}}\n{page}");
            env.add_template_owned("page.html", page).unwrap();
            let ctx = minijinja::context! { a => minijinja::context! { s => "on" }, items => vec![minijinja::context! { s => "1", l => "one" }] };
            env.get_template("page.html").unwrap().render(ctx).unwrap()
        };
        let expanded = expand(page, &definitions(MACROS));
        assert_eq!(expanded.splices.len(), 3);
        assert_eq!(render(&expanded.text), render(page));
    }

    #[test]
    fn error_ranges_map_back_to_the_original() {
        let defs = definitions(MACROS);
        let text = "<td>{{ chip(a, b) }}</td>{{ oops }}";
        let e = expand(text, &defs);
        let call = text.find("{{ chip").unwrap()..text.find("</td>").unwrap();
        let inside = e.text.find("{{ label }}").unwrap();
        assert_eq!(e.original_range(inside..inside + 11), call);
        let oops = e.text.find("{{ oops }}").unwrap();
        let original = text.find("{{ oops }}").unwrap();
        assert_eq!(e.original_range(oops..oops + 10), original..original + 10);
        assert_eq!(e.original_range(0..4), 0..4);
    }

    #[test]
    fn the_bundled_indicator_table_is_expanded() {
        let pillar = expanded("pillar.html").expect("pillar.html has expandable calls");
        let table = &pillar.text[pillar.text.find("indicator-table").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        assert!(!table.contains("responses(") && !table.contains("chip("));
        assert!(expanded("macros.html").is_none());
    }
}
