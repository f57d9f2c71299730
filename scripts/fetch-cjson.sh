#!/bin/sh
# Fetch cJSON 1.7.15 with Debian's security patches from Debian's source package
# into build/deps/cjson (never copied into this repository). Uses a private apt
# configuration under build/deps/apt so the system's apt sources stay untouched.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/build/deps/cjson"
[ -f "$dest/cJSON.c" ] && exit 0
command -v dpkg-source >/dev/null 2>&1 || {
  echo "fetch-cjson: installing dpkg-dev (for dpkg-source)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >/dev/null
}
apt="$root/build/deps/apt"
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/src"
# The same mirrors the system uses for binary packages, as deb-src.
uris=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
sec=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep security | head -1)
[ -n "$uris" ] || uris=http://deb.debian.org/debian
[ -n "$sec" ] || sec=http://deb.debian.org/debian-security
cat > "$apt/sources/debian-src.sources" <<SRC
Types: deb-src
URIs: $uris
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $sec
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
opts="-o APT::Sandbox::User=root -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt/sources -o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache"
apt-get $opts -qq update
cd "$apt/src"
apt-get $opts -qq source cjson >/dev/null
src=$(find "$apt/src" -maxdepth 2 -name cJSON.c | head -1)
[ -n "$src" ] || { echo "fetch-cjson: cJSON.c not found in the source package" >&2; exit 1; }
mkdir -p "$dest"
cp "$(dirname "$src")/cJSON.c" "$(dirname "$src")/cJSON.h" "$dest/"
cp "$(dirname "$src")/LICENSE" "$dest/" 2>/dev/null || true
echo "fetch-cjson: $(basename "$(dirname "$src")") -> $dest" >&2
