#!/usr/bin/env bash
# Records the classes a start of VirtFX loads, for the AppCDS archives that postinst builds from
# them on the installed machine. Runs the app-image as a command (the ones people script: list,
# dominfo, dumpxml), once as the manager and as a VM window on its console and on its details
# (under Xvfb, on test:///default), and writes lib/app/virtfx-cli.classlist (the command line's,
# for the virtfx-cli launcher) and lib/app/virtfx.classlist (all of them, for the window's
# launcher), so that a first VM window too maps its classes from the archive.
set -euo pipefail
image=${1:?usage: train-class-list.sh APP_IMAGE_DIR}
app="$image/lib/app"
java="$image/lib/runtime/bin/java"
classpath=$(sed -n 's/^app.classpath=//p' "$app/virtfx.cfg" | sed "s#\$APPDIR#$app#g" | paste -sd:)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

run() {
  "$java" -Xmx160m -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$1" -cp "$classpath" \
    org.virtfx.app.Launcher "${@:2}"
}

run "$work/cli.list" -c test:///default "list --all; dominfo test; dumpxml test; net-list --all" >/dev/null
run "$work/version.list" --version >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
mkfifo "$work/in"
# The manager's bench mode prints a line once every row is shown and quits when told to.
DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" JDK_JAVA_OPTIONS=-Dvirtfx.bench=true \
  run "$work/gui.list" --connect test:///default <"$work/in" >"$work/gui.out" 2>&1 &
gui=$!
exec 3>"$work/in"
for _ in $(seq 1 120); do
  grep -q "rows_shown" "$work/gui.out" && break
  kill -0 "$gui" 2>/dev/null || { cat "$work/gui.out" >&2; exit 1; }
  sleep 0.5
done
grep -q "rows_shown" "$work/gui.out" || { echo "the manager never showed its rows" >&2; cat "$work/gui.out" >&2; exit 1; }
echo quit >&3
exec 3>&-
wait "$gui" || true

# A VM window on its Console page, then one on its Details page: the window builds each page when
# first shown, so a user's first open loads the console's classes and a first look at the details
# the Details page's. test:///default's domain has no graphics, so the console page says so (no
# screen is offered without a hypervisor: the VNC client's classes are not trained). The windows
# have no bench mode: the class list is written as classes load, so each run ends once the
# window is up and its list has stopped growing.
vm_window() {
  local list=$1 pid size now
  shift
  DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" \
    run "$list" --connect test:///default "$@" >"$work/vm.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    grep -qx 'org/virtfx/app/details/DomainWindowView' "$list" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/vm.out" >&2; exit 1; }
    sleep 0.5
  done
  grep -qx 'org/virtfx/app/details/DomainWindowView' "$list" 2>/dev/null \
    || { echo "the VM window ($*) never opened" >&2; cat "$work/vm.out" >&2; exit 1; }
  size=0
  for _ in $(seq 1 30); do
    sleep 1
    now=$(wc -l <"$list")
    [ "$now" -eq "$size" ] && break
    size=$now
  done
  kill "$pid"
  wait "$pid" || true
}
vm_window "$work/vm.list" --show-domain-console test
vm_window "$work/details.list" --show-domain-editor test
sort -u "$work/cli.list" "$work/version.list" | grep -v '^#' >"$app/virtfx-cli.classlist"
sort -u "$work/cli.list" "$work/gui.list" "$work/vm.list" "$work/details.list" | grep -v '^#' >"$app/virtfx.classlist"
echo "class lists: $(wc -l <"$app/virtfx-cli.classlist") classes for the command line," \
  "$(wc -l <"$app/virtfx.classlist") for the window"
