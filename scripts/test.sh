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
# A step that fails is named in this lane's file; every step says how long it took.
run() {
  local lane="$1" name="$2"; shift 2
  local t0=$SECONDS
  info "$name"
  if ! "$@"; then echo "$name" >> "test-results/failed-$lane"; fi
  info "$name: $((SECONDS - t0)) s"
}
# A hung runner fails its step instead of eating CI's time.
guard() { timeout --kill-after=30s 45m "$@"; }

# Two lanes at once: the tests mostly wait on servers, so two lanes fit two cores, and each
# lane runs beside a busy core, as every test must. Their ports, Redis databases and files are
# apart (tests/support/ports.ts). The vitest lane, the shorter, ends with the static checks,
# once the build is done (next build regenerates files that tsc, eslint and prettier read); it
# prints its output whole, after the browser's.
(
  run vitest "unit and integration tests (vitest)" guard npx --no-install vitest run \
    --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
  for _ in $(seq 900); do [[ -e test-results/build-finished ]] && break; sleep 1; done
  run checks "lint (eslint)" npx --no-install eslint .
  run checks "types (tsc)" npx --no-install tsc --noEmit
  run checks "format (prettier)" npx --no-install prettier --check --log-level warn .
) > test-results/vitest.log 2>&1 &
vitest_lane=$!
# The deployment build (output: standalone, assembled): the browser tests run the usual
# server on it, and the several-instances suite runs the deployment folder itself.
run browser "production build (next build)" bash scripts/standalone.sh
touch test-results/build-finished
if [[ ! -s test-results/failed-browser ]]; then
  run browser "browser tests (playwright)" guard npx --no-install playwright test
fi
wait "$vitest_lane"
info "the vitest lane's output (test-results/vitest.log)"
cat test-results/vitest.log

node scripts/lib/summary.mjs test-results/vitest.json test-results/e2e-report.json
failed=$(cat test-results/failed-* 2>/dev/null)
if [[ -n "$failed" ]]; then
  printf 'FAILED: %s\n' "$failed" >&2
  exit 1
fi
