#!/usr/bin/env bash
# Builds the console and assembles a self-contained folder for deployment (no node_modules
# beside it needed): .next/standalone, with the static files, public/ and the console's own
# HTTP server (scripts/server.mjs: forwarded-header handling, compression, the app started
# after the first paint).
# Run it with:  node .next/standalone/scripts/server.mjs -H 0.0.0.0 -p 3000
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 LKA_STANDALONE=1
npx --no-install next build
out=.next/standalone
mkdir -p "$out/.next" "$out/scripts/lib"
cp -r .next/static "$out/.next/static"
cp -r public "$out/public"
cp scripts/server.mjs "$out/scripts/"
cp scripts/lib/forwarded.mjs scripts/lib/compress.mjs scripts/lib/boot-after-paint.mjs \
  scripts/lib/foreground.mjs scripts/lib/icon-cache.mjs "$out/scripts/lib/"
echo "standalone console in $out (start: node $out/scripts/server.mjs -H 0.0.0.0 -p 3000)"
