package io.cagekeeper.sim.reader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Many readers behind one MQTT connection: a load generator for benchmarks of hundreds of doors.
 *
 * <p>Every message is byte for byte what a {@link ReaderSimulator} of the same reader would publish
 * (same serialisation, per-reader {@code seq}, QoS 1, the online Status retained), so the server cannot
 * tell the difference on any topic. What differs is the transport: one connection (three Paho threads)
 * instead of one per reader, because 256 separate reader clients put ~770 threads into the JVM that
 * measures, and their scheduling delay on a small machine then dominates the latency being measured.
 * Consequently there is no per-reader Last Will (MQTT allows one per connection): a fleet says its
 * readers are offline itself on {@link #close()}. No heartbeats and no MAC keys: benchmark readers.
 *
 * <p>Indications for all readers arrive on one wildcard subscription and go to the listener, on the
 * Paho callback thread, with the time they arrived.
 */
public final class ReaderFleet implements AutoCloseable {

    /** Receives each well-formed Indication with the reader it was addressed to. */
    @FunctionalInterface
    public interface IndicationListener {
        void indication(String readerId, Indication indication);
    }

    private static final long WAIT_MS = 10_000;

    private final String prefix;
    private final String site;
    private final List<String> readerIds;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final long[] seq;
    private final MqttAsyncClient client;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger retained = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private volatile IndicationListener listener = (r, i) -> { };
    private volatile boolean closed;

    /**
     * @param clientId  the MQTT client id of the shared connection (persistent session)
     * @param readerIds the readers it speaks for; each must match {@code [A-Za-z0-9_-]{1,64}}
     */
    public ReaderFleet(String brokerUri, String prefix, String site, String clientId, List<String> readerIds) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.site = Objects.requireNonNull(site, "site");
        this.readerIds = List.copyOf(readerIds);
        for (int i = 0; i < this.readerIds.size(); i++) {
            // validates the name the same way a single reader's configuration does
            ReaderConfig.of(brokerUri, site, this.readerIds.get(i));
            if (indexOf.put(this.readerIds.get(i), i) != null) {
                throw new IllegalArgumentException("reader " + this.readerIds.get(i) + " twice in one fleet");
            }
        }
        this.seq = new long[this.readerIds.size()];
        try {
            this.client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + brokerUri, e);
        }
        client.setCallback(new Callback());
    }

    /** Where indications go; set it before {@link #connect()} so that none is missed. */
    public void onIndication(IndicationListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    /**
     * Connects (persistent session), subscribes to every reader's indications, and for each reader
     * publishes its retained online Status and a BOOT event, as a reader does when it starts. Blocks
     * until the broker has acknowledged all of it.
     */
    public void connect() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(65_535);
        o.setKeepAliveInterval(30);
        o.setSocketFactory(sockets);
        client.connect(o).waitForCompletion(WAIT_MS);
        client.subscribe(prefix + "/" + site + "/readers/+/indicate", 1).waitForCompletion(WAIT_MS);
        IMqttDeliveryToken last = null;
        for (int r = 0; r < readerIds.size(); r++) {
            publish(r, "status", ReaderMessages.status(true, Instant.now(), ReaderConfig.DEFAULT_FIRMWARE, false, 0), true);
            last = publishSequenced(r, "event", (id, s) -> ReaderMessages.event(id, s, Instant.now(), "BOOT",
                    "firmware " + ReaderConfig.DEFAULT_FIRMWARE));
        }
        if (last != null) {
            last.waitForCompletion(WAIT_MS);
        }
    }

    /** Reader number {@code reader} (index into the list given) reads {@code card}; returns the msgId. */
    public String presentCard(int reader, Card card) {
        Objects.requireNonNull(card, "card");
        String[] id = new String[1];
        publishSequenced(reader, "credential", (msgId, s) -> {
            id[0] = msgId;
            return ReaderMessages.credential(msgId, s, Instant.now(), card, null);
        });
        return id[0];
    }

    public List<String> readerIds() {
        return readerIds;
    }

    /** The last seq used by one reader (0 before its first message). */
    public long seq(int reader) {
        synchronized (seq) {
            return seq[reader];
        }
    }

    /** Indications that were not well-formed JSON objects. */
    public int malformedIndicationCount() {
        return malformed.get();
    }

    /** Indications delivered with the retained flag (the datasheet says never). */
    public int retainedIndicationCount() {
        return retained.get();
    }

    /** Messages Paho refused to queue (client disconnected, queue full): the load generator's own losses. */
    public int unsentCount() {
        return lost.get();
    }

    /** Publishes every reader's offline Status, then disconnects cleanly. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client.isConnected()) {
                IMqttDeliveryToken last = null;
                for (int r = 0; r < readerIds.size(); r++) {
                    last = publish(r, "status", "{\"v\":1,\"state\":\"offline\"}", true);
                }
                if (last != null) {
                    last.waitForCompletion(WAIT_MS);
                }
                client.disconnect(WAIT_MS).waitForCompletion(WAIT_MS);
            }
        } catch (MqttException e) {
            // closing anyway; the broker drops the session's connection
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }

    private interface Payload {
        String json(String msgId, long seq);
    }

    /** seq order is publish order per reader: both happen under one lock. */
    private IMqttDeliveryToken publishSequenced(int reader, String leaf, Payload payload) {
        synchronized (seq) {
            long s = ++seq[reader];
            return publish(reader, leaf, payload.json(UUID.randomUUID().toString(), s), false);
        }
    }

    private IMqttDeliveryToken publish(int reader, String leaf, String json, boolean retain) {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retain);
        try {
            return client.publish(prefix + "/" + site + "/readers/" + readerIds.get(reader) + "/" + leaf, m);
        } catch (MqttException e) {
            lost.incrementAndGet();
            return null;
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            // Paho reconnects by itself; the persistent session keeps the subscription
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Instant at = Instant.now();
            if (message.isRetained()) {
                retained.incrementAndGet();
            }
            String head = prefix + "/" + site + "/readers/";
            String readerId = topic.startsWith(head) && topic.endsWith("/indicate")
                    ? topic.substring(head.length(), topic.length() - "/indicate".length()) : null;
            Optional<Indication> parsed = IndicationParser.parse(message.getPayload(), at);
            if (readerId == null || !indexOf.containsKey(readerId) || parsed.isEmpty()) {
                malformed.incrementAndGet();
                return;
            }
            listener.indication(readerId, parsed.get());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 1 acknowledged by the broker
        }
    }
}
