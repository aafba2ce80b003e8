#!/usr/bin/env bash
# submit.sh: runs `arbor train` against the cluster of scripts/cluster-up.sh (or RAY_ADDRESS).
#
#   scripts/submit.sh [arbor train options, e.g. --config resources/jobs/arithmetic.yaml --steps 20]
#
# With a Ray dashboard (ray[default], on the head at port 8265) the driver runs as a Ray job
# (`ray job submit`: logs and status in the dashboard). Without one (as on machines where
# ray[default] does not install) the driver runs here, with the cluster's ray_dist.jar.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/ray.sh
source "$root/scripts/lib/ray.sh"
state=${ARBOR_CLUSTER_STATE:-$root/.ray-cluster}
if [[ -f "$state" ]]; then
  # shellcheck disable=SC1090
  source "$state"
fi
[[ -n "${RAY_ADDRESS:-}" ]] || { echo "submit.sh: no cluster: run scripts/cluster-up.sh or set RAY_ADDRESS=HOST:PORT" >&2; exit 1; }
venv=${RAY_VENV:-$root/.venv-ray}
host=${RAY_ADDRESS%:*}
dashboard="http://$host:8265"
if "$venv/bin/ray" job --help >/dev/null 2>&1 && (exec 3<>"/dev/tcp/$host/8265") 2>/dev/null; then
  exec "$venv/bin/ray" job submit --address "$dashboard" --working-dir "$root" -- \
    env ARBOR_NO_BUILD=1 scripts/arbor train --ray "$RAY_ADDRESS" "$@"
fi
echo "submit.sh: no Ray dashboard at $dashboard: running the driver here" >&2
export ARBOR_RAY_DIST_JAR=${RAY_DIST_JAR:-$(ray_dist_jar "$venv")}
exec "$root/scripts/arbor" train --ray "$RAY_ADDRESS" "$@"
