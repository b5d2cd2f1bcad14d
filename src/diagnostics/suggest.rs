//! "Did you mean …?" suggestions for misspelled ids and keywords.

/// The closest candidate to `wrong`, if one is close enough to be a likely
/// typo. Ties go to the earliest candidate so suggestions are deterministic.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&wrong_lower, &candidate.to_lowercase());
        let distance = strsim::levenshtein(&wrong_lower, &candidate.to_lowercase());
        let plausible = score >= 0.8 || distance <= 2.max(wrong.len() / 4);
        if plausible && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A ready-made `help:` text for [`closest`].
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["data.ab-testing", "data.forecasting", "operations.packing"];
        assert_eq!(closest("data.ab-test", ids), Some("data.ab-testing"));
        assert_eq!(closest("data.forcasting", ids), Some("data.forecasting"));
        assert_eq!(closest("zzz", ids), None);
    }
}
