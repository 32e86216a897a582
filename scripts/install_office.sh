#!/bin/sh
# Debian's LibreOffice Calc (headless, no GUI) for the download test
# (tests/test_answer_tables.py opens the saved-query CSV with `soffice --convert-to xlsx`),
# and Pango, which WeasyPrint needs to typeset the validation report as PDF.
# `make test` runs this first; it does nothing when both are already installed.
# Needs root and apt-get (as on the project's CI machine); anywhere else it says what to install.
set -eu
have_pango() { ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; }
if command -v soffice >/dev/null 2>&1 && have_pango; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_office.sh: install Debian's libreoffice-calc-nogui (as root:" \
         "apt-get install --no-install-recommends libreoffice-calc-nogui libpango-1.0-0" \
         "libpangoft2-1.0-0) for the download and PDF tests" >&2
    exit 1
fi
echo "installing LibreOffice Calc (headless) and Pango for the download and PDF tests (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
