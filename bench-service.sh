#!/bin/sh
# Issue 15's figures for the server distribution (BENCHMARKS.md, "The server distribution"): builds this
# checkout offline without installing anything into ~/.m2 (the distribution's tar.gz, the demo's libraries,
# the gateway's test classes), unpacks the archive into a temporary directory, then runs
# io.cagekeeper.gateway.bench.ServiceBenchmark: the unpacked bin/cagekeeper as a process of its own, timed from
# its start to /health/ready, its resident memory read from /proc; with the embedded database (the same java
# line with the demo's libraries, which carry zonky's PostgreSQL) and with the machine's PostgreSQL
# (127.0.0.1:5432, a scratch database dropped at the end); a private Mosquitto; idle and at 1,000 badges/s.
# Arguments go to the benchmark, e.g.
#   ./bench-service.sh                                  # defaults: 256 doors, 1,000 badges/s for 60 s, 10 s idle
#   ./bench-service.sh --seconds 20 --idleSeconds 5     # a short run
#   ./bench-service.sh --javaOpts '-Xms256m -Xmx512m'   # JAVA_OPTS of the gateway (default: the unit's -Xms256m)
set -eu
cd "$(dirname "$0")"
mvn -B -o -q -pl cli,demo -am package -DskipTests
mvn -B -o -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp=gateway/target/test-classes:gateway/target/classes:policy-engine/target/classes:simulators/target/classes:$(cat gateway/target/bench.classpath)
archive=$(ls cli/target/cagekeeper-*.tar.gz | head -n1)
unpacked=$(mktemp -d "${TMPDIR:-/tmp}/cagekeeper-dist.XXXXXX")
trap 'rm -rf "$unpacked"' EXIT INT TERM
tar xzf "$archive" -C "$unpacked"
echo "[bench] $(basename "$archive"): $(wc -c < "$archive") bytes; $(ls "$unpacked"/cagekeeper-*/lib | wc -l) jars in lib/"
java ${BENCH_JAVA_OPTS:--Xmx1g} -cp "$cp" io.cagekeeper.gateway.bench.ServiceBenchmark \
  --dist "$(ls -d "$unpacked"/cagekeeper-*)" --extraLib demo/target/lib "$@"
