#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL 15 (scripts/lib/postgres.sh),
# its connection in BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, where
# the database tests look for it; the server is gone afterwards, also on
# failure or Ctrl-C. For example, with Node and Yarn on PATH
# (`. scripts/bootstrap.sh`):
#
#   CI=true ./scripts/with-postgres.sh yarn workspace @mesh-security/plugin-mesh-security-backend test
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
. "$(dirname "$0")/lib/postgres.sh"
trap ms_postgres_stop EXIT
trap 'exit 130' INT TERM
ms_postgres_start
"$@"
