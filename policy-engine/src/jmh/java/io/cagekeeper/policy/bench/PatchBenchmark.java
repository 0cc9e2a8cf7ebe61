package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Time of {@link PolicySnapshot#patch} on a large snapshot, as the gateway would chain it: every call
 * patches the snapshot the previous call produced (so copied chunks and garbage accumulate as in
 * service). {@code singleBadge}: one credential's status flipped (a revocation or a reinstatement);
 * {@code tenThousandBadges}: 10,000 random credentials flipped in one delta (a batch import's size).
 * The content hash is not part of the patch (computed on first use); {@link PatchFootprint} times it.
 * The data are sorted by id, as the store loads them (BenchData's ids are not, and an unsorted policy
 * is patched by compiling).
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PatchBenchmark {

    @Param({"1000000"})
    public int credentials;

    private PolicySnapshot snapshot;
    private Credential[] original;
    private final SplittableRandom rnd = new SplittableRandom(11);
    private final Instant at = Instant.parse("2026-12-01T10:00:00Z");

    @Setup(Level.Trial)
    public void setUp() {
        PolicyData data = PatchFootprint.sortedById(BenchData.generate(credentials, 42).data);
        snapshot = PolicySnapshot.compile(1, data);
        original = snapshot.data().credentials().toArray(Credential[]::new);
        System.gc();
    }

    /** One credential revoked (or, if it was not active, reinstated): the common change. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PolicySnapshot singleBadge() {
        Map<String, Credential> change = new HashMap<>(2);
        Credential c = flipped(original[rnd.nextInt(original.length)]);
        change.put(c.id(), c);
        snapshot = snapshot.patch(new PolicyDelta(snapshot.version() + 1, Map.of(), change, Map.of(), null));
        return snapshot;
    }

    /** 10,000 credentials flipped in one delta. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PolicySnapshot tenThousandBadges() {
        Map<String, Credential> change = new HashMap<>(20_000);
        for (int i = 0; i < 10_000; i++) {
            Credential c = flipped(original[rnd.nextInt(original.length)]);
            change.put(c.id(), c);
        }
        snapshot = snapshot.patch(new PolicyDelta(snapshot.version() + 1, Map.of(), change, Map.of(), null));
        return snapshot;
    }

    private Credential flipped(Credential c) {
        boolean revoke = c.status() == CredentialStatus.ACTIVE && rnd.nextBoolean();
        return new Credential(c.id(), c.card(), c.personId(), revoke ? CredentialStatus.REVOKED : CredentialStatus.ACTIVE,
                c.validFrom(), c.validUntil(), at, "user:bench", c.pinHash());
    }
}
