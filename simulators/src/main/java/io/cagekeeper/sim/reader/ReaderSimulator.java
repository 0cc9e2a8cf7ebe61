package io.cagekeeper.sim.reader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated online badge reader: the reader side of reader-mqtt.md over Paho MQTT v3.1.1, so that the
 * gateway can be tested against it and then run against real readers unchanged.
 *
 * <p>What it does, as a real reader:
 * <ul>
 *   <li>Connects with clean session false, QoS 1, MQTT client id = reader id, Last Will
 *       {@code {"v":1,"state":"offline"}} retained on {@code .../status}; subscribes to
 *       {@code .../indicate}; publishes a retained online Status (with ts, fw, tamper and the current
 *       seq) on every (re)connection; sends a BOOT event on its first connection; sends a HEARTBEAT
 *       event every {@link ReaderConfig#heartbeat()} while connected.</li>
 *   <li>{@code seq} goes up by one per Credential or Event and starts at 1 for each new simulator,
 *       as after a factory reset: it lives only in memory. Status messages carry it but do not use one.</li>
 *   <li>A reader with a key signs every Credential and Event (the datasheet's rule "a reader with a
 *       provisioned key always sends mac"); Status is never signed, as its Last Will form cannot be.</li>
 *   <li>Unacknowledged messages live in Paho's in-memory persistence and are redelivered, with the same
 *       payload and so the same msgId, when the same simulator reconnects.</li>
 *   <li>A Credential or Event published while disconnected is lost (logged), and its seq is spent: the
 *       gap is what tells the server that messages were lost.</li>
 * </ul>
 * Sockets have TCP_NODELAY (STACK.md: Nagle costs ~30 ms a hop). Only {@code tcp://} brokers: TLS with a
 * client certificate is not simulated. PINs and keys are never logged.
 */
public final class ReaderSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderSimulator.class);
    private static final long WAIT_MS = 10_000;
    private static final int CONNECT_ATTEMPTS = 5;
    /** Paho backs off up to two minutes by default; a reader comes back within seconds. */
    private static final int MAX_RECONNECT_DELAY_MS = 2_000;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");
    private static final Set<String> EVENT_TYPES = Set.of("TAMPER", "TAMPER_CLEARED", "HEARTBEAT", "BOOT", "CLOCK_SET");

    private final ReaderConfig config;
    private final byte[] key;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final MqttAsyncClient client;
    private final Object publishLock = new Object();
    private final Object arrivals = new Object();
    private final List<Indication> indications = new CopyOnWriteArrayList<>();
    private final AtomicInteger malformedIndications = new AtomicInteger();
    private final AtomicInteger retainedIndications = new AtomicInteger();
    private final ScheduledExecutorService heartbeats;
    private long seq;
    private volatile boolean tamper;
    private volatile Duration clockSkew = Duration.ZERO;
    private boolean booted;
    private volatile boolean closed;

    public ReaderSimulator(ReaderConfig config) {
        this.config = config;
        this.key = config.hmacKeyOrNull();
        try {
            this.client = new MqttAsyncClient(config.brokerUri(), config.readerId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + config.brokerUri(), e);
        }
        client.setCallback(new Callback());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reader-" + config.readerId() + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public ReaderConfig config() {
        return config;
    }

    /**
     * Connects (or reconnects after {@link #kill()}), subscribes to the indications, publishes the online
     * Status and, the first time, a BOOT event. Blocks until the broker has acknowledged all of it.
     */
    public void connect() throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        o.setKeepAliveInterval(30);
        o.setSocketFactory(sockets);
        if (config.usernameOrNull() != null) {
            o.setUserName(config.usernameOrNull());
            o.setPassword(config.passwordOrNull() == null ? new char[0] : config.passwordOrNull().toCharArray());
        }
        o.setWill(config.topic("status"), ReaderMessages.OFFLINE_WILL.getBytes(StandardCharsets.UTF_8), 1, true);
        o.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        // as a reader's firmware does, a broker that drops the first connection (busy, or another client
        // taking over this client id) is tried again a few times before giving up
        for (int attempt = 1; ; attempt++) {
            try {
                if (!client.isConnected()) {
                    client.connect(o).waitForCompletion(WAIT_MS);
                }
                client.subscribe(config.topic("indicate"), 1).waitForCompletion(WAIT_MS);
                publishStatus(true).waitForCompletion(WAIT_MS);
                break;
            } catch (MqttException e) {
                if (attempt == CONNECT_ATTEMPTS || closed) {
                    throw e;
                }
                LOG.info("reader {}: connect attempt {} failed ({}), trying again", config.readerId(), attempt, e.getMessage());
                Thread.sleep(250L * attempt);
            }
        }
        boolean firstBoot;
        synchronized (publishLock) {
            firstBoot = !booted;
            booted = true;
        }
        if (firstBoot) {
            sendEvent("BOOT", "firmware " + config.firmware());
            long every = config.heartbeat().toMillis();
            if (every > 0) {
                heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * A card (and optionally a PIN of 4-8 digits) is presented: publishes a Credential.
     *
     * @return its msgId, to match the server's Indication with
     */
    public String presentCard(Card card, String pinOrNull) {
        if (pinOrNull != null && !PIN.matcher(pinOrNull).matches()) {
            throw new IllegalArgumentException("a PIN is 4-8 digits");
        }
        synchronized (publishLock) {
            String msgId = UUID.randomUUID().toString();
            long s = ++seq;
            publishOrLose("credential", ReaderMessages.credential(msgId, s, now(), card, pinOrNull), msgId, s);
            return msgId;
        }
    }

    /**
     * Publishes an Event of the given type (TAMPER, TAMPER_CLEARED, HEARTBEAT, BOOT, CLOCK_SET);
     * {@code detail} may be null. TAMPER and TAMPER_CLEARED also update the tamper flag of the Status.
     *
     * @return its msgId
     */
    public String sendEvent(String type, String detail) {
        if (!EVENT_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        String msgId;
        synchronized (publishLock) {
            msgId = UUID.randomUUID().toString();
            long s = ++seq;
            publishOrLose("event", ReaderMessages.event(msgId, s, now(), type, detail), msgId, s);
        }
        if (type.equals("TAMPER") || type.equals("TAMPER_CLEARED")) {
            tamper = type.equals("TAMPER");
            try {
                publishStatus(true);
            } catch (MqttException e) {
                LOG.warn("reader {}: status not published: {}", config.readerId(), e.toString());
            }
        }
        return msgId;
    }

    /** The first Indication whose replyTo is {@code msgId}, waiting up to {@code timeout} for it. */
    public Optional<Indication> awaitIndication(String msgId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (true) {
                for (Indication i : indications) {
                    if (msgId.equals(i.replyTo())) {
                        return Optional.of(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /** Every well-formed Indication received, in order of arrival (matching a credential or not). */
    public List<Indication> indications() {
        return List.copyOf(indications);
    }

    /** Indications that were not JSON objects: a server bug the gateway's tests may want to catch. */
    public int malformedIndicationCount() {
        return malformedIndications.get();
    }

    /** Indications delivered with the retained flag: the datasheet says never. */
    public int retainedIndicationCount() {
        return retainedIndications.get();
    }

    /** The last seq used (0 before the first message). */
    public long seq() {
        synchronized (publishLock) {
            return seq;
        }
    }

    /** Fault hook: the reader's clock runs {@code skew} ahead (negative: behind) of the real one. */
    public void setClockSkew(Duration skew) {
        clockSkew = skew;
    }

    /**
     * Fault hook for bad-input tests: publishes {@code payload} exactly as given (no seq, no MAC) with
     * QoS 1 on {@code {prefix}/{site}/readers/{reader}/{leaf}}.
     */
    public void publishRaw(String leaf, byte[] payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        client.publish(config.topic(leaf), m).waitForCompletion(WAIT_MS);
    }

    /**
     * Fault hook for bad-input tests: publishes the JSON text as given, but signed as this reader signs
     * (a payload that is wrong in its content, not in its MAC), with QoS 1 on {@code {prefix}/{site}/readers/{reader}/{leaf}}.
     */
    public void publishRawSigned(String leaf, String json) throws MqttException {
        publishRaw(leaf, ReaderMessages.signed(json, key), false);
    }

    /**
     * Fault hook: the next {@code n} messages are lost on the way (their seqs are spent, nothing is
     * published), so the server sees a gap in this reader's seq.
     */
    public void loseMessages(int n) {
        synchronized (publishLock) {
            seq += n;
        }
    }

    /**
     * Fault hook: the network drops the connection (no DISCONNECT, so the broker fires the Will); Paho
     * reconnects by itself about a second later, the online Status is published again and unacknowledged
     * messages are redelivered.
     */
    public void disconnectAbruptly() {
        try {
            sockets.cutCurrentConnection();
        } catch (IOException e) {
            LOG.debug("reader {}: socket close failed", config.readerId(), e);
        }
    }

    /**
     * The reader loses power: the TCP connection drops without DISCONNECT, so the broker fires the Last
     * Will, and the reader stays offline until {@link #connect()} is called again (which does not send
     * another BOOT, and redelivers what was in flight).
     */
    public void kill() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            LOG.debug("reader {}: forced disconnect: {}", config.readerId(), e.toString());
        }
    }

    /**
     * Publishes the offline Status, then disconnects cleanly (a clean DISCONNECT does not fire the Will,
     * so the reader says it itself) and releases the client.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.shutdownNow();
        try {
            if (client.isConnected()) {
                publishStatus(false).waitForCompletion(WAIT_MS);
                client.disconnect(WAIT_MS).waitForCompletion(WAIT_MS);
            }
        } catch (MqttException e) {
            LOG.warn("reader {}: unclean close: {}", config.readerId(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("reader {}: close: {}", config.readerId(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "ReaderSimulator[" + config.topic("*") + "]";
    }

    // --- internals -----------------------------------------------------------------------------------

    private Instant now() {
        return Instant.now().plus(clockSkew);
    }

    private void heartbeat() {
        if (client.isConnected()) {
            sendEvent("HEARTBEAT", null);
        }
    }

    private IMqttDeliveryToken publishStatus(boolean online) throws MqttException {
        String json = ReaderMessages.status(online, now(), config.firmware(), tamper, seq());
        return publish("status", json.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Must hold publishLock, so that seq order is publish order. */
    private void publishOrLose(String leaf, String json, String msgId, long s) {
        try {
            publish(leaf, ReaderMessages.signed(json, key), false);
        } catch (MqttException e) {
            LOG.warn("reader {}: {} {} (seq {}) lost: {}", config.readerId(), leaf, msgId, s, e.getMessage());
        }
    }

    private IMqttDeliveryToken publish(String leaf, byte[] payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        return client.publish(config.topic(leaf), m);
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            LOG.info("reader {}: reconnected", config.readerId());
            try {
                client.subscribe(config.topic("indicate"), 1);
                publishStatus(true);
            } catch (MqttException e) {
                LOG.warn("reader {}: after reconnect: {}", config.readerId(), e.toString());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.info("reader {}: connection lost: {}", config.readerId(), String.valueOf(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.isRetained()) {
                retainedIndications.incrementAndGet();
            }
            Optional<Indication> parsed = IndicationParser.parse(message.getPayload(), Instant.now());
            if (parsed.isEmpty()) {
                malformedIndications.incrementAndGet();
                LOG.warn("reader {}: malformed indication ({} bytes)", config.readerId(), message.getPayload().length);
                return;
            }
            synchronized (arrivals) {
                indications.add(parsed.get());
                arrivals.notifyAll();
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 1 acknowledged: nothing to do, Paho drops it from persistence
        }
    }
}
