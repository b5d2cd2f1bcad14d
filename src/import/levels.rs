//! Answers in cells → answer values. A cell answers with one of the
//! indicator's scale labels (case and spacing aside), a level number, or
//! "n/a" (also `na`, `n.a.`, `not applicable`) where the rubric allows
//! it; a survey's map file can add its own words for levels (`"Strongly
//! agree" = "Fully in place"`). Anything else is an error with a
//! did-you-mean, never a guess.

use std::collections::BTreeMap;

use super::cells::{Value, fold, number};
use super::place::Place;
use crate::assessment::AnswerValue;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::closest;
use crate::model::{Indicator, NotApplicablePolicy, Rubric, Scale};
use crate::questionnaire::layout::NOT_APPLICABLE;

/// What a survey's own answer word stands for (from the map file).
#[derive(Debug, Clone, PartialEq)]
pub enum Alias {
    /// A level label of the scale.
    Label(String),
    /// A level value of the scale.
    Number(f64),
    NotApplicable,
    /// Counts as not answered ("Don't know").
    Unanswered,
}

/// Reads answer cells for one rubric, with a survey's aliases.
pub struct Levels<'a> {
    pub rubric: &'a Rubric,
    /// Folded answer text → what it stands for.
    pub aliases: &'a BTreeMap<String, Alias>,
}

impl Levels<'_> {
    /// The answer in `value` for `indicator`: `Ok(None)` when unanswered.
    pub fn answer(
        &self,
        indicator: &Indicator,
        value: &Value,
        place: &Place,
    ) -> Result<Option<AnswerValue>, Diagnostic> {
        let scale = self.rubric.scale_of(indicator);
        match value {
            Value::Empty | Value::Invalid => Ok(None),
            Value::Number(n) => self.number(scale, *n, place, &number(*n)).map(Some),
            Value::Text(t) if t.trim().is_empty() => Ok(None),
            Value::Text(t) => self.text(scale, t.trim(), place),
            Value::Error(e) => Err(place
                .error("E0713", format!("the cell shows the error {e}"))
                .with_help(self.levels_help(scale))),
            other => Err(place
                .error("E0713", format!("{} is not an answer", other.describe()))
                .with_help(self.levels_help(scale))),
        }
    }

    fn text(
        &self,
        scale: &Scale,
        text: &str,
        place: &Place,
    ) -> Result<Option<AnswerValue>, Diagnostic> {
        let folded = fold(text);
        if let Some(alias) = self.aliases.get(&folded) {
            return self.alias(scale, alias, text, place);
        }
        if let Some(level) = scale.levels.iter().find(|l| fold(&l.label) == folded) {
            return Ok(Some(AnswerValue::Level(level.value)));
        }
        if means_not_applicable(text) {
            return self.not_applicable(scale, text, place).map(Some);
        }
        if let Ok(n) = text.parse::<f64>() {
            return self.number(scale, n, place, text).map(Some);
        }
        Err(self.unknown(scale, text, place))
    }

    fn alias(
        &self,
        scale: &Scale,
        alias: &Alias,
        text: &str,
        place: &Place,
    ) -> Result<Option<AnswerValue>, Diagnostic> {
        match alias {
            Alias::Unanswered => Ok(None),
            Alias::NotApplicable => self.not_applicable(scale, text, place).map(Some),
            Alias::Number(n) => self.number(scale, *n, place, text).map(Some),
            Alias::Label(label) => {
                let folded = fold(label);
                match scale.levels.iter().find(|l| fold(&l.label) == folded) {
                    Some(level) => Ok(Some(AnswerValue::Level(level.value))),
                    None => Err(place
                        .error(
                            "E0705",
                            format!(
                                "\"{text}\" stands for \"{label}\" in the map file, which is not a level of scale `{}`",
                                scale.id
                            ),
                        )
                        .with_help(self.levels_help(scale))),
                }
            }
        }
    }

    fn number(
        &self,
        scale: &Scale,
        n: f64,
        place: &Place,
        written: &str,
    ) -> Result<AnswerValue, Diagnostic> {
        if scale.level(n).is_some() {
            return Ok(AnswerValue::Level(n));
        }
        Err(place
            .error(
                "E0705",
                format!("{written} is not a level of scale `{}`", scale.id),
            )
            .with_help(self.levels_help(scale)))
    }

    fn not_applicable(
        &self,
        scale: &Scale,
        text: &str,
        place: &Place,
    ) -> Result<AnswerValue, Diagnostic> {
        if self.rubric.scoring.not_applicable == NotApplicablePolicy::Forbidden {
            return Err(place
                .error(
                    "E0706",
                    format!("\"{text}\": this rubric does not allow \"{NOT_APPLICABLE}\" answers"),
                )
                .with_help(format!(
                    "rate the statement on its scale instead: {}",
                    self.levels_help(scale)
                )));
        }
        Ok(AnswerValue::NotApplicable)
    }

    fn unknown(&self, scale: &Scale, text: &str, place: &Place) -> Diagnostic {
        let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
        let mut candidates = labels.clone();
        if self.rubric.scoring.not_applicable != NotApplicablePolicy::Forbidden {
            candidates.push(NOT_APPLICABLE);
        }
        let help = match closest(text, candidates) {
            Some(c) => format!(
                "did you mean \"{c}\"? The answers are {}",
                self.levels_list(scale)
            ),
            None => self.levels_help(scale),
        };
        place
            .error(
                "E0705",
                format!("\"{text}\" is not a level of scale `{}`", scale.id),
            )
            .with_help(help)
    }

    /// "the answers are 0 \"Not in place\", …, or \"n/a\"".
    pub fn levels_help(&self, scale: &Scale) -> String {
        format!("the answers are {}", self.levels_list(scale))
    }

    /// "0 \"Not in place\", …, 3 \"Fully in place\" (the label or the
    /// number), or \"n/a\"".
    fn levels_list(&self, scale: &Scale) -> String {
        let levels: Vec<String> = scale
            .levels
            .iter()
            .map(|l| format!("{} \"{}\"", number(l.value), l.label))
            .collect();
        let na = match self.rubric.scoring.not_applicable {
            NotApplicablePolicy::Forbidden => String::new(),
            _ => format!(", or \"{NOT_APPLICABLE}\""),
        };
        format!("{} (the label or the number){na}", levels.join(", "))
    }
}

/// "n/a", "N/A ", "n.a.", "not applicable": the respondent means n/a.
pub fn means_not_applicable(text: &str) -> bool {
    let letters: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(letters.as_str(), "na" | "notapplicable")
}

/// Under `justified`, an "n/a" needs a note saying why (as answer files
/// do); the error points at the answer cell.
pub fn check_justified(
    rubric: &Rubric,
    value: AnswerValue,
    note: Option<&str>,
    place: &Place,
    help: &str,
) -> Result<(), Diagnostic> {
    let justified = rubric.scoring.not_applicable == NotApplicablePolicy::Justified;
    if value == AnswerValue::NotApplicable && justified && note.is_none() {
        return Err(place
            .error(
                "E0706",
                format!("\"{NOT_APPLICABLE}\" needs a note saying why"),
            )
            .with_help(help.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn rubric() -> Rubric {
        let mut sources = SourceMap::new();
        crate::model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .expect("bundled rubric compiles")
    }

    #[test]
    fn labels_numbers_and_na() {
        let rubric = rubric();
        let aliases = BTreeMap::from([
            (
                "strongly agree".to_string(),
                Alias::Label("Fully in place".into()),
            ),
            ("don't know".to_string(), Alias::Unanswered),
        ]);
        let levels = Levels {
            rubric: &rubric,
            aliases: &aliases,
        };
        let indicator = rubric.indicator("technology.saas-platform").unwrap();
        let place = Place::new("s.csv", None, 1, 2);
        let answer = |v: Value| levels.answer(indicator, &v, &place);
        let text = |t: &str| Value::Text(t.into());
        assert_eq!(
            answer(text(" largely   IN place ")),
            Ok(Some(AnswerValue::Level(2.0)))
        );
        assert_eq!(answer(text("3")), Ok(Some(AnswerValue::Level(3.0))));
        assert_eq!(
            answer(Value::Number(0.0)),
            Ok(Some(AnswerValue::Level(0.0)))
        );
        assert_eq!(answer(text("N/A")), Ok(Some(AnswerValue::NotApplicable)));
        assert_eq!(
            answer(text("Strongly Agree")),
            Ok(Some(AnswerValue::Level(3.0)))
        );
        assert_eq!(answer(text("Don't know")), Ok(None));
        assert_eq!(answer(Value::Empty), Ok(None));
        let wrong = answer(text("Partly in plce")).unwrap_err();
        assert_eq!(
            wrong.message,
            "s.csv: C2: \"Partly in plce\" is not a level of scale `agreement`"
        );
        assert!(
            wrong
                .help
                .unwrap()
                .starts_with("did you mean \"Partly in place\"?")
        );
        assert!(answer(Value::Number(7.0)).is_err());
        assert!(answer(Value::Bool(true)).is_err());
    }
}
