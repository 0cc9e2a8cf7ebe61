#!/bin/sh
# The live-feed benchmark (BENCHMARKS.md, "Live event feed"): builds this checkout offline without installing
# anything into ~/.m2, then runs io.cagekeeper.gateway.bench.FeedBenchmark on the test class path against the
# machine's PostgreSQL (127.0.0.1:5432, a scratch database dropped at the end) and a private Mosquitto.
#   ./bench-feed.sh                                   # the issue's phases: 100 badges/s with 20 consoles, 1,000/s with 5, 60 s each
#   ./bench-feed.sh --seconds 10 --phases 50x2        # a smoke run
# JAVA_OPTS (default -Xmx2g) sets the JVM's options.
set -eu
cd "$(dirname "$0")"
mvn -B -o -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp=gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench.classpath)
exec java ${JAVA_OPTS:--Xmx2g} -cp "$cp" io.cagekeeper.gateway.bench.FeedBenchmark "$@"
