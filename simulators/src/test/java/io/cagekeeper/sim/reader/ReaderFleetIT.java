package io.cagekeeper.sim.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several readers behind one connection, checked by a plain Paho subscriber standing in for the server. */
class ReaderFleetIT {

    private EmbeddedBroker broker;
    private TopicRecorder server;
    private ReaderFleet fleet;
    private final Map<String, String> answered = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker();
        server = new TopicRecorder(broker.uri(), "cage/dc1/readers/#");
        fleet = new ReaderFleet(broker.uri(), "cage", "dc1", "fleet-test", List.of("ra", "rb", "rc"));
        fleet.onIndication((reader, ind) -> answered.put(ind.replyTo(), reader + ":" + ind.result()));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            fleet.close();
            server.close();
        } finally {
            broker.close();
        }
    }

    @Test
    void announcesEveryReaderOnlineRetainedWithItsOwnBootAsSeqOne() throws Exception {
        fleet.connect();

        for (String r : List.of("ra", "rb", "rc")) {
            var status = server.await(m -> m.topic().equals("cage/dc1/readers/" + r + "/status"), 5000).orElseThrow();
            assertThat(status.payload()).startsWith("{\"v\":1,\"state\":\"online\",");
            var boot = server.await(m -> m.topic().equals("cage/dc1/readers/" + r + "/event"), 5000).orElseThrow();
            assertThat(boot.payload()).contains("\"seq\":1,").contains("\"type\":\"BOOT\"");
        }
    }

    @Test
    void publishesEachCredentialOnItsReadersTopicWithThatReadersNextSeq() throws Exception {
        fleet.connect();

        String first = fleet.presentCard(1, Card.h10301(18, 40211));
        String second = fleet.presentCard(1, Card.h10301(18, 40212));
        String other = fleet.presentCard(2, Card.c1000(7, 99));

        var a = server.await(m -> m.payload().contains(first), 5000).orElseThrow();
        assertThat(a.topic()).isEqualTo("cage/dc1/readers/rb/credential");
        assertThat(a.retained()).isFalse();
        assertThat(a.payload()).startsWith("{\"v\":1,\"msgId\":\"" + first + "\",\"seq\":2,")
                .endsWith(",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}");
        assertThat(server.await(m -> m.payload().contains(second), 5000).orElseThrow().payload()).contains("\"seq\":3,");
        var c = server.await(m -> m.payload().contains(other), 5000).orElseThrow();
        assertThat(c.topic()).isEqualTo("cage/dc1/readers/rc/credential");
        assertThat(c.payload()).contains("\"seq\":2,");
        assertThat(fleet.seq(0)).isEqualTo(1);
        assertThat(fleet.seq(1)).isEqualTo(3);
    }

    @Test
    void deliversIndicationsToTheReaderTheyAreAddressedToAndCountsMalformedOnes() throws Exception {
        fleet.connect();
        String msgId = fleet.presentCard(0, Card.h10301(18, 1));

        server.publish("cage/dc1/readers/ra/indicate", "{\"v\":1,\"replyTo\":\"" + msgId + "\",\"result\":\"GRANT\","
                + "\"led\":\"green\",\"beep\":1,\"text\":\"Welcome\",\"openMs\":5000}");
        server.publish("cage/dc1/readers/rb/indicate", "not json");
        server.publish("cage/dc1/readers/unknown/indicate", "{\"v\":1,\"replyTo\":\"x\",\"result\":\"DENY\"}");

        long deadline = System.currentTimeMillis() + 5000;
        while ((answered.isEmpty() || fleet.malformedIndicationCount() < 2) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(answered).containsExactly(Map.entry(msgId, "ra:GRANT"));
        assertThat(fleet.malformedIndicationCount()).isEqualTo(2);
        assertThat(fleet.retainedIndicationCount()).isZero();
    }

    @Test
    void saysItsReadersAreOfflineWhenClosed() throws Exception {
        fleet.connect();

        fleet.close();

        var offline = server.await(m -> m.topic().equals("cage/dc1/readers/rc/status") && m.payload().contains("offline"), 5000);
        assertThat(offline).isPresent();
    }

    @Test
    void refusesAReaderNameTheDatasheetDoesNotAllowOrTheSameReaderTwice() {
        assertThatThrownBy(() -> new ReaderFleet(broker.uri(), "cage", "dc1", "f", List.of("bad/name")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReaderFleet(broker.uri(), "cage", "dc1", "f", List.of("r1", "r1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
