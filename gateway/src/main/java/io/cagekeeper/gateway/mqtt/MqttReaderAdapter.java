package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT connection: a persistent session (clean session false) subscribed with QoS 1
 * to this site's reader topics, with manual acknowledgements so that a message is acknowledged to
 * the broker only after the handler has made it durable. Paho's callback thread only hands
 * messages to the Vert.x context, in arrival order; all handling happens there.
 */
public final class MqttReaderAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(MqttReaderAdapter.class);

    private final Context context;
    private final GatewayConfig.Mqtt config;
    private final String brokerUri;
    private final Handler<IncomingMessage> handler;
    private final Handler<Boolean> connectionHandler;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private MqttAsyncClient client;
    private MqttConnectOptions options;
    private long reconnectDelayMs = 250;

    /**
     * @param connectionHandler told {@code true} on every (re)connection and {@code false} on loss,
     *                          on the Vert.x context
     */
    public MqttReaderAdapter(Context context, GatewayConfig.Mqtt config, String brokerUri,
                             Handler<IncomingMessage> handler, Handler<Boolean> connectionHandler) {
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
        Promise<Void> started = Promise.promise();
        try {
            client = new MqttAsyncClient(brokerUri, config.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new Callback(started));
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            // Our own reconnect loop: Paho 1.2.5's automatic reconnect was seen stuck in "connect already
            // in progress" after a broker restart with manual acks outstanding.
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(10);
            o.setConnectionTimeout(10);
            o.setMaxInflight(2_000);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            if (brokerUri.startsWith("tcp://")) {
                o.setSocketFactory(new NoDelaySocketFactory());
            } else if (brokerUri.startsWith("ssl://") && config.tls()) {
                o.setSocketFactory(TlsSocketFactory.fromPem(config.tlsCa(), config.tlsCert(), config.tlsKey()));
            }
            if (config.username() != null) {
                o.setUserName(config.username());
                o.setPassword(config.password() == null ? new char[0] : config.password().toCharArray());
            }
            options = o;
            client.connect(o, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // subscription happens in connectComplete, also after automatic reconnects
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    started.tryFail(new IllegalStateException("cannot connect to the MQTT broker at " + brokerUri + ": " + e.getMessage()));
                }
            });
        } catch (MqttException | IllegalStateException e) {
            started.tryFail(new IllegalStateException("cannot connect to the MQTT broker at " + brokerUri + ": " + e.getMessage()));
        }
        return started.future();
    }

    /** Publishes an indication: QoS 1, never retained (a retained release would replay on reconnect). */
    public Future<Void> indicate(String readerId, byte[] payload) {
        Promise<Void> done = Promise.promise();
        try {
            client.publish(ReaderTopic.of(config.prefix(), config.site(), readerId, ReaderTopic.Kind.INDICATE),
                    payload, 1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            done.tryComplete();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            done.tryFail(e);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            done.tryFail(e);
        }
        return done.future();
    }

    /** Retries the connection with exponential backoff (250 ms to 5 s) until it succeeds or we stop. */
    private void scheduleReconnect() {
        if (stopping.get()) {
            return;
        }
        context.owner().setTimer(reconnectDelayMs, t -> {
            if (stopping.get() || client.isConnected()) {
                return;
            }
            try {
                client.connect(options, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        reconnectDelayMs = 250; // connectComplete resubscribes
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        LOG.debug("reconnect to {} failed: {}", brokerUri, e.getMessage());
                        context.runOnContext(v -> {
                            reconnectDelayMs = Math.min(5_000, reconnectDelayMs * 2);
                            scheduleReconnect();
                        });
                    }
                });
            } catch (MqttException e) {
                LOG.debug("reconnect to {} not started: {}", brokerUri, e.getMessage());
                reconnectDelayMs = Math.min(5_000, reconnectDelayMs * 2);
                scheduleReconnect();
            }
        });
    }

    public boolean connected() {
        return client != null && client.isConnected();
    }

    public Future<Void> stop() {
        stopping.set(true);
        if (client == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        try {
            if (client.isConnected()) {
                client.disconnect(2_000, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        closeQuietly();
                        done.tryComplete();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        closeQuietly();
                        done.tryComplete();
                    }
                });
            } else {
                closeQuietly();
                done.tryComplete();
            }
        } catch (MqttException e) {
            closeQuietly();
            done.tryComplete();
        }
        return done.future();
    }

    private void closeQuietly() {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        private final Promise<Void> started;

        Callback(Promise<Void> started) {
            this.started = started;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            LOG.debug("MQTT connection to {} complete (reconnect: {})", serverURI, reconnect);
            try {
                client.subscribe(filter(), 1, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int granted = token.getGrantedQos() == null ? 1 : token.getGrantedQos()[0];
                        if (granted == 0x80) {
                            started.tryFail(new IllegalStateException("broker refused subscription to " + filter()));
                            return;
                        }
                        LOG.info("{} MQTT broker {} and subscribed to {}", reconnect ? "reconnected to" : "connected to", serverURI, filter());
                        context.runOnContext(v -> connectionHandler.handle(true));
                        started.tryComplete();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        subscribeFailed(e);
                    }
                });
            } catch (MqttException e) {
                subscribeFailed(e);
            }
        }

        /**
         * A subscription that failed because the connection dropped meanwhile is retried by the reconnect
         * loop (connectComplete subscribes again), also during start-up: a broker that drops a fresh
         * connection (Moquette 0.17 does, now and then, for a client reconnecting with the same id) must
         * not fail the gateway's start. A refusal on a live connection fails it.
         */
        private void subscribeFailed(Throwable e) {
            if (!client.isConnected()) {
                LOG.warn("subscription to {} interrupted by a lost connection ({}); it follows the reconnect", filter(), e.getMessage());
                return;
            }
            LOG.error("cannot subscribe to {}: {}", filter(), e.getMessage());
            started.tryFail(new IllegalStateException("cannot subscribe to " + filter() + ": " + e.getMessage()));
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (!stopping.get()) {
                LOG.warn("lost the MQTT broker connection ({}); reconnecting", cause == null ? "closed" : cause.getMessage());
                context.runOnContext(v -> {
                    connectionHandler.handle(false);
                    reconnectDelayMs = 250;
                    scheduleReconnect();
                });
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Instant at = Instant.now();
            int id = message.getId();
            int qos = message.getQos();
            byte[] payload = message.getPayload();
            boolean dup = message.isDuplicate();
            context.runOnContext(v -> handler.handle(new IncomingMessage(topic, payload, dup, at, () -> ack(id, qos))));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private void ack(int id, int qos) {
        if (qos == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            // The broker will redeliver; idempotent storage absorbs the repeat.
            LOG.debug("ack of message {} not sent: {}", id, e.getMessage());
        }
    }
}
