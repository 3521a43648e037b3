#!/usr/bin/env bash
# Installs every system package the build, the tests and the benchmarks need.
# Idempotent and quiet: when everything is present it prints nothing and
# touches nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  dpkg-dev binutils  # cpack (dpkg-shlibdeps) and strings, for package_test and install_test
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libssl-dev libsodium-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev tzdata
  libcmark-dev libgumbo-dev libdtl-dev
  libgmime-3.0-dev
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev
  wrk curl
  chromium fonts-liberation
  fonts-noto-core fonts-noto-cjk  # Arabic, Japanese, Korean and Chinese text in the browser tests and screenshots
  python3-aiosmtpd openssl
  clang libclang-rt-14-dev  # make fuzz: libFuzzer and the sanitizers for clang
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The web UI's toolchain comes from npm (web/package-lock.json); it needs the
# machine's Node.js 20 or newer, which Debian 12's own nodejs (18) is not.
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null; then
  echo "install-deps: Node.js 20 or newer (with npm) is needed for the web UI; found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
