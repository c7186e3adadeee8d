#!/usr/bin/env bash
# Runs every test: type-check, lint, unit + integration (jest, with a real
# Prometheus; database tests on SQLite and a throwaway PostgreSQL), two backend
# replicas on PostgreSQL, end-to-end (real Chromium against the demo portal).
# Everything it needs is installed first (scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
if [ -n "${MS_MISSING_DEBIAN_PACKAGES:-}" ]; then
  echo "error: the integration and end-to-end tests need: $MS_MISSING_DEBIAN_PACKAGES" >&2
  echo "       run this command as root once, or: sudo apt-get install $MS_MISSING_DEBIAN_PACKAGES" >&2
  exit 1
fi
. scripts/lib/ports.sh
. scripts/lib/postgres.sh
# the test PostgreSQL never outlives the run, whatever ends it
trap ms_postgres_stop EXIT
trap 'exit 130' INT TERM
ms_require_free_port 3000 "app, needed by the end-to-end tests" || exit 1
ms_require_free_port 7007 "backend, needed by the end-to-end tests" || exit 1

out=test-output
rm -rf "$out/jest.json" "$out/e2e.tap" "$out/replicas.tap" "$out/faults.tap"
mkdir -p "$out"
step() { printf '\n=== %s\n' "$*"; }
status=0
step "type-check"
# from scratch, as on a clean clone: an incremental build can infer unions in
# another order and so print API reports that differ from the committed ones
rm -rf dist-types
yarn tsc
yarn build:api-reports:only --ci # report.api.md files match the exports; refresh: yarn build:api-reports
step "lint"
yarn lint:all
yarn prettier:check
step "unit and integration tests (databases: SQLite and PostgreSQL 15)"
ms_postgres_start
CI=true yarn test --json --outputFile="$out/jest.json" || status=1
ms_postgres_stop
step "two backend replicas on PostgreSQL"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$out/replicas.tap" \
  scripts/replicas/replicas.test.mjs || status=1
step "fault suite: hostile input against real backends"
yarn test:faults || status=1
step "end-to-end tests"
yarn test:e2e || status=1
step "install test (packed plugins in a fresh create-app app)"
yarn test:install || status=1
node scripts/lib/summary.mjs "$out/jest.json" "$out/e2e.tap" "$out/replicas.tap" "$out/faults.tap"
exit $status
