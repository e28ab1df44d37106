#!/usr/bin/env bash
# Fuzzes every libFuzzer target for a while: scripts/fuzz.sh <build-fuzz dir> [seconds per target]
# New interesting inputs go to <build dir>/fuzz/found/<target> (the committed corpus under
# fuzz/corpus/ is read, never written); crashes to <build dir>/fuzz/crashes/. Exits 1 when
# any target crashed, listing the reproducers.
set -euo pipefail
build=${1:?usage: scripts/fuzz.sh <build-fuzz dir> [seconds per target]}
seconds=${2:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)

targets=$(find "$build/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x | sort)
if [ -z "$targets" ]; then
  echo "no fuzz targets in $build/fuzz (configure with -DUPSYNC_FUZZ=ON and clang)" >&2
  exit 2
fi

mkdir -p "$build/fuzz/crashes"
failed=()
for exe in $targets; do
  name=$(basename "$exe")
  target=${name#fuzz_}
  found="$build/fuzz/found/$target"
  mkdir -p "$found"
  # A target's dictionary (fuzz/<target>.dict), when it has one, steers mutations to its words.
  dict=()
  [ -f "$root/fuzz/$target.dict" ] && dict=(-dict="$root/fuzz/$target.dict")
  echo "== $target: ${seconds}s"
  if ! "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$build/fuzz/crashes/$target-" "$found" "$root/fuzz/corpus/$target" \
      >"$build/fuzz/$target.log" 2>&1; then
    failed+=("$target")
    tail -30 "$build/fuzz/$target.log"
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$build/fuzz/$target.log" || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}"
  ls -1 "$build/fuzz/crashes"
  exit 1
fi
echo "fuzzing: ${seconds}s x $(echo "$targets" | wc -l) targets, no crash"
