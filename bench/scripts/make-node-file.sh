#!/usr/bin/env bash
# Writes a libvirt test-driver node file with COUNT realistic domains (bench/.../data/RealisticNode:
# virt-manager's devices, two networks, a dir pool of qcow2 disks, a mix of states; "running"
# makes them all run). Needs the bench module built (bench/run builds it; so does mvn package).
# usage: make-node-file.sh COUNT FILE [running]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: make-node-file.sh COUNT FILE [running]" >&2; exit 2; }
classes="$(cd "$(dirname "$0")/.." && pwd)/target/classes"
[ -f "$classes/org/virtfx/bench/data/RealisticNode.class" ] \
  || { echo "make-node-file.sh: build the bench module first (mvn -DskipTests package)" >&2; exit 1; }
exec java -cp "$classes" org.virtfx.bench.data.RealisticNode "$@"
