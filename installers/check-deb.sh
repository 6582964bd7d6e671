#!/usr/bin/env bash
# CI's proof that the .deb works (run as root): install it, run the CLI and the GUI from the
# installed package, look at the GUI's window, remove the package and check that nothing of it
# is left outside the user's config directory.
set -euo pipefail
deb=${1:?usage: check-deb.sh PATH/TO/virtfx.deb}
work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  if [ -e "$work/lxc/run/vfxcheck.state" ]; then
    virtfx -c "lxc:///embed?root=$work/lxc" destroy vfxcheck >/dev/null 2>&1 || true
  fi
  dpkg -s virtfx >/dev/null 2>&1 && apt-get remove --purge -y -qq virtfx >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-deb: $*" >&2; exit 1; }

# The drivers' programs are recommended, not required: a user of containers alone needs no QEMU,
# and the libvirt driver binds libvirt0 only where it is installed.
recommends=$(dpkg-deb -f "$deb" Recommends)
for p in qemu-system-x86 qemu-utils ovmf libvirt0 dnsmasq-base nftables; do
  [[ ", $recommends," == *", $p,"* ]] || fail "the package does not recommend $p (Recommends: $recommends)"
done

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$(readlink -f "$deb")" >/dev/null
command -v virtfx >/dev/null || fail "no virtfx command on the PATH"
[ -f /opt/virtfx/lib/app/virtfx.jsa ] || fail "postinst built no AppCDS archive"
[ -f /opt/virtfx/lib/app/virtfx-cli.jsa ] || fail "postinst built no AppCDS archive for the command line"
grep -q '^StartupWMClass=' /usr/share/applications/virtfx.desktop || fail "no desktop file with StartupWMClass"
installed=$(dpkg -L virtfx)

out=$(virtfx -c test:///default list --all)
expected=$' Id   Name   State\n----------------------\n 1    test   running'
[ "$out" = "$expected" ] || fail "unexpected 'virtfx list --all' output: $out"
echo "check-deb: CLI from the package works"

# /usr/bin/virtfx sends the window's arguments to the window's launcher; --driver takes a word.
. <(sed -n '/^opens_gui()/,/^}/p' /opt/virtfx/lib/virtfx-command)
opens_gui --driver libvirt -c test:///default || fail "virtfx --driver WORD -c URI would not open the window"
! opens_gui --driver builtin -c test:///default list || fail "virtfx --driver WORD -c URI list would not run a command"
# Commands start from the command line's own archive: their classes come from it, not the jars.
loaded=$(JAVA_TOOL_OPTIONS=-Xlog:class+load=info virtfx -c test:///default list --all 2>/dev/null)
grep -q 'picocli.CommandLine source: shared objects file' <<<"$loaded" \
  || fail "the command line does not start from its class-data archive"
grep -q '^\[.*javafx' <<<"$loaded" && fail "a command loaded JavaFX"
echo "check-deb: commands start from their own class-data archive"

# ssh's password prompt for libvirt's ssh transport is a file of the package too, both
# launchers name it, and run on its own (not through VirtFX's private link) it refuses clearly.
askpass=/opt/virtfx/lib/virtfx-askpass
grep -qx "$askpass" <<<"$installed" || fail "the package does not list $askpass"
[ -f "$askpass" ] && [ -x "$askpass" ] || fail "$askpass is not installed as an executable file"
for cfg in /opt/virtfx/lib/app/virtfx.cfg /opt/virtfx/lib/app/virtfx-cli.cfg /opt/virtfx/lib/app/virtfx-software.cfg; do
  grep -q -- '-Dvirtfx.askpass=$APPDIR/../virtfx-askpass' "$cfg" || fail "$cfg does not name $askpass"
done
refusal=$("$askpass" "root@host's password: " 2>&1) && fail "$askpass answered outside VirtFX: $refusal"
grep -q "no VirtFX process is asking here" <<<"$refusal" || fail "$askpass refused unclearly: $refusal"
echo "check-deb: ssh's askpass is installed and named by both launchers"

# The LXC supervisor is a file of the package, and the driver runs that file: nothing writes a
# program under /run (which desktops often mount noexec) at run time (docs/decisions/0005).
supervisor=/opt/virtfx/lib/virtfx-lxc-supervisor
grep -qx "$supervisor" <<<"$installed" || fail "the package does not list $supervisor"
[ -f "$supervisor" ] && [ -x "$supervisor" ] || fail "$supervisor is not installed as an executable file"
# A copy left by a run from a checkout may already be there; then it must stay untouched (an
# identical copy would not be rewritten, so the container check below is the decisive one).
copy=/run/virtfx/lxc/virtfx-lxc-supervisor
copy_before=$(stat -c '%i %Y' "$copy" 2>/dev/null || echo absent)
virtfx -c lxc:/// list >/dev/null || fail "'virtfx -c lxc:/// list' failed"
[ "$(stat -c '%i %Y' "$copy" 2>/dev/null || echo absent)" = "$copy_before" ] \
  || fail "opening lxc:/// wrote $copy instead of using $supervisor"
# A private driver (lxc:///embed) so that no system container is touched: start a container
# and look at which program its supervisor runs.
cat >"$work/vfxcheck.xml" <<'EOF'
<domain type='lxc'><name>vfxcheck</name><memory unit='MiB'>64</memory>
  <os><type>exe</type><init>/bin/sleep</init><initarg>infinity</initarg></os></domain>
EOF
embed="lxc:///embed?root=$work/lxc"
virtfx -c "$embed" "define $work/vfxcheck.xml; start vfxcheck" >/dev/null || fail "cannot start a container"
supervisor_pid=$(sed -n 's/^supervisor=//p' "$work/lxc/run/vfxcheck.state")
running=$(readlink "/proc/$supervisor_pid/exe" || true)
virtfx -c "$embed" "destroy vfxcheck; undefine vfxcheck" >/dev/null || fail "cannot destroy the container"
[ "$running" = "$supervisor" ] || fail "the container's supervisor runs '$running', not $supervisor"
[ ! -e "$work/lxc/run/virtfx-lxc-supervisor" ] || fail "the driver copied the supervisor to its state directory"
echo "check-deb: containers run the installed $supervisor"

# A node file with 1,000 realistic domains (as virt-manager users have them) for the GUI.
node="$work/node1000.xml"
bash "$(dirname "$0")/../bench/scripts/make-node-file.sh" 1000 "$node"

Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
# await_window PID LOG TITLE-ERE: xwininfo's line for the first window whose title matches, once
# it shows; fails when the app PID exits first (showing its LOG) or after 30 s.
await_window() {
  local pid=$1 log=$2 pattern=$3 line=""
  for _ in $(seq 1 60); do
    line=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -E "$pattern" | head -1 || true)
    if [ -n "$line" ]; then echo "$line"; return; fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the GUI exited before showing '$pattern'"; }
    sleep 0.5
  done
  fail "no window '$pattern' appeared"
}
DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" virtfx --connect "test://$node" >"$work/gui.log" 2>&1 &
gui=$!
window=$(await_window "$gui" "$work/gui.log" '"Virtual Machine Manager|"VirtFX')
wm_class=$(DISPLAY=$display xprop -id "$(echo "$window" | awk '{print $1}')" WM_CLASS)
[[ $wm_class == *'"virtfx"'* ]] || fail "the window's class ($wm_class) does not match the desktop file's StartupWMClass"
# With no GPU the window draws in software without ever mapping Mesa (virtfx-command).
if ! compgen -G '/dev/dri/renderD*' >/dev/null && [ ! -e /dev/nvidia0 ]; then
  grep -q libjvm "/proc/$gui/maps" || fail "process $gui is not the window's JVM"
  mesa=$(grep -oE '[^/ ]*(libLLVM|_dri|libGLX_mesa)[^/ ]*\.so[^ ]*' "/proc/$gui/maps" | sort -u | paste -sd' ' || true)
  [ -z "$mesa" ] || fail "with no GPU the window still mapped Mesa: $mesa"
  echo "check-deb: with no GPU the window maps no Mesa ($(awk '/VmRSS/ {print $2 " " $3}' "/proc/$gui/status") resident)"
fi
sleep 3
DISPLAY=$display import -window root "$work/screen.png"
colours=$(convert "$work/screen.png" -format %k info:)
[ "$colours" -gt 16 ] || fail "the screen looks blank ($colours colours)"
mkdir -p "${VIRTFX_CI_ARTIFACTS:-/tmp}"
cp "$work/screen.png" "${VIRTFX_CI_ARTIFACTS:-/tmp}/virtfx-installed-gui.png"
echo "check-deb: GUI window '$(echo "$window" | grep -o '"[^"]*"' | head -1)' shown, $colours colours"
second=$(DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" timeout 20 virtfx --connect test:///default)
[[ $second == *"already running"* ]] || fail "a second start did not hand over to the running manager: $second"
echo "check-deb: a second start brought the running manager to the front"
# The running manager stores the handed-over connection in the background; give it a moment.
settings="$work/config/virtfx/settings.conf"
for _ in $(seq 1 50); do
  grep -qs 'test:///default' "$settings" && break
  sleep 0.2
done
grep -qs 'test:///default' "$settings" || fail "the second start's connection was not stored"
kill "$gui"
wait "$gui" 2>/dev/null || true

# Every window and dialog, each photographed on the virtual display: it must show more than a
# few colours, and the app must log no exception meanwhile. Screenshots go to
# $VIRTFX_CI_ARTIFACTS/virtfx-installed-windows/ for review.
shots="${VIRTFX_CI_ARTIFACTS:-/tmp}/virtfx-installed-windows"
rm -rf "$shots"
mkdir -p "$shots"
captured=0
# look_at NAME TITLE: photographs the window titled TITLE, waiting a little for its first frame.
look_at() {
  local name=$1 title=$2 id="" colours=0 png
  captured=$((captured + 1))
  png="$shots/$(printf '%02d' "$captured")-$(tr -cs 'A-Za-z0-9' '-' <<<"$name" | sed 's/-$//').png"
  for _ in $(seq 1 10); do
    id=$(DISPLAY=$display xwininfo -root -tree | grep -F "\"$title\": (" | awk '{print $1}' | head -1 || true)
    if [ -n "$id" ] && DISPLAY=$display import -window "$id" "$png" 2>/dev/null; then
      colours=$(convert "$png" -format %k info:)
      [ "$colours" -gt 16 ] && break
    fi
    sleep 0.5
  done
  [ -n "$id" ] || fail "$name: no window titled '$title' on the display"
  [ "$colours" -gt 16 ] || fail "$name: the window '$title' looks blank ($colours colours, $png)"
}
no_exceptions() {
  if grep -qE 'Exception|^[[:space:]]+at ' "$1"; then
    cat "$1" >&2
    fail "$2 logged an exception"
  fi
}

# virt-manager's --show-* options each open one window.
single_window() {
  local title=$1 pid found
  shift
  DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" \
    virtfx --connect test:///default "$@" >"$work/single.log" 2>&1 &
  pid=$!
  found=$(await_window "$pid" "$work/single.log" "\"$title")
  sleep 1
  look_at "$*" "$(grep -o '"[^"]*"' <<<"$found" | head -1 | tr -d '"')"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  no_exceptions "$work/single.log" "virtfx $*"
}
single_window "test on " --show-domain-editor test
single_window "test on " --show-domain-console test
single_window "New VM" --show-domain-creator
single_window "test default - Connection Details" --show-host-summary
echo "check-deb: the four --show-* windows open"
# A first VM window maps its classes from the window's class-data archive too, on its console and
# on its Details page: the package's training opened both (src/train-class-list.sh).
from_archive() {
  local class=$1 pid
  shift
  DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" JAVA_TOOL_OPTIONS=-Xlog:class+load=info \
    virtfx --connect test:///default "$@" >"$work/vm-classes.log" 2>&1 &
  pid=$!
  await_window "$pid" "$work/vm-classes.log" '"test on ' >/dev/null
  # The window's title comes before its page is built and laid out, which loads the class.
  sleep 1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  grep -q "$class source: shared objects file" "$work/vm-classes.log" \
    || fail "virtfx $* does not load $class from the window's class-data archive"
}
from_archive org.virtfx.app.details.DomainWindowView --show-domain-console test
from_archive org.virtfx.app.details.PageForms --show-domain-editor test
echo "check-deb: the VM window's console and Details page classes come from the class-data archive"

# The rest through the app's check mode (app/.../checkmode/WindowTour): it opens each window
# and dialog in turn through the real menus and buttons, says which is up, and waits for a line.
cat >"$work/tour.xml" <<'EOF'
<node>
  <domain type='test'><name>running</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>stopped</name>
    <memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>5</test:runstate></domain>
  <network><name>default</name><bridge name='virbr0'/><forward/>
    <ip address='192.168.122.1' netmask='255.255.255.0'/></network>
  <pool type='dir'><name>default-pool</name><target><path>/default-pool</path></target>
    <volume type='file'><name>disk1.img</name><capacity unit='GiB'>10</capacity>
      <target><path>/default-pool/disk1.img</path></target></volume></pool>
</node>
EOF
coproc tour { DISPLAY=$display XDG_CONFIG_HOME="$work/tour-config" XDG_RUNTIME_DIR="$work" VIRTFX_CHECK=windows \
  virtfx --connect "test://$work/tour.xml" 2>"$work/tour.log"; }
tour_pid=$tour_PID
before=$captured
summary=""
while IFS= read -r -t 90 line <&"${tour[0]}"; do
  case $line in
    "virtfx-check shown"*)
      IFS=$'\t' read -r _ what title <<<"$line"
      look_at "$what" "$title"
      echo next >&"${tour[1]}" ;;
    "virtfx-check failed"*) fail "window check: ${line#virtfx-check failed}" ;;
    "virtfx-check done"*) summary=$line; break ;;
  esac
done
wait "$tour_pid" 2>/dev/null || true
[ -n "$summary" ] || { cat "$work/tour.log" >&2; fail "the window check mode stopped before its end"; }
no_exceptions "$work/tour.log" "the window check"
# The manager, three pages of a VM window and 14 windows and dialogs: fewer means a step went missing.
[ $((captured - before)) -eq 18 ] || fail "the window check showed $((captured - before)) windows, not 18"
echo "check-deb: $captured windows and dialogs open and show content ($shots)"

# An upgrade (here: the same package again) keeps the user's connections and settings.
before=$(sha256sum <"$settings")
apt-get install -y -qq --reinstall "$(readlink -f "$deb")" >/dev/null
[ "$(sha256sum <"$settings")" = "$before" ] || fail "reinstalling changed the user's settings"
echo "check-deb: reinstalling kept the user's settings"

apt-get remove --purge -y -qq virtfx >/dev/null
left=""
while IFS= read -r path; do
  case "$path" in /|/.|/opt|/usr|/usr/bin|/usr/share|/usr/share/*/|/usr/share/doc) continue ;; esac
  if [ -e "$path" ] && [ ! -d "$path" ]; then left="$left $path"; fi
done <<<"$installed"
for extra in /usr/bin/virtfx /opt/virtfx /usr/share/applications/virtfx.desktop \
             /usr/share/icons/hicolor/48x48/apps/virtfx.png /usr/share/icons/hicolor/scalable/apps/virtfx.svg; do
  [ -e "$extra" ] && left="$left $extra"
done
[ ! -e "$supervisor" ] || fail "removal left $supervisor"
[ -z "$left" ] || fail "left behind after removal:$left"
echo "check-deb: removal left nothing behind"
