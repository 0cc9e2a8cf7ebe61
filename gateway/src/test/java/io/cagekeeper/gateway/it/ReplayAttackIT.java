package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.mqtt.MessageMac;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacks of issue 9 on the device path, carried out against the running gateway (real broker, real
 * PostgreSQL, the simulated door module): an attacker on the broker who captured a reader's signed
 * credential publishes it again, after a gateway restart and after a flood; publishes a captured
 * credential too late, one with a reused seq, one retained; forges one for a reader without a key; and
 * sends an oversized message. None of them may release the lock; each is recorded.
 *
 * <p>Reader r2-in (keyed, at the cage door) is driven by hand here, with payloads signed exactly as a
 * reader signs them, so the test controls msgId, seq and ts; the door's relay changes are watched on
 * the module.
 */
class ReplayAttackIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("readers.freshnessMs", "3000"));

    MqttClient attacker;
    static long seq = 100;

    @BeforeEach
    void connectAttacker() throws Exception {
        env.cage().change(List.of(PolicyStore.upsertReader(new Reader("r2-in", "d1", ReaderSide.ENTRY))));
        attacker = new MqttClient(env.cage().gateway.brokerUri(), "attacker-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1_000);
        attacker.connect(o);
        Await.until(Duration.ofSeconds(10), "the door relocked after the previous test", () -> !env.cage().module.coil(0));
    }

    @AfterEach
    void disconnect() throws Exception {
        attacker.disconnect();
        attacker.close();
    }

    String topic(String reader, String leaf) {
        return "cage/" + env.cage().site + "/readers/" + reader + "/" + leaf;
    }

    /** A credential of Alice's badge as reader r2-in signs it. */
    byte[] credential(String msgId, long seq, Instant ts) {
        return credential("r2-in", msgId, seq, ts);
    }

    /** A credential of Alice's badge as {@code reader} signs it. */
    byte[] credential(String reader, String msgId, long seq, Instant ts) {
        String json = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":" + seq + ",\"ts\":\"" + ts.truncatedTo(ChronoUnit.MILLIS)
                + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        return sign(reader, json);
    }

    byte[] sign(String reader, String json) {
        String mac = Base64.getEncoder().encodeToString(MessageMac.compute(env.cage().key(reader), json.getBytes(StandardCharsets.UTF_8)));
        return (json.substring(0, json.length() - 1) + ",\"mac\":\"" + mac + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    void publish(String topic, byte[] payload, boolean retained) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        attacker.publish(topic, m);
    }

    long releases() {
        return env.cage().relayChanges.stream().filter(c -> c.equals("0:true")).count();
    }

    Map<String, Object> event(String msgId) {
        return event("r2-in", msgId);
    }

    Map<String, Object> event(String reader, String msgId) {
        return env.cage().awaitRow("SELECT type, reasons, result, flags FROM events WHERE event_key = 'reader:" + reader + ":" + msgId + "'");
    }

    /** Waits until the lock was released {@code n} times in all and has relocked (so the next release is a new change). */
    void awaitReleases(long n) {
        Await.until(Duration.ofSeconds(10), n + " release(s)", () -> releases() == n);
        Await.until(Duration.ofSeconds(10), "relocked", () -> !env.cage().module.coil(0));
    }

    @Test
    void aCapturedCredentialPublishedAgainAfterARestartNeitherReleasesNorLeavesASecondRow() throws Exception {
        long before = releases();
        byte[] captured = credential("cap-" + UUID.randomUUID(), ++seq, Instant.now());
        String msgId = new io.vertx.core.json.JsonObject(new String(captured, StandardCharsets.UTF_8)).getString("msgId");
        publish(topic("r2-in", "credential"), captured, false);
        assertThat(event(msgId).get("type")).isEqualTo("ACCESS_GRANTED");
        awaitReleases(before + 1);
        env.cage().restartGateway();
        Await.until(Duration.ofSeconds(10), "module online", () -> env.cage().gateway.modules().get("m1").online());
        publish(topic("r2-in", "credential"), captured, false); // no DUP flag: a fresh PUBLISH of the same bytes
        Thread.sleep(1_500);
        assertThat(releases()).as("released once, ever").isEqualTo(before + 1);
        assertThat(env.cage().query("SELECT * FROM events WHERE event_key = 'reader:r2-in:" + msgId + "'")).hasSize(1);
        assertThat(env.cage().gateway.metrics().get("messages.redelivered")).isPositive();
    }

    @Test
    void aFloodOfJunkToInventedReadersDoesNotMakeTheGatewayForgetACredential() throws Exception {
        long before = releases();
        byte[] captured = credential("flood-" + UUID.randomUUID(), ++seq, Instant.now());
        String msgId = new io.vertx.core.json.JsonObject(new String(captured, StandardCharsets.UTF_8)).getString("msgId");
        publish(topic("r2-in", "credential"), captured, false);
        event(msgId);
        awaitReleases(before + 1);
        long rejectedBefore = env.cage().gateway.metrics().get("rejected.UNKNOWN_READER");
        // more junk than the in-memory window of 50,000 keys the old gateway relied on; QoS 1 so the broker drops none
        for (int i = 0; i < 55_000; i++) {
            attacker.publish(topic("ghost" + i, "credential"), "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        Await.until(Duration.ofSeconds(120), "the flood handled", () ->
                env.cage().gateway.metrics().get("rejected.UNKNOWN_READER") - rejectedBefore >= 55_000);
        publish(topic("r2-in", "credential"), captured, false);
        Thread.sleep(1_500);
        assertThat(releases()).isEqualTo(before + 1);
        // the flood is a handful of aggregated rows, not 55,000
        Await.until(Duration.ofSeconds(5), "aggregated", () -> !env.cage().query(
                "SELECT * FROM events WHERE type = 'REJECTS_AGGREGATED'").isEmpty());
        assertThat(env.cage().query("SELECT * FROM events WHERE type = 'MESSAGE_REJECTED' AND source = 'mqtt'")).isEmpty();
        assertThat(env.cage().query("SELECT * FROM events WHERE type = 'REJECTS_AGGREGATED'").size()).isLessThan(100);
    }

    @Test
    void aCredentialReadLongerAgoThanTheFreshnessLimitIsDeniedAsStaleAndNeverReleased() throws Exception {
        long before = releases();
        String msgId = "stale-" + UUID.randomUUID();
        publish(topic("r2-in", "credential"), credential(msgId, ++seq, Instant.now().minusSeconds(60)), false);
        Map<String, Object> row = event(msgId);
        assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
        assertThat((String) row.get("reasons")).contains("STALE");
        Thread.sleep(500);
        assertThat(releases()).isEqualTo(before);
    }

    @Test
    void aReusedSeqWithANewMsgIdIsAReplayDeniedAndAlarmed() throws Exception {
        // a reader of its own, so that its sequence is this test's alone: 1, then 6 (a hole 2-5), then 3 (late)
        env.cage().change(List.of(PolicyStore.upsertReader(new Reader("r2-out", "d1", ReaderSide.ENTRY))));
        long before = releases();
        String base = "seq-0-" + UUID.randomUUID();
        publish(topic("r2-out", "credential"), credential("r2-out", base, 1, Instant.now()), false);
        assertThat(event("r2-out", base).get("type")).isEqualTo("ACCESS_GRANTED");
        awaitReleases(before + 1);
        String first = "seq-a-" + UUID.randomUUID();
        String late = "seq-b-" + UUID.randomUUID();
        publish(topic("r2-out", "credential"), credential("r2-out", first, 6, Instant.now()), false);
        publish(topic("r2-out", "credential"), credential("r2-out", late, 3, Instant.now()), false);
        assertThat(event("r2-out", first).get("type")).isEqualTo("ACCESS_GRANTED");
        // 3 fills the hole 6 left: a late arrival, decided like any credential
        assertThat(event("r2-out", late).get("type")).isEqualTo("ACCESS_GRANTED");
        Await.until(Duration.ofSeconds(10), "relocked", () -> !env.cage().module.coil(0));
        long afterGrants = releases();
        // seq 1 again with a new msgId fills no hole: a replay
        String replay = "seq-c-" + UUID.randomUUID();
        publish(topic("r2-out", "credential"), credential("r2-out", replay, 1, Instant.now()), false);
        Map<String, Object> row = event("r2-out", replay);
        assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
        assertThat((String) row.get("reasons")).contains("REPLAYED");
        env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'CREDENTIAL_REPLAY' AND source = 'reader:r2-out' AND state = 'ACTIVE'");
        Thread.sleep(500);
        assertThat(releases()).isEqualTo(afterGrants);
    }

    @Test
    void aRetainedCredentialIsRejectedWhenTheBrokerHandsItOverAndNeverDecided() throws Exception {
        long before = releases();
        String msgId = "retained-" + UUID.randomUUID();
        // MQTT 3.1.1 hands a live subscriber the message with RETAIN 0: that first delivery is an ordinary fresh credential
        publish(topic("r2-in", "credential"), credential(msgId, ++seq, Instant.now()), true);
        assertThat(event(msgId).get("type")).isEqualTo("ACCESS_GRANTED");
        awaitReleases(before + 1);
        // the stored copy comes with RETAIN 1 to every new subscription (a gateway reinstalled, a session expired):
        // refused, recorded, alarmed, never decided
        env.cage().restartGatewayWithANewBrokerSession();
        // Mosquitto sets RETAIN on that copy; Moquette 0.17 hands it over unflagged, and the durable claim catches it
        Await.until(Duration.ofSeconds(15), "the retained copy handed over", () -> !env.cage().query(
                "SELECT * FROM events WHERE type = 'RETAINED_MESSAGE' AND source = 'reader:r2-in'").isEmpty()
                || env.cage().gateway.metrics().get("messages.redelivered") > 0);
        if (Backends.external()) {
            env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'RETAINED_MESSAGE' AND source = 'reader:r2-in'");
        }
        Thread.sleep(1_000);
        assertThat(env.cage().query("SELECT * FROM events WHERE event_key = 'reader:r2-in:" + msgId + "'")).hasSize(1);
        assertThat(releases()).isEqualTo(before + 1);
        publish(topic("r2-in", "credential"), new byte[0], true); // remove the retained message
    }

    @Test
    void aForgedCredentialForAReaderWithoutAKeyIsRefused() throws Exception {
        long before = releases();
        env.cage().change(List.of(PolicyStore.upsertReader(new Reader("rogue", "d1", ReaderSide.ENTRY))));
        String json = "{\"v\":1,\"msgId\":\"rogue-1\",\"seq\":1,\"ts\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        publish(topic("rogue", "credential"), json.getBytes(StandardCharsets.UTF_8), false);
        Map<String, Object> row = env.cage().awaitRow("SELECT * FROM events WHERE type = 'MESSAGE_REJECTED' AND source = 'reader:rogue'");
        assertThat((String) row.get("reasons")).contains("NO_KEY");
        assertThat(releases()).isEqualTo(before);
    }

    @Test
    void anOversizedMessageIsRejectedWithoutDroppingTheGatewaysConnection() throws Exception {
        long connects = env.cage().gateway.metrics().get("mqtt.connects");
        long before = env.cage().gateway.metrics().get("rejected.TOO_LARGE");
        publish(topic("r2-in", "credential"), "x".repeat(10_240).getBytes(StandardCharsets.UTF_8), false);
        Await.until(Duration.ofSeconds(10), "rejected as too large", () -> env.cage().gateway.metrics().get("rejected.TOO_LARGE") > before);
        Thread.sleep(2_000);
        assertThat(env.cage().gateway.metrics().get("mqtt.connects")).as("no reconnect").isEqualTo(connects);
        String msgId = "after-big-" + UUID.randomUUID();
        publish(topic("r2-in", "credential"), credential(msgId, ++seq, Instant.now()), false);
        assertThat(event(msgId).get("type")).isEqualTo("ACCESS_GRANTED");
    }

    @Test
    void theBacklogDeliveredAfterTheGatewayWasDownIsStoredButOpensNoDoor() throws Exception {
        env.cage().gateway.stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        long before = releases();
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "backlog-" + i + "-" + UUID.randomUUID();
            publish(topic("r2-in", "credential"), credential(ids[i], ++seq, Instant.now()), false);
        }
        Thread.sleep(4_000); // longer than this cage's freshness limit (3 s)
        env.cage().restartGateway();
        for (String id : ids) {
            Map<String, Object> row = event(id);
            assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
            assertThat((String) row.get("reasons")).contains("STALE");
        }
        assertThat(releases()).isEqualTo(before);
    }
}
