#!/usr/bin/env bash
# LiveKit server for the console and the tests: find or install it, and run it on loopback.
#
#   scripts/livekit.sh path                  print the binary's path, installing v1.13.5 if needed
#   scripts/livekit.sh run [--port N] [--keys "key: secret"] [--redis host:port] [--redis-db N]
#                          [--webhook URL]... [--rtmp-base URL] [--whip-base URL]
#                                            run it in the foreground (HTTP on N, RTC TCP N+1, UDP N+2),
#                                            posting its webhooks (signed with the first key) to each URL;
#                                            the ingress base URLs are what CreateIngress answers with
set -euo pipefail

LIVEKIT_VERSION="v1.13.5"
CACHE_DIR="${LIVEKIT_ADMIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/livekit-admin}"
CACHED_BIN="$CACHE_DIR/livekit-server-$LIVEKIT_VERSION/livekit-server"

say() { printf 'livekit: %s\n' "$*" >&2; }

install_hint() {
  cat >&2 <<HINT
livekit: cannot install livekit-server $LIVEKIT_VERSION: $1
livekit: Either put a livekit-server binary on PATH (see https://docs.livekit.io/home/self-hosting/local/),
livekit: or install Go 1.24 or newer and run this again, or point the console at another server
livekit: with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.
HINT
  exit 1
}

find_bin() {
  if [[ -n "${LIVEKIT_SERVER_BIN:-}" ]]; then
    [[ -x "$LIVEKIT_SERVER_BIN" ]] || { say "LIVEKIT_SERVER_BIN=$LIVEKIT_SERVER_BIN is not an executable"; exit 1; }
    echo "$LIVEKIT_SERVER_BIN"; return
  fi
  if command -v livekit-server >/dev/null 2>&1; then command -v livekit-server; return; fi
  if [[ -x "$CACHED_BIN" ]]; then echo "$CACHED_BIN"; return; fi
  install_bin
  echo "$CACHED_BIN"
}

install_bin() {
  command -v go >/dev/null 2>&1 || install_hint "Go is not installed (no 'go' on PATH)"
  mkdir -p "$CACHE_DIR"
  # One build at a time, even when the console and the tests start together.
  exec 9>"$CACHE_DIR/install.lock"
  flock 9
  [[ -x "$CACHED_BIN" ]] && return
  local tmp
  tmp="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
  say "building livekit-server $LIVEKIT_VERSION with $(go version | cut -d' ' -f3) (first run only, takes a few minutes)..."
  local start=$SECONDS
  # Progress while Go downloads modules and compiles, so nobody thinks it hung.
  ( while sleep 20; do say "still building ($((SECONDS - start)) s)..."; done ) &
  local ticker=$!
  if ! CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
      go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION" >"$tmp/build.log" 2>&1; then
    kill "$ticker" 2>/dev/null || true
    tail -n 20 "$tmp/build.log" >&2
    install_hint "go install failed (log above)"
  fi
  kill "$ticker" 2>/dev/null || true
  mkdir -p "$(dirname "$CACHED_BIN")"
  mv "$tmp/server" "$CACHED_BIN"
  rm -rf "$tmp"
  say "installed $CACHED_BIN in $((SECONDS - start)) s"
}

run_server() {
  local port=7880 keys="devkey: secret" redis="" redis_db=0 webhooks=() rtmp_base="" whip_base=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --keys) keys="$2"; shift 2 ;;
      --redis) redis="$2"; shift 2 ;;
      --redis-db) redis_db="$2"; shift 2 ;;
      --webhook) webhooks+=("$2"); shift 2 ;;
      --rtmp-base) rtmp_base="$2"; shift 2 ;;
      --whip-base) whip_base="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  local bin
  bin="$(find_bin)"
  # Loopback only: HTTP/WebSocket on $port, ICE over TCP $((port+1)) and UDP $((port+2)) on lo.
  local config
  config="port: $port
rtc:
  tcp_port: $((port + 1))
  udp_port: $((port + 2))
  use_external_ip: false
  enable_loopback_candidate: true
  interfaces:
    includes: [lo]
room:
  enable_remote_unmute: true
logging:
  level: info"
  if [[ ${#webhooks[@]} -gt 0 ]]; then
    config+=$'\n'"webhook:"$'\n'"  api_key: ${keys%%:*}"$'\n'"  urls:"
    local url
    for url in "${webhooks[@]}"; do config+=$'\n'"    - \"$url\""; done
  fi
  if [[ -n "$rtmp_base$whip_base" ]]; then
    config+=$'\n'"ingress:"$'\n'"  rtmp_base_url: \"$rtmp_base\""$'\n'"  whip_base_url: \"$whip_base\""
  fi
  if [[ -n "$redis" ]]; then config+=$'\n'"redis:"$'\n'"  address: $redis"$'\n'"  db: $redis_db"; fi
  # --dev allows the short well-known dev secret; --keys replaces the placeholder keys.
  exec "$bin" --dev --bind 127.0.0.1 --node-ip 127.0.0.1 --keys "$keys" --config-body "$config"
}

case "${1:-}" in
  path) find_bin ;;
  run) shift; run_server "$@" ;;
  *) echo "usage: $0 path | run [--port N] [--keys 'key: secret'] [--redis host:port] [--webhook URL]" >&2; exit 2 ;;
esac
