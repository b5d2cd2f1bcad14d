//! `rubricate completions SHELL` and `rubricate man [COMMAND]` cover every
//! command the binary has. The list of commands is read from `--help`, so
//! a command added later is checked without touching this file.

#[path = "support/example.rs"]
mod example;
use example::rubricate;

/// The subcommands `rubricate --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let out = rubricate(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 12, "{names:?}");
    names
}

fn stdout_of(args: &[&str]) -> String {
    let out = rubricate(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_name_every_subcommand_in_every_shell() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: {script}");
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell} misses `{name}`");
        }
    }
    // Flags of a subcommand are completed too.
    assert!(stdout_of(&["completions", "bash"]).contains("--baseline"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    assert_eq!(rubricate(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_page_lists_every_subcommand_and_each_has_a_page() {
    let names = subcommands();
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie"),
        "roff: {}",
        &page[..page.len().min(80)]
    );
    assert!(page.contains(".TH rubricate 1"));
    for name in &names {
        assert!(page.contains(&format!("rubricate\\-{name}(1)")), "`{name}`");
        let own = stdout_of(&["man", name]);
        assert!(own.contains(&format!(".TH rubricate-{name} 1")), "{name}");
        assert!(own.contains(".SH SYNOPSIS"), "{name}");
    }
}

#[test]
fn man_page_of_an_unknown_command_is_a_usage_error() {
    let out = rubricate(&["man", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no command `frobnicate`"));
}

#[test]
fn version_names_the_package_version() {
    let version = stdout_of(&["--version"]);
    let expected = format!("rubricate {}", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected), "{version}");
    // `rubricate 0.1.0`, or with the commit: `rubricate 0.1.0 (abc1234)`.
    let rest = version.trim_end().strip_prefix(&expected).unwrap();
    assert!(
        rest.is_empty() || (rest.starts_with(" (") && rest.ends_with(')')),
        "{version}"
    );
}
