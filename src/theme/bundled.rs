//! Themes embedded in the binary, like the bundled rubric, so `--theme
//! print` works from any directory. Each entry is (theme, file, text).

/// Every file of every bundled theme, path relative to the theme folder.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "default",
        "theme.toml",
        include_str!("../../themes/default/theme.toml"),
    ),
    (
        "default",
        "style.css",
        include_str!("../../themes/default/style.css"),
    ),
    (
        "default",
        "report.html",
        include_str!("../../themes/default/report.html"),
    ),
    (
        "default",
        "macros.html",
        include_str!("../../themes/default/macros.html"),
    ),
    (
        "default",
        "cover.html",
        include_str!("../../themes/default/cover.html"),
    ),
    (
        "default",
        "summary.html",
        include_str!("../../themes/default/summary.html"),
    ),
    (
        "default",
        "pillar.html",
        include_str!("../../themes/default/pillar.html"),
    ),
    (
        "default",
        "roadmap.html",
        include_str!("../../themes/default/roadmap.html"),
    ),
    (
        "default",
        "progress.html",
        include_str!("../../themes/default/progress.html"),
    ),
    (
        "default",
        "appendix.html",
        include_str!("../../themes/default/appendix.html"),
    ),
    (
        "default",
        "full-rubric.html",
        include_str!("../../themes/default/full-rubric.html"),
    ),
    (
        "default",
        "trend.html",
        include_str!("../../themes/default/trend.html"),
    ),
    (
        "default",
        "head.html",
        include_str!("../../themes/default/head.html"),
    ),
    (
        "default",
        "index.html",
        include_str!("../../themes/default/index.html"),
    ),
    (
        "print",
        "theme.toml",
        include_str!("../../themes/print/theme.toml"),
    ),
    (
        "print",
        "style.css",
        include_str!("../../themes/print/style.css"),
    ),
    (
        "print",
        "cover.html",
        include_str!("../../themes/print/cover.html"),
    ),
];

/// Names of the bundled themes, in a stable order.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = FILES.iter().map(|(t, _, _)| *t).collect();
    names.dedup();
    names
}

/// The files of one bundled theme.
pub fn files(theme: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FILES
        .iter()
        .filter(move |(t, _, _)| *t == theme)
        .map(|(_, path, text)| (*path, *text))
}
