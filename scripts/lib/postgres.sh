#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: its own data folder under a temp dir,
# a free port, 127.0.0.1 only, password auth, nothing kept afterwards.
# initdb and postgres never run as root: as root they run as the `postgres`
# user (Debian's package creates it), otherwise as the caller.
#
# Sourced (scripts/test.sh, scripts/with-postgres.sh):
#   ms_postgres_start   starts one and exports MS_POSTGRES_DIR and
#                       BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
#   ms_postgres_stop    stops it and removes its folder
# Run (the replica test pauses the server it started):
#   postgres.sh start           prints the folder, then the connection string
#   postgres.sh pause|resume|stop DIR
#
# MS_POSTGRES_BIN overrides where initdb, pg_ctl and postgres are found.

MS_POSTGRES_BIN="${MS_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"

_ms_pg_fail() { echo "postgres: $*" >&2; return 1; }

# Runs a PostgreSQL program as the user that owns the server.
_ms_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # from / : the caller's folder may be closed to that user
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# First port from a random start in 20000-29999 that nothing listens on.
_ms_pg_free_port() {
  local port=$((20000 + RANDOM % 10000)) i
  for ((i = 0; i < 200; i++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    port=$((20000 + (port - 20000 + 1) % 10000))
  done
  _ms_pg_fail "no free port found in 20000-29999"
}

_ms_pg_ctl() {
  local dir="$1"
  shift
  _ms_pg_as_owner "$MS_POSTGRES_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" "$@"
}

# (Re)starts the server of DIR on the port chosen at initdb; waits until it accepts connections.
_ms_pg_run() {
  local dir="$1" port
  port="$(cat "$dir/port")"
  # fsync off: a crash loses a throwaway database, nothing else
  _ms_pg_ctl "$dir" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null ||
    { tail -20 "$dir/server.log" >&2; _ms_pg_fail "the server in $dir did not start"; }
}

_ms_pg_new_dir() {
  mktemp -d "${TMPDIR:-/tmp}/mesh-security-postgres.XXXXXX"
}

# Creates and starts a server in DIR, an empty folder.
_ms_pg_create() {
  local dir="$1" port password
  [ -x "$MS_POSTGRES_BIN/initdb" ] ||
    _ms_pg_fail "no $MS_POSTGRES_BIN/initdb: install Debian's postgresql (scripts/bootstrap.sh does, as root)" || return 1
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    _ms_pg_fail "no 'postgres' user to run the server as (Debian's postgresql package creates it)" || return 1
  fi
  port="$(_ms_pg_free_port)" || return 1
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  echo "$port" >"$dir/port"
  (umask 077 && echo "$password" >"$dir/password")
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
  # every TCP login needs the password; the socket in $dir is the owner's only
  _ms_pg_as_owner "$MS_POSTGRES_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; _ms_pg_fail "initdb failed"; return 1; }
  _ms_pg_run "$dir"
}

_ms_pg_connection_string() {
  echo "postgresql://postgres:$(cat "$1/password")@127.0.0.1:$(cat "$1/port")/postgres"
}

_ms_pg_destroy() {
  local dir="$1"
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    _ms_pg_ctl "$dir" -w -t 30 -m fast stop >/dev/null 2>&1 || echo "postgres: could not stop the server in $dir" >&2
  fi
  rm -rf "$dir"
}

ms_postgres_start() {
  # known before anything runs in it, so that ms_postgres_stop (a trap) can
  # clean up after a start that was interrupted
  MS_POSTGRES_DIR="$(_ms_pg_new_dir)" || return 1
  export MS_POSTGRES_DIR
  _ms_pg_create "$MS_POSTGRES_DIR" || return 1
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(_ms_pg_connection_string "$MS_POSTGRES_DIR")"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  echo "postgres: PostgreSQL 15 on 127.0.0.1:$(cat "$MS_POSTGRES_DIR/port") (data in $MS_POSTGRES_DIR)" >&2
}

ms_postgres_stop() {
  _ms_pg_destroy "${MS_POSTGRES_DIR:-}"
  unset MS_POSTGRES_DIR BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
}

# Executed rather than sourced: a small command line for test programs.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      dir="$(_ms_pg_new_dir)"
      _ms_pg_create "$dir" || { _ms_pg_destroy "$dir"; exit 1; }
      echo "$dir"
      _ms_pg_connection_string "$dir"
      ;;
    pause) _ms_pg_ctl "${2:?postgres.sh pause DIR}" -w -t 30 -m fast stop >/dev/null ;;
    resume) _ms_pg_run "${2:?postgres.sh resume DIR}" ;;
    stop) _ms_pg_destroy "${2:?postgres.sh stop DIR}" ;;
    *)
      echo "usage: postgres.sh start | pause DIR | resume DIR | stop DIR" >&2
      exit 2
      ;;
  esac
fi
