# shellcheck shell=bash
# Peer benchmark: Parse Server (benches/parse/package.json) as one Node process on the same
# PostgreSQL, measured with wrk like ipt-server: an authenticated one-row create, and a user's 50
# latest check-ins (indexed, ACL-filtered read). Meant to be sourced by benches/run from the
# repository root, which provides log, wrk_point, $work, $PG_URL, $PG_BASE, $CONCURRENCY
# (and $RUNS, $DURATION for wrk_point). Needs node (>= 20.19), npm, curl, jq, psql.
# After bench_parse: PARSE_VERSION, PARSE_IDLE_RSS_MIB and PARSE_PEAK_RSS_MIB (VmHWM of the
# Parse process, i.e. its peak resident memory over the whole run) for a summary.

PARSE_VERSION=""
PARSE_IDLE_RSS_MIB=""
PARSE_PEAK_RSS_MIB=""
_parse_pid=""
_parse_db=""

_parse_mib() { # $1 VmRSS or VmHWM of the Parse process, in MiB
  awk -v k="$1:" '$1 == k {printf "%.1f", $2/1024}' "/proc/$_parse_pid/status"
}

_parse_stop() {
  [ -n "$_parse_pid" ] || return 0
  kill "$_parse_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$_parse_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 "$_parse_pid" 2>/dev/null || true
  wait "$_parse_pid" 2>/dev/null || true
  _parse_pid=""
}

_parse_cleanup() {
  _parse_stop
  if [ -n "$_parse_db" ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$_parse_db\" WITH (FORCE)" >/dev/null 2>&1 || true
    _parse_db=""
  fi
}

bench_parse() {
  log ""
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "== Parse Server: skipped (node/npm not found)"
    return 0
  fi
  # Also clean up if the run dies in here: put our cleanup in front of the caller's EXIT trap.
  local prev_trap=""
  eval "set -- $(trap -p EXIT)"
  prev_trap="${3:-}"
  trap "_parse_cleanup; $prev_trap" EXIT

  if [ ! -d benches/parse/node_modules/parse-server ]; then
    npm ci --prefix benches/parse --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  fi
  PARSE_VERSION=$(node -p 'require("./benches/parse/node_modules/parse-server/package.json").version')
  log "== Parse Server $PARSE_VERSION on PostgreSQL (one Node $(node --version) process, pool ${PARSE_DB_POOL:-16}, logLevel error, ${PARSE_WARMUP:-5} s unmeasured warm-up per script)"

  _parse_db="parse_bench_$$"
  PGOPTIONS=--client-min-messages=warning psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$_parse_db\" WITH (FORCE)" -qc "CREATE DATABASE \"$_parse_db\""
  local port
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')

  local t0 t1
  t0=$(date +%s%N)
  PORT="$port" PARSE_DATABASE_URI="$PG_BASE/$_parse_db" node benches/parse/server.js >"$work/parse.log" 2>&1 &
  _parse_pid=$!
  until grep -q '^PARSE_READY' "$work/parse.log"; do
    if ! kill -0 "$_parse_pid" 2>/dev/null || [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge 120 ]; then
      log "Parse Server did not start:"
      local line
      while IFS= read -r line; do log "  $line"; done < <(grep -v DeprecationWarning "$work/parse.log" | tail -n 20)
      _parse_cleanup
      if [ -n "$prev_trap" ]; then trap -- "$prev_trap" EXIT; else trap - EXIT; fi
      return 1
    fi
    sleep 0.05
  done
  t1=$(date +%s%N)
  local base="http://127.0.0.1:$port/parse"
  log "Parse start to ready (empty database, schema set up by Parse): $(( (t1 - t0) / 1000000 )) ms; RSS idle after start: $(_parse_mib VmRSS) MiB"

  t0=$(date +%s.%N)
  PARSE_URL="$base" node benches/parse/setup.js >"$work/parse-setup.txt"
  t1=$(date +%s.%N)
  local app_id user_id token seeded
  app_id=$(sed -n 's/^PARSE_APP_ID=//p' "$work/parse-setup.txt")
  user_id=$(sed -n 's/^PARSE_USER_ID=//p' "$work/parse-setup.txt")
  token=$(sed -n 's/^PARSE_SESSION_TOKEN=//p' "$work/parse-setup.txt")
  seeded=$(sed -n 's/^PARSE_SEEDED=//p' "$work/parse-setup.txt")
  PARSE_IDLE_RSS_MIB=$(_parse_mib VmRSS)
  log "Parse setup: class CheckIn + index (owner, recordedAt), 1 user, $seeded check-ins via /parse/batch in $(echo "$t1 - $t0" | bc) s; RSS idle: $PARSE_IDLE_RSS_MIB MiB"

  # The read must really return 50 of the user's objects (and nothing without a session).
  local where n
  where=$(jq -rn --arg u "$user_id" '{owner: {__type: "Pointer", className: "_User", objectId: $u}} | tojson | @uri')
  n=$(curl -sf "$base/classes/CheckIn?where=$where&order=-recordedAt&limit=50" \
    -H "X-Parse-Application-Id: $app_id" -H "X-Parse-Session-Token: $token" | jq '.results | length' || true)
  [ "$n" = 50 ] || log "  note: Parse 50 latest returned $n results"

  psql "$PG_BASE/$_parse_db" -qc 'ANALYZE "CheckIn"'
  local url="$base/classes/CheckIn" after_create script
  # Warm-up, not measured: V8 compiles the hot paths in the first seconds (ipt-server needs none).
  for script in create latest; do
    PARSE_APP_ID="$app_id" PARSE_SESSION_TOKEN="$token" PARSE_USER_ID="$user_id" \
      wrk -t2 -c16 -d"${PARSE_WARMUP:-5}s" -s "benches/parse/$script.lua" "$url" >/dev/null 2>&1
  done
  for c in $CONCURRENCY; do
    PARSE_APP_ID="$app_id" PARSE_SESSION_TOKEN="$token" PARSE_USER_ID="$user_id" \
      wrk_point "Parse: create CheckIn" "$c" "$url" parse/create.lua
    after_create=$(_parse_mib VmRSS)
    # The create points pile rows onto the one user (1,000 -> 100,000+); without fresh statistics
    # PostgreSQL keeps a 1,000-row plan (bitmap scan of all the user's rows + sort) instead of
    # reading 50 entries backwards from the (owner, recordedAt) index, and the point would measure
    # autovacuum's timing rather than Parse.
    psql "$PG_BASE/$_parse_db" -qc 'ANALYZE "CheckIn"'
    PARSE_APP_ID="$app_id" PARSE_SESSION_TOKEN="$token" PARSE_USER_ID="$user_id" \
      wrk_point "Parse: 50 latest" "$c" "$url" parse/latest.lua
    log "Parse RSS after c=$c: $(_parse_mib VmRSS) MiB (after the create burst: $after_create MiB)"
  done
  PARSE_PEAK_RSS_MIB=$(_parse_mib VmHWM)
  log "Parse RSS peak (VmHWM over the run): $PARSE_PEAK_RSS_MIB MiB; CheckIn rows at the end: $(psql "$PG_BASE/$_parse_db" -tAc 'SELECT count(*) FROM "CheckIn"')"
  local errors
  errors=$(grep -c '^error:' "$work/parse.log" || true)
  [ "$errors" = 0 ] || log "  note: Parse logged $errors errors, first: $(grep -m1 '^error:' "$work/parse.log" | cut -c1-200)"

  _parse_cleanup
  if [ -n "$prev_trap" ]; then trap -- "$prev_trap" EXIT; else trap - EXIT; fi
}
