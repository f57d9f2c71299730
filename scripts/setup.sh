#!/bin/sh
# Install whatever is missing on a fresh Debian bookworm machine, from Debian's
# packages and the npm registry only. Safe to run again: it does nothing when
# everything is there.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=""
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_pkg() { # need_pkg PACKAGE
  dpkg -s "$1" >/dev/null 2>&1 || missing="$missing $1"
}
need cmake cmake
need gcc gcc
need clang clang
need emcc emscripten
need chromium chromium
need dpkg-source dpkg-dev
need_pkg node-acorn
need_pkg libclang-rt-14-dev
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages:$missing (run as root or: sudo apt-get install$missing)" >&2
    exit 1
  fi
  echo "setup: installing Debian packages:$missing" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# npm packages exactly as the lock file says.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

sh scripts/fetch-cjson.sh
