//! The evolution rules, one test per rule: what resolves, what each
//! mistake reports, and that knock-on errors are not repeated.

use crate::model::{Fate, Rubric, compile_text};
use crate::source::SourceMap;

const BASE: &str = r#"
rubric t {
  title "T"
  version "2.0.0"
}
stage one "One" {}
pillar p "P" {
  at one {
    indicator kept "Kept"
    indicator new "New"
  }
}
"#;

fn compile(evolution: &str) -> (Option<Rubric>, Vec<String>) {
    let mut sources = SourceMap::new();
    let out = compile_text("t.rubric", &format!("{BASE}{evolution}"), &mut sources);
    let codes = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.to_string())
        .collect();
    (out.rubric, codes)
}

#[test]
fn renames_and_retirements_resolve_with_chains_followed() {
    let (rubric, codes) = compile(
        "evolution {\n  since \"1.1.0\"\n  renamed p.oldest -> p.old\n}\nevolution {\n  since \"2.0.0\"\n  renamed p.old->p.new\n  retired p.gone, p.also-gone\n  renamed p.via -> p.gone\n}\n",
    );
    let r = rubric.unwrap_or_else(|| panic!("{codes:?}"));
    let renamed: Vec<(&str, &str, Option<&str>)> = r
        .renamed
        .iter()
        .map(|x| (x.from.as_str(), x.to.as_str(), x.since.as_deref()))
        .collect();
    assert_eq!(
        renamed,
        [
            ("p.old", "p.new", Some("2.0.0")),
            ("p.oldest", "p.new", Some("1.1.0")),
            ("p.via", "p.gone", Some("2.0.0")),
        ]
    );
    let retired: Vec<&str> = r.retired.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(retired, ["p.also-gone", "p.gone"]);
    assert!(matches!(r.fate("p.kept"), Fate::Current(i) if i.id == "p.kept"));
    assert!(
        matches!(r.fate("p.oldest"), Fate::Renamed { indicator, .. } if indicator.id == "p.new")
    );
    assert!(matches!(r.fate("p.gone"), Fate::Retired { via: None, .. }));
    assert!(matches!(
        r.fate("p.via"),
        Fate::Retired { via: Some(_), .. }
    ));
    assert!(!r.fate("p.nothing").is_known());
}

#[test]
fn each_mistake_has_its_code() {
    for (evolution, expected) in [
        ("renamed p.old -> p.newer", vec!["E0130"]),
        ("renamed p.a -> p.b\n  renamed p.b -> p.a", vec!["E0131"]),
        ("renamed p.a -> p.a", vec!["E0131"]),
        (
            "renamed p.a -> p.new\n  renamed p.a -> p.kept",
            vec!["E0132"],
        ),
        ("retired p.a\n  retired p.a", vec!["E0132"]),
        ("retired p.a\n  renamed p.a -> p.new", vec!["E0132"]),
        ("renamed p.kept -> p.new", vec!["E0133"]),
        ("retired p.kept", vec!["E0133"]),
        (
            "renamed p.a -> p.new\n  renamed p.b -> p.new",
            vec!["E0134"],
        ),
        // One error for a broken chain, not one per rename leading into it.
        (
            "renamed p.a -> p.b\n  renamed p.b -> p.c\n  renamed p.x -> p.a",
            vec!["E0130"],
        ),
        // Entering a cycle from outside is also a second rename onto one id.
        (
            "renamed p.a -> p.b\n  renamed p.b -> p.a\n  renamed p.x -> p.a",
            vec!["E0131", "E0134"],
        ),
    ] {
        let (rubric, mut codes) = compile(&format!("evolution {{\n  {evolution}\n}}\n"));
        codes.sort();
        assert!(rubric.is_none(), "{evolution}");
        assert_eq!(codes, expected, "{evolution}");
    }
}

#[test]
fn statements_are_read_precisely() {
    for (evolution, code) in [
        ("renamed old -> p.new", "E0003"),
        ("renamed p.old p.new", "E0003"),
        ("retired", "E0003"),
        ("since \"1\"\n  since \"2\"", "E0004"),
        ("renmaed p.a -> p.new", "E0002"),
    ] {
        let (_, codes) = compile(&format!("evolution {{\n  {evolution}\n}}\n"));
        assert_eq!(codes, [code], "{evolution}");
    }
    let (_, codes) = compile("pillar q \"Q\" {\n  retired p.a\n}\n");
    assert!(codes.contains(&"E0002".to_string()), "{codes:?}");
}

#[test]
fn a_long_chain_resolves_without_recursion() {
    let mut text = String::from("evolution {\n");
    for i in 0..20_000 {
        text.push_str(&format!("  renamed p.v{i} -> p.v{}\n", i + 1));
    }
    text.push_str("  renamed p.v20000 -> p.new\n}\n");
    let (rubric, codes) = compile(&text);
    let r = rubric.unwrap_or_else(|| panic!("{codes:?}"));
    assert_eq!(r.renamed.len(), 20_001);
    assert!(r.renamed.iter().all(|x| x.to == "p.new"));
}
