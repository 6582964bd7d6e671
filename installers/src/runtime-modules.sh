#!/usr/bin/env bash
# Prints the JDK modules the package's jlinked runtime needs, comma-separated, for jpackage's
# --add-modules: what jdeps finds in every jar the package ships, plus the few modules that are
# only reached through ServiceLoader, which no class names and so jdeps cannot see.
# usage: runtime-modules.sh JDEPS DIR-OF-SHIPPED-JARS
set -euo pipefail
jdeps=${1:?usage: runtime-modules.sh JDEPS DIR-OF-SHIPPED-JARS}
input=${2:?usage: runtime-modules.sh JDEPS DIR-OF-SHIPPED-JARS}
shopt -s nullglob
jars=("$input"/*.jar)
[ ${#jars[@]} -gt 0 ] || { echo "runtime-modules: no jars in $input" >&2; exit 1; }

# --ignore-missing-deps: the libraries name optional classes that are not shipped and are never
# loaded (jing's Saxon and Xerces bridges, isorelax's, ControlsFX's). --multi-release 17: the
# versioned classes of multi-release jars that a Java 17 runtime loads.
found=$("$jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "${jars[@]}")
[ -n "$found" ] || { echo "runtime-modules: jdeps printed no modules" >&2; exit 1; }

# Reached only through ServiceLoader:
# - jdk.random: RandomGenerator.getDefault() and RandomGenerator.of(name) find their algorithms
#   (L32X64MixRandom, the default) as services of jdk.random; without it the Create Network
#   dialog fails with 'No implementation of the random number generator algorithm'.
# Looked at and left out, since nothing in the app reaches them:
# - jdk.crypto.ec: elliptic-curve keys for TLS; VirtFX opens no TLS connection (SecureRandom,
#   which it uses for MAC addresses and UUIDs, is java.base's).
# - jdk.localedata: number and date formats of locales other than English; the interface text is
#   English only, and without it every locale formats like the root locale, as the text reads.
# - jdk.zipfs: a zip file system; resources are read from the jars through class loaders.
# - jdk.charsets: charsets beyond the standard ones; all files and consoles are read as UTF-8.
service_only=(jdk.random)

printf '%s' "$found"
printf ',%s' "${service_only[@]}"
echo
