#!/bin/sh
# Installs the Debian packages payrun builds and tests with, when missing.
set -e
PKGS="gcc make libxlsxwriter-dev libcunit1-dev zlib1g-dev libdeflate-dev libssl-dev libjansson-dev libminizip-dev libexpat1-dev libinih-dev libfreexl-dev gettext"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
