#!/bin/sh
# The SPARQL servers the remote-store tests run against (tests/servers.py, tests/test_servers.py):
#   - Oxigraph server: the `oxigraph` PyPI package (a binary in the project venv; the test extra
#     already lists it, so this only repairs a venv that lacks it);
#   - Virtuoso Open Source 7: Debian's virtuoso-opensource, installed but NOT started or enabled
#     as a system service (the tests start their own instance in a temporary folder).
# `make test` runs this first; it does nothing when both are already installed.
# Virtuoso needs root and apt-get (as on the project's CI machine); anywhere else this says what
# to install and exits 1, and the Virtuoso tests are skipped with that reason.
set -eu
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

if [ ! -x "$VENV/bin/oxigraph" ]; then
    echo "installing the Oxigraph server into $VENV (pip install oxigraph)"
    "$VENV/bin/python" -m pip install --quiet 'oxigraph>=0.4'
fi

if [ -x /usr/bin/virtuoso-t ] && [ -x /usr/bin/isql-vt ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_stores.sh: install Debian's Virtuoso (as root:" \
         "apt-get install --no-install-recommends virtuoso-opensource) to run the Virtuoso tests" >&2
    exit 1
fi
echo "installing Virtuoso Open Source for the remote-store tests (apt-get)"
# The package's postinst starts the service to set the dba password; a policy-rc.d that
# answers 101 stops invoke-rc.d from starting (or enabling) it. Keep one that is already there.
POLICY=/usr/sbin/policy-rc.d
OURS=""
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
    OURS=1
fi
trap '[ -z "$OURS" ] || rm -f "$POLICY"' EXIT
apt-get update -qq
# An empty dba password leaves the packaged (unused) instance disabled, without a prompt.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource >/dev/null
