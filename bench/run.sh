#!/usr/bin/env bash
# Runs the whole benchmark: seeds a SQLite database (or reuses a cached one),
# starts `escalated serve` on it, measures cold start and memory, drives each
# load scenario with bench_load, and stops the server (always, via a trap).
# It builds nothing: build first, e.g.
#
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   ninja -C build-bench -j2 bench_seed bench_load escalated_bin
#   BUILD_DIR=build-bench bench/run.sh
#
# Environment (all optional):
#   BUILD_DIR          build tree holding app/escalated and bench/bench_*   (build)
#   BENCH_TICKETS      tickets to seed                                      (1000000)
#   BENCH_REPLIES      average replies per ticket                           (3)
#   BENCH_SEED         random seed of the data set                          (42)
#   BENCH_DB_CACHE     path of a seeded database kept between runs; seeded
#                      there when missing or seeded with other settings, and
#                      copied for each run (the runs write to their copy)
#   BENCH_WORKDIR      where the run's database lives            (a new /tmp dir)
#   BENCH_KEEP         1 keeps the work directory at the end                (0)
#   BENCH_PORT         first port to try                                    (18099)
#   BENCH_SCENARIOS    scenarios, in order  (queue view reply create customer dashboard mixed);
#                      also mixed-nodash: mixed without the agent dashboard; search (words),
#                      saved-view (a view's page), bulk (POST /agent/tickets/bulk of 100)
#                      and guest (GET /widget/tickets/{token}, a guest's page by magic link)
#   BENCH_DURATION     measured seconds per scenario                        (10)
#   BENCH_WARMUP       unmeasured seconds before each scenario              (2)
#   BENCH_CONNECTIONS  keep-alive connections                               (64)
#   BENCH_THREADS      bench_load threads                                   (2)
#   BENCH_COLD_STARTS  how many times to time a cold start                  (3)
#   BENCH_WAIT_QUIET   on a shared machine, wait up to this many seconds before
#                      each scenario for 3 s in which other processes use less
#                      than a quarter of a core                                 (0)
#   BENCH_ANALYZE      1 runs ANALYZE on the run's copy before serving, to see
#                      statistics fresh at once (the server refreshes them at start and hourly) (0)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

BUILD_DIR="${BUILD_DIR:-build}"
if [[ ! -d "$BUILD_DIR" && -d "$root/$BUILD_DIR" ]]; then BUILD_DIR="$root/$BUILD_DIR"; fi
BUILD_DIR="$(cd "$BUILD_DIR" 2>/dev/null && pwd)" || {
  echo "run.sh: build directory not found: ${BUILD_DIR}" >&2
  exit 2
}
ESCALATED="$BUILD_DIR/app/escalated"
SEED="$BUILD_DIR/bench/bench_seed"
LOAD="$BUILD_DIR/bench/bench_load"
for bin in "$ESCALATED" "$SEED" "$LOAD"; do
  [[ -x "$bin" ]] || {
    echo "run.sh: $bin is missing; build bench_seed, bench_load and escalated_bin first" >&2
    exit 2
  }
done

TICKETS="${BENCH_TICKETS:-1000000}"
REPLIES="${BENCH_REPLIES:-3}"
DATA_SEED="${BENCH_SEED:-42}"
SCENARIOS="${BENCH_SCENARIOS:-queue view reply create customer dashboard mixed}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
COLD_STARTS="${BENCH_COLD_STARTS:-3}"
PASSWORD="bench-password"
AGENT="agent1@bench.example"
ADMIN="bench-admin@bench.example"

WORKDIR="${BENCH_WORKDIR:-}"
made_workdir=0
if [[ -z "$WORKDIR" ]]; then
  WORKDIR="$(mktemp -d /tmp/escalated-bench.XXXXXX)"
  made_workdir=1
fi
mkdir -p "$WORKDIR"
DB="$WORKDIR/bench.db"
SERVER_LOG="$WORKDIR/server.log"

server_pid=""
sampler_pid=""

stop_server() {
  if [[ -n "$sampler_pid" ]]; then
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    sampler_pid=""
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 200); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: the server did not stop within 10 s of SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

cleanup() {
  local status=$?
  stop_server
  if [[ "${BENCH_KEEP:-0}" != 1 && $made_workdir == 1 ]]; then
    rm -rf "$WORKDIR"
  elif [[ -d "$WORKDIR" ]]; then
    echo "work directory kept: $WORKDIR"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
kb_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Busy jiffies of the whole machine (user, nice, system, irq, softirq, steal).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

echo "== Escalated benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2/1048576 }' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build:   $BUILD_DIR ($(grep -m1 '^CMAKE_BUILD_TYPE' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo '?'))"
echo "data:    $TICKETS tickets, ~$REPLIES replies each, seed $DATA_SEED, ANALYZE ${BENCH_ANALYZE:-0}"

# ---- the database -------------------------------------------------------------
# The seeder's version is part of the key: a cache seeded by an older seeder
# (version 1 wrote no user_roles, so every request was a 403) is seeded anew.
SEEDER_VERSION=2
meta="tickets=$TICKETS replies=$REPLIES seed=$DATA_SEED seeder=$SEEDER_VERSION"
seed_into() {
  local target="$1"
  rm -f "$target" "$target-wal" "$target-shm"
  "$SEED" --database "sqlite:$target" --tickets "$TICKETS" --replies-per-ticket "$REPLIES" \
    --seed "$DATA_SEED"
}
if [[ -n "${BENCH_DB_CACHE:-}" ]]; then
  if [[ -f "$BENCH_DB_CACHE" && "$(cat "$BENCH_DB_CACHE.meta" 2>/dev/null)" == "$meta" ]]; then
    echo "== reusing the seeded database $BENCH_DB_CACHE ($meta)"
  else
    echo "== seeding $BENCH_DB_CACHE"
    rm -f "$BENCH_DB_CACHE.meta"
    seed_into "$BENCH_DB_CACHE"
    echo "$meta" >"$BENCH_DB_CACHE.meta"
  fi
  cp --reflink=auto "$BENCH_DB_CACHE" "$DB"
else
  echo "== seeding $DB"
  seed_into "$DB"
fi
echo "database: $(du -h "$DB" | cut -f1)"
if [[ "${BENCH_ANALYZE:-0}" == 1 ]]; then
  echo "== ANALYZE (BENCH_ANALYZE=1: planner statistics the server itself never gathers)"
  "$SEED" --database "sqlite:$DB" --analyze-only
fi

echo "== creating an admin with the CLI"
"$ESCALATED" user add --database "sqlite:$DB" --email "$ADMIN" --name "Bench Admin" \
  --password "$PASSWORD" --role admin

# ---- the server -----------------------------------------------------------------
PORT="${BENCH_PORT:-18099}"
for _ in $(seq 1 50); do
  port_open "$PORT" || break
  PORT=$((PORT + 1))
done
if port_open "$PORT"; then
  echo "run.sh: no free port found from ${BENCH_PORT:-18099}" >&2
  exit 1
fi
URL="http://127.0.0.1:$PORT"

start_server() {
  : >"$SERVER_LOG"
  local t0
  t0=$(now_ns)
  # A handful of bench users drive thousands of requests a second: the
  # per-user request budgets (RateLimits) would refuse most of them.
  ESCALATED_DATABASE_URL="sqlite:$DB" ESCALATED_LISTEN="127.0.0.1:$PORT" ESCALATED_LOG_REQUESTS=0 \
    ESCALATED_RATE_LIMITS=0 ESCALATED_GUEST_ENABLED=1 "$ESCALATED" serve >>"$SERVER_LOG" 2>&1 &
  server_pid=$!
  local deadline=$(($(now_ns) + 30000000000))
  until port_open "$PORT"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: the server exited during start-up:" >&2
      cat "$SERVER_LOG" >&2
      exit 1
    fi
    if (($(now_ns) > deadline)); then
      echo "run.sh: the server did not open port $PORT within 30 s" >&2
      exit 1
    fi
    sleep 0.002
  done
  cold_start_ms=$((($(now_ns) - t0) / 1000000))
}

echo "== cold start (spawn until 127.0.0.1:$PORT accepts), $COLD_STARTS times"
cold_starts=()
for i in $(seq 1 "$COLD_STARTS"); do
  start_server
  cold_starts+=("$cold_start_ms")
  echo "  start $i: $cold_start_ms ms"
  if ((i < COLD_STARTS)); then stop_server; fi
done
cold_sorted=$(printf '%s\n' "${cold_starts[@]}" | sort -n | tr '\n' ' ')
cold_median=$(printf '%s\n' "${cold_starts[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "cold start: median $cold_median ms (all: $cold_sorted)"
if command -v curl >/dev/null; then
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/support/auth/me" || true)
  echo "first HTTP answer: GET /support/auth/me -> $code"
fi

sleep 1
rss_idle=$(kb_field "$server_pid" VmRSS)
echo "== server pid $server_pid, RSS idle $(mb "$rss_idle") MB"

# Waits (at most BENCH_WAIT_QUIET seconds) until the machine has been nearly
# idle for 3 s; says how long it waited and how busy the machine still was.
wait_quiet() {
  local limit="${BENCH_WAIT_QUIET:-0}"
  ((limit > 0)) || return 0
  local hz start b0 b1 busy
  hz=$(getconf CLK_TCK)
  start=$(now_ns)
  while :; do
    b0=$(machine_ticks)
    sleep 3
    b1=$(machine_ticks)
    busy=$(awk -v t="$((b1 - b0))" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz / 3 }')
    if awk -v b="$busy" 'BEGIN { exit !(b < 0.25) }'; then
      echo "machine quiet (${busy} cores busy) after $((($(now_ns) - start) / 1000000000)) s"
      return 0
    fi
    if (($(now_ns) - start > limit * 1000000000)); then
      echo "machine still busy (${busy} cores) after ${limit} s; measuring anyway"
      return 0
    fi
  done
}

# ---- the scenarios ------------------------------------------------------------------
summary=()
peak_rss=0
restarts=0
for scenario in $SCENARIOS; do
  echo
  echo "== scenario $scenario: $CONNECTIONS connections, ${DURATION}s after ${WARMUP}s warm-up"
  wait_quiet
  # On a shared machine something else may have stopped the server; say so
  # and start it again rather than measuring a dead port.
  if ! kill -0 "$server_pid" 2>/dev/null; then
    set +e
    wait "$server_pid" 2>/dev/null
    exit_status=$?
    set -e
    echo "run.sh: the server (pid $server_pid) exited with status $exit_status before this scenario;" \
      "log tail:" >&2
    tail -5 "$SERVER_LOG" >&2
    start_server
    restarts=$((restarts + 1))
    echo "restarted the server (pid $server_pid) in $cold_start_ms ms"
  fi
  # Samples the server's RSS every 100 ms while the scenario runs.
  rss_file="$WORKDIR/rss.$scenario"
  : >"$rss_file"
  (
    while kill -0 "$server_pid" 2>/dev/null; do
      kb_field "$server_pid" VmRSS >>"$rss_file"
      sleep 0.1
    done
  ) &
  sampler_pid=$!
  cpu0=$(cpu_ticks "$server_pid")
  busy0=$(machine_ticks)
  t0=$(now_ns)
  set +e
  out=$("$LOAD" --url "$URL" --prefix /support --email "$AGENT" --password "$PASSWORD" \
    --scenario "$scenario" --connections "$CONNECTIONS" --duration "$DURATION" \
    --warmup "$WARMUP" --threads "$THREADS" 2>&1)
  load_status=$?
  set -e
  elapsed_ns=$(($(now_ns) - t0))
  cpu1=$(cpu_ticks "$server_pid")
  busy1=$(machine_ticks)
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  echo "$out"
  if ((load_status != 0 && load_status != 3)); then
    echo "run.sh: bench_load failed ($load_status); server log tail:" >&2
    tail -20 "$SERVER_LOG" >&2
  fi
  rss_max=$(sort -n "$rss_file" | tail -1)
  rss_max=${rss_max:-0}
  ((rss_max > peak_rss)) && peak_rss=$rss_max
  # CPU over the whole bench_load run (setup, warm-up and measure), in cores:
  # the server's, the machine's, and what neither the server nor the driver
  # used (other people's work on a shared machine).
  hz=$(getconf CLK_TCK)
  cores=$(awk -v t="$((cpu1 - cpu0))" -v ns="$elapsed_ns" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz / (ns / 1e9) }')
  busy=$(awk -v t="$((busy1 - busy0))" -v ns="$elapsed_ns" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz / (ns / 1e9) }')
  line=$(grep '^BENCH_LOAD' <<<"$out" || true)
  client=$(sed -n 's/.* client_cpu=\([^ ]*\).*/\1/p' <<<"$line")
  others=$(awk -v b="$busy" -v s="$cores" -v c="${client:-0}" 'BEGIN { o = b - s - c; if (o < 0) o = 0; printf "%.2f", o }')
  echo "server: RSS max $(mb "$rss_max") MB during the scenario; CPU cores busy: server $cores," \
    "bench_load ${client:-?}, other processes $others (machine $busy of $(nproc))"
  summary+=("$scenario|$line|$(mb "$rss_max")|$cores|$others")
done

hwm=$(kb_field "$server_pid" VmHWM)
rss_end=$(kb_field "$server_pid" VmRSS)
echo
echo "== stopping the server (SIGTERM)"
t0=$(now_ns)
stop_server
echo "stopped in $((($(now_ns) - t0) / 1000000)) ms"
if grep -qi 'error' "$SERVER_LOG"; then
  echo "server log errors (first 10):"
  grep -i 'error' "$SERVER_LOG" | head -10
fi

echo
echo "== summary ($TICKETS tickets, $CONNECTIONS connections, ${DURATION}s per scenario)"
printf '%-10s %9s %9s %9s %9s %9s %7s %7s %7s %7s\n' scenario 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' \
  'max ms' errors 'RSS MB' 'srv CPU' 'others'
for row in "${summary[@]}"; do
  IFS='|' read -r name line rss cores others <<<"$row"
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  printf '%-10s %9s %9s %9s %9s %9s %7s %7s %7s %7s\n' "$name" "$(get rps)" "$(get p50)" "$(get p90)" \
    "$(get p99)" "$(get max)" "$(get errors)" "$rss" "$cores" "$others"
done
echo "(srv CPU: cores the server used; others: cores used by processes other than the server and"
echo " bench_load during the scenario, i.e. how shared the machine was)"
echo "cold start: median $cold_median ms (all: $cold_sorted)"
if ((restarts > 0)); then
  echo "WARNING: the server had to be restarted $restarts time(s); VmHWM covers only the last start"
fi
echo "RSS: idle $(mb "$rss_idle") MB, peak sampled $(mb "$peak_rss") MB, VmHWM $(mb "$hwm") MB, at the end $(mb "$rss_end") MB"
