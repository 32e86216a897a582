#!/bin/sh
# Install Apache Jena (with its SHACL engine) and a Java runtime from the Debian
# archive, for benchmarks/validation.py. Needs root and the Debian registry.
set -eu
if ls /usr/share/java/jena-shacl*.jar >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    echo "Apache Jena and Java are already installed."
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
packages="libapache-jena-java"
command -v java >/dev/null 2>&1 || packages="$packages default-jre-headless"
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $packages
ls /usr/share/java/jena-shacl*.jar
java -version
