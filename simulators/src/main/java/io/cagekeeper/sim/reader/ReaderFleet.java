package io.cagekeeper.sim.reader;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many readers behind one MQTT connection: a load generator for benchmarks of hundreds of doors.
 *
 * <p>Every message is byte for byte what a {@link ReaderSimulator} of the same reader would publish
 * (same serialisation, per-reader {@code seq}, QoS 1, the online Status retained), so the server cannot
 * tell the difference on any topic. What differs is the transport: one connection on one Netty event
 * loop (the Vert.x MQTT client) instead of one Paho client with three threads per reader. 256 separate
 * reader clients put ~770 threads into the JVM that measures, and on a small machine their scheduling
 * delay and CPU then become part of the latency being measured. There is no per-reader Last Will (MQTT
 * allows one per connection): a fleet says its readers are offline itself on {@link #close()}. No
 * heartbeats and no MAC keys: benchmark readers.
 *
 * <p>Indications for all readers arrive on one wildcard subscription and go to the listener, on the
 * fleet's event loop, with the time they arrived.
 */
public final class ReaderFleet implements AutoCloseable {

    /** Receives each well-formed Indication with the reader it was addressed to. */
    @FunctionalInterface
    public interface IndicationListener {
        void indication(String readerId, Indication indication);
    }

    private static final long WAIT_MS = 10_000;

    private final String brokerUri;
    private final String prefix;
    private final String site;
    private final String clientId;
    private final List<String> readerIds;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final long[] seq;
    private final Vertx vertx;
    private final Context context;
    private final MqttClient client;
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger retained = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private volatile IndicationListener listener = (r, i) -> { };
    private volatile boolean closed;

    /**
     * @param brokerUri {@code tcp://host:port}
     * @param clientId  the MQTT client id of the shared connection (persistent session)
     * @param readerIds the readers it speaks for; each must match {@code [A-Za-z0-9_-]{1,64}}
     */
    public ReaderFleet(String brokerUri, String prefix, String site, String clientId, List<String> readerIds) {
        this.brokerUri = Objects.requireNonNull(brokerUri, "brokerUri");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.site = Objects.requireNonNull(site, "site");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.readerIds = List.copyOf(readerIds);
        for (int i = 0; i < this.readerIds.size(); i++) {
            // validates the name the same way a single reader's configuration does
            ReaderConfig.of(brokerUri, site, this.readerIds.get(i));
            if (indexOf.put(this.readerIds.get(i), i) != null) {
                throw new IllegalArgumentException("reader " + this.readerIds.get(i) + " twice in one fleet");
            }
        }
        URI uri = URI.create(brokerUri);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("a fleet connects to tcp://host:port, not " + brokerUri);
        }
        this.seq = new long[this.readerIds.size()];
        this.vertx = Vertx.vertx();
        this.context = vertx.getOrCreateContext();
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(false)
                .setKeepAliveInterval(30)
                .setMaxInflightQueue(10_000)
                .setAckTimeout(30);
        o.setTcpNoDelay(true);
        o.setAutoAck(true);
        this.client = MqttClient.create(vertx, o);
        client.publishHandler(this::arrived);
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
    public void connect() throws Exception {
        URI uri = URI.create(brokerUri);
        Future<Void> ready = onContext(() -> client.connect(uri.getPort(), uri.getHost())
                .compose(ack -> client.subscribe(prefix + "/" + site + "/readers/+/indicate", 1))
                .compose(id -> {
                    List<Future<Integer>> all = new ArrayList<>();
                    for (int r = 0; r < readerIds.size(); r++) {
                        all.add(publish(r, "status", ReaderMessages.status(true, Instant.now(), ReaderConfig.DEFAULT_FIRMWARE,
                                false, 0), true));
                        all.add(publishSequenced(r, "event", (msgId, s) -> ReaderMessages.event(msgId, s, Instant.now(), "BOOT",
                                "firmware " + ReaderConfig.DEFAULT_FIRMWARE)));
                    }
                    return Future.all(all).<Void>mapEmpty();
                }));
        ready.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Reader number {@code reader} (index into the list given) reads {@code card}; returns the msgId at
     * once. The publish itself happens on the fleet's event loop, in call order.
     */
    public String presentCard(int reader, Card card) {
        return presentCard(reader, card, UUID.randomUUID().toString());
    }

    /**
     * As {@link #presentCard(int, Card)} with the caller's msgId (unique per message, 1-64 chars): a load
     * generator that numbers its messages can file each answer by number instead of keeping a map.
     */
    public String presentCard(int reader, Card card, String msgId) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(msgId, "msgId");
        String json;
        synchronized (seq) {
            json = ReaderMessages.credential(msgId, ++seq[reader], Instant.now(), card, null);
            // queued under the lock: per reader, seq order is publish order
            context.runOnContext(v -> publish(reader, "credential", json, false));
        }
        return msgId;
    }

    /** The last seq used by one reader (0 before its first message). */
    public long seq(int reader) {
        synchronized (seq) {
            return seq[reader];
        }
    }

    /** Indications that were not well-formed JSON objects, or for a reader not in this fleet. */
    public int malformedIndicationCount() {
        return malformed.get();
    }

    /** Indications delivered with the retained flag (the datasheet says never). */
    public int retainedIndicationCount() {
        return retained.get();
    }

    /** Messages the client refused or the broker never acknowledged: the load generator's own losses. */
    public int unsentCount() {
        return lost.get();
    }

    /** Publishes every reader's offline Status, then disconnects cleanly and stops the event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            onContext(() -> {
                if (!client.isConnected()) {
                    return Future.<Void>succeededFuture();
                }
                List<Future<Integer>> all = new ArrayList<>();
                for (int r = 0; r < readerIds.size(); r++) {
                    all.add(publish(r, "status", "{\"v\":1,\"state\":\"offline\"}", true));
                }
                return Future.all(all).eventually(client::disconnect).<Void>mapEmpty();
            }).toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // closing anyway; the broker drops the connection
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return "ReaderFleet[" + clientId + ", " + readerIds.size() + " readers]";
    }

    // --- internals (on the fleet's event loop) -------------------------------------------------------

    private interface Payload {
        String json(String msgId, long seq);
    }

    private Future<Integer> publishSequenced(int reader, String leaf, Payload payload) {
        String json;
        synchronized (seq) {
            json = payload.json(UUID.randomUUID().toString(), ++seq[reader]);
        }
        return publish(reader, leaf, json, false);
    }

    private Future<Integer> publish(int reader, String leaf, String json, boolean retain) {
        Future<Integer> sent = client.publish(prefix + "/" + site + "/readers/" + readerIds.get(reader) + "/" + leaf,
                Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)), MqttQoS.AT_LEAST_ONCE, false, retain);
        return sent.onFailure(e -> lost.incrementAndGet());
    }

    private void arrived(MqttPublishMessage m) {
        Instant at = Instant.now();
        if (m.isRetain()) {
            retained.incrementAndGet();
        }
        String topic = m.topicName();
        String head = prefix + "/" + site + "/readers/";
        String readerId = topic.startsWith(head) && topic.endsWith("/indicate")
                ? topic.substring(head.length(), topic.length() - "/indicate".length()) : null;
        Optional<Indication> parsed = IndicationParser.parse(m.payload().getBytes(), at);
        if (readerId == null || !indexOf.containsKey(readerId) || parsed.isEmpty()) {
            malformed.incrementAndGet();
            return;
        }
        listener.indication(readerId, parsed.get());
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> work.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return Future.fromCompletionStage(done);
    }
}
