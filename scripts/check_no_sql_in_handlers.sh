#!/bin/sh
# No handler under http/handlers/ holds SQL (issue 17): a handler parses the request, calls
# storage or a use case, and renders the answer; every statement lives in storage/ (its
# area's *_store file). Fails listing each statement or pqxx exec call found in a handler.
# Usage: scripts/check_no_sql_in_handlers.sh [dir]   (default: http/handlers of this tree)
dir=${1:-$(dirname "$0")/../http/handlers}
found=$(grep -rEn \
  -e '\bexec(0|1|n|_params[01n]?|_prepared[01n]?)?[[:space:]]*\(' \
  -e '\b(SELECT|INSERT[[:space:]]+INTO|DELETE[[:space:]]+FROM|UPDATE[[:space:]]+[a-z_]+[[:space:]]+SET)\b' \
  "$dir")
if [ -n "$found" ]; then
  echo "SQL in a handler (move it to storage/<area>_store):"
  echo "$found"
  exit 1
fi
