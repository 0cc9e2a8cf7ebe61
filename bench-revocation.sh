#!/bin/sh
# Issue 11's revocation benchmark (BENCHMARKS.md, "Revocation under badge load"): builds this checkout
# offline without installing anything into ~/.m2, then runs io.cagekeeper.gateway.bench.RevocationBenchmark
# on the test class path against the machine's PostgreSQL (127.0.0.1:5432, a scratch database dropped at
# the end) and a private Mosquitto, once per size given (default: 1000 100000 1000000). Properties:
# -Drevocations=1000 -Drate=1000 (badges/s) -DgapMs=40 -DprobeMs=5, through JAVA_OPTS
# (default -Xms1g -Xmx1g: the heap the issue allows the snapshot is 512 MB; the rest is the cage's).
set -eu
cd "$(dirname "$0")"
mvn -B -o -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp=gateway/target/test-classes:gateway/target/classes:policy-engine/target/classes:simulators/target/classes:$(cat gateway/target/bench.classpath)
sizes=${*:-1000 100000 1000000}
for size in $sizes; do
  java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$cp" io.cagekeeper.gateway.bench.RevocationBenchmark "$size"
done
