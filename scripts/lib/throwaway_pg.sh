# Sourced by scripts: start_throwaway_pg starts a PostgreSQL 15 cluster in a temporary
# folder on a free loopback port and sets PG_URL; stop_throwaway_pg removes it. As root,
# the server runs as the `postgres` user (it refuses to run as root).

pg_bin_dir() {
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/17/bin; do
    [ -x "$d/postgres" ] && { echo "$d"; return; }
  done
  echo "PostgreSQL server binaries not found" >&2; return 1
}

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start_throwaway_pg() {
  PG_BIN=$(pg_bin_dir)
  local bin=$PG_BIN
  PG_DIR=$(mktemp -d /tmp/upsync-demo-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(free_port)
  as_pg_user "$bin/initdb" -D "$PG_DIR/data" -U upsync --auth=trust -E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  as_pg_user "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  as_pg_user "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U upsync upsync
  PG_URL="postgresql://upsync@127.0.0.1:$PG_PORT/upsync"
  export PG_URL PG_DIR PG_PORT
}

stop_throwaway_pg() {
  [ -n "${PG_DIR:-}" ] || return 0
  # No command substitution here: this runs from EXIT traps, where a forked subshell may
  # be killed by the same signal that ends the script.
  local bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
  as_pg_user "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
