package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.state.EngineState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision throughput and latency of {@link PolicyEngine} on one thread, by population size. The
 * queries cycle through 64K precomputed requests spread over the whole population, so the 1M case
 * pays its cache misses. The decision's texts are rendered when first read ({@code Decision.sentence()}):
 * {@code throughput}/{@code latency} do not read them, {@code *WithSentence} read both as the gateway does.
 * Heap per STACK.md: fixed size, pre-touched; transparent huge pages (madvise
 * here) because a million-badge index misses the TLB on nearly every probe without them.
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class DecisionBenchmark {

    @Param({"1000", "100000", "1000000"})
    public int credentials;

    private PolicySnapshot snapshot;
    private BenchData.Query[] queries;
    private final PolicyEngine engine = new PolicyEngine();
    private final EngineState state = EngineState.initial();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        BenchData data = BenchData.generate(credentials, 42);
        snapshot = PolicySnapshot.compile(1, data.data);
        queries = data.queries(1 << 16, 7);
        data.data = null;   // only the snapshot stays
        System.gc();
    }

    /** Throughput of the stateful entry point with the state of a quiet site: what the gateway calls per badge. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision throughput() {
        return decide();
    }

    /** The same call, timed one by one: the latency distribution (ns). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Decision latency() {
        return decide();
    }

    /**
     * The same call, and then the decision's texts read as the gateway reads them for every decision
     * it records ({@code decidedBy()} and {@code sentence()}, rendered on first read): the complete cost.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String throughputWithSentence() {
        Decision d = decide();
        return d.decidedBy().length() > 0 ? d.sentence() : null;
    }

    /** Latency of the complete decision, texts included (ns). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public String latencyWithSentence() {
        Decision d = decide();
        return d.decidedBy().length() > 0 ? d.sentence() : null;
    }

    private Decision decide() {
        BenchData.Query q = queries[next++ & 0xFFFF];
        Outcome o = engine.decide(snapshot, state, q.request());
        return o.decision();
    }
}
