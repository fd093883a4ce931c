#!/usr/bin/env bash
# Runs the three vitest suites (unit + integration, worker fault tests, browser end-to-end tests) one
# after the other, each writing a JSON report, and ends with ONE plain summary line over all of them.
# Every suite runs even when an earlier one failed; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
rm -f test-artifacts/vitest-*.json
status=0
run() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "== tests: $name"
  pnpm exec vitest run "$@" --reporter=default --reporter=json --outputFile="$PWD/test-artifacts/vitest-$name.json" || status=1
  echo "== tests: $name took $(( $(date +%s) - t0 )) s"
}
run unit
run faults --config apps/worker/vitest.faults.config.ts
run e2e --config apps/web/vitest.e2e.config.ts
node scripts/test-summary.mjs test-artifacts/vitest-unit.json test-artifacts/vitest-faults.json test-artifacts/vitest-e2e.json || status=1
exit $status
