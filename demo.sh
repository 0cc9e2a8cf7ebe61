#!/usr/bin/env bash
# Builds Cagekeeper (first run downloads dependencies) and runs the whole cage demo in one process.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -Dstyle.color=never -DskipTests package
exec java -jar demo/target/cagekeeper-demo.jar "$@"
