package io.cagekeeper.sim.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader against an embedded Moquette, checked by a plain Paho subscriber. */
class ReaderSimulatorIT {

    private static final byte[] KEY = "k3y-for-tests-only-32-bytes-long".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger READERS = new AtomicInteger();
    private EmbeddedBroker broker;

    private String base;
    private TopicRecorder server;
    private ReaderSimulator reader;

    /**
     * A broker per test: Moquette 0.17 sometimes closes a new connection after an earlier test killed a
     * client ("SUBSCRIBE received on already closed connection"). A fresh reader id per test as well.
     */
    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker();
        String id = "r-" + READERS.incrementAndGet();
        base = "cage/dc1/readers/" + id + "/";
        server = new TopicRecorder(broker.uri(), base + "#");
        reader = new ReaderSimulator(ReaderConfig.of(broker.uri(), "dc1", id).withHmacKey(KEY)
                .withHeartbeat(Duration.ZERO));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (reader != null) {
                reader.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void announcesItselfOnlineRetainedAndSendsBootAsSeqOne() throws Exception {
        Connecting.connect(reader);

        var status = server.await(r -> r.topic().equals(base + "status"), 5000).orElseThrow();
        assertThat(status.payload()).matches("\\{\"v\":1,\"state\":\"online\",\"ts\":\"[0-9T:.-]{23}Z\","
                + "\"fw\":\"1.4.2\",\"tamper\":false,\"seq\":0}");
        var boot = server.await(r -> r.topic().equals(base + "event"), 5000).orElseThrow();
        assertThat(boot.payload()).contains("\"seq\":1,").contains("\"type\":\"BOOT\"");
        assertThat(reader.seq()).isEqualTo(1);
    }

    @Test
    void publishesACredentialWhoseMacVerifies() throws Exception {
        Connecting.connect(reader);

        String msgId = reader.presentCard(Card.h10301(18, 40211), "4821");

        var credential = server.await(r -> r.topic().equals(base + "credential"), 5000).orElseThrow();
        String payload = credential.payload();
        assertThat(credential.retained()).isFalse();
        assertThat(payload).startsWith("{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":2,")
                .contains("\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211},\"pin\":\"4821\"");
        int at = payload.lastIndexOf(",\"mac\":\"");
        String unsigned = payload.substring(0, at) + "}";
        String mac = payload.substring(at + 8, payload.length() - 2);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(Base64.getDecoder().decode(mac)).isEqualTo(hmac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void receivesTheIndicationThatRepliesToItsCredential() throws Exception {
        Connecting.connect(reader);
        String msgId = reader.presentCard(Card.c1000(100, 123456), null);
        server.await(r -> r.payload().contains(msgId), 5000).orElseThrow();

        server.publish(base + "indicate", "{\"v\":1,\"replyTo\":\"other\",\"result\":\"DENY\",\"led\":\"red\",\"beep\":3}");
        server.publish(base + "indicate", "{\"v\":1,\"replyTo\":\"" + msgId
                + "\",\"result\":\"GRANT\",\"led\":\"green\",\"beep\":1,\"text\":\"Welcome\",\"openMs\":5000}");

        Optional<Indication> indication = reader.awaitIndication(msgId, Duration.ofSeconds(5));
        assertThat(indication).hasValueSatisfying(i -> {
            assertThat(i.result()).isEqualTo("GRANT");
            assertThat(i.openMs()).isEqualTo(5000);
            assertThat(i.text()).isEqualTo("Welcome");
        });
        assertThat(reader.indications()).extracting(Indication::replyTo).containsExactly("other", msgId);
    }

    @Test
    void givesUpWaitingForAnIndicationThatNeverComes() throws Exception {
        Connecting.connect(reader);
        String msgId = reader.presentCard(Card.h10301(1, 1), null);
        assertThat(reader.awaitIndication(msgId, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void lastWillAnnouncesOfflineWhenKilled() throws Exception {
        Connecting.connect(reader);
        server.await(r -> r.payload().contains("\"online\""), 5000).orElseThrow();

        reader.kill();

        var will = server.await(r -> r.topic().equals(base + "status") && r.payload().contains("offline"), 10_000);
        assertThat(will).hasValueSatisfying(r -> assertThat(r.payload()).isEqualTo("{\"v\":1,\"state\":\"offline\"}"));
    }

    @Test
    void saysOfflineItselfOnACleanClose() throws Exception {
        Connecting.connect(reader);
        reader.sendEvent("TAMPER", "case opened");
        reader.close();

        var offline = server.await(r -> r.topic().equals(base + "status") && r.payload().contains("offline"), 5000)
                .orElseThrow();
        assertThat(offline.payload()).contains("\"tamper\":true").contains("\"seq\":2").contains("\"fw\":\"1.4.2\"");
    }

    @Test
    void signsEventsAndCountsThemInSeq() throws Exception {
        Connecting.connect(reader);
        String msgId = reader.sendEvent("CLOCK_SET", "ntp");
        var event = server.await(r -> r.payload().contains(msgId), 5000).orElseThrow();
        assertThat(event.payload()).contains("\"seq\":2,").contains("\"type\":\"CLOCK_SET\",\"detail\":\"ntp\",\"mac\":\"");
    }
}
