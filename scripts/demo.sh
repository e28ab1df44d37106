#!/usr/bin/env bash
# The full demo: a throwaway PostgreSQL, upwork-sim with an agency/client/freelancer data
# set, and upsyncd; connects through the OAuth flow, runs the three wizard steps with
# automatic matching, confirms, shows the import progressing and the status dashboard,
# then prints the web console's URL and a sign-in token and keeps serving until Ctrl-C.
# Usage: demo.sh <build dir>
set -euo pipefail
build=${1:?usage: demo.sh <build dir>}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/throwaway_pg.sh"
source "$here/lib/world.sh"

cleanup() {
  trap '' INT TERM
  stop_children ${server_pid:-} ${sim_pid:-}
  stop_throwaway_pg
  rm -f "${sim_log:-}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_throwaway_pg
echo "== PostgreSQL at $PG_URL"

# -- the Upwork simulator -------------------------------------------------------------------
sim_log=$(mktemp /tmp/upsync-demo-sim.XXXXXX)
"$build/sim/upwork-sim" --preset demo --port 0 --log-level warn >"$sim_log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$sim_log" && break; sleep 0.1; done
sim="http://$(grep -o 'listening on [0-9.:]*' "$sim_log" | head -1 | cut -d' ' -f3)"
echo "== upwork-sim at $sim (agency Nomadic Soft, clients Acme Corp and Globex GmbH, freelancer John Smith)"

# -- upsyncd ------------------------------------------------------------------------------------
export UPSYNC_DATABASE_URL=$PG_URL
export UPSYNC_SECRET_KEY=${UPSYNC_SECRET_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export UPSYNC_HTTP_ADDRESS=${UPSYNC_HTTP_ADDRESS:-127.0.0.1:8080}
base="http://$UPSYNC_HTTP_ADDRESS"
export UPSYNC_UPWORK_CLIENT_ID=upsync-demo UPSYNC_UPWORK_CLIENT_SECRET=demo-secret
use_upwork_sim "$base" "$sim"
export UPSYNC_SYNC_INTERVAL_SECONDS=${UPSYNC_SYNC_INTERVAL_SECONDS:-30}
export UPSYNC_UPWORK_MAX_RPS=${UPSYNC_UPWORK_MAX_RPS:-8}
export UPSYNC_LOG_LEVEL=${UPSYNC_LOG_LEVEL:-warn}
# The web console ./run built beside upsyncd (scripts/build_console.sh).
export UPSYNC_CONSOLE_DIR=${UPSYNC_CONSOLE_DIR:-$build/console}
upsyncd="$build/app/upsyncd"
"$upsyncd" migrate >/dev/null
token=$("$upsyncd" workspace create --name "Nomadic Soft workspace" --admin-name "Demo Admin" \
          --admin-email admin@nomadicsoft.example --timezone Europe/Berlin | tail -n 1)
"$upsyncd" serve >/dev/null &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "upsyncd exited"; exit 1; }
  sleep 0.1
done
echo "== upsyncd at $base (the web console at $base/ once the demo data is in)"

api() { # api METHOD PATH [BODY]
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -fsS -X "$method" -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$body" "$base$path"
  else
    curl -fsS -X "$method" -H "Authorization: Bearer $token" "$base$path"
  fi
}

# Members the team already has, so that automatic matching has something to find.
api POST /api/v1/members '{"name":"Olena Kovalenko","email":"olena@nomadicsoft.example","role":"manager"}' >/dev/null
api POST /api/v1/members '{"name":"Jose Muller","email":"jose@nomadicsoft.example"}' >/dev/null
api POST /api/v1/members '{"name":"Patel, Priya","email":"priya@nomadicsoft.example"}' >/dev/null

# -- connect through OAuth ---------------------------------------------------------------------
authorize=$(api POST /api/v1/upwork/connections | jq -r .authorize_url)
redirect=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$authorize")
callback="$base/api/v1/upwork/oauth/callback?${redirect#*\?}"
connection=$(curl -fsS -H 'Accept: application/json' "$callback" | jq -r .connection.id)
echo "== connected: connection $connection"

echo "== wizard step 1: accounts (all preselected)"
api GET /api/v1/upwork/wizard/accounts |
  jq -r '.organizations[] | "   [x] \(.name) (\(.type)): \(.users_count) users, \(.contracts_count) contracts"'

echo "== wizard step 2: mapping with automatic matching"
mapping=$(api GET /api/v1/upwork/wizard/mapping)
echo "$mapping" | jq -r '.organizations[] | "   \(.section_label)", (.users[] | "     \(.name) -> \(.match) match\(if .suggested_member_id then " (member \(.suggested_member_id))" else "" end)")'
echo "$mapping" | jq -c '.organizations[] | .id as $org | .users[] | {org: $org, user: .upwork_user_id, member: (.member_id // .suggested_member_id), name, email}' |
  while read -r u; do
    org=$(jq -r .org <<<"$u"); user=$(jq -r .user <<<"$u"); member=$(jq -r .member <<<"$u")
    if [ "$member" != "null" ]; then
      body=$(jq -nc --arg m "$member" '{member_id: $m, sync: true}')
    else
      body=$(jq -nc --arg n "$(jq -r .name <<<"$u")" --arg e "$(jq -r '.email // empty' <<<"$u")" \
        '{create_member: {name: $n, email: (if $e == "" then ($n | ascii_downcase | gsub(" "; ".")) + "@team.example" else $e end)}, sync: true}')
    fi
    api PATCH "/api/v1/upwork/organizations/$org/users/$user" "$body" >/dev/null
  done
echo "$mapping" | jq -c '.organizations[] | .name as $client | .users[].contracts[] | select(.status == "active" and .kind == "hourly") | {id, title, client: $client}' |
  while read -r c; do
    body=$(jq -c '{create_project: {name: .title, client_name: .client, billable: true}}' <<<"$c")
    api PATCH "/api/v1/upwork/contracts/$(jq -r .id <<<"$c")" "$body" >/dev/null
  done

echo "== wizard step 3: review"
api GET /api/v1/upwork/wizard/review |
  jq -r '.organizations[] | "   \(.section_label): link \(.members_to_link | length), create \(.members_to_create | length), sync \(.contracts | length) contracts"'
started=$(api POST /api/v1/upwork/wizard/confirm | jq -r .contracts_started)
echo "== confirmed: importing $started contracts (last 90 days)"

# -- the import, as a progress bar ---------------------------------------------------------------
# Progress by syncing contract (a contract is done when its whole import window is committed),
# with the contract-days committed so far. The dashboard also lists the contracts that do not
# sync (fixed-price, paused, not chosen), with the reasons why: they are not counted here.
for _ in $(seq 1 600); do
  read -r finished contracts days < <(api GET /api/v1/upwork/status |
    jq -r '[.organizations[].contracts[] | select(.syncing) | .import] | "\(map(select(.state == "done")) | length) \(length) \(map(.days_done) | add // 0)"')
  width=40
  filled=$(( contracts > 0 ? finished * width / contracts : 0 ))
  printf '\r   [%-*s] %d/%d contracts imported, %d contract-days committed' "$width" \
    "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$finished" "$contracts" "$days"
  [ "$contracts" != "0" ] && [ "$finished" = "$contracts" ] && break
  sleep 0.5
done
echo
# An organization records its last complete cycle within a second of it (the engine batches
# those writes): wait for them rather than print "-".
for _ in $(seq 1 20); do
  unsynced=$(api GET /api/v1/upwork/status |
    jq '[.organizations[] | select(.active_contracts > 0 and .last_synced_at == null)] | length')
  [ "$unsynced" = "0" ] && break
  sleep 0.5
done

echo "== status dashboard"
api GET /api/v1/upwork/status | jq -r '.organizations[] |
  "   \(.name) (\(.type)) — last sync \(.last_synced_at // "-"), \(.active_contracts) active contracts",
  (.contracts[] | "     \(.title) [\(.upwork_user_name) -> \(.project.name // "-")]: \(.hours_today) h today, \(if .syncing then "import \(.import.state)" else "not syncing (\(.reasons | join(", ")))" end)",
    (.recent_entries[:3][] | "        \(.started_at) – \(.ended_at)  \(.member.name)  \(.hours) h"))'
echo
if [ -f "$UPSYNC_CONSOLE_DIR/index.html" ]; then
  console_note="open it in a browser on this machine and sign in with the token"
else
  console_note="NOT BUILT ($UPSYNC_CONSOLE_DIR has no index.html): ./run build builds it"
fi
line=$(printf '=%.0s' $(seq 1 78))
echo "$line"
echo "  Web console:    $base/"
echo "  Sign-in token:  $token"
echo "                  (the demo's super admin: every page, Operators too)"
echo "  $console_note"
echo "$line"
echo
echo "The API with the same token:"
echo "  curl -H 'Authorization: Bearer $token' $base/api/v1/upwork/status"
echo "  curl -H 'Authorization: Bearer $token' '$base/api/v1/time-intervals?source=upwork&limit=5'"
echo "upsyncd keeps serving (and syncing) until Ctrl-C, which stops everything and removes the throwaway database."
wait "$server_pid"
