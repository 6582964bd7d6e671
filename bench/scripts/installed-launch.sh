#!/usr/bin/env bash
# Launch benchmark for the installed package: wall time from starting /usr/bin/virtfx to all
# 1,000 rows of a test node file of realistic domains shown (the manager's bench mode reports when every row is in
# the tree after a layout pulse). Installs the given .deb first if VirtFX is not installed, and
# removes it again afterwards in that case. Runs under Xvfb; prints the median of RUNS launches.
# usage: installed-launch.sh [virtfx.deb]   (RUNS=5 by default)
set -euo pipefail
runs=${RUNS:-5}
work=$(mktemp -d)
installed_here=""
display=:$((90 + RANDOM % 100))
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  [ -n "$installed_here" ] && apt-get remove --purge -y -qq virtfx >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! dpkg -s virtfx >/dev/null 2>&1; then
  deb=${1:?virtfx is not installed: give the .deb to install}
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(readlink -f "$deb")" >/dev/null
  installed_here=yes
fi

node="$work/node1000.xml"
bash "$(dirname "$0")/make-node-file.sh" 1000 "$node"

Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1

times=()
for run in $(seq 1 "$runs"); do
  mkfifo "$work/in.$run"
  start=$(date +%s%N)
  DISPLAY=$display XDG_CONFIG_HOME="$work/config.$run" XDG_RUNTIME_DIR="$work" VIRTFX_BENCH=1 \
    virtfx --connect "test://$node" <"$work/in.$run" >"$work/out.$run" 2>&1 &
  app=$!
  exec 3>"$work/in.$run"
  shown=""
  for _ in $(seq 1 3000); do
    if grep -q rows_shown "$work/out.$run"; then shown=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.01
  done
  echo quit >&3
  exec 3>&-
  ( sleep 10; kill "$app" 2>/dev/null ) &
  wait "$app" 2>/dev/null || true
  [ -n "$shown" ] || { echo "run $run: the rows were never shown" >&2; cat "$work/out.$run" >&2; exit 1; }
  times+=("$shown")
  echo "run $run: $shown ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
load=$(cut -d' ' -f1 /proc/loadavg)
printf 'launch_rows1000_s=%.2f runs=%d min_s=%.2f max_s=%.2f load1=%s\n' "$(echo "$median/1000" | bc -l)" "$runs" \
  "$(printf '%s\n' "${times[@]}" | sort -n | head -1 | awk '{print $1/1000}')" \
  "$(printf '%s\n' "${times[@]}" | sort -n | tail -1 | awk '{print $1/1000}')" "$load"
