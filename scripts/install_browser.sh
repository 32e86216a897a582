#!/bin/sh
# Debian's Chromium and ChromeDriver for the editor's browser test (tests/test_editor_browser.py).
# `make test` runs this first; it does nothing when both are already installed.
# Needs root and apt-get (as on the project's CI machine); anywhere else it says what to
# install and exits 1, and the browser test is skipped with that reason.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser.sh: install Debian's chromium and chromium-driver (as root:" \
         "apt-get install chromium chromium-driver) to run the editor's browser test" >&2
    exit 1
fi
echo "installing Chromium and ChromeDriver for the editor's browser test (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
