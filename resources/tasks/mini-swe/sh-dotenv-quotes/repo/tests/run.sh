#!/usr/bin/env bash
# Tests of lib/dotenv.sh; prints TAP.
cd "$(dirname "$0")/.." || exit 1
. lib/dotenv.sh
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
cat >"$env_file" <<'ENV'
# settings
NAME=arbor
EMPTY=
GREETING="hello world"
SINGLE='single quoted'
NAME=arbor2
ENV
n=0
fails=0
check() { # check NAME EXPECTED KEY
  local name=$1 expected=$2 actual
  n=$((n + 1))
  actual=$(dotenv_get "$env_file" "$3") || actual="exit $?"
  if [ "$actual" = "$expected" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "  # expected '$expected', got '$actual'"
    fails=$((fails + 1))
  fi
}
check last_assignment_wins arbor2 NAME
check empty_value "" EMPTY
check missing_key_fails "exit 1" MISSING
check comment_is_not_a_key "exit 1" "# settings"
check double_quotes_are_removed "hello world" GREETING
check single_quotes_are_removed "single quoted" SINGLE
echo "1..$n"
[ "$fails" -eq 0 ]
