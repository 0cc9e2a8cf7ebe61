package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The stateful paths, on the {@link BenchData} site (100K credentials) with rules added: HARD
 * anti-passback on hall 0, a two-person rule on one cage of hall 0, card+biometric on another cage
 * door. Each operation is one decision with the state threaded through (the next request sees the
 * state the previous one left, as in the gateway) and its texts rendered ({@code decidedBy()},
 * {@code sentence()}): the complete cost.
 *
 * <ul>
 *   <li>{@code antiPassbackPassage}: {@code tracked} persons pass the hall 0 door in turn, entry then exit,
 *       so every decision is a grant that moves an anti-passback mark (the state holds {@code tracked}
 *       marks; a mark update copies that map).</li>
 *   <li>{@code antiPassbackViolation}: a person recorded inside presents at the entry again: denied,
 *       state unchanged.</li>
 *   <li>{@code twoPerson}: pairs present at the two-person cage door: the first waits (PENDING), the
 *       second is granted with the first as companion.</li>
 *   <li>{@code biometricDoor}: a card+biometric door with a matching biometric.</li>
 * </ul>
 * Card+PIN doors are not measured here: an Argon2id verification (OWASP minimum, see {@code PinHasher})
 * takes ~50 ms, five orders of magnitude above the rest of the decision.
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatefulBenchmark {

    @Param({"100000"})
    public int credentials;

    /** Persons moving through the anti-passback zone (marks held in the state). */
    @Param({"16", "256"})
    public int tracked;

    private final PolicyEngine engine = new PolicyEngine();
    private PolicySnapshot snapshot;
    private AccessRequest[] apbRequests;     // per person: entry, exit
    private AccessRequest violation;
    private EngineState violationState;
    private AccessRequest[] pairRequests;    // first, second, first, second, ...
    private AccessRequest[] bioRequests;
    private EngineState apbState;
    private EngineState pairState;
    private int apbNext;
    private int pairNext;
    private int bioNext;

    @Setup(Level.Trial)
    public void setUp() {
        BenchData bd = BenchData.generate(credentials, 42);
        List<String> level0 = bd.levelDoors.get(0);   // d-hall0 and cage doors of hall 0
        String hallDoor = level0.get(0);
        String twoPersonDoor = level0.get(1);
        String bioDoor = level0.get(2);
        PolicyData data = bd.data.withRules(new PolicyRules(
                List.of(new DoorModeRule(bioDoor, DoorMode.CARD_AND_BIOMETRIC, "always")), List.of(), List.of(),
                List.of(new ZonePolicy("hall0", ApbMode.HARD, 0, 0),
                        new ZonePolicy(zoneOf(twoPersonDoor), ApbMode.NONE, 0, 30)),
                List.of(), List.of(), List.of(), PolicyRules.DEFAULT_PIN_MAX_FAILURES,
                PolicyRules.DEFAULT_ESCORT_WINDOW_SECONDS));
        snapshot = PolicySnapshot.compile(1, data);
        Instant at = BenchData.WED_10;
        // persons of level 0 whose badge and grant are good now
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < credentials && good.size() < Math.max(tracked, 64); i += BenchData.LEVELS) {
            AccessRequest probe = request(hallDoor + "-in", i, at, null);
            if (engine.decide(snapshot, probe).granted()) {
                good.add(i);
            }
        }
        if (good.size() < Math.max(tracked, 64)) {
            throw new IllegalStateException("only " + good.size() + " usable persons");
        }
        apbRequests = new AccessRequest[2 * tracked];
        for (int k = 0; k < tracked; k++) {
            apbRequests[2 * k] = request(hallDoor + "-in", good.get(k), at, null);
            apbRequests[2 * k + 1] = request(hallDoor + "-out", good.get(k), at, null);
        }
        apbState = EngineState.initial();
        violation = apbRequests[0];
        violationState = engine.decide(snapshot, EngineState.initial(), violation).next();
        Decision denied = engine.decide(snapshot, violationState, violation).decision();
        check(denied.reasons().contains(ReasonCode.APB_VIOLATION), denied);

        pairRequests = new AccessRequest[64];
        for (int k = 0; k < 64; k++) {
            pairRequests[k] = request(twoPersonDoor + "-in", good.get(k), at, null);
        }
        pairState = EngineState.initial();
        Outcome first = engine.decide(snapshot, pairState, pairRequests[0]);
        check(first.decision().result() == Result.PENDING, first.decision());
        Decision second = engine.decide(snapshot, first.next(), pairRequests[1]).decision();
        check(second.reasons().contains(ReasonCode.TWO_PERSON_SATISFIED), second);

        bioRequests = new AccessRequest[64];
        for (int k = 0; k < 64; k++) {
            bioRequests[k] = request(bioDoor + "-in", good.get(k), at, Boolean.TRUE);
        }
        Decision bio = engine.decide(snapshot, bioRequests[0]);
        check(bio.reasons().contains(ReasonCode.BIOMETRIC_VERIFIED), bio);
        bd.data = null;
        System.gc();
    }

    private static String zoneOf(String doorId) {
        return doorId.substring("d-".length());
    }

    private static AccessRequest request(String reader, int person, Instant at, Boolean bio) {
        return new AccessRequest(reader, new CardRead.Decoded(BenchData.card(person)), null, bio, at);
    }

    private static void check(boolean ok, Decision d) {
        if (!ok) {
            throw new IllegalStateException("unexpected setup decision: " + d);
        }
    }

    @Benchmark
    public String antiPassbackPassage() {
        int k = apbNext++;
        // person k % tracked; entries in the first round, exits in the next, and so on
        int person = k % tracked;
        int side = (k / tracked) & 1;
        Outcome o = engine.decide(snapshot, apbState, apbRequests[2 * person + side]);
        apbState = o.next();
        return texts(o.decision());
    }

    @Benchmark
    public String antiPassbackViolation() {
        return texts(engine.decide(snapshot, violationState, violation).decision());
    }

    @Benchmark
    public String twoPerson() {
        Outcome o = engine.decide(snapshot, pairState, pairRequests[pairNext++ & 63]);
        pairState = o.next();
        return texts(o.decision());
    }

    @Benchmark
    public String biometricDoor() {
        return texts(engine.decide(snapshot, EngineState.initial(), bioRequests[bioNext++ & 63]).decision());
    }

    private static String texts(Decision d) {
        return d.decidedBy().length() > 0 ? d.sentence() : null;
    }
}
