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

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$(readlink -f "$deb")" >/dev/null
command -v virtfx >/dev/null || fail "no virtfx command on the PATH"
[ -f /opt/virtfx/lib/app/virtfx.jsa ] || fail "postinst built no AppCDS archive"
grep -q '^StartupWMClass=' /usr/share/applications/virtfx.desktop || fail "no desktop file with StartupWMClass"
installed=$(dpkg -L virtfx)

out=$(virtfx -c test:///default list --all)
expected=$' Id   Name   State\n----------------------\n 1    test   running'
[ "$out" = "$expected" ] || fail "unexpected 'virtfx list --all' output: $out"
echo "check-deb: CLI from the package works"

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

# A node file with 1,000 running domains for the GUI.
node="$work/node1000.xml"
bash "$(dirname "$0")/../bench/scripts/make-node-file.sh" 1000 "$node"

Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
DISPLAY=$display XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" virtfx --connect "test://$node" >"$work/gui.log" 2>&1 &
gui=$!
window=""
for _ in $(seq 1 60); do
  window=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -E '"Virtual Machine Manager|"VirtFX' | head -1 || true)
  [ -n "$window" ] && break
  kill -0 "$gui" 2>/dev/null || { cat "$work/gui.log" >&2; fail "the GUI exited"; }
  sleep 0.5
done
[ -n "$window" ] || fail "no manager window appeared"
wm_class=$(DISPLAY=$display xprop -id "$(echo "$window" | awk '{print $1}')" WM_CLASS)
[[ $wm_class == *'"virtfx"'* ]] || fail "the window's class ($wm_class) does not match the desktop file's StartupWMClass"
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
