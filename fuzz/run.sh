#!/usr/bin/env bash
# Runs every libFuzzer target of a `make fuzz` build for a while and says what
# each found. The seed corpus (fuzz/corpus/<target>/) is read, never written:
# new inputs go to BUILD/fuzz/corpus-<target>/, crashes and their inputs to
# BUILD/fuzz/findings/.
#
#   fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET
set -uo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
findings="$build/fuzz/findings"
mkdir -p "$findings"
failed=()
for binary in "$build"/fuzz/fuzz_*; do
  [ -x "$binary" ] || continue
  name=${binary##*/fuzz_}
  grown="$build/fuzz/corpus-$name"
  mkdir -p "$grown"
  log="$findings/$name.log"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/$name-" "$grown" "$here/corpus/$name" >"$log" 2>&1
  status=$?
  runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    printf '%-14s clean   %10s runs in %ss, %s, corpus %s inputs\n' "$name" "${runs:-?}" "$seconds" "${cov:-cov: ?}" "$(ls "$grown" | wc -l)"
  else
    printf '%-14s FAILED  (exit %s) see %s\n' "$name" "$status" "$log"
    failed+=("$name")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}; reproduce with the artifact under $findings" >&2
  exit 1
fi
