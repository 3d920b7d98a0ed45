#!/usr/bin/env bash
# Regenerates apps/web/src/api/schema.d.ts from the API's OpenAPI document (no server needed).
# With --check, fails when the checked-in file differs: a changed API must regenerate the client.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=apps/web/src/api/schema.d.ts
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
npx ts-node -r tsconfig-paths/register --transpile-only scripts/openapi-dump.ts > "$tmp/openapi.json"
npx openapi-typescript "$tmp/openapi.json" --output "$tmp/schema.d.ts" --root-types >/dev/null
if [[ "${1:-}" == "--check" ]]; then
  if ! diff -q "$out" "$tmp/schema.d.ts" >/dev/null; then
    diff -u "$out" "$tmp/schema.d.ts" | head -40 >&2
    echo "apps/web/src/api/schema.d.ts is out of date: run npm run web:api-types" >&2
    exit 1
  fi
  echo "apps/web/src/api/schema.d.ts matches the API"
else
  cp "$tmp/schema.d.ts" "$out"
  echo "wrote $out"
fi
