#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) with the stable driver:
# plain cargo, no nightly, no cargo-fuzz. Exits non-zero on the first crash
# or timeout, whose input is left in fuzz/artifacts/<target>/. For .ci/run:
#   bash fuzz/ci.sh 60
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
fuzz/seed.sh
cargo build --release --manifest-path fuzz/Cargo.toml --features driver --bin drive
for t in rubric answers pipeline; do
  fuzz/target/release/drive "$t" "fuzz/corpus/$t" --seconds "$seconds"
done
