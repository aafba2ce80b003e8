#!/usr/bin/env bash
# cluster-up.sh: starts a Ray cluster on this machine for Arbor (Ray 2.58 from the Python index,
# in .venv-ray), with the resource tags of a job config.
#
#   scripts/cluster-up.sh --job resources/jobs/arithmetic.yaml
#   scripts/cluster-up.sh --resources '{"sandbox":4,"policy":1}' --worker '{"trainer":1}'
#
# Options:
#   --job FILE        head resources = the job's summed role tags; CPUs = its summed CPU (min 2)
#   --resources JSON  head resources (instead of, or on top of, --job)
#   --num-cpus N      CPUs the head advertises
#   --worker JSON     also start a worker node with these resources (repeatable)
#   --port N          GCS port (default 6379 or RAY_PORT)
#   --state FILE      where to record the cluster (default .ray-cluster in the checkout)
#
# Addresses: a single-node cluster listens on 127.0.0.1 only. Ray refuses further nodes on such a
# head; with --worker, the cluster runs in multi-node mode, in which Ray replaces 127.0.0.1 by the
# host's address: the nodes listen there (prints it). The state file (sourced by cluster-down.sh,
# submit.sh) holds RAY_ADDRESS, RAY_NODE_IP, RAY_TMP, RAY_VENV, RAY_DIST_JAR.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/ray.sh
source "$root/scripts/lib/ray.sh"

readonly RAY_VERSION=2.58.0
venv=${RAY_VENV:-$root/.venv-ray}
port=${RAY_PORT:-6379}
state="$root/.ray-cluster"
job="" resources="" cpus="" workers=()
while (($#)); do
  case "$1" in
    --job) job=$2; shift 2 ;;
    --resources) resources=$2; shift 2 ;;
    --num-cpus) cpus=$2; shift 2 ;;
    --worker) workers+=("$2"); shift 2 ;;
    --port) port=$2; shift 2 ;;
    --state) state=$2; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "cluster-up.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -e "$state" ]] && { echo "cluster-up.sh: $state exists: a cluster is up (scripts/cluster-down.sh)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "cluster-up.sh: port $port is in use (another Ray head?); choose --port" >&2
  exit 1
fi

ray_venv_ready "$venv" "ray==$RAY_VERSION" || ray_venv_install "$venv" "ray==$RAY_VERSION"
jar=$(ray_dist_jar "$venv")
[[ -f "$jar" ]] || { echo "cluster-up.sh: no ray/jars/ray_dist.jar in $venv" >&2; exit 1; }

# Head resources: the job's tags (count x resources summed over roles), then --resources on top.
read -r tags job_cpus < <("$venv/bin/python" - "$job" "$resources" <<'PY'
import json, sys, yaml
job, extra = sys.argv[1], sys.argv[2]
tags, cpus = {}, 0.0
if job:
    roles = (yaml.safe_load(open(job)) or {}).get("roles") or {}
    for role in roles.values():
        for tag, amount in ((role or {}).get("resources") or {}).items():
            total = float(amount) * int((role or {}).get("count", 1))
            if tag == "CPU":
                cpus += total
            elif tag not in ("GPU", "memory"):
                tags[tag] = tags.get(tag, 0) + total
tags.update(json.loads(extra) if extra else {})
print(json.dumps(tags, separators=(",", ":")), int(cpus))
PY
)
cpus=${cpus:-$((job_cpus > 2 ? job_cpus : 2))}
tmp=$(mktemp -d /tmp/arbor-ray.XXXXXX) # short: Ray's socket paths are limited to 107 bytes

if ((${#workers[@]})); then
  export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=1
  node_ip=$("$venv/bin/python" -c 'import ray._private.services as s; print(s.get_node_ip_address())')
  ip_flag=()
else
  export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0
  node_ip=127.0.0.1
  ip_flag=(--node-ip-address=127.0.0.1)
fi
# Workers inherit the raylet's environment: the same allocator tuning as scripts/arbor (see there).
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-33554432}
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-1073741824}
export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-67108864}
echo "Ray head on $node_ip:$port: resources $tags, $cpus CPUs, temp dir $tmp"
"$venv/bin/ray" start --head "${ip_flag[@]}" --port="$port" --resources="$tags" --num-cpus="$cpus" \
  --object-store-memory=$((512 * 1024 * 1024)) --include-dashboard=false --disable-usage-stats \
  --temp-dir="$tmp" --log-style=record --log-color=false
for w in ${workers[@]+"${workers[@]}"}; do
  echo "Ray worker node: resources $w"
  "$venv/bin/ray" start --address="$node_ip:$port" --resources="$w" --num-cpus=1 \
    --object-store-memory=$((256 * 1024 * 1024)) --disable-usage-stats \
    --log-style=record --log-color=false
done
cat >"$state" <<STATE
RAY_ADDRESS=$node_ip:$port
RAY_NODE_IP=$node_ip
RAY_TMP=$tmp
RAY_VENV=$venv
RAY_DIST_JAR=$jar
STATE
echo "cluster up: $node_ip:$port (state in $state; stop with scripts/cluster-down.sh)"
