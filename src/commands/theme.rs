//! `rubricate theme eject NAME DIR`.

use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, Diagnostics, render_all};
use crate::source::SourceMap;
use crate::theme;

pub fn eject(name: &str, dir: &Path, color: ColorChoice) -> Outcome {
    match theme::eject::eject(name, dir) {
        Ok(files) => {
            for f in &files {
                crate::info!("wrote {}", f.display());
            }
            crate::errln!(
                "use it with `--theme {}` or `theme = \"{}\"` in rubricate.toml",
                dir.display(),
                dir.display()
            );
            Outcome::Ok
        }
        Err(d) => {
            let mut diags = Diagnostics::new();
            diags.push(d);
            crate::err!("{}", render_all(&SourceMap::new(), &diags, color));
            Outcome::InputErrors
        }
    }
}
