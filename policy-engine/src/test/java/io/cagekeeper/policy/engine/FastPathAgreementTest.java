package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.state.EngineState;
import java.lang.reflect.Field;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@code PolicyEngine.plain}) must decide exactly as the full path: same result,
 * reasons, decidedBy, sentence, next state, facts and PIN outcome, on every request. Generated
 * policies switch every rule on somewhere and aim instants at the edges of every bound (see
 * {@link RichPolicy}); requests are decided in sequence so that state builds up.
 */
class FastPathAgreementTest {

    private final PolicyEngine engine = new PolicyEngine(RichPolicy::verify);

    @Property(tries = 200)
    void theFastPathDecidesExactlyAsTheFullPath(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        compare(seed, 60, 400);
    }

    /** Many requests on larger policies, counting how often the fast path actually answered. */
    @Test
    void manyRequestsAgreeAndTheFastPathIsTaken() {
        Map<Result, Integer> fast = new EnumMap<>(Result.class);
        int total = 0;
        for (long seed = 1; seed <= 20; seed++) {
            total += compare(seed, 300, 5_000, fast);
        }
        assertThat(total).isEqualTo(100_000);
        // the generator aims at the edges, so most requests go the full way; enough must not
        assertThat(fast.getOrDefault(Result.GRANT, 0)).isGreaterThan(2_000);
        assertThat(fast.getOrDefault(Result.DENY, 0)).isGreaterThan(2_000);
    }

    private int compare(long seed, int persons, int requests) {
        return compare(seed, persons, requests, new EnumMap<>(Result.class));
    }

    private int compare(long seed, int persons, int requests, Map<Result, Integer> fastCount) {
        RichPolicy p = RichPolicy.generate(persons, seed);
        PolicySnapshot s = PolicySnapshot.compile(seed, p.data);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        EngineState st = EngineState.initial();
        int n = 0;
        for (int i = 0; i < requests; i++) {
            if (i % 40 == 0) {
                st = RichPolicy.state(rnd);
            }
            AccessRequest r = p.request(rnd);
            Outcome full = engine.decide(s, st, r, false);
            Outcome fast = engine.decide(s, st, r, true);
            Decision f = fast.decision();
            Decision d = full.decision();
            // field by field first (a clear message), then the whole value
            assertThat(f.result()).as("%s", r).isEqualTo(d.result());
            assertThat(f.reasons()).as("%s", r).isEqualTo(d.reasons());
            assertThat(f.decidedBy()).as("%s", r).isEqualTo(d.decidedBy());
            assertThat(f.sentence()).as("%s", r).isEqualTo(d.sentence());
            assertThat(f).isEqualTo(d).hasSameHashCodeAs(d).hasToString(d.toString());
            assertThat(fast.next()).as("%s", r).isEqualTo(full.next());
            assertThat(fast.facts()).as("%s", r).isEqualTo(full.facts());
            assertThat(fast.pinMatched()).as("%s", r).isEqualTo(full.pinMatched());
            assertThat(answeredByFastPath(d)).as("fast = false runs the full path: %s", r).isFalse();
            boolean tookFastPath = answeredByFastPath(f);
            assertThat(tookFastPath).as("the fast path answers exactly the plain requests: %s", r)
                    .isEqualTo(plainRequest(s, st, r));
            if (tookFastPath) {
                fastCount.merge(f.result(), 1, Integer::sum);
            }
            st = full.next();
            n++;
        }
        return n;
    }

    /**
     * Which path answered, observed on the decision itself: only the fast path defers {@code decidedBy}
     * to a {@link GrantText} or {@link MissText} (the full path names the rule when it decides). Read
     * reflectively because a decision deliberately shows no such thing; a test that only mirrored the
     * entry condition could not notice the fast path being switched off.
     */
    private static boolean answeredByFastPath(Decision d) {
        try {
            Field source = Decision.class.getDeclaredField("source");
            source.setAccessible(true);
            Object text = source.get(d);
            return text instanceof GrantText || text instanceof MissText;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Decision keeps its deferred text in a field named source", e);
        }
    }

    /** The fast path's documented entry condition: a plainly usable badge at a plain door in a quiet state. */
    private static boolean plainRequest(PolicySnapshot s, EngineState st, AccessRequest r) {
        ReaderEntry re = s.readerEntry(r.readerId());
        if (re == null || !(r.card() instanceof io.cagekeeper.policy.decision.CardRead.Decoded c)
                || st.fireAlarm() && !re.entry()) {
            return false;
        }
        int slot = s.cardSlot(c.card());
        return slot >= 0 && re.plain() && st.threatLevel() == io.cagekeeper.policy.model.ThreatLevel.NORMAL
                && st.pending().isEmpty() && s.plainlyUsable(slot, r.at().getEpochSecond());
    }

    /** A deferred decision renders lazily but equals the eager one with the same texts. */
    @Test
    void aDeferredDecisionEqualsTheEagerOne() {
        Decision eager = new Decision(Result.GRANT, java.util.List.of(ReasonCode.ACCESS_LEVEL_GRANTED), "grant:g1", 3,
                "Granted: Alice");
        Decision lazy = Decision.deferred(Result.GRANT, java.util.List.of(ReasonCode.ACCESS_LEVEL_GRANTED), 3,
                new Decision.Text() {
                    @Override
                    public String decidedBy() {
                        return "grant:g1";
                    }

                    @Override
                    public String sentence() {
                        return "Granted: Alice";
                    }
                });
        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager).hasToString(eager.toString());
        assertThat(eager.toString()).isEqualTo("Decision[result=GRANT, reasons=[ACCESS_LEVEL_GRANTED], "
                + "decidedBy=grant:g1, snapshotVersion=3, sentence=Granted: Alice]");
        assertThat(Decision.deferred(Result.DENY, java.util.List.of(ReasonCode.UNKNOWN_READER), "rule:reader", 3,
                () -> "Denied")).isNotEqualTo(eager);
    }
}
