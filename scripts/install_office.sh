#!/bin/sh
# Debian's LibreOffice Calc (headless, no GUI) for the download test
# (tests/test_answer_tables.py opens the saved-query CSV with `soffice --convert-to xlsx`).
# `make test` runs this first; it does nothing when soffice is already installed.
# Needs root and apt-get (as on the project's CI machine); anywhere else it says what to install.
set -eu
if command -v soffice >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_office.sh: install Debian's libreoffice-calc-nogui (as root:" \
         "apt-get install --no-install-recommends libreoffice-calc-nogui) for the download test" >&2
    exit 1
fi
echo "installing LibreOffice Calc (headless) for the download test (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui >/dev/null
