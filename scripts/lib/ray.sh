# shellcheck shell=bash
# Shared by .ci/run, scripts/cluster-up.sh, cluster-down.sh, submit.sh and arbor: the Python venv
# that carries Ray (its cluster runtime and ray_dist.jar), and stopping a Ray cluster we started.
# Source it; it defines functions only.

# ray_venv_install VENV PACKAGE...: creates VENV if needed and pip-installs the packages. The local
# index is made the primary one: pip's config may list it only as an extra index, and pip then
# retries an unreachable default index for minutes.
ray_venv_install() {
  local venv=$1
  shift
  if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv" || {
      echo "python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2
      return 1
    }
  fi
  local index
  index=$("$venv/bin/pip" config get global.extra-index-url 2>/dev/null | awk '{print $1}' || true)
  if [[ -n "$index" ]]; then
    echo "pip install $* --index-url $index"
    "$venv/bin/pip" install -q --index-url "$index" "$@" 2>&1 |
      grep -v 'is ignored: it is neither a file nor a directory' || true
  else
    echo "pip install $*"
    "$venv/bin/pip" install -q "$@"
  fi
}

# ray_venv_ready VENV PACKAGE...: true when every package is installed (at its pinned version).
ray_venv_ready() {
  local venv=$1
  shift
  [[ -x "$venv/bin/python" ]] || return 1
  "$venv/bin/python" - "$@" 2>/dev/null <<'PY'
import importlib.metadata as m, sys
for spec in sys.argv[1:]:
    name, _, want = spec.partition("==")
    if want and m.version(name) != want:
        sys.exit(1)
    m.version(name)
PY
}

# ray_dist_jar VENV: path of Ray's Java cluster runtime in the venv (empty if absent).
ray_dist_jar() {
  compgen -G "$1/lib/python3*/site-packages/ray/jars/ray_dist.jar" | head -n 1 || true
}

# ray_pids VENV TMP: the processes of the Ray cluster whose temp dir is TMP: programs of VENV whose
# command line names TMP (GCS, raylets, monitors), and all their descendants (agents, Java
# workers). `ray stop --force` would kill every Ray process of this user, also clusters not ours.
ray_pids() {
  local venv=$1 tmp=$2 roots="" file pid argv0 real
  real=$(readlink -f "$venv")
  for file in $(grep -laF -- "$tmp/" /proc/[0-9]*/cmdline 2>/dev/null || true); do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    argv0=$(tr '\0' '\n' <"$file" 2>/dev/null | head -n 1 || true)
    [[ "$argv0" == "$venv/"* || "$argv0" == "$real/"* ]] && roots+="$pid "
  done
  [[ -n "$roots" ]] || return 0
  ps -eo pid=,ppid= | awk -v roots="$roots" -v self="$$" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grew = 0
        for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 }
      } while (grew)
      for (p in keep) if ((p in parent) && p != self) print p
    }'
}

# ray_stop VENV TMP: SIGTERM to the cluster's processes, SIGKILL to what is left after 3 s.
ray_stop() {
  local venv=$1 tmp=$2 pids
  pids=$(ray_pids "$venv" "$tmp")
  [[ -n "$pids" ]] || return 0
  echo "stopping the Ray cluster in $tmp (pids: ${pids//$'\n'/ })"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 15); do
    pids=$(ray_pids "$venv" "$tmp")
    [[ -z "$pids" ]] && return 0
    sleep 0.2
  done
  echo "still running after 3 s, sending SIGKILL: ${pids//$'\n'/ }"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}
