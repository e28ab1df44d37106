#!/usr/bin/env bash
# The web console's end-to-end tests (ctest browser_tests): a throwaway PostgreSQL, upwork-sim
# (demo data set, frozen clock so that its truth holds still), upsyncd serving the built
# console, a workspace and its admin's token; then the journey in Debian's Chromium
# (journey.test.mjs, playwright-core). Usage: run.sh <build dir>
# Exit 77 (ctest SKIP_RETURN_CODE) only when Chromium itself cannot start.
set -euo pipefail
build=$(cd "${1:?usage: run.sh <build dir>}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/scripts/lib/throwaway_pg.sh"
source "$root/scripts/lib/world.sh"

export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium || echo /usr/bin/chromium)}
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$build/browser-screenshots}
console_dir=${UPSYNC_CONSOLE_DIR:-$build/console}
upsyncd=${UPSYNCD:-$build/app/upsyncd}
upwork_sim=${UPWORK_SIM:-$build/sim/upwork-sim}

# -- the tools: node and playwright-core (the lockfile pins it; no browser is downloaded) ---------
command -v node >/dev/null || { echo "browser tests: node is missing (./run installs Debian's nodejs)"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$here/package-lock.json" -nt "$here/node_modules" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  touch "$here/node_modules"
fi
[ -f "$console_dir/index.html" ] || {
  echo "browser tests: no console in $console_dir (./run build writes it; scripts/build_console.sh)"; exit 1; }

# -- can Chromium start at all? Only this skips; everything later fails loudly -------------------
if ! node "$here/probe.mjs"; then
  echo "browser tests SKIPPED: Chromium ($CHROMIUM_PATH) cannot start headless here (see above)"
  exit 77
fi

# -- the world -------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/upsync-browser.XXXXXX)
cleanup() {
  trap '' INT TERM
  stop_children ${server_pid:-} ${sim_pid:-}
  stop_throwaway_pg
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_line() { # wait_for_line FILE PATTERN PID: the first line matching, within 20 s
  for _ in $(seq 1 200); do
    grep -q "$2" "$1" && { grep -m1 "$2" "$1"; return 0; }
    kill -0 "$3" 2>/dev/null || { cat "$1"; return 1; }
    sleep 0.1
  done
  cat "$1"; return 1
}

start_throwaway_pg

"$upwork_sim" --preset demo --port 0 --frozen-clock --log-level warn >"$work/sim.log" 2>&1 &
sim_pid=$!
export SIM_URL="http://$(wait_for_line "$work/sim.log" 'listening on' $sim_pid | grep -o '[0-9.]*:[0-9]*' | head -1)"

port=$(free_port)
export BASE_URL="http://127.0.0.1:$port"
export UPSYNC_DATABASE_URL=$PG_URL
export UPSYNC_SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export UPSYNC_HTTP_ADDRESS=127.0.0.1:$port
export UPSYNC_CONSOLE_DIR=$console_dir
export UPSYNC_UPWORK_CLIENT_ID=upsync-browser UPSYNC_UPWORK_CLIENT_SECRET=browser-secret
use_upwork_sim "$BASE_URL" "$SIM_URL"
export UPSYNC_IMPORT_DAYS=${UPSYNC_IMPORT_DAYS:-14}
export UPSYNC_SYNC_INTERVAL_SECONDS=2 UPSYNC_UPWORK_MAX_RPS=60 UPSYNC_LOG_LEVEL=warn
# Counted in PostgreSQL like any deployment's, at a daily budget the 2-s cycles never stretch to.
export UPSYNC_UPWORK_DAILY_REQUESTS=10000000
"$upsyncd" migrate >/dev/null
# UTC: the dashboard's "hours today" is the workspace's day, the simulator's truth a UTC day.
export UPSYNC_TOKEN=$("$upsyncd" workspace create --name "Browser journey" --admin-name "Ada Admin" \
  --admin-email ada@browser.example --timezone UTC | tail -n 1)
"$upsyncd" serve >"$work/upsyncd.log" 2>&1 &
server_pid=$!
wait_for_line "$work/upsyncd.log" 'listening on' $server_pid >/dev/null

mkdir -p "$SCREENSHOT_DIR"
echo "browser tests: upsyncd $BASE_URL, upwork-sim $SIM_URL, screenshots in $SCREENSHOT_DIR"
if [ -n "${BROWSER_HOLD:-}" ]; then # debugging: keep the world up, drive it by hand
  echo "holding: UPSYNC_TOKEN=$UPSYNC_TOKEN SIM_URL=$SIM_URL BASE_URL=$BASE_URL"; wait "$server_pid"
fi
status=0
(cd "$here" && node --test journey.test.mjs) || status=$?
if [ $status -ne 0 ]; then
  echo "---- upsyncd log (last 40 lines)"; tail -40 "$work/upsyncd.log"
fi
exit $status
