#!/bin/sh
# Runs the reconcile CLI from a source checkout (docs/reconciliation.md): builds the module and its
# class path once, then passes every argument on. Example:
#   reconciliation/reconcile.sh --input ./export --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --site fra-1 --out ./report
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -pl reconciliation -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
exec java -cp "reconciliation/target/classes:$(cat reconciliation/target/classpath.txt)" \
     io.cagekeeper.reconciliation.cli.ReconcileCommand "$@"
