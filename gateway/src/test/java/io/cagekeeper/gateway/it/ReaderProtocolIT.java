package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reader side of the datasheet as the gateway enforces it: MACs, Last Will, sequence gaps, clock skew. */
class ReaderProtocolIT {

    static final byte[] KEY = "k3y-for-r1-in-k3y-for-r1-in-32b!".getBytes(StandardCharsets.US_ASCII);
    static Backends backends;
    static TestCage cage;

    @BeforeAll
    static void start() throws Exception {
        backends = Backends.start();
        Path keys = Files.createDirectories(backends.dir().resolve("reader-keys"));
        Files.writeString(keys.resolve("r1-in.key"), Base64.getEncoder().encodeToString(KEY));
        cage = new TestCage(backends, backends.db().port(), Map.of("readers.keysDir", keys.toString()), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cage != null) {
            cage.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void grantsASignedCredentialFromAReaderWithAKey() {
        String id = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }

    @Test
    void refusesAnUnsignedOrWronglySignedCredentialFromThatReader() throws Exception {
        try (ReaderSimulator forger = new ReaderSimulator(ReaderConfig.of(cage.gateway.brokerUri(), cage.site, "r1-in")
                .withHmacKey("another-key-another-key-another!".getBytes(StandardCharsets.US_ASCII)))) {
            // same reader id, wrong key (a broker ACL would normally stop the impersonation; the MAC stops it regardless)
            forger.connect();
            String id = forger.presentCard(Card.h10301(18, 40211), null);
            assertThat(forger.awaitIndication(id, Duration.ofSeconds(2))).isEmpty();
        }
        // the forger's connection took over the client id: the real reader reconnects by itself
        Await.until(Duration.ofSeconds(30), "the real reader is back", cage.reader::isConnected);
        long before = cage.gateway.metrics().get("rejected.MISSING_MAC");
        cage.reader.publishRaw("credential", ("{\"v\":1,\"msgId\":\"unsigned-1\",\"seq\":77,\"ts\":\"2026-11-25T10:15:30.123Z\","
                + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}").getBytes(StandardCharsets.UTF_8), false);
        Await.until(Duration.ofSeconds(5), "unsigned credential rejected", () -> cage.gateway.metrics().get("rejected.MISSING_MAC") > before);
        assertThat(cage.gateway.metrics().get("rejected.BAD_MAC")).isPositive();
        assertThat(cage.query("SELECT * FROM events WHERE event_key = 'reader:r1-in:unsigned-1'")).isEmpty();
    }

    @Test
    void aReaderThatDiesIsReportedOfflineByItsLastWillWithAnAlarm() throws Exception {
        try (ReaderSimulator doomed = new ReaderSimulator(ReaderConfig.of(cage.gateway.brokerUri(), cage.site, "r1-out"))) {
            doomed.connect();
            doomed.kill();
        }
        // r1-out is not configured: its will is rejected as an unknown reader; the configured reader's will is recorded
        cage.reader.kill();
        var offline = cage.awaitRow("SELECT * FROM events WHERE type = 'READER_OFFLINE' AND source = 'reader:r1-in'");
        assertThat(offline.get("door_id")).isEqualTo("d1");
        cage.awaitRow("SELECT * FROM alarms WHERE type = 'READER_OFFLINE' AND source = 'reader:r1-in' AND state = 'ACTIVE'");
        cage.reader.connect();
        // its retained "online" status cannot be signed: it clears nothing; its first signed heartbeat does
        var unverified = cage.awaitRow("SELECT * FROM events WHERE type = 'READER_ONLINE' AND source = 'reader:r1-in' AND 'UNVERIFIED' = ANY(flags)");
        assertThat(unverified).isNotNull();
        assertThat(cage.query("SELECT * FROM alarms WHERE type = 'READER_OFFLINE' AND source = 'reader:r1-in' AND state = 'ACTIVE'")).hasSize(1);
        cage.reader.sendEvent("HEARTBEAT", null);
        Await.until(Duration.ofSeconds(10), "alarm cleared when the reader is back", () -> cage.query(
                "SELECT * FROM alarms WHERE type = 'READER_OFFLINE' AND source = 'reader:r1-in' AND state <> 'CLEARED'").isEmpty());
    }

    @Test
    void aJumpInTheReaderSequenceIsRecordedAsALogGap() throws Exception {
        cage.reader.presentCard(Card.h10301(18, 40211), null);
        cage.reader.loseMessages(4);
        cage.reader.sendEvent("HEARTBEAT", null);
        var gap = cage.awaitRow("SELECT * FROM events WHERE type = 'LOG_GAP' AND source = 'reader:r1-in'");
        assertThat((String) gap.get("sentence")).contains("lost 4 message(s)");
        cage.awaitRow("SELECT * FROM alarms WHERE type = 'LOG_GAP' AND source = 'reader:r1-in'");
    }

    @Test
    void flagsACredentialFromASkewedClockButStillDecidesIt() throws Exception {
        cage.reader.setClockSkew(Duration.ofMinutes(5));
        try {
            // the gateway learns the reader's clock from its signed heartbeats: judged fresh on that clock, flagged all the same
            cage.reader.sendEvent("HEARTBEAT", null);
            cage.awaitRow("SELECT * FROM reader_clocks WHERE reader_id = 'r1-in' AND samples_ms[array_length(samples_ms, 1)] < -250000");
            String id = cage.reader.presentCard(Card.h10301(18, 40211), null);
            assertThat(cage.reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
            var row = cage.awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + id + "'");
            assertThat((String) row.get("flags")).contains("CLOCK_SKEW");
        } finally {
            cage.reader.setClockSkew(Duration.ZERO);
            // a reader whose clock is set says so; the gateway then forgets the old clock samples
            cage.reader.sendEvent("CLOCK_SET", "ntp");
            cage.awaitRow("SELECT * FROM reader_clocks WHERE reader_id = 'r1-in' AND array_length(samples_ms, 1) = 1"
                    + " AND abs(samples_ms[1]) < 60000");
        }
    }
}
