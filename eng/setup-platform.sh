#!/usr/bin/env bash
# Makes sure this machine can load TorchSharp 0.107's native library.
#
# libLibTorchSharp.so in TorchSharp 0.107 is built with GCC 13 and needs the libstdc++ symbol version
# GLIBCXX_3.4.32. Debian 12 (bookworm) ships GCC 12's libstdc++ (GLIBCXX_3.4.30), so the first use of
# torch fails there with a TypeInitializationException. On Debian 12 this script adds Debian 13 (trixie)
# as an apt source pinned at a low priority (100), so nothing else is taken from it, and installs
# libstdc++6 from it. It does nothing when the symbol is already there, so it is safe to run every time.
set -euo pipefail

say() { printf 'setup-platform: %s\n' "$*" >&2; }

libstdcxx_path() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}

has_glibcxx_3_4_32() {
  local lib
  lib=$(libstdcxx_path)
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

if [ "$(uname -s)" != "Linux" ]; then
  say "not Linux; TorchSharp's native packages bring what they need here. Nothing to do."
  exit 0
fi

if has_glibcxx_3_4_32; then
  say "libstdc++ provides GLIBCXX_3.4.32 ($(libstdcxx_path)); nothing to do."
  exit 0
fi

. /etc/os-release 2>/dev/null || true
if [ "${ID:-}" != "debian" ] || [ "${VERSION_ID:-}" != "12" ]; then
  say "libstdc++ ($(libstdcxx_path)) lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs."
  say "This script only knows how to fix Debian 12. Install libstdc++ from GCC 13 or newer"
  say "(Ubuntu 24.04, Debian 13 and Fedora 39+ have it), then run this again to check."
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    say "Debian 12's libstdc++ lacks GLIBCXX_3.4.32; installing a newer one needs root (or sudo)."
    exit 1
  fi
else
  SUDO=
fi

say "Debian 12's libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs."
say "Adding Debian 13 (trixie) as an apt source pinned at priority 100 and installing libstdc++6 from it."
say "apt also upgrades what that needs from Debian 13: libc6, libgcc-s1, dpkg and about 25 companions, and"
say "base-files, after which /etc/os-release names Debian 13. Nothing else is taken from Debian 13 later."
$SUDO tee /etc/apt/sources.list.d/attentionml-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
$SUDO tee /etc/apt/preferences.d/attentionml-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t trixie libstdc++6 >/dev/null

if has_glibcxx_3_4_32; then
  say "done: $(libstdcxx_path) now provides GLIBCXX_3.4.32."
else
  say "installed libstdc++6 from trixie, but GLIBCXX_3.4.32 is still missing; please report this."
  exit 1
fi
