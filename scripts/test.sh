#!/usr/bin/env bash
# Runs every test: lint, types, format, unit, integration (real livekit-server) and browser
# (Playwright + Debian Chromium against the deployment build, `npm run build:standalone`, served by
# scripts/server.mjs). Installs what is missing.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
set -e
ensure_node_modules
ensure_demo_agent
LIVEKIT_SERVER_BIN="$(bash scripts/livekit.sh path)"
export LIVEKIT_SERVER_BIN
ensure_chromium
ensure_debian_program haproxy haproxy
ensure_debian_program redis-server redis-server
# The machine's own services (not installed by us): say plainly when one is down.
for svc in "PostgreSQL:5432" "Redis:6379"; do
  (exec 3<>"/dev/tcp/127.0.0.1/${svc#*:}") 2>/dev/null \
    || die "${svc%%:*} is not answering on 127.0.0.1:${svc#*:}; the tests need it (see README)."
done
set +e

rm -rf test-results
mkdir -p test-results
failed=()
run() {
  local name="$1"; shift
  info "$name"
  if ! "$@"; then failed+=("$name"); fi
}

run "lint (eslint)" npx --no-install eslint .
run "types (tsc)" npx --no-install tsc --noEmit
run "format (prettier)" npx --no-install prettier --check --log-level warn .
# A hung runner fails its step instead of eating CI's time.
guard() { timeout --kill-after=30s 45m "$@"; }
run "unit and integration tests (vitest)" guard npx --no-install vitest run \
  --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
# The deployment build (output: standalone, assembled): the browser tests run the usual
# server on it, and the several-instances suite runs the deployment folder itself.
run "production build (next build)" bash scripts/standalone.sh
if [[ " ${failed[*]} " != *"next build"* ]]; then
  run "browser tests (playwright)" guard npx --no-install playwright test
fi

node scripts/lib/summary.mjs test-results/vitest.json test-results/e2e-report.json
if [[ ${#failed[@]} -gt 0 ]]; then
  printf 'FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
