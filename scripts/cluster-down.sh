#!/usr/bin/env bash
# cluster-down.sh: stops the Ray cluster scripts/cluster-up.sh started (by PID, not `ray stop`,
# which would stop every Ray cluster of this user) and removes its temp dir.
#
#   scripts/cluster-down.sh [--state FILE] [--keep-logs]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/ray.sh
source "$root/scripts/lib/ray.sh"
state="$root/.ray-cluster" keep=0
while (($#)); do
  case "$1" in
    --state) state=$2; shift 2 ;;
    --keep-logs) keep=1; shift ;;
    *) echo "cluster-down.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -f "$state" ]] || { echo "cluster-down.sh: no $state: no cluster of ours is up" >&2; exit 0; }
# shellcheck disable=SC1090
source "$state"
ray_stop "$RAY_VENV" "$RAY_TMP"
if ((keep)); then
  echo "Ray logs kept in $RAY_TMP"
else
  rm -rf "$RAY_TMP"
fi
rm -f "$state"
