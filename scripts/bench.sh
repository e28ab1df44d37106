#!/usr/bin/env bash
# Runs every benchmark built under <build>/bench/ and collects their JSON in
# <build>/bench-results/. Usage: bench.sh <build dir> [name ...]   (name: sim for bench_sim)
# Names: sim, import, requests, scale, api, backpressure, metrics. Each benchmark's own flags
# (sizes, --smoke) are listed by bench_<name> --help; BENCH_ARGS="..." passes some to every
# benchmark run (e.g. BENCH_ARGS="--linger-ms 50" scripts/bench.sh build requests).
#
# Convention: a benchmark is an executable <build>/bench/bench_<name> that prints its table
# to stdout and writes its figures to the file given by --json. A benchmark that needs more
# (a throwaway PostgreSQL, extra flags) gets a case in run_one below.
set -euo pipefail
build=${1:?usage: bench.sh <build dir> [name ...]}
shift
build=$(cd "$build" && pwd)
results="$build/bench-results"
mkdir -p "$results"

# The benchmarks that need PostgreSQL share one throwaway server with PostgreSQL's
# default, durable settings (fsync on), started on first use and removed on exit.
. "$(dirname "$0")/lib/throwaway_pg.sh"
trap stop_throwaway_pg EXIT
pg_url() {
  if [ -z "${PG_URL:-}" ]; then
    start_throwaway_pg >&2
  fi
}

run_one() {
  local name=$1 binary=$2
  local json="$results/bench-$name.json"
  case "$name" in
    sim) "$binary" --json "$json" ${BENCH_ARGS:-} ;;
    *)
      pg_url
      "$binary" --json "$json" --pg-url "$PG_URL" --log "$results/bench-$name-upsyncd.log" ${BENCH_ARGS:-} ;;
  esac
}

# Only the names asked for, or every bench_* that was built.
wanted=("$@")
failed=()
ran=0
for binary in "$build"/bench/bench_*; do
  [ -f "$binary" ] && [ -x "$binary" ] || continue
  name=${binary##*/bench_}
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then
    continue
  fi
  echo "== bench_$name"
  if run_one "$name" "$binary"; then
    ran=$((ran + 1))
  else
    echo "bench_$name failed"
    failed+=("$name")
  fi
  echo
done

if [ "$ran" -eq 0 ] && [ ${#failed[@]} -eq 0 ]; then
  echo "no benchmark found under $build/bench (build with -DUPSYNC_BUILD_BENCH=ON)"
  exit 1
fi
echo "JSON figures in $results"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
