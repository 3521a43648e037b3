#!/usr/bin/env bash
# cmake --install into a fresh prefix, then checks what was installed: the
# files a host and an operator expect, `escalated --version`, no path of the
# source or build tree in the binary or the library (strings), and the
# installed binary serving its UI from a directory of its own.
#
#   install_test.sh SOURCE_DIR BUILD_DIR PREFIX VERSION
set -euo pipefail
src=$1 build=$2 prefix=$3 version=$4
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "FAILED: $*" >&2; exit 1; }
pc=$(cd "$prefix" && find lib* -name escalated.pc | head -1)
[ -n "$pc" ] || fail "escalated.pc is not installed"
libdir=${pc%/pkgconfig/escalated.pc}  # lib, or lib/<multiarch> under /usr
for f in bin/escalated include/escalated/helpdesk.h include/escalated/version.h \
         "$libdir/pkgconfig/escalated.pc" "$libdir/cmake/escalated/escalated-config.cmake" \
         "$libdir/cmake/escalated/escalated-config-version.cmake" \
         "$libdir/cmake/escalated/escalated-targets.cmake" \
         share/man/man1/escalated.1 share/escalated/escalated.json share/escalated/escalated.service; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
ls "$prefix/$libdir"/libescalated.* >/dev/null || fail "no libescalated in $libdir"
echo "ok: the install tree is complete ($(du -sh "$prefix" | cut -f1))"
grep -q "^ExecStart=$prefix/bin/escalated serve" "$prefix/share/escalated/escalated.service" ||
  fail "the example unit does not start $prefix/bin/escalated"

out=$("$prefix/bin/escalated" --version)
[ "$out" = "escalated $version" ] || fail "escalated --version printed '$out'"
echo "ok: escalated --version: $out"

for f in "$prefix/bin/escalated" "$prefix/$libdir"/libescalated.*; do
  [ -L "$f" ] && continue
  # Without the leading slash: a relative ../../path/of/src counts too.
  for dir in "${src#/}" "${build#/}"; do
    if hits=$(strings -a "$f" | grep -F "$dir" | head -3) && [ -n "$hits" ]; then
      fail "$(basename "$f") holds a path of this machine ($dir): $hits"
    fi
  done
done
echo "ok: strings finds neither $src nor $build in the binary or the library"

rm -rf "$prefix-run"
bash "$(dirname "$0")/serve_check.sh" "$prefix/bin/escalated" "$prefix-run"
