package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The MQTT broker restarts under traffic. Every credential the reader numbered is accounted for
 * exactly once: stored as a decision, or reported lost by the reader's own sequence (a LOG_GAP, for
 * cards presented while the reader had no broker). No duplicates, no silent loss.
 */
class BrokerRestartIT {

    @Test
    void aBrokerRestartUnderTrafficLosesNoAcceptedEventAndStoresNoneTwice() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.BINARY.toFile().canExecute(), "mosquitto binary not installed");
        try (Backends backends = Backends.start(); MosquittoProcess broker = new MosquittoProcess(backends.dir().resolve("mosquitto"))) {
            broker.start();
            try (TestCage cage = new TestCage(backends, backends.db().port(), Map.of("mqtt.uri", broker.uri()), null)) {
                long firstSeq = cage.reader.seq() + 1;
                for (int i = 0; i < 200; i++) {
                    cage.reader.presentCard(Card.h10301(18, 40211), null);
                    if (i == 60) {
                        broker.stop();
                    }
                    if (i == 80) {
                        broker.start();
                    }
                    Thread.sleep(20);
                }
                long lastSeq = cage.reader.seq();
                // once the reader is back, one more card: a seq after the storm lets the gateway see any gap
                Await.until(Duration.ofSeconds(30), "reader reconnected", cage.reader::isConnected);
                cage.reader.presentCard(Card.h10301(18, 40211), null);
                String range = "device_seq BETWEEN " + firstSeq + " AND " + lastSeq;
                Await.until(Duration.ofSeconds(60), "every numbered credential accounted for", () -> accounted(cage, range, firstSeq, lastSeq)
                        == lastSeq - firstSeq + 1);
                List<Map<String, Object>> dupes = cage.query("SELECT device_seq FROM events WHERE source = 'reader:r1-in' AND type LIKE 'ACCESS_%' AND "
                        + range + " GROUP BY device_seq HAVING count(*) > 1");
                assertThat(dupes).as("credentials stored twice").isEmpty();
            }
        }
    }

    /** Stored decisions in the range plus the seqs that LOG_GAP events say the reader lost. */
    private static long accounted(TestCage cage, String range, long first, long last) throws Exception {
        long stored = ((Number) cage.query("SELECT count(DISTINCT device_seq) AS n FROM events WHERE source = 'reader:r1-in' "
                + "AND type LIKE 'ACCESS_%' AND " + range).get(0).get("n")).longValue();
        long lost = 0;
        for (Map<String, Object> gap : cage.query("SELECT detail FROM events WHERE type = 'LOG_GAP' AND source = 'reader:r1-in'")) {
            var d = new io.vertx.core.json.JsonObject(String.valueOf(gap.get("detail")));
            long from = Math.max(first, d.getLong("from"));
            long to = Math.min(last, d.getLong("to"));
            lost += Math.max(0, to - from + 1);
        }
        System.out.println("[it] stored " + stored + " lost-by-reader " + lost + " of " + (last - first + 1));
        return stored + lost;
    }
}
