#!/bin/sh
# Issue 14's verifiable-log benchmark (BENCHMARKS.md, "The verifiable log"): builds this checkout offline
# without installing anything into ~/.m2, then runs io.cagekeeper.gateway.bench.LogBenchmark on the test
# class path against the machine's PostgreSQL (127.0.0.1:5432, a scratch database dropped at the end):
# append rate of a queued backlog, inclusion-proof latency, verify-log rate.
# Usage: ./bench-log.sh [events, default 1000000] [proofs, default 10000]; JAVA_OPTS default -Xms2g -Xmx2g.
set -eu
cd "$(dirname "$0")"
mvn -B -o -q -pl gateway -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/bench-log.classpath -Dmdep.includeScope=test
cp=gateway/target/test-classes:gateway/target/classes:evidence/target/classes:policy-engine/target/classes:simulators/target/classes:$(cat gateway/target/bench-log.classpath)
java ${JAVA_OPTS:--Xms2g -Xmx2g} -cp "$cp" io.cagekeeper.gateway.bench.LogBenchmark "${1:-1000000}" "${2:-10000}"
