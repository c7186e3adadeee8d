#!/usr/bin/env bash
# Starts the demo portal: app on :3000, backend on :7007, guest sign-in.
# Everything it needs is installed first (scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/ports.sh
ms_require_free_port 3000 "app" || exit 1
ms_require_free_port 7007 "backend" || exit 1
MS_SKIP_APT="${MS_SKIP_APT:-1}" . scripts/bootstrap.sh
exec yarn start
