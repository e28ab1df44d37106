# Sourced by the scripts that start upwork-sim and upsyncd themselves (demo.sh,
# tests/browser/run.sh): the pieces of that world they share.

# stop_children PID... asks each to stop (SIGTERM) and reaps it; unknown or gone ones are fine.
stop_children() {
  local pid
  for pid in "$@"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# use_upwork_sim UPSYNCD_BASE SIM_BASE: upsyncd's Upwork endpoints are the simulator's, and
# the consent redirect comes back to upsyncd's OAuth callback.
use_upwork_sim() {
  export UPSYNC_UPWORK_REDIRECT_URI="$1/api/v1/upwork/oauth/callback"
  export UPSYNC_UPWORK_AUTHORIZE_URL="$2/ab/account-security/oauth2/authorize"
  export UPSYNC_UPWORK_TOKEN_URL="$2/api/v3/oauth2/token"
  export UPSYNC_UPWORK_GRAPHQL_URL="$2/graphql"
}
