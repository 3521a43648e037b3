#!/usr/bin/env bash
# Builds tests/consumer, a host project outside the source tree, against the
# prefix install_test.sh installed, finding Escalated with find_package
# (MODE find_package) or pkg-config (MODE pkg_config), and runs it.
#
#   consumer_test.sh SOURCE_DIR PREFIX WORK MODE
set -euo pipefail
src=$1 prefix=$(realpath "$2") work=$3 mode=$4
rm -rf "$work"
mkdir -p "$work"
args=(-DCMAKE_BUILD_TYPE=Release)
if [ "$mode" = pkg_config ]; then
  pcdir=$(dirname "$(find "$prefix"/lib* -name escalated.pc | head -1)")
  export PKG_CONFIG_PATH=$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
  echo "pkg-config --libs escalated: $(pkg-config --libs escalated)"
  args+=(-DUSE_PKG_CONFIG=ON)
else
  args+=(-DCMAKE_PREFIX_PATH="$prefix")
fi
# A copy, so nothing of the source tree is on its include path.
cp -r "$src/tests/consumer" "$work/src"
cmake -S "$work/src" -B "$work/build" -G Ninja "${args[@]}" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
# With a shared libescalated (-DBUILD_SHARED_LIBS=ON), pkg-config gives no rpath.
libdir=$(dirname "$(dirname "$(find "$prefix"/lib* -name escalated.pc | head -1)")")
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$work/build/consumer" "$work"
rm -rf "$work"  # linked statically with debug information, it is large; kept on failure
