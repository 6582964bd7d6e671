#!/usr/bin/env bash
# Writes a libvirt test-driver node file with COUNT running domains named vm000, vm001...
# usage: make-node-file.sh COUNT FILE
set -euo pipefail
count=${1:?usage: make-node-file.sh COUNT FILE}
file=${2:?usage: make-node-file.sh COUNT FILE}
{
  echo "<node>"
  for i in $(seq -w 0 $((count - 1))); do
    echo "<domain type='test'><name>vm$i</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"
  done
  echo "</node>"
} >"$file"
