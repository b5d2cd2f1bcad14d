#!/usr/bin/env bash
# Copies the seed inputs of every fuzz target from tests/ and examples/ into
# fuzz/corpus/<target>/ (kept out of git: fuzzers add files there). Run it
# before fuzzing; it is safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus/rubric" "$corpus/answers" "$corpus/pipeline"

seed() { # seed TARGET FILE: copy FILE under a name made of its path
  local name
  name=$(echo "$2" | tr '/' '_')
  cp "$2" "$corpus/$1/$name"
}

while IFS= read -r f; do seed rubric "$f"; done < <(
  find rubrics tests/rubrics tests/hostile/rubrics tests/answers -name '*.rubric' | sort)
while IFS= read -r f; do seed answers "$f"; done < <(
  find tests/answers tests/hostile/answers examples/acme-outdoor \
    examples/northwind-consulting/clients -name '*.toml' -o -name '*.json' | sort)

# Pipeline inputs: an answer file alone (answers to the bundled rubric), and
# a rubric, the separator line, then an answer file.
separator=$'\n%%answers%%\n'
for f in tests/answers/ok/* examples/acme-outdoor/*.toml; do
  seed pipeline "$f"
  name=$(echo "$f" | tr '/' '_')
  { cat rubrics/ecommerce.rubric; printf '%s' "$separator"; cat "$f"; } \
    > "$corpus/pipeline/with-rubric_$name"
done
echo "seeded: $(ls "$corpus/rubric" | wc -l) rubric, $(ls "$corpus/answers" | wc -l) answers, $(ls "$corpus/pipeline" | wc -l) pipeline"
