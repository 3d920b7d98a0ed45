#!/usr/bin/env bash
# Lint and format first (they need no services and fail fast), then the static checks and every
# test tier. Tests make their own databases and Redis prefix and remove them.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint"; npm run -s lint
echo "== format"; npm run -s format:check
bash scripts/ensure-services.sh
export DATABASE_URL="${TEST_ADMIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p apps/web/tsconfig.json
echo "== web client types match the API"; bash apps/web/scripts/generate-api-types.sh --check
echo "== dependency boundaries"; npx depcruise apps libs --config .dependency-cruiser.js --output-type err
echo "== migrations match entities"; bash scripts/check-migrations.sh
echo "== web app: build and size budget"; npm run -s build:web
echo "== web app: component tests"; npx vitest run --config apps/web/vite.config.mts
echo "== browser set-up (Chromium, CJK fonts)"; bash scripts/ensure-browser.sh
# 30 s per test and hook: spec set-up clones a database and boots the API, which a loaded machine
# can stretch past Jest's 5 s default. --forceExit: some spec leaves a handle open after the run
# (seen since the worker and browser specs landed; not yet found), which must not hang CI.
echo "== tests"; npx jest --runInBand --ci --testTimeout=30000 --forceExit "$@"
