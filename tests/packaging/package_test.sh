#!/usr/bin/env bash
# Builds the Debian package with CPack, checks its control data and files,
# unpacks it into a temporary root (dpkg-deb -x) and starts the packaged
# binary from there with the packaged configuration on a fresh database.
#
#   package_test.sh SOURCE_DIR BUILD_DIR WORK VERSION
set -euo pipefail
src=$1 build=$2 work=$3 version=$4
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }
cpack --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/escalated_"$version"_*.deb) || fail "no escalated_${version}_*.deb: $(ls "$work")"
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3 libpq5 libsodium libssl3 libcurl tzdata; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends does not name $lib: $depends"
done
echo "ok: Depends: $depends"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/escalated/escalated.json "$work/control/conffiles" || fail "the configuration is no conffile"

root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/escalated etc/escalated/escalated.json lib/systemd/system/escalated.service \
         usr/share/man/man1/escalated.1; do
  [ -e "$root/$f" ] || fail "/$f is not in the package"
done
[ -z "$(find "$root" -name '*.a' -o -name '*.h' | head -1)" ] || fail "development files in the package"
unit=$root/lib/systemd/system/escalated.service
for line in 'ExecStart=/usr/bin/escalated serve --config /etc/escalated/escalated.json' \
            'DynamicUser=yes' 'User=escalated' 'StateDirectory=escalated'; do
  grep -qx "$line" "$unit" || fail "the unit lacks '$line'"
done
echo "ok: the package holds the binary, the conffile, the unit (own user, StateDirectory) and the man page"
[ "$("$root/usr/bin/escalated" --version)" = "escalated $version" ] || fail "--version"
for dir in "${src#/}" "${build#/}"; do
  if strings -a "$root/usr/bin/escalated" | grep -qF "$dir"; then fail "the binary names $dir"; fi
done
bash "$(dirname "$0")/serve_check.sh" "$root/usr/bin/escalated" "$work/run" \
  --config "$root/etc/escalated/escalated.json"
