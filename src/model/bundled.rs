//! Rubrics embedded in the binary, so `builtin:ecommerce` works from any
//! directory without the repository beside it.

/// (name, file text) of every bundled rubric.
pub const BUNDLED: &[(&str, &str)] =
    &[("ecommerce", include_str!("../../rubrics/ecommerce.rubric"))];

/// The text of a bundled rubric by name (`ecommerce` or `ecommerce.rubric`).
pub fn bundled(name: &str) -> Option<&'static str> {
    let name = name.strip_suffix(".rubric").unwrap_or(name);
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
