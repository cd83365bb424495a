#!/usr/bin/env bash
# Runs every test project with the real tools, then prints "N passed, N failed" over all of them.
# Exits non-zero when a test fails, or when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps --tests
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build SoHoa.sln -c Release -nologo -v quiet -clp:ErrorsOnly

status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal" || status=1
done

passed=0 failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

echo "$passed passed, $failed failed"
if ((status != 0 || failed != 0 || passed == 0)); then
  exit 1
fi
