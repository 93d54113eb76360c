#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster for the tests on a loopback port and prints the
# TEST_POSTGRES_URL to use. Installs Debian's postgresql-15 when missing (needs root and apt).
# The server refuses to run as root, so as root the cluster belongs to the `postgres` user.
# Usage: eval "$(scripts/test-postgres.sh)"   (PGPORT and PGDIR can be set to change where)
set -euo pipefail
PORT="${PGPORT:-55432}"
DIR="${PGDIR:-/tmp/rxroster-test-pg-$PORT}"
BIN=/usr/lib/postgresql/15/bin

if [ ! -x "$BIN/initdb" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 >/dev/null
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # fsync off: a test cluster that is thrown away needs no durability.
  as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  # A login role that may create the per-file test databases (not a superuser, as in production).
  "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c "CREATE ROLE rxroster LOGIN CREATEDB PASSWORD 'rxroster'" >/dev/null
fi
echo "export TEST_POSTGRES_URL=postgresql://rxroster:rxroster@127.0.0.1:$PORT/postgres"
