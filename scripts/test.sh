#!/usr/bin/env bash
# Runs every test: type-check, lint, unit + integration (jest, with a real
# Prometheus), end-to-end (real Chromium against the demo portal).
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
ms_require_free_port 3000 "app, needed by the end-to-end tests" || exit 1
ms_require_free_port 7007 "backend, needed by the end-to-end tests" || exit 1

out=test-output
rm -rf "$out/jest.json" "$out/e2e.tap"
mkdir -p "$out"
step() { printf '\n=== %s\n' "$*"; }
status=0
step "type-check"
yarn tsc
step "lint"
yarn lint:all
step "unit and integration tests"
CI=true yarn test --json --outputFile="$out/jest.json" || status=1
step "end-to-end tests"
yarn test:e2e || status=1
node scripts/lib/summary.mjs "$out/jest.json" "$out/e2e.tap"
exit $status
