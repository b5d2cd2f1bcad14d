//! `rubricate completions SHELL` and `rubricate man [COMMAND]`: generated
//! from the clap command itself, so they always list the commands and flags
//! this binary has. The command is passed in because the clap types live in
//! the binary (`cli.rs`), not in the library.

use clap_complete::Shell;

use super::{Outcome, print_bytes};

/// Prints the completion script for `shell` (install it where the shell
/// looks, e.g. `rubricate completions bash > ~/.local/share/bash-completion/completions/rubricate`).
pub fn completions(mut command: clap::Command, shell: Shell) -> Outcome {
    let mut out = Vec::new();
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, &mut out);
    print_bytes(&out)
}

/// Prints the man page of the whole program, or of `subcommand`
/// (`rubricate-build(1)`), in roff for `man -l -`.
pub fn man(mut command: clap::Command, subcommand: Option<&str>) -> Outcome {
    // Building sets each subcommand's display name (`rubricate-build`),
    // which the page uses as its title.
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .filter(|n| *n != "help")
                    .collect();
                eprintln!(
                    "error: no command `{name}`\n  = help: commands: {}",
                    names.join(", ")
                );
                return Outcome::Usage;
            }
        },
    };
    let mut out = Vec::new();
    // Every page's footer names the program and its version, subcommands'
    // pages included (they carry no version of their own).
    let man =
        clap_mangen::Man::new(page).source(format!("rubricate {}", env!("RUBRICATE_VERSION")));
    if let Err(e) = man.render(&mut out) {
        eprintln!("error: cannot render the man page: {e}");
        return Outcome::InputErrors;
    }
    print_bytes(&out)
}
