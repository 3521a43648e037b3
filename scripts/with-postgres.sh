#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND with ESCALATED_TEST_PG_URL pointing at a throwaway PostgreSQL 15
# cluster that lives in a temporary directory and is stopped and deleted when
# the command ends, however it ends. The cluster trades durability for speed
# (no fsync), which is fine for data that is thrown away.
#
# When ESCALATED_TEST_PG_URL is already set, the command runs against that
# server and nothing is started. ESCALATED_PG_PORT picks the port; otherwise
# the first free one from 5433 up is used. ESCALATED_PG_BIN overrides the
# directory holding initdb and pg_ctl.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ -n "${ESCALATED_TEST_PG_URL:-}" ]]; then
  exec "$@"
fi

PG_BIN="${ESCALATED_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "$0: PostgreSQL 15 binaries not found in $PG_BIN (install postgresql-15)" >&2
  exit 1
fi

# The server refuses to run as root, so when started by root the cluster is
# owned by, and run as, the postgres account.
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "$0: running as root but there is no 'postgres' user to run the server" >&2
    exit 1
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
# Run from the cluster's directory: the postgres account may not be allowed
# into the caller's working directory, and initdb warns when it cannot.
in_tmp_as_pg() { (cd "$tmp" && as_pg "$@"); }

port_in_use() {
  # Bash's /dev/tcp connects only when something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the first port from $1 up that nothing listens on.
free_port() {
  local port=$1
  # A live server's Unix socket lock also claims a port, even when that server
  # does not listen on TCP.
  while port_in_use "$port" || [[ -e "/tmp/.s.PGSQL.$port.lock" ]] ||
    [[ -e "/var/run/postgresql/.s.PGSQL.$port.lock" ]]; do
    port=$((port + 1))
    if ((port > 65535)); then
      echo "$0: no free port found from 5433 up" >&2
      return 1
    fi
  done
  echo "$port"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/escalated-pg.XXXXXX")
data="$tmp/data"
sockets="$tmp/sockets"
log="$tmp/postgres.log"
mkdir -p "$sockets"
: >"$log"
if [[ $(id -u) -eq 0 ]]; then
  chown -R postgres: "$tmp"
fi

started=0
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((started)); then
    in_tmp_as_pg "$PG_BIN/pg_ctl" stop -D "$data" -m fast -s >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
# Ctrl-C or a kill still stop the server; the exit codes follow the shell's
# 128+signal convention.
trap 'exit 130' INT
trap 'exit 143' TERM

if ! in_tmp_as_pg "$PG_BIN/initdb" -D "$data" -A trust -U postgres --no-sync -E UTF8 \
  >>"$log" 2>&1; then
  echo "$0: initdb failed:" >&2
  cat "$log" >&2
  exit 1
fi

# Another run may take the chosen port between the check and the start; an
# automatically chosen port is then retried a few ports further on.
attempts=1
if [[ -n "${ESCALATED_PG_PORT:-}" ]]; then
  port="$ESCALATED_PG_PORT"
else
  port=$(free_port 5433)
  attempts=10
fi
started=1
# pg_ctl and the server append to the log; nothing reads it meanwhile.
# shellcheck disable=SC2094
until in_tmp_as_pg "$PG_BIN/pg_ctl" start -w -D "$data" -l "$log" -o \
  "-p $port -k '$sockets' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  >>"$log" 2>&1; do
  attempts=$((attempts - 1))
  if ((attempts == 0)); then
    echo "$0: PostgreSQL failed to start on port $port:" >&2
    cat "$log" >&2
    exit 1
  fi
  in_tmp_as_pg "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -s >/dev/null 2>&1 || true
  port=$(free_port $((port + 1)))
done

export ESCALATED_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"

# Not exec: the trap must outlive the command to stop the server. Reading the
# status through `|| status=$?` keeps `set -e` from exiting early.
status=0
"$@" || status=$?
exit "$status"
