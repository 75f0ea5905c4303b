#!/usr/bin/env bash
# Everything CI runs, in order: lint, typecheck, build, unit, integration on
# PGlite and on PostgreSQL, tests against a real local Kubernetes control
# plane, and end-to-end in Chromium. Called by `npm test`
# through scripts/run.sh (which provides Node 24 and the installed workspace).
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==> %s\n' "$*"; }

# The suite-wide secret check (packages/testenv/src/leak-check.ts): tests
# register their secrets, processes, audit rows and Discord messages are
# collected here with the suite's own output, and checked at the end.
export CLUSTERCORD_LEAK_DIR="$PWD/.data/leak-check"
rm -rf "$CLUSTERCORD_LEAK_DIR" && mkdir -p "$CLUSTERCORD_LEAK_DIR"
exec > >(tee "$CLUSTERCORD_LEAK_DIR/suite.log") 2>&1

section "services"
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium from Debian's packages"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium'" >&2; exit 1
  fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is required for the integration suite" >&2; exit 1; }
fi

section "local Kubernetes control plane: build from Go modules (cached after the first run)"
bash packages/testenv/cluster/build.sh

section "lint (biome)"
npx biome ci .

section "typecheck"
npx turbo run typecheck --output-logs=errors-only
npx tsc --noEmit -p scripts
npx tsc --noEmit -p bench

section "build (web)"
npx turbo run build --filter=@clustercord/web --output-logs=errors-only

# The test tiers run in two lanes side by side: every integration test
# takes a fresh database (a PGlite directory or a randomly named PostgreSQL
# database) and fresh Redis prefixes, and every cluster test file and every
# Playwright worker starts its own control plane and stack, so the lanes
# share nothing but the CPU, and all mostly wait on servers. The Kubernetes
# tier is the longest, so it is cut into three shards (whole files each,
# vitest --shard) that even out the lanes: [PGlite, then two cluster shards]
# beside [PostgreSQL, then Chromium, then the third shard]. Each tier's
# output is kept whole and printed in order when both lanes have ended.
section "tests: [unit + integration on PGlite, Kubernetes shards 1-2] beside [integration on PostgreSQL, Chromium, Kubernetes shard 3]"
tier() {
  local name="$1"; shift
  local rc=0
  "$@" > "$CLUSTERCORD_LEAK_DIR/tier-$name.log" 2>&1 || rc=$?
  echo "$rc" > "$CLUSTERCORD_LEAK_DIR/tier-$name.rc"
}
{
  tier pglite env DB_KIND=pglite npx vitest run --project unit --project integration
  tier cluster-1 npx vitest run --project cluster --shard=1/3
  tier cluster-2 npx vitest run --project cluster --shard=2/3
} &
lane_a=$!
{
  tier postgres env DB_KIND=postgres npx vitest run --project integration
  tier e2e npx playwright test -c apps/web/playwright.config.ts
  tier cluster-3 npx vitest run --project cluster --shard=3/3
} &
lane_b=$!
# By pid: a bare `wait` would also wait for the `tee` above, which never ends.
wait "$lane_a" "$lane_b"
failed=0
for name in pglite postgres cluster-1 cluster-2 cluster-3 e2e; do
  section "$name (exit $(cat "$CLUSTERCORD_LEAK_DIR/tier-$name.rc"))"
  cat "$CLUSTERCORD_LEAK_DIR/tier-$name.log"
  [ "$(cat "$CLUSTERCORD_LEAK_DIR/tier-$name.rc")" = 0 ] || failed=1
done
[ "$failed" = 0 ] || exit 1

section "no secret in any collected output (logs, audit rows, Discord messages, refusals)"
npx tsx scripts/leak-check.ts "$CLUSTERCORD_LEAK_DIR"
