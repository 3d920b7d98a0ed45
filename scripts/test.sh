#!/usr/bin/env bash
# Every test tier plus the static checks. Tests make their own databases and Redis prefix and remove them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
export DATABASE_URL="${TEST_ADMIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== dependency boundaries"; npx depcruise apps libs --config .dependency-cruiser.js --output-type err
echo "== migrations match entities"; bash scripts/check-migrations.sh
echo "== tests"; npx jest --runInBand --ci "$@"
