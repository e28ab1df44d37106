#!/usr/bin/env bash
# Builds the web console (web/: TypeScript, esbuild) into build/console, where upsyncd
# (build/app/upsyncd) finds it by default (UPSYNC_CONSOLE_DIR overrides that).
# Usage: build_console.sh [output dir, default build/console]
# - `npm ci` only when web/node_modules is missing or older than web/package-lock.json
#   (the lockfile pins every tool; after that the build needs no network);
# - the build itself only when a file under web/ is newer than the last build's index.html,
#   so ./run test and ./run demo pay for it once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web=$root/web
if [ ! -f "$web/package.json" ]; then
  echo "console: web/package.json does not exist yet; skipping the console build (upsyncd answers / with 503)"
  exit 0
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "console: $tool is missing (./run installs Debian's nodejs and npm)"; exit 1; }
done

out=$(mkdir -p "${1:-$root/build/console}" && cd "${1:-$root/build/console}" && pwd)
if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules" ]; then
  echo "console: npm ci"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$web/node_modules" # npm ci may keep the directory's old time; the check above reads it
fi

if [ -f "$out/index.html" ] &&
   [ -z "$(find "$web" \( -path "$web/node_modules" -o -path "$web/dist" \) -prune -o -type f -newer "$out/index.html" -print -quit)" ]; then
  echo "console: $out is up to date"
  exit 0
fi
(cd "$web" && CONSOLE_OUT="$out" npm run --silent build)
