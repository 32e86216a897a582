#!/bin/sh
# Install Apache Jena (with its SHACL engine) from the Debian archive, for
# benchmarks/validation.py. Needs root and the Debian registry.
set -eu
if ls /usr/share/java/jena-shacl*.jar >/dev/null 2>&1; then
    echo "Apache Jena is already installed."
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libapache-jena-java
ls /usr/share/java/jena-shacl*.jar
