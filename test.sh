#!/usr/bin/env bash
# Runs every test: unit tests, the web tests on SQLite and on PostgreSQL, and the browser journeys.
# Installs what it needs on Debian when run as root (PostgreSQL, Chromium), starts a private PostgreSQL
# cluster on a free port for the run, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

# --- What the machine needs -------------------------------------------------------------------------
find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
pg_bin=$(find_pg_bin)
{ [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_ctl" ]; } || missing+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing ${missing[*]}"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "could not install ${missing[*]}"
    pg_bin=$(find_pg_bin)
  else
    die "missing ${missing[*]}: install them (on Debian: apt-get install -y ${missing[*]}) or run as root"
  fi
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is needed (https://dot.net)"

# --- A private PostgreSQL cluster for this run --------------------------------------------------------
pg_dir=$(mktemp -d /tmp/send-improvement-pg.XXXXXX)
pg_user=$(id -un)
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$pg_dir" postgres
  chown postgres "$pg_dir"
  pg_user=postgres
  as_pg() { runuser -u postgres -- "$@"; }
fi

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( (RANDOM % 30000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}
pg_port=$(free_port) || die "no free port for PostgreSQL"

cleanup() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_dir"
}
trap cleanup EXIT

say "Starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; die "initdb failed"; }
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log"; die "PostgreSQL did not start"; }
export TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# --- Build once ------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "Building"
dotnet build SendImprovement.slnx -c Release --nologo -v quiet || die "the build failed"

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
failures=0

run_tests() {
  local name=$1 project=$2
  say "Tests: $name"
  if ! dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"; then
    failures=$((failures + 1))
  fi
}

run_tests core tests/SendImprovement.Core.Tests
TEST_DATABASE=Sqlite run_tests web-sqlite tests/SendImprovement.Web.Tests
TEST_DATABASE=Postgres run_tests web-postgres tests/SendImprovement.Web.Tests
if [ -d tests/SendImprovement.EndToEndTests ]; then
  TEST_DATABASE=Sqlite run_tests browser tests/SendImprovement.EndToEndTests
fi

# Formatting is part of the build's hygiene: a change that is not "dotnet format" clean fails here.
say "Checking formatting (dotnet format --verify-no-changes)"
format_failed=0
dotnet format SendImprovement.slnx --verify-no-changes --no-restore -v quiet || format_failed=1

# --- One line of results -------------------------------------------------------------------------------
passed=0 failed=0 skipped=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  total=$((total + $(get total)))
  executed=$(get executed)
  skipped=$((skipped + $(get total) - executed))
done
if [ "$format_failed" = 1 ]; then failed=$((failed + 1)); else passed=$((passed + 1)); fi
# A test run that crashed before writing results still counts as a failure.
if [ "$failures" -gt 0 ] && [ "$failed" = 0 ]; then failed=$failures; fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo
echo "$line"
[ "$failed" = 0 ] && [ "$failures" = 0 ]
