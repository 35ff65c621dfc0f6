#!/usr/bin/env bash
# Install PostgreSQL from Debian packages (if missing) and start a throwaway cluster on 127.0.0.1.
#
# Usage:  eval "$(.ci/postgres.sh)"        # exports EVENTCODER_TEST_PG_URL
#         .ci/postgres.sh stop             # stops the cluster and removes its files
#
# Prints one line `export EVENTCODER_TEST_PG_URL=postgresql://...` on stdout; messages go to stderr.
# The cluster lives under ${EVENTCODER_PG_DIR:-/tmp/eventcoder-pg}, listens on 127.0.0.1 only, on a free
# port, trusts local connections (it is for tests only) and is owned by the `postgres` user when run as root.
set -euo pipefail

PGROOT="${EVENTCODER_PG_DIR:-/tmp/eventcoder-pg}"
DB="${EVENTCODER_PG_DB:-eventcoder_test}"
log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

as_pg() {  # run a command as the cluster owner
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN="$(find_bindir || true)"

if [ "${1:-}" = "stop" ]; then
    if [ -n "$BIN" ] && [ -f "$PGROOT/data/postmaster.pid" ]; then
        as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$PGROOT"
    log "stopped and removed $PGROOT"
    exit 0
fi

if [ -z "$BIN" ]; then
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL is not installed and this is not root: run 'apt-get install -y postgresql' first."
        exit 2
    fi
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN="$(find_bindir)"
fi

# Reuse a cluster this script already started.
if [ -f "$PGROOT/port" ] && [ -f "$PGROOT/data/postmaster.pid" ] \
    && "$BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$PGROOT/port")"; then
    PORT="$(cat "$PGROOT/port")"
    log "reusing the cluster on 127.0.0.1:$PORT"
    echo "export EVENTCODER_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/$DB"
    exit 0
fi

free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        local p
        for p in $(seq 54329 54429); do
            (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
        done
        return 1
    fi
}

rm -rf "$PGROOT"
mkdir -p "$PGROOT/data" "$PGROOT/socket"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PGROOT"
PORT="$(free_port)"
echo "$PORT" > "$PGROOT/port"

log "initdb in $PGROOT/data"
as_pg "$BIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
log "starting on 127.0.0.1:$PORT"
as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGROOT/socket -c fsync=off -c full_page_writes=off" start >&2
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
log "database $DB ready"
echo "export EVENTCODER_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/$DB"
