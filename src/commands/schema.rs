//! `rubricate schema NAME`: prints a JSON Schema (see [`crate::schema`]),
//! so editors and CI pipelines can validate files without a checkout of
//! the repository's `schemas/` folder.

use super::{Outcome, print_bytes};
use crate::schema::{self, Name};

/// Prints the schema of `name` to standard output.
pub fn schema(name: Name) -> Outcome {
    print_bytes(schema::render(name).as_bytes())
}
