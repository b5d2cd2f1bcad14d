//! The mirrors say what the loaders read: every key of the answer-file and
//! project schemas is a key the loader knows, and the other way round.

use serde_json::Value;

use super::{Name, generate};
use crate::assessment::load::{
    ANSWER_FIELDS, ORGANIZATION_KEYS, PLAN_FIELDS, RESPONDENT_KEYS, TOP_KEYS,
};

/// The property names of the schema at `pointer` (a definition or the root).
fn keys(schema: &Value, pointer: &str) -> Vec<String> {
    let properties = schema
        .pointer(&format!("{pointer}/properties"))
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no properties at {pointer}"));
    let mut keys: Vec<String> = properties.keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    list.sort();
    list
}

#[test]
fn answer_file_keys_are_the_loaders() {
    let schema = generate(Name::Answers);
    assert_eq!(keys(&schema, ""), sorted(TOP_KEYS));
    let definitions = [
        ("/definitions/Organization", ORGANIZATION_KEYS),
        ("/definitions/Respondent", RESPONDENT_KEYS),
        ("/definitions/DetailedAnswer", ANSWER_FIELDS),
        ("/definitions/Plan", PLAN_FIELDS),
    ];
    for (pointer, loader) in definitions {
        assert_eq!(keys(&schema, pointer), sorted(loader), "{pointer}");
    }
}

#[test]
fn project_file_keys_are_the_loaders() {
    let schema = generate(Name::Project);
    let project = &crate::project::SCHEMA;
    assert_eq!(keys(&schema, ""), sorted(project.top));
    for (table, keys_of_loader) in project.tables {
        let definition = match *table {
            "assessment" => "/definitions/AssessmentEntry",
            "gate" => "/definitions/Gate",
            other => panic!("no schema definition for table `{other}`"),
        };
        assert_eq!(keys(&schema, definition), sorted(keys_of_loader), "{table}");
    }
}

#[test]
fn outputs_pin_their_schema_version() {
    for (name, version) in [
        (Name::Score, crate::scoring::SCHEMA_VERSION),
        (Name::Rubric, crate::model::SCHEMA_VERSION),
    ] {
        let schema = generate(name);
        assert_eq!(
            schema.pointer("/properties/schema_version/const"),
            Some(&Value::from(version)),
            "{name:?}"
        );
        let required = schema["required"].as_array().expect("required list");
        assert!(required.contains(&Value::from("schema_version")));
    }
}

#[test]
fn project_schema_allows_no_null() {
    let text = serde_json::to_string(&generate(Name::Project)).unwrap();
    assert!(!text.contains("\"null\""), "{text}");
}

#[test]
fn directive_refuses_what_would_leave_the_comment() {
    assert_eq!(
        super::directive("../../schemas/answers.schema.json").as_deref(),
        Some("#:schema ../../schemas/answers.schema.json\n\n")
    );
    assert_eq!(super::directive("a\nrubric = \"x\""), None);
    assert_eq!(super::directive("  "), None);
}
