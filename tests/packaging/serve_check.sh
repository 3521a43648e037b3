#!/usr/bin/env bash
# Starts an installed `escalated` from a directory of its own on a fresh
# SQLite database and a free port, and checks that it answers: the web UI
# (compiled into the binary) to a browser, one of its assets with the
# immutable cache header, and the API (the first administrator signs in).
#
#   serve_check.sh BINARY WORKDIR [serve arguments...]
set -euo pipefail
bin=$1 work=$2
shift 2
mkdir -p "$work"
cd "$work"  # no source or build tree in sight
log=$work/serve.log
ESCALATED_LISTEN=127.0.0.1:0 ESCALATED_LOG_REQUESTS=0 \
  "$bin" serve --database "sqlite:$work/fresh.db" "$@" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's|^Escalated is listening on \(http://[^ ]*\) .*|\1|p' "$log")
  [ -n "$base" ] && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "FAILED: the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { cat "$log"; echo "FAILED: the server did not start" >&2; exit 1; }
echo "serving at $base from $work"
fail() { echo "FAILED: $*" >&2; exit 1; }

index=$(curl -sf -H 'Accept: text/html' "$base/") || fail "GET $base/ (a browser)"
asset=$(printf '%s' "$index" | grep -o '/support/assets/[^"]*\.js' | head -1)
[ -n "$asset" ] || fail "index.html names no script under /support/assets/: $index"
echo "ok: GET /support/ serves the UI's index.html"
headers=$(curl -sf -D - -o /dev/null "${base%/support}$asset") || fail "GET $asset"
printf '%s' "$headers" | grep -qi '^cache-control: public, max-age=31536000, immutable' ||
  fail "$asset without the immutable cache header: $headers"
echo "ok: GET $asset 200, immutable"

status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$base/auth/me")
[ "$status" = 401 ] || fail "GET /support/auth/me anonymous: $status, not 401"
password=$(sed -n 's/^  password: //p' "$log")
[ -n "$password" ] || fail "no first administrator was created: $(cat "$log")"
login=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$password\"}" "$base/auth/login")
[ "${login##*$'\n'}" = 200 ] || fail "POST /support/auth/login: $login"
echo "ok: the API answers (401 anonymous, the first administrator signs in)"
