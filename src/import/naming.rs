//! Answer file names from respondents' names: `Dana Reyes` →
//! `dana-reyes.toml`. Names are folded to lowercase ASCII (common accents
//! dropped, anything else a hyphen) so files are easy to type in a shell
//! and identical on every system; two respondents with one name get
//! `-2`, `-3`, … in the order they were read.

use std::collections::BTreeSet;

/// Longest file stem written.
const MAX_STEM: usize = 60;

/// A file stem for `name`; `respondent` when nothing of it is usable.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(ascii) => out.push_str(ascii),
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut stem: String = out.trim_end_matches('-').chars().take(MAX_STEM).collect();
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        "respondent".to_string()
    } else {
        stem
    }
}

/// Latin letters with accents, as their plain letters.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    })
}

/// One unique file stem per name, in order.
pub fn unique_stems<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for name in names {
        let base = slug(name);
        let mut stem = base.clone();
        let mut n = 2;
        while taken.contains(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(stem.clone());
        out.push(stem);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Dana Reyes"), "dana-reyes");
        assert_eq!(slug("  José  Müller-Øberg "), "jose-muller-oberg");
        assert_eq!(slug("O'Brien, Pat (Ops)"), "o-brien-pat-ops");
        assert_eq!(slug("李雷"), "respondent");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(&"x".repeat(100)).len(), MAX_STEM);
    }

    #[test]
    fn collisions_get_suffixes() {
        let stems = unique_stems(["Dana", "dana", "Sam", "DANA"]);
        assert_eq!(stems, ["dana", "dana-2", "sam", "dana-3"]);
    }
}
