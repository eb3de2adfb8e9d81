# Shared by the project's two commands. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NEXT_TELEMETRY_DISABLED=1

info() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ensure_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 20.9 or newer is needed (no 'node' on PATH)."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' \
    || die "Node.js 20.9 or newer is needed; this is $(node --version)."
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_node_modules() {
  ensure_node
  if [[ ! -f "$ROOT/node_modules/.package-lock.json" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    info "Installing node modules (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

# The demo agent (scripts/demo/agent) has its own package and lockfile: its @livekit/agents
# needs another @livekit/rtc-node than the console's, so the two never share node_modules.
ensure_demo_agent() {
  ensure_node
  local dir="$ROOT/scripts/demo/agent"
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    info "Installing the demo agent's node modules (npm ci in scripts/demo/agent)"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

# next build when there is no build or any source is newer than it.
ensure_build() {
  local stamp="$ROOT/.next/BUILD_ID"
  if [[ -f "$stamp" ]] && [[ -z "$(cd "$ROOT" && find app components lib public instrumentation.ts proxy.ts next.config.js package-lock.json postcss.config.mjs -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    return
  fi
  info "Building the console (next build)"
  (cd "$ROOT" && npx --no-install next build)
}

ensure_chromium() {
  local bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [[ -x "$bin" ]] && return
  info "Installing Chromium from Debian (apt-get install chromium)"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  if ! command -v apt-get >/dev/null 2>&1; then
    die "Chromium is missing at $bin and there is no apt-get: install Chromium and set CHROMIUM_PATH."
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
    || die "apt-get install chromium failed; install it by hand or set CHROMIUM_PATH."
  [[ -x "$bin" ]] || die "Chromium installed but not found at $bin; set CHROMIUM_PATH."
}

# Debian packages a test needs as programs (HAProxy for the several-instances suite,
# redis-server for the Redis it starts and stops): installed with apt-get when missing.
ensure_debian_program() {
  local program="$1" package="$2"
  command -v "$program" >/dev/null 2>&1 && return
  info "Installing $package from Debian (apt-get install $package)"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  command -v apt-get >/dev/null 2>&1 || die "$program is missing and there is no apt-get: install $package."
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null \
    || die "apt-get install $package failed; install it by hand."
}

# Waits until a URL answers 2xx, or the given PID exits, or the timeout (s) passes.
wait_for_url() {
  local url="$1" pid="$2" timeout="${3:-60}" start=$SECONDS
  until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( SECONDS - start < timeout )) || return 1
    sleep 0.2
  done
}
