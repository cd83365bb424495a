#!/usr/bin/env bash
# Fuzzes one of SoHoa's parsers with AFL++ through SharpFuzz, for long runs (CI runs the seeded mutation tests instead):
#   bash tools/fuzz.sh manifest|page|pdf|verify|revocation [minutes, default 10]
# Installs afl++ (Debian) and the SharpFuzz instrumenter when missing, publishes tools/SoHoa.Fuzz, instruments SoHoa.dll,
# seeds the corpus from the repository's own files, runs afl-fuzz, and prints what it found. Crashing inputs stay in
# artifacts/fuzz/<target>/findings/default/crashes/: add each as a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: bash tools/fuzz.sh manifest|page|pdf|verify|revocation [minutes]}"
minutes="${2:-10}"

if ! command -v afl-fuzz >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then echo "AFL++ is missing: sudo apt-get install -y afl++" >&2; exit 3; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
[[ -x tools/.bin/sharpfuzz ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path tools/.bin >/dev/null

work="artifacts/fuzz/$target"
rm -rf "$work/bin" "$work/in"
mkdir -p "$work/in"
dotnet publish tools/SoHoa.Fuzz -c Release -o "$work/bin" -nologo -v quiet
tools/.bin/sharpfuzz "$work/bin/SoHoa.dll" >/dev/null

case "$target" in
  manifest) cp testdata/batches/sample/batch.json "$work/in/" ;;
  page) cp testdata/batches/sample/0001/01.jpg testdata/batches/sample/0001/02.png "$work/in/" ;;
  pdf|verify) find tests/SoHoa.Tests/TestData/HostilePdfs -name '*.pdf' -size -64k | head -n 20 | xargs -I{} cp {} "$work/in/" ;;
  revocation) dotnet "$work/bin/SoHoa.Fuzz.dll" seed "$work/in" ;;
  *) echo "unknown target '$target'" >&2; exit 2 ;;
esac

# A managed program: AFL's binary checks do not apply, and the process may use more memory than AFL's default.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 OMP_THREAD_LIMIT=1
afl-fuzz -i "$work/in" -o "$work/findings" -t 10000 -m none -V "$((minutes * 60))" -- dotnet "$work/bin/SoHoa.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || true

stats="$work/findings/default/fuzzer_stats"
if [[ ! -f "$stats" ]]; then
  echo "afl-fuzz did not start; see $work/afl.log" >&2
  tail -n 20 "$work/afl.log" >&2
  exit 1
fi
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs)' "$stats"
crashes=$(find "$work/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "$target: $crashes crashing inputs in $work/findings/default/crashes"
