package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT connection: a persistent session (clean session false) subscribed with QoS 1
 * to this site's reader topics, with manual acknowledgements so that a message is acknowledged to
 * the broker only after the handler has made it durable.
 *
 * <p>It is the Vert.x MQTT client, connected from {@code context}, so the broker's messages are read
 * and handled on the gateway's event loop in arrival order, with no thread of its own and no hop
 * between them (Paho had three threads per client and a hop per message to the context). Every
 * method may be called from any thread; the client's state is only touched on {@code context}.
 */
public final class MqttReaderAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(MqttReaderAdapter.class);
    private static final int REFUSED = 0x80;
    /** Inbound QoS 1 messages awaiting our ack are not limited by the client; this bounds indications. */
    private static final int MAX_INFLIGHT = 2_000;
    /**
     * Larger than any message the datasheet allows (4096 bytes of payload plus topic and framing) by far,
     * so that an oversized message reaches the parser and is rejected as bad input: with the decoder's
     * 8 KB default one 10 KB message closed the connection, and its redelivery closed it again, for ever.
     * Brokers should refuse larger packets from publishers (Mosquitto {@code max_packet_size}).
     */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** The Vert.x client resends nothing after a reconnect: an indication's PUBACK can be lost with it. */
    private static final int PUBACK_TIMEOUT_S = 30;

    private final Context context;
    private final GatewayConfig.Mqtt config;
    private final String brokerUri;
    private final Handler<IncomingMessage> handler;
    private final Handler<Boolean> connectionHandler;
    /** Indications by packet id, until their PUBACK. On the context. */
    private final Map<Integer, Sent> awaitingPuback = new HashMap<>();
    /** An indication's PUBLISH to the broker's PUBACK; a reader message's arrival to the gateway's PUBACK. */
    private final Metrics.Timing publishRoundTrip;
    private final Metrics.Timing ackDelay;
    private final Promise<Void> started = Promise.promise();
    private volatile MqttClient client;
    private volatile boolean stopping;
    private String host;
    private int port;
    private boolean everSubscribed;
    private long reconnectDelayMs = 250;

    /** An indication written, waiting for its PUBACK: who waits, and since when ({@link System#nanoTime()}). */
    private record Sent(Promise<Void> done, long nanos) {
    }

    /**
     * @param connectionHandler told {@code true} on every (re)connection and {@code false} on loss,
     *                          on the Vert.x context
     * @param metrics           where the broker round trips are timed
     */
    public MqttReaderAdapter(Context context, GatewayConfig.Mqtt config, String brokerUri,
                             Handler<IncomingMessage> handler, Handler<Boolean> connectionHandler, Metrics metrics) {
        this.publishRoundTrip = metrics.timing("mqtt.publish");
        this.ackDelay = metrics.timing("mqtt.ack");
        this.context = context;
        this.config = config;
        this.brokerUri = brokerUri;
        this.handler = handler;
        this.connectionHandler = connectionHandler;
    }

    /** The subscription filter: every reader topic of this site (the parser rejects what does not fit). */
    public String filter() {
        return config.prefix() + "/" + config.site() + "/readers/+/+";
    }

    public Future<Void> start() {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(config.clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(10)
                .setMaxInflightQueue(MAX_INFLIGHT)
                .setAckTimeout(PUBACK_TIMEOUT_S)
                .setMaxMessageSize(MAX_MESSAGE_BYTES);
        o.setAutoAck(false);
        o.setTcpNoDelay(true);
        o.setConnectTimeout(10_000);
        if (config.username() != null) {
            o.setUsername(config.username()).setPassword(config.password() == null ? "" : config.password());
        }
        try {
            URI uri = URI.create(brokerUri);
            boolean ssl = "ssl".equals(uri.getScheme());
            host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("no host in the URI");
            }
            port = uri.getPort() > 0 ? uri.getPort() : ssl ? 8883 : 1883;
            if (ssl && config.tls()) {
                BrokerTls.fromPem(config.tlsCa(), config.tlsCert(), config.tlsKey()).applyTo(o);
            } else if (ssl) {
                o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Future.failedFuture(new IllegalStateException("cannot connect to the MQTT broker at " + brokerUri + ": " + e.getMessage()));
        }
        MqttClient c = MqttClient.create(context.owner(), o);
        c.publishHandler(this::arrived)
                .subscribeCompletionHandler(this::subscribed)
                .publishCompletionHandler(id -> settle(id, null))
                .publishCompletionExpirationHandler(id -> settle(id, "no PUBACK within " + PUBACK_TIMEOUT_S + " s"))
                .exceptionHandler(e -> LOG.debug("MQTT connection to {}: {}", brokerUri, e.toString()))
                .closeHandler(v -> connectionLost());
        client = c;
        onContext(() -> connect(true));
        return started.future();
    }

    /** Publishes an indication: QoS 1, never retained (a retained release would replay on reconnect). */
    public Future<Void> indicate(String readerId, byte[] payload) {
        Promise<Void> done = Promise.promise();
        onContext(() -> {
            if (!connected()) {
                done.fail(new IllegalStateException("not connected to the MQTT broker"));
                return;
            }
            long sent = System.nanoTime();
            client.publish(ReaderTopic.of(config.prefix(), config.site(), readerId, ReaderTopic.Kind.INDICATE),
                            Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                    // completes as the PUBLISH is written, on this loop: before its PUBACK can be read
                    .onSuccess(id -> awaitingPuback.put(id, new Sent(done, sent)))
                    .onFailure(done::tryFail);
        });
        return done.future();
    }

    public boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    public Future<Void> stop() {
        stopping = true;
        MqttClient c = client;
        if (c == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        onContext(() -> c.disconnect().timeout(2, TimeUnit.SECONDS).onComplete(ar -> done.tryComplete()));
        return done.future();
    }

    private void connect(boolean first) {
        if (stopping || client.isConnected()) {
            return;
        }
        client.connect(port, host).onComplete(ar -> {
            if (ar.succeeded()) {
                reconnectDelayMs = 250;
                if (stopping) {
                    client.disconnect();
                    return;
                }
                LOG.debug("MQTT connection to {} complete (reconnect: {})", brokerUri, !first);
                client.subscribe(filter(), 1).onFailure(this::subscribeFailed);
            } else if (first) {
                started.tryFail(new IllegalStateException("cannot connect to the MQTT broker at " + brokerUri + ": " + ar.cause().getMessage()));
            } else {
                LOG.debug("reconnect to {} failed: {}", brokerUri, ar.cause().getMessage());
                reconnectDelayMs = Math.min(5_000, reconnectDelayMs * 2);
                scheduleReconnect();
            }
        });
    }

    /** Retries the connection with exponential backoff (250 ms to 5 s) until it succeeds or we stop. */
    private void scheduleReconnect() {
        if (!stopping) {
            context.owner().setTimer(reconnectDelayMs, t -> connect(false));
        }
    }

    /** One SUBSCRIBE per connection, so the SUBACK is always the answer to the last one. */
    private void subscribed(MqttSubAckMessage ack) {
        int granted = ack.grantedQoSLevels().isEmpty() ? 1 : ack.grantedQoSLevels().get(0);
        if (granted == REFUSED) {
            LOG.error("broker refused subscription to {}", filter());
            started.tryFail(new IllegalStateException("broker refused subscription to " + filter()));
            return;
        }
        LOG.info("{} MQTT broker {} and subscribed to {}", everSubscribed ? "reconnected to" : "connected to", brokerUri, filter());
        everSubscribed = true;
        connectionHandler.handle(true);
        started.tryComplete();
    }

    /**
     * A subscription that failed because the connection dropped meanwhile is retried by the reconnect
     * loop (each connection subscribes again), also during start-up: a broker that drops a fresh
     * connection (Moquette 0.17 does, now and then, for a client reconnecting with the same id) must
     * not fail the gateway's start. A failure on a live connection fails it.
     */
    private void subscribeFailed(Throwable e) {
        if (!client.isConnected()) {
            LOG.warn("subscription to {} interrupted by a lost connection ({}); it follows the reconnect", filter(), e.getMessage());
            return;
        }
        LOG.error("cannot subscribe to {}: {}", filter(), e.getMessage());
        started.tryFail(new IllegalStateException("cannot subscribe to " + filter() + ": " + e.getMessage()));
    }

    private void connectionLost() {
        // their PUBACKs cannot come any more: the client does not resend them on the next connection
        awaitingPuback.values().forEach(p -> p.done().tryFail("MQTT connection closed before the PUBACK"));
        awaitingPuback.clear();
        if (stopping) {
            return;
        }
        LOG.warn("lost the MQTT broker connection to {}; reconnecting", brokerUri);
        connectionHandler.handle(false);
        reconnectDelayMs = 250;
        scheduleReconnect();
    }

    private void arrived(MqttPublishMessage m) {
        long arrived = System.nanoTime();
        handler.handle(new IncomingMessage(m.topicName(), m.payload().getBytes(), m.isRetain(), Instant.now(),
                () -> {
                    ack(m);
                    ackDelay.since(arrived);
                }));
    }

    private void ack(MqttPublishMessage m) {
        try {
            m.ack(); // a PUBACK for QoS 1, nothing for QoS 0
        } catch (RuntimeException e) {
            // Not connected: the broker will redeliver; idempotent storage absorbs the repeat.
            LOG.debug("ack of message {} not sent: {}", m.messageId(), e.toString());
        }
    }

    private void settle(int packetId, String failure) {
        Sent s = awaitingPuback.remove(packetId);
        if (s != null && failure == null) {
            publishRoundTrip.since(s.nanos());
            s.done().tryComplete();
        } else if (s != null) {
            s.done().tryFail(failure);
        }
    }

    /** Runs at once when already on the context (the hot path), else queued to it. */
    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
