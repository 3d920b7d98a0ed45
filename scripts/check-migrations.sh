#!/usr/bin/env bash
# Fails when the entities and the migrations disagree: migrates a scratch database and asks
# TypeORM whether migration:generate would produce anything.
set -euo pipefail
cd "$(dirname "$0")/.."
db="luoshi_migcheck_$$_$(date +%s)"
admin="${TEST_ADMIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
url="${admin%/*}/$db"
psql "$admin" -qc "CREATE DATABASE \"$db\""
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"' EXIT
DATABASE_URL="$url" npm run -s migration:run >/dev/null
DATABASE_URL="$url" npm run -s migration:revert >/dev/null
DATABASE_URL="$url" npm run -s migration:run >/dev/null
DATABASE_URL="$url" npm run -s migration:check
