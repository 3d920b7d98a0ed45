#!/usr/bin/env bash
# Quick start: install, build, migrate, load the sample documents and accounts, run API + worker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/luoshi}"
db="${DATABASE_URL##*/}"; db="${db%%\?*}"
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
npm run -s build
npm run -s migration:run
npm run -s seed
echo "API on http://localhost:${PORT:-3000} (docs at /docs); Ctrl-C stops both" >&2
trap 'kill 0' INT TERM EXIT
node dist/apps/worker/apps/worker/src/main.js &
node dist/apps/api/apps/api/src/main.js &
wait -n
