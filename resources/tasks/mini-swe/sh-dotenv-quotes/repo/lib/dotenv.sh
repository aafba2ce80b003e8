#!/usr/bin/env bash
# dotenv_get FILE KEY: print the value of KEY in a .env FILE (KEY=VALUE lines).
# Blank lines and lines starting with # are ignored; the last assignment wins; a value may be
# wrapped in single or double quotes, which are not part of the value. Exit 1 if KEY is absent.

dotenv_get() {
  local file=$1 key=$2 line value found=1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '' | '#'*) continue ;;
    esac
    if [ "${line%%=*}" = "$key" ]; then
      value=${line#*=}
      found=0
    fi
  done <"$file"
  [ $found -eq 0 ] && printf '%s\n' "$value"
  return $found
}
