package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The admission checks of the spine against its real parser, MAC check, sequence guard and clocks (the
 * durable claims kept in memory; ReplayAttackIT does the same through the real broker and database).
 */
class ReplayProtectionTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:15:30.123Z");

    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger acks = new AtomicInteger();
    final List<GatewayEvent> stored = new ArrayList<>();
    final List<String> indications = new ArrayList<>();
    final InMemoryClaims claims = new InMemoryClaims();
    final Metrics metrics = new Metrics();

    AccessController controller(ReaderPolicy trust, double rate) {
        PolicySnapshot snapshot = PolicySnapshot.compile(1, HostilePayloadFuzzTest.site());
        AccessPorts ports = new AccessPorts(door -> {
            releases.incrementAndGet();
            return Future.succeededFuture();
        }, door -> 5000, (reader, payload) -> {
            indications.add(new String(payload, StandardCharsets.UTF_8));
            return Future.succeededFuture();
        }, e -> {
            stored.add(e);
            if (e.result() != null) {
                claims.results.put(e.key(), e.result());
            }
            return Future.succeededFuture();
        }, claims, (key, r) -> { }, s -> { }, (hash, pin) -> Future.succeededFuture(false));
        return new AccessController("cage", "dc1", () -> snapshot, new PolicyEngine(), ports, trust, metrics,
                new ReaderGuard(rate, rate, 1000, Duration.ofMinutes(1)), EngineState.initial());
    }

    AccessController controller() {
        return controller(InMemoryClaims.unsignedReaders("plain"), 1000);
    }

    static IncomingMessage credential(String reader, String msgId, long seq, Instant ts, Instant at, boolean retained,
                                      AtomicInteger acks) {
        String json = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":" + seq + ",\"ts\":\"" + ts + "\","
                + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        if (reader.equals("signed")) {
            json = HostilePayloadFuzzTest.sign(json);
        }
        return new IncomingMessage("cage/dc1/readers/" + reader + "/credential", json.getBytes(StandardCharsets.UTF_8), retained,
                at, acks::incrementAndGet);
    }

    IncomingMessage credential(String msgId, long seq, Instant ts, Instant at) {
        return credential("plain", msgId, seq, ts, at, false, acks);
    }

    IncomingMessage event(String reader, String msgId, long seq, String type, Instant ts, Instant at) {
        String json = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"type\":\"" + type + "\"}";
        return new IncomingMessage("cage/dc1/readers/" + reader + "/event", json.getBytes(StandardCharsets.UTF_8), false, at,
                acks::incrementAndGet);
    }

    List<EventType> types() {
        return stored.stream().map(GatewayEvent::type).toList();
    }

    @Test
    void aCredentialPublishedAgainWithoutTheDupFlagAfterARestartIsNotReleasedAgain() {
        controller().onMessage(credential("m-1", 1, T0, T0.plusMillis(200)));
        assertThat(releases.get()).isEqualTo(1);
        // a new controller is a restarted gateway: nothing in memory, the claims are durable
        AccessController restarted = controller();
        restarted.onMessage(credential("m-1", 1, T0, T0.plusMillis(900)));
        assertThat(releases.get()).as("released once, ever").isEqualTo(1);
        assertThat(stored).hasSize(1);
        assertThat(indications.get(1)).as("the recorded answer is repeated").contains("\"result\":\"GRANT\"");
        assertThat(acks.get()).isEqualTo(2);
    }

    @Test
    void aFloodOfJunkFromInventedReadersNeitherEvictsAClaimNorGrowsStatePerInventedId() {
        AccessController c = controller();
        c.onMessage(credential("m-1", 1, T0, T0.plusMillis(200)));
        for (int i = 0; i < 60_000; i++) {
            c.onMessage(new IncomingMessage("cage/dc1/readers/ghost" + i + "/credential", "{}".getBytes(StandardCharsets.UTF_8), false,
                    T0.plusMillis(300), acks::incrementAndGet));
        }
        c.onMessage(credential("m-1", 1, T0, T0.plusMillis(900)));
        assertThat(releases.get()).isEqualTo(1);
        assertThat(stored).as("junk is aggregated, not a row each").hasSize(1);
        c.flushGaps(T0.plusSeconds(1));
        assertThat(stored.get(1).type()).isEqualTo(EventType.REJECTS_AGGREGATED);
        assertThat(stored.get(1).detail()).containsEntry("count", 60_000L);
        assertThat(((String) stored.get(1).detail().get("sampleReaderIds")).split(",")).hasSize(RejectLedger.SAMPLE_IDS);
        assertThat(metrics.toJson().fieldNames()).noneMatch(n -> n.contains("ghost"));
    }

    @Test
    void aCredentialReadLongerAgoThanTheFreshnessLimitIsStoredDeniedAndNeverReleased() {
        controller().onMessage(credential("old", 1, T0, T0.plusSeconds(11)));
        assertThat(releases.get()).isZero();
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.ACCESS_DENIED);
            assertThat(e.reasons()).containsExactly("STALE");
        });
        assertThat(indications.get(0)).contains("DENY");
    }

    @Test
    void freshnessIsJudgedOnTheReadersClockCorrectedByItsHeartbeats() {
        AccessController c = controller();
        Instant readerClock = T0.minusSeconds(120); // the reader's clock is two minutes behind
        c.onMessage(event("plain", "hb-1", 1, "HEARTBEAT", readerClock, T0.plusMillis(40)));
        c.onMessage(credential("m-2", 2, readerClock.plusSeconds(5), T0.plusSeconds(5).plusMillis(30)));
        assertThat(releases.get()).as("two minutes behind, but read 30 ms ago").isEqualTo(1);
        c.onMessage(credential("m-3", 3, readerClock.plusSeconds(5), T0.plusSeconds(20)));
        assertThat(releases.get()).as("read 15 s ago on the corrected clock").isEqualTo(1);
        assertThat(claims.clocks.get("plain")).containsExactly(120_040L);
    }

    @Test
    void aHeldBackHeartbeatCannotStretchTheReadersClock() {
        AccessController c = controller();
        c.onMessage(event("plain", "hb-1", 1, "HEARTBEAT", T0, T0.plusMillis(20)));
        // an attacker delays the next heartbeat by a minute to make old credentials look fresh
        c.onMessage(event("plain", "hb-2", 2, "HEARTBEAT", T0.plusSeconds(30), T0.plusSeconds(90)));
        c.onMessage(credential("captured", 3, T0.plusSeconds(40), T0.plusSeconds(91)));
        assertThat(releases.get()).isZero();
        assertThat(stored.get(stored.size() - 1).reasons()).containsExactly("STALE");
    }

    @Test
    void aSeqAtOrBelowTheHighWaterMarkWithAnUnknownMsgIdIsAReplayDeniedAndAlarmed() {
        AccessController c = controller();
        c.onMessage(credential("a", 10, T0, T0.plusMillis(10)));
        c.onMessage(credential("b", 11, T0, T0.plusMillis(20)));
        c.onMessage(credential("forged-copy", 10, T0, T0.plusMillis(30)));
        assertThat(releases.get()).isEqualTo(2);
        assertThat(types()).containsExactly(EventType.ACCESS_GRANTED, EventType.ACCESS_GRANTED, EventType.ACCESS_DENIED,
                EventType.CREDENTIAL_REPLAY);
        assertThat(stored.get(2).reasons()).containsExactly("REPLAYED");
    }

    @Test
    void aLateMessageThatFillsAnOpenHoleIsNotAReplay() {
        AccessController c = controller();
        c.onMessage(credential("a", 10, T0, T0.plusMillis(10)));
        c.onMessage(credential("c", 12, T0, T0.plusMillis(20)));
        c.onMessage(credential("b", 11, T0, T0.plusMillis(30)));
        assertThat(releases.get()).isEqualTo(3);
        c.flushGaps(T0.plusSeconds(10));
        assertThat(types()).doesNotContain(EventType.LOG_GAP);
    }

    @Test
    void aForgedJumpIsNotBelievedAndDoesNotBlindTheGuard() {
        AccessController c = controller();
        c.onMessage(credential("a", 10, T0, T0.plusMillis(10)));
        c.onMessage(credential("jump", 9_000_000_000L, T0, T0.plusMillis(20)));
        assertThat(releases.get()).isEqualTo(1);
        assertThat(types()).endsWith(EventType.ACCESS_DENIED, EventType.READER_SEQ_JUMP);
        // the real reader carries on from 10: granted, and a later loss is still seen
        c.onMessage(credential("b", 11, T0, T0.plusMillis(30)));
        c.onMessage(credential("d", 14, T0, T0.plusMillis(40)));
        assertThat(releases.get()).isEqualTo(3);
        c.flushGaps(T0.plusSeconds(10));
        assertThat(stored.get(stored.size() - 1).type()).isEqualTo(EventType.LOG_GAP);
        assertThat(stored.get(stored.size() - 1).detail()).containsEntry("from", 12L).containsEntry("to", 13L);
    }

    @Test
    void aJumpConfirmedByTheReadersNextMessageIsBelievedAndRecordedAsAGap() {
        AccessController c = controller();
        c.onMessage(credential("a", 10, T0, T0.plusMillis(10)));
        c.onMessage(credential("j1", 5_000, T0, T0.plusMillis(20)));
        c.onMessage(credential("j2", 5_001, T0, T0.plusMillis(30)));
        assertThat(releases.get()).isEqualTo(2);
        c.flushGaps(T0.plusSeconds(10));
        assertThat(stored.get(stored.size() - 1).detail()).containsEntry("from", 11L).containsEntry("to", 4_999L);
    }

    @Test
    void aFreshBootWithALowSeqRestartsTheCountButAReplayedBootDoesNot() {
        AccessController c = controller();
        c.onMessage(credential("a", 500, T0, T0.plusMillis(10)));
        c.onMessage(event("plain", "boot-1", 1, "BOOT", T0.plusSeconds(1), T0.plusSeconds(1)));
        c.onMessage(credential("b", 2, T0.plusSeconds(2), T0.plusSeconds(2)));
        assertThat(releases.get()).isEqualTo(2);
        // an old BOOT (stale) published again cannot reset the count
        c.onMessage(event("plain", "boot-0", 1, "BOOT", T0.minusSeconds(600), T0.plusSeconds(3)));
        c.onMessage(credential("c", 1, T0.plusSeconds(3), T0.plusSeconds(3)));
        assertThat(releases.get()).isEqualTo(2);
    }

    @Test
    void aReplayedTamperClearedEventClearsNothing() {
        AccessController c = controller();
        c.onMessage(event("plain", "t1", 1, "TAMPER", T0, T0));
        c.onMessage(event("plain", "t2", 2, "TAMPER_CLEARED", T0, T0));
        c.onMessage(event("plain", "t3", 3, "TAMPER", T0, T0));
        c.onMessage(event("plain", "t2", 2, "TAMPER_CLEARED", T0, T0.plusMillis(10)));   // same msgId again
        assertThat(types()).containsExactly(EventType.READER_TAMPER, EventType.READER_TAMPER_CLEARED, EventType.READER_TAMPER);
    }

    @Test
    void aRetainedCredentialIsRejectedNeverDecided() {
        controller().onMessage(credential("plain", "r-1", 1, T0, T0, true, acks));
        assertThat(releases.get()).isZero();
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RETAINED_MESSAGE);
            assertThat(e.reasons()).containsExactly("RETAINED");
        });
        assertThat(acks.get()).isEqualTo(1);
    }

    @Test
    void aReaderWithoutAKeyIsRefusedUnlessASettingNamesItUnsigned() {
        controller(InMemoryClaims.unsignedReaders(), 1000).onMessage(credential("u-1", 1, T0, T0));
        assertThat(releases.get()).isZero();
        assertThat(stored).singleElement().satisfies(e -> assertThat(e.reasons()).containsExactly("NO_KEY"));
    }

    @Test
    void messagesOverTheRateAreAnsweredDenyAndRecordedAsOneEventWithACount() {
        AccessController c = controller(InMemoryClaims.unsignedReaders("plain"), 2);
        for (int i = 1; i <= 10; i++) {
            c.onMessage(credential("f-" + i, i, T0, T0.plusMillis(i)));
        }
        assertThat(releases.get()).isEqualTo(2);
        assertThat(indications).filteredOn(s -> s.contains("DENY")).hasSize(8);
        c.flushGaps(T0.plusSeconds(1));
        assertThat(stored.get(stored.size() - 1).type()).isEqualTo(EventType.READER_RATE_LIMITED);
        assertThat(stored.get(stored.size() - 1).detail()).containsEntry("count", 8L);
    }

    @Test
    void anUnsignedStatusFromAKeyedReaderIsRecordedUnverified() {
        ReaderPolicy keyed = new ReaderPolicy(id -> id.equals("signed") ? HostilePayloadFuzzTest.KEY : null, Set.of(),
                Duration.ofSeconds(10), 1000, Duration.ofSeconds(30));
        controller(keyed, 1000).onMessage(new IncomingMessage("cage/dc1/readers/signed/status",
                "{\"v\":1,\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8), true, T0, acks::incrementAndGet));
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.READER_ONLINE);
            assertThat(e.flags()).contains("UNVERIFIED");
        });
    }

    @Test
    void whileTheDurableCheckIsUnavailableTheKeysClaimedLatelyStillRefuseARepeat() {
        AccessController c = controller();
        c.onMessage(credential("m-1", 1, T0, T0.plusMillis(10)));
        claims.down = true;
        c.onMessage(credential("m-1", 1, T0, T0.plusMillis(500)));
        c.onMessage(credential("m-2", 2, T0, T0.plusMillis(600)));
        assertThat(releases.get()).isEqualTo(2);
        assertThat(stored.get(stored.size() - 1).flags()).contains("REPLAY_CHECK_LOCAL");
    }

    @Test
    void aPayloadWithANulOrALoneSurrogateIsRejectedAsBadText() {
        AccessController c = controller();
        for (String bad : new String[] {"x\\u0000y", "x\\ud800y", "x\\udc00"}) {
            String json = "{\"v\":1,\"msgId\":\"n\",\"seq\":3,\"ts\":\"" + T0 + "\",\"type\":\"TAMPER\",\"detail\":\"" + bad + "\"}";
            c.onMessage(new IncomingMessage("cage/dc1/readers/plain/event", json.getBytes(StandardCharsets.UTF_8), false, T0,
                    acks::incrementAndGet));
        }
        assertThat(stored).hasSize(3).allSatisfy(e -> assertThat(e.reasons()).containsExactly("BAD_TEXT"));
    }
}
