#!/usr/bin/env bash
# The whole test suite: lint (with the import-direction rules), typecheck, the @sapa/client build, unit tests, integration
# tests on PGlite and on PostgreSQL, then the web build and browser end-to-end tests in Chromium.
# Ends with one line "N passed, N failed" over every vitest suite.
set -uo pipefail
cd "$(dirname "$0")/.."

results_dir=$(mktemp -d)
failed_steps=()
step() {
  local name=$1; shift
  echo
  echo "=== $name"
  if "$@"; then echo "--- $name: ok"; else echo "--- $name: FAILED"; failed_steps+=("$name"); fi
}
suite() {
  local name=$1; shift
  step "$name" npx vitest run --reporter=default --reporter=json --outputFile="$results_dir/$name.json" "$@"
}

: "${SAPA_TEST_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/postgres}"
export SAPA_TEST_DATABASE_URL

step lint npx eslint .
step typecheck npx tsc --noEmit -p tsconfig.json
# The published @sapa/client compiles on its own (tests use its source; see vitest.config.ts).
step build-client npm run --silent client:build
suite unit --project unit
SAPA_TEST_STORE=pglite suite integration-pglite --project integration
SAPA_TEST_STORE=postgres suite integration-postgres --project integration
SAPA_TEST_STORE=pglite suite timing-pglite --project timing
SAPA_TEST_STORE=postgres suite timing-postgres --project timing
step build-web npm run --silent build:web
suite e2e --project e2e

node scripts/sum-results.mjs "$results_dir"
summary_status=$?
rm -rf "$results_dir"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}"
  exit 1
fi
exit $summary_status
