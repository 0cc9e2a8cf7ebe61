#!/bin/sh
# The API benchmark (BENCHMARKS.md, "Management API"): builds this checkout offline without
# installing anything into ~/.m2, then runs io.cagekeeper.gateway.bench.ApiBenchmark on the test
# class path against the machine's PostgreSQL (127.0.0.1:5432, a scratch database dropped at the end)
# and a private Mosquitto. Arguments go to the benchmark, e.g.
#   ./bench-api.sh                                   # the issue's sizes: 10M events, 100k persons (~30-40 min here)
#   ./bench-api.sh --events 2000000 --seconds 30     # a short run
# JAVA_OPTS (default -Xmx2g) sets the JVM's options.
set -eu
cd "$(dirname "$0")"
mvn -B -o -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp=gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench.classpath)
exec java ${JAVA_OPTS:--Xmx2g} -cp "$cp" io.cagekeeper.gateway.bench.ApiBenchmark "$@"
