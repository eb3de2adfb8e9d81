#!/usr/bin/env bash
# Brings up LiveKit Admin at http://localhost:3000 (PORT to change).
# Without LIVEKIT_URL it runs a local livekit-server on 127.0.0.1:7880 (installing it if
# needed) with a few example rooms and live demo participants, and stops it all on Ctrl-C.
#   --no-traffic   no demo participants      --traffic   demo participants on any local run
#   --dev          Next's development server: pages and code reload as they are edited (npm run dev)
#   --no-agent     no demo agent worker (scripts/demo/agent, dispatched as "demo-agent")
# The local livekit-server gets a Redis of its own on 127.0.0.1:7883 (SIP, egress and ingress
# need one), started here without persistence and stopped with the rest.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

TRAFFIC=auto
DEV=""
AGENT=on
for arg in "$@"; do
  case "$arg" in
    --traffic) TRAFFIC=on ;;
    --no-traffic) TRAFFIC=off ;;
    --dev) DEV="--dev" ;;
    --no-agent) AGENT=off ;;
    *) printf 'unknown option %s (use --traffic, --no-traffic, --no-agent or --dev)\n' "$arg" >&2; exit 2 ;;
  esac
done

PORT="${PORT:-3000}"
# Loopback by default: this console can delete rooms. HOST=0.0.0.0 exposes it on purpose.
HOST="${HOST:-127.0.0.1}"
LOCAL_LK_PORT=7880
# LiveKit takes 7881 (ICE over TCP) and 7882 (UDP) itself.
LOCAL_REDIS_PORT=7883
LOG_DIR="$ROOT/.data/logs"
mkdir -p "$LOG_DIR"

ensure_node_modules

# Sessions are signed with SESSION_SECRET; a local run makes a fresh one each time.
if [[ -z "${SESSION_SECRET:-}" ]]; then
  SESSION_SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')"
  export SESSION_SECRET
fi
# Demo mode (documented demo users) only against the embedded local server, only on loopback,
# and only when no operators are configured.
if [[ -z "${LIVEKIT_URL:-}" && -z "${LIVEKIT_ADMIN_CONFIG:-}" && -z "${ADMIN_USERNAME:-}" ]]; then
  case "$HOST" in
    127.*|localhost|::1) export LIVEKIT_ADMIN_DEMO=1 ;;
    *) die "HOST=$HOST would expose the demo users' known password: configure operators (see README) first." ;;
  esac
fi

if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/api/health" 2>/dev/null \
  || (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "Port $PORT is already in use. Stop what runs there, or choose another: PORT=3001 npm run console"
fi

pids=()
# Stops what this script started, newest first (demo participants leave before the server
# goes); a process group still there after 8 s is killed.
cleanup() {
  trap - EXIT INT TERM
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[$i]}"
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 80); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${LIVEKIT_URL:-}" ]]; then
  if curl -fsS --max-time 1 "http://127.0.0.1:$LOCAL_LK_PORT/" >/dev/null 2>&1; then
    info "Using the LiveKit server already running at http://127.0.0.1:$LOCAL_LK_PORT"
  else
    bash scripts/livekit.sh path >/dev/null # installs it, with progress, on the first run
    ensure_debian_program redis-server redis-server
    if (exec 3<>"/dev/tcp/127.0.0.1/$LOCAL_REDIS_PORT") 2>/dev/null; then
      die "Port $LOCAL_REDIS_PORT (the local LiveKit's Redis) is already in use. Stop what runs there."
    fi
    info "Starting Redis for LiveKit on 127.0.0.1:$LOCAL_REDIS_PORT (log: $LOG_DIR/redis.log)"
    # Nothing saved to disk: the local LiveKit's state lives as long as this run.
    setsid redis-server --bind 127.0.0.1 --port "$LOCAL_REDIS_PORT" --save "" --appendonly no \
      --dir "$LOG_DIR" >"$LOG_DIR/redis.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$LOCAL_REDIS_PORT") 2>/dev/null && break
      kill -0 "${pids[-1]}" 2>/dev/null || { tail -n 20 "$LOG_DIR/redis.log" >&2; die "redis-server did not start (log above)."; }
      sleep 0.1
    done
    info "Starting livekit-server on 127.0.0.1:$LOCAL_LK_PORT (log: $LOG_DIR/livekit.log)"
    # Its webhooks come to this console (History): rooms' and participants' lives.
    setsid bash scripts/livekit.sh run --port "$LOCAL_LK_PORT" --redis "127.0.0.1:$LOCAL_REDIS_PORT" \
      --webhook "http://127.0.0.1:$PORT/api/webhooks/default" >"$LOG_DIR/livekit.log" 2>&1 &
    pids+=("$!")
    if ! wait_for_url "http://127.0.0.1:$LOCAL_LK_PORT/" "$!" 30; then
      tail -n 20 "$LOG_DIR/livekit.log" >&2
      die "livekit-server did not start (log above)."
    fi
    npx --no-install tsx scripts/seed.ts "http://127.0.0.1:$LOCAL_LK_PORT" || true
  fi
  if [[ "$AGENT" == on ]]; then
    ensure_demo_agent
    info "Starting the demo agent worker \"demo-agent\" (log: $LOG_DIR/demo-agent.log; --no-agent to skip)"
    # Dispatch "demo-agent" from a room's page once its log says "registered worker": a
    # dispatch made before the worker is registered is never delivered.
    LIVEKIT_URL="ws://127.0.0.1:$LOCAL_LK_PORT" LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret \
      setsid node scripts/demo/agent/agent.mjs start >"$LOG_DIR/demo-agent.log" 2>&1 &
    pids+=("$!")
  fi
  if [[ "$TRAFFIC" == on || ( "$TRAFFIC" == auto && "${LIVEKIT_ADMIN_DEMO:-}" == 1 ) ]]; then
    info "Starting demo participants (log: $LOG_DIR/demo-traffic.log; --no-traffic to skip)"
    setsid npx --no-install tsx scripts/demo-traffic.ts --url "ws://127.0.0.1:$LOCAL_LK_PORT" >"$LOG_DIR/demo-traffic.log" 2>&1 &
    pids+=("$!")
  fi
elif [[ "$TRAFFIC" == on ]]; then
  die "--traffic only runs against the local LiveKit server (unset LIVEKIT_URL)."
fi

# The development server builds each page when it is first asked for; the other, once.
[[ -n "$DEV" ]] || ensure_build
info "LiveKit Admin on http://localhost:$PORT (Ctrl-C stops everything)"
if [[ "${LIVEKIT_ADMIN_DEMO:-}" == 1 ]]; then
  info "Demo sign-in: user admin, operator or viewer; password livekit-demo"
fi
setsid node scripts/server.mjs -H "$HOST" -p "$PORT" $DEV &
pids+=("$!")
wait "${pids[-1]}"
