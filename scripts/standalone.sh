#!/usr/bin/env bash
# Builds the console and assembles a self-contained folder for deployment (no node_modules
# beside it needed): .next/standalone, with the static files, public/ and the console's own
# HTTP server (scripts/server.mjs: which forwarded headers to believe).
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
# Every module of the server's own: a list of names here once left a new one out, and the
# deployed server failed at its first import (the instances browser test caught it).
cp scripts/lib/*.mjs "$out/scripts/lib/"
echo "standalone console in $out (start: node $out/scripts/server.mjs -H 0.0.0.0 -p 3000)"
