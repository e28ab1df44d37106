#!/usr/bin/env bash
# The main job, for a newcomer: a throwaway PostgreSQL, migrations, a demo workspace with
# its super admin, and upsyncd serving the API until Ctrl-C. Usage: demo.sh <build dir>
set -euo pipefail
build=${1:?usage: demo.sh <build dir>}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/throwaway_pg.sh"

cleanup() {
  trap '' INT TERM # finish cleaning up even if the signal comes again
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  stop_throwaway_pg
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_throwaway_pg
export UPSYNC_DATABASE_URL=$PG_URL
export UPSYNC_SECRET_KEY=${UPSYNC_SECRET_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export UPSYNC_HTTP_ADDRESS=${UPSYNC_HTTP_ADDRESS:-127.0.0.1:8080}
upsyncd="$build/app/upsyncd"

echo "== PostgreSQL at $PG_URL"
"$upsyncd" migrate
token=$("$upsyncd" workspace create --name "Demo Agency" --admin-name "Demo Admin" \
          --admin-email admin@demo.example | tail -n 1)

"$upsyncd" serve &
server_pid=$!
base="http://$UPSYNC_HTTP_ADDRESS"
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "upsyncd exited"; exit 1; }
  sleep 0.1
done

auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
echo "== GET /api/v1/me"
curl -fsS "${auth[@]}" "$base/api/v1/me"; echo
echo "== POST /api/v1/projects"
project=$(curl -fsS "${auth[@]}" -d '{"name":"Website relaunch","client_name":"Acme Corp","billable":true}' "$base/api/v1/projects")
echo "$project"
project_id=$(echo "$project" | sed -E 's/.*"id":"([0-9]+)".*/\1/')
echo "== POST /api/v1/time-intervals"
curl -fsS "${auth[@]}" -d "{\"project_id\":\"$project_id\",\"started_at\":\"2026-08-15T09:00:00Z\",\"ended_at\":\"2026-08-15T10:30:00Z\"}" "$base/api/v1/time-intervals"; echo
echo "== GET /api/v1/time-intervals"
curl -fsS "${auth[@]}" "$base/api/v1/time-intervals"; echo
echo
echo "upsyncd is serving $base — super admin token: $token"
echo "try: curl -H 'Authorization: Bearer $token' $base/api/v1/members"
echo "Ctrl-C stops upsyncd and removes the throwaway database."
wait "$server_pid"
