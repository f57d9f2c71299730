#!/bin/sh
# npm run fuzz [-- SECONDS]: build the libFuzzer harnesses of tests/fuzz with clang
# (ASan + UBSan) and run each for SECONDS (default 60), starting from its seed
# corpus. A crash is written to build/fuzz/; make it a test by moving it into
# tests/fuzz/regressions/<target>/ (ctest replays those under the sanitizers).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
sh scripts/setup.sh
CC=clang cmake -S . -B build/fuzz -DSF_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j2
for bin in build/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  target=${bin##*/fuzz_}
  mkdir -p "build/fuzz/corpus-$target"
  echo "== fuzz_$target for ${seconds}s"
  (cd build/fuzz && "./fuzz_$target" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
    "corpus-$target" "$root/tests/fuzz/corpus/$target") 2>&1 | grep -E "^(stat::number_of_executed_units|Done|==.*ERROR|SUMMARY)" || true
done
