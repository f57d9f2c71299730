#!/bin/sh
# Build the wasm module into build/wasm/ (sinfonia.mjs + sinfonia.wasm) with
# Debian's emscripten. Debian's emscripten needs NODE_PATH for its node tools.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=/usr/share/nodejs
cd "$root"
sh scripts/fetch-cjson.sh
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j2
