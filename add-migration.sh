#!/usr/bin/env bash
# Adds a migration to both providers' migration sets, as every model change must (docs/adr/0002).
# Usage: ./add-migration.sh AddSomething
set -euo pipefail
cd "$(dirname "$0")"
name=${1:?Usage: ./add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for context in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/SendImprovement.Core \
    --context "${context}AppDbContext" --output-dir "Data/Migrations/$context"
done
rm -f src/SendImprovement.Core/design-time.db
