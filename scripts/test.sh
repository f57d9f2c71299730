#!/bin/sh
# npm test: install what is missing, build native (ASan+UBSan) and wasm, run
# every test: C (ctest), JS (node --test), the browser (Playwright), and the
# type check (tsc --checkJs, strict, over web/ and components/; one check).
# Ends with one line "tests: N passed, N failed" summing them.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log=build/test-logs
fail=0

sh scripts/setup.sh || exit 1
mkdir -p "$log"

step() { echo; echo "== $*"; }

step "native build under AddressSanitizer + UndefinedBehaviorSanitizer (clang)"
# clang's UBSan checks more than gcc's (e.g. arithmetic on a null pointer).
CC=clang cmake -S . -B build/san -DSF_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
  cmake --build build/san -j2 || exit 1
step "native release build (build/sinfonia)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2 || exit 1
step "wasm and web build (dist/)"
node scripts/build-web.mjs || exit 1

step "wasm test build with a 64 MB memory ceiling (build/wasm-small)"
(export NODE_PATH=/usr/share/nodejs # Debian's emscripten runs its node tools with it
  emcmake cmake -S . -B build/wasm-small -DCMAKE_BUILD_TYPE=Release -DSF_WASM_MAX_MEMORY=64MB >/dev/null &&
  cmake --build build/wasm-small -j2) || exit 1

step "type check (tsc --checkJs --strict over web/ and components/)"
tc_pass=0 tc_fail=0
if node scripts/typecheck.mjs >"$log/typecheck.txt" 2>&1; then tc_pass=1; else tc_fail=1; fi
cat "$log/typecheck.txt"
step "C tests (ctest, sanitized)"
ctest --test-dir build/san --output-on-failure 2>&1 | tee "$log/ctest.txt" || fail=1
step "JS tests (node --test; the CLI runs sanitized)"
SINFONIA_BIN="$root/build/san/sinfonia" node --test tests/js/ 2>&1 | tee "$log/node.txt" || fail=1
step "browser tests (Playwright on Debian's chromium)"
npx playwright test 2>&1 | tee "$log/e2e.txt" || fail=1

# Sum the runners' own closing lines.
c_total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log/ctest.txt" | tail -1)
c_fail=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$log/ctest.txt" | tail -1)
n_pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p;s/^# pass \([0-9]*\)$/\1/p' "$log/node.txt" | tail -1)
n_fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p;s/^# fail \([0-9]*\)$/\1/p' "$log/node.txt" | tail -1)
e_pass=$(sed -n 's/^ *\([0-9][0-9]*\) passed.*/\1/p' "$log/e2e.txt" | tail -1)
e_fail=$(sed -n 's/^ *\([0-9][0-9]*\) failed.*/\1/p' "$log/e2e.txt" | tail -1)
c_total=${c_total:-0} c_fail=${c_fail:-0} n_pass=${n_pass:-0} n_fail=${n_fail:-0}
e_pass=${e_pass:-0} e_fail=${e_fail:-0}
[ "$c_total" -gt 0 ] && [ "$n_pass" -gt 0 ] && [ "$e_pass" -gt 0 ] || { echo "a runner ran no test"; fail=1; }
passed=$((c_total - c_fail + n_pass + e_pass + tc_pass))
failed=$((c_fail + n_fail + e_fail + tc_fail))
[ "$failed" -gt 0 ] && fail=1
echo
echo "C $((c_total - c_fail))/$c_total, JS $n_pass/$((n_pass + n_fail)), browser $e_pass/$((e_pass + e_fail)), typecheck $([ "$tc_pass" = 1 ] && echo pass || echo fail)"
echo "tests: $passed passed, $failed failed"
exit $fail
