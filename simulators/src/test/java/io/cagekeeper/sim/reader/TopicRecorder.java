package io.cagekeeper.sim.reader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A plain Paho subscriber standing in for the server: records what arrives, and can answer. */
final class TopicRecorder implements AutoCloseable {

    record Received(String topic, String payload, boolean retained) {
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    TopicRecorder(String uri, String filter) throws MqttException {
        client = new MqttClient(uri, "recorder-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
        client.subscribe(filter, 1, (topic, m) ->
                received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained())));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Optional<Received> await(Predicate<Received> match, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        do {
            for (Received r : received) {
                if (match.test(r)) {
                    return Optional.of(r);
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
