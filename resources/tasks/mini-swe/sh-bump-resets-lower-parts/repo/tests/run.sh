#!/usr/bin/env bash
# Tests of bin/bump; prints TAP.
cd "$(dirname "$0")/.." || exit 1
n=0
fails=0
check() { # check NAME EXPECTED COMMAND...
  local name=$1 expected=$2 actual
  shift 2
  n=$((n + 1))
  actual=$("$@" 2>/dev/null) || actual="exit $?"
  if [ "$actual" = "$expected" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "  # expected '$expected', got '$actual'"
    fails=$((fails + 1))
  fi
}
check bump_patch 1.2.4 bin/bump patch 1.2.3
check bump_patch_carries_no_digit 1.2.10 bin/bump patch 1.2.9
check invalid_part_fails "exit 1" bin/bump build 1.2.3
check invalid_version_fails "exit 1" bin/bump patch 1.2
check bump_minor_resets_patch 1.3.0 bin/bump minor 1.2.3
check bump_major_resets_minor_and_patch 2.0.0 bin/bump major 1.2.3
echo "1..$n"
[ "$fails" -eq 0 ]
