package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.MessageMac;
import io.cagekeeper.gateway.mqtt.ReaderMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessageParser;
import io.cagekeeper.gateway.mqtt.ReaderTopic;
import io.cagekeeper.gateway.mqtt.Rejection;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Transition;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spine: a reader message in, a decision, the lock, the indication, the stored event, and
 * only then the acknowledgement to the broker. Runs on one Vert.x context, so per-reader state
 * (last seq, messages in flight) needs no locks.
 *
 * <p>Fail secure: anything that stops a decision from being made or carried out (unknown reader,
 * bad message, no policy loaded, lock not released) ends with the door locked and DENY shown.
 */
public final class AccessController {

    private static final Logger LOG = LoggerFactory.getLogger(AccessController.class);
    private static final int RECENT_KEYS = 50_000;

    /** Releases a door; fails when the lock could not be released. */
    public interface DoorReleaser {
        Future<Void> release(String doorId);
    }

    /** Sends an indication to a reader. */
    public interface Indicator {
        Future<Void> indicate(String readerId, byte[] payload);
    }

    private final String prefix;
    private final String site;
    private final Supplier<PolicySnapshot> policy;
    private final PolicyEngine engine;
    private final AccessPorts ports;
    private final Duration skewTolerance;
    private final Function<String, byte[]> readerKeys;
    private final Metrics metrics;
    private final ReaderMessageParser parser = new ReaderMessageParser();
    private final ReaderGuard guard;
    private final LogThrottle logThrottle = new LogThrottle(5, 10_000_000_000L);
    /** How long a hole in a reader's seq may stay open before it counts as lost messages. */
    public static final Duration GAP_GRACE = Duration.ofSeconds(3);

    private final Map<String, Future<Void>> inFlight = new HashMap<>();
    private final Map<String, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_KEYS;
        }
    };
    private final SeqTracker seqs = new SeqTracker(GAP_GRACE);
    /** Written on the gateway's context only; volatile so that the API and tests read a current value. */
    private volatile EngineState state;
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final java.util.Set<String> silent = new java.util.HashSet<>();

    /**
     * @param readerKeys a reader's 32-byte HMAC key, or null when it has none provisioned
     */
    public AccessController(String prefix, String site, Supplier<PolicySnapshot> policy, PolicyEngine engine, AccessPorts ports,
                            Duration skewTolerance, Function<String, byte[]> readerKeys, Metrics metrics, ReaderGuard guard,
                            EngineState initialState) {
        this.prefix = prefix;
        this.site = site;
        this.policy = policy;
        this.engine = engine;
        this.ports = ports;
        this.skewTolerance = skewTolerance;
        this.readerKeys = readerKeys;
        this.metrics = metrics;
        this.guard = guard;
        this.state = initialState;
    }

    /** Handles one message from the broker; acknowledges it once everything it caused is durable. */
    public void onMessage(IncomingMessage m) {
        try {
            handle(m);
        } catch (RuntimeException e) {
            // Never let one message take the gateway down; the event is kept as a rejection.
            LOG.error("unexpected failure handling a message on {}: {}", m.topic(), e.toString());
            reject(m, null, new Rejection(Rejection.Reason.NOT_JSON, "internal error while handling the message"));
        }
    }

    private void handle(IncomingMessage m) {
        ReaderTopic topic = ReaderTopic.parse(prefix, site, m.topic());
        if (topic == null) {
            reject(m, null, new Rejection(Rejection.Reason.BAD_TOPIC, "topic does not match the reader interface"));
            return;
        }
        if (topic.kind() == ReaderTopic.Kind.INDICATE) {
            m.ack(); // our own indications, echoed by the broker
            return;
        }
        PolicySnapshot snapshot = policy.get();
        Reader reader = snapshot == null ? null : snapshot.reader(topic.readerId());
        if (reader == null) {
            reject(m, topic.readerId(), new Rejection(Rejection.Reason.UNKNOWN_READER, "reader is not configured"));
            return;
        }
        lastSeen.put(reader.id(), m.receivedAt());
        silent.remove(reader.id());
        if (!guard.admit(reader.id(), System.nanoTime())) {
            // Over its rate: counted and acknowledged, not stored one by one (that is what a flood wants).
            metrics.increment("rejected.total");
            metrics.increment("rejected.RATE_LIMITED");
            metrics.increment("rejected.reader." + reader.id());
            noteReject(reader.id(), m.receivedAt());
            m.ack();
            return;
        }
        byte[] body = m.payload();
        byte[] key = readerKeys.apply(reader.id());
        if (body.length <= ReaderMessageParser.MAX_BYTES) {
            MessageMac.Split split = MessageMac.split(body);
            // Readers sign credentials and events; a status cannot be signed (it is also the Last Will).
            if (key != null && topic.kind() != ReaderTopic.Kind.STATUS) {
                if (split.mac() == null) {
                    reject(m, reader.id(), new Rejection(Rejection.Reason.MISSING_MAC, "reader has a key but sent no mac"));
                    return;
                }
                if (!MessageMac.verify(key, split.signed(), split.mac())) {
                    reject(m, reader.id(), new Rejection(Rejection.Reason.BAD_MAC, "mac does not verify"));
                    return;
                }
            }
            body = split.signed();
        }
        ReaderMessageParser.Result parsed = parser.parse(topic.kind(), body);
        if (!parsed.ok()) {
            reject(m, reader.id(), parsed.rejection());
            return;
        }
        ReaderMessage msg = parsed.message();
        if (msg instanceof ReaderMessage.Credential c) {
            onCredential(m, snapshot, reader, c);
        } else if (msg instanceof ReaderMessage.Status s) {
            onStatus(m, reader, s);
        } else {
            onEvent(m, reader, (ReaderMessage.Event) msg);
        }
    }

    private void onCredential(IncomingMessage m, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c) {
        String key = "reader:" + reader.id() + ":" + c.msgId();
        if (alreadyHandled(key, m)) {
            return;
        }
        if (m.duplicate()) {
            // The broker redelivers (DUP flag): perhaps it was stored before a restart but not acknowledged.
            // Never decide (and release) it twice; if the store cannot tell, fail secure: decide it, the
            // row stays unique.
            Future<Void> checked = ports.alreadyStored().apply(key).transform(ar -> {
                if (ar.succeeded() && ar.result()) {
                    metrics.increment("messages.redelivered");
                    recent.put(key, Boolean.TRUE);
                    m.ack();
                } else {
                    decideCredential(m, policy.get(), reader, c, key);
                }
                return Future.succeededFuture();
            });
            inFlight.put(key, checked);
            checked.onComplete(ar -> inFlight.remove(key, checked));
            return;
        }
        decideCredential(m, snapshot, reader, c, key);
    }

    /**
     * A credential with a PIN for a badge that has one: the slow hash check runs off the event loop
     * first, then the decision is made here with that answer, so other readers are never held up.
     * A check that fails to run counts as a wrong PIN (fail secure).
     */
    private void decideCredential(IncomingMessage m, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c, String key) {
        Credential cred = c.pin() != null && c.card() instanceof CardRead.Decoded dec ? snapshot.credential(dec.card()) : null;
        String hash = cred == null ? null : cred.pinHash();
        if (hash == null) {
            decideNow(engine, m, snapshot, reader, c, key);
            return;
        }
        Future<Boolean> checked = ports.pinCheck().apply(hash, c.pin()).otherwise(false);
        inFlight.put(key, checked.mapEmpty());
        checked.onComplete(ar -> {
            boolean matched = ar.result();
            decideNow(new PolicyEngine((h, p) -> matched && hash.equals(h)), m, snapshot, reader, c, key);
        });
    }

    private void decideNow(PolicyEngine engine, IncomingMessage m, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c,
                           String key) {
        List<String> flags = new ArrayList<>(2);
        checkSkew(c.ts(), m.receivedAt(), flags);
        checkSeq(reader, c.seq(), m.receivedAt());
        AccessRequest request = new AccessRequest(reader.id(), c.card(), c.pin(), c.bioMatch(), m.receivedAt());
        EngineState before = state;
        Outcome outcomeOfEngine = engine.decide(snapshot, before, request);
        ports.recorder().accept(key, RecordedDecision.of(request, before, outcomeOfEngine, snapshot));
        Decision decision = outcomeOfEngine.decision();
        changeState(outcomeOfEngine.next());
        Future<Void> facts = recordFacts(outcomeOfEngine.facts(), reader, key);
        metrics.increment("decisions." + decision.result().name().toLowerCase());
        Future<Carried> carried = decision.granted()
                ? ports.doors().release(reader.doorId()).map(v -> {
                            changeState(state.doorReleased(reader.doorId()));
                            return new Carried(decision, null);
                        })
                        .recover(e -> Future.succeededFuture(new Carried(decision, e.getMessage())))
                : Future.succeededFuture(new Carried(decision, null));
        Future<Void> done = carried.compose(outcome -> {
            boolean released = outcome.decision().granted() && outcome.releaseFailure() == null;
            Indication indication = released ? Indication.grant(c.msgId(), ports.releaseMs().applyAsLong(reader.doorId()))
                    : outcome.decision().result() == Result.PENDING ? Indication.pending(c.msgId(), "Waiting")
                    : Indication.deny(c.msgId());
            ports.indicator().indicate(reader.id(), indication.toJson())
                    .onFailure(e -> LOG.warn("indication to reader {} not sent: {}", reader.id(), e.getMessage()));
            return facts.compose(v -> ports.log().append(accessEvent(key, snapshot, reader, c, m.receivedAt(), outcome, flags,
                    outcomeOfEngine.pinMatched())));
        });
        track(key, m, done);
    }

    /** The decision as carried out: a granted door that would not release stays locked and is recorded so. */
    private record Carried(Decision decision, String releaseFailure) {
    }

    private GatewayEvent accessEvent(String key, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c,
                                     Instant receivedAt, Carried outcome, List<String> flags, Boolean pinMatched) {
        Decision d = outcome.decision();
        List<String> reasons = new ArrayList<>();
        d.reasons().forEach(r -> reasons.add(r.name()));
        EventType type;
        String result;
        String sentence = d.sentence();
        String decidedBy = d.decidedBy();
        if (d.granted() && outcome.releaseFailure() != null) {
            type = EventType.ACCESS_DENIED;
            result = Result.DENY.name();
            reasons.add(0, "DOOR_RELEASE_FAILED");
            decidedBy = "rule:door-release";
            sentence = "Denied: the policy granted entry but the lock of " + reader.doorId() + " could not be released ("
                    + outcome.releaseFailure() + "); " + d.sentence();
        } else {
            type = switch (d.result()) {
                case GRANT -> EventType.ACCESS_GRANTED;
                case DENY -> EventType.ACCESS_DENIED;
                case PENDING -> EventType.ACCESS_PENDING;
            };
            result = d.result().name();
        }
        String card = c.card() instanceof CardRead.Decoded dec ? dec.card().toString() : null;
        Credential cred = c.card() instanceof CardRead.Decoded dec ? snapshot.credential(dec.card()) : null;
        Map<String, Object> detail = new HashMap<>();
        detail.put("side", reader.side().name());
        if (c.card() instanceof CardRead.Unreadable u) {
            detail.put("cardRead", u.why());
        }
        if (c.pin() != null) {
            detail.put("pinPresented", true);
        }
        if (pinMatched != null) {
            detail.put("pinMatched", pinMatched);
        }
        return new GatewayEvent(key, type, "reader:" + reader.id(), reader.doorId(), c.seq(), c.ts(), receivedAt, card,
                cred == null ? null : cred.personId(), result, reasons, decidedBy, d.snapshotVersion(), sentence, flags, detail);
    }

    private void onStatus(IncomingMessage m, Reader reader, ReaderMessage.Status s) {
        EventType type = s.online() ? EventType.READER_ONLINE : EventType.READER_OFFLINE;
        Map<String, Object> detail = new HashMap<>();
        if (s.firmware() != null) {
            detail.put("fw", s.firmware());
        }
        if (s.tamper() != null) {
            detail.put("tamper", s.tamper());
        }
        GatewayEvent e = new GatewayEvent("status:" + reader.id() + ":" + UUID.randomUUID(), type, "reader:" + reader.id(),
                reader.doorId(), s.seq(), s.ts(), m.receivedAt(), null, null, null, null, null, null,
                "Reader " + reader.id() + (s.online() ? " online" : " offline"), null, detail);
        track(e.key(), m, ports.log().append(e));
    }

    private void onEvent(IncomingMessage m, Reader reader, ReaderMessage.Event ev) {
        String key = "reader:" + reader.id() + ":" + ev.msgId();
        if (alreadyHandled(key, m)) {
            return;
        }
        List<String> flags = new ArrayList<>(1);
        checkSkew(ev.ts(), m.receivedAt(), flags);
        checkSeq(reader, ev.seq(), m.receivedAt());
        EventType type = switch (ev.type()) {
            case "TAMPER" -> EventType.READER_TAMPER;
            case "TAMPER_CLEARED" -> EventType.READER_TAMPER_CLEARED;
            case "HEARTBEAT" -> EventType.READER_HEARTBEAT;
            case "BOOT" -> EventType.READER_BOOT;
            default -> EventType.READER_CLOCK_SET;
        };
        Map<String, Object> detail = ev.detail() == null ? Map.of() : Map.of("detail", ev.detail());
        GatewayEvent e = new GatewayEvent(key, type, "reader:" + reader.id(), reader.doorId(), ev.seq(), ev.ts(),
                m.receivedAt(), null, null, null, null, null, null, "Reader " + reader.id() + " reported " + ev.type(),
                flags, detail);
        track(key, m, ports.log().append(e));
    }

    /**
     * Completes once every message taken so far is finished (stored, or left unacknowledged for
     * redelivery), so that an orderly stop closes the event log after the last write, not under it.
     * Call on the gateway's context.
     */
    public Future<Void> drained() {
        return Future.join(List.copyOf(inFlight.values())).<Void>mapEmpty().otherwiseEmpty();
    }

    /** True (and acknowledged) when this message was already handled or is being handled. */
    private boolean alreadyHandled(String key, IncomingMessage m) {
        Future<Void> pending = inFlight.get(key);
        if (pending != null) {
            metrics.increment("messages.redelivered");
            pending.onSuccess(v -> m.ack());
            return true;
        }
        if (recent.containsKey(key)) {
            metrics.increment("messages.redelivered");
            m.ack();
            return true;
        }
        return false;
    }

    private void track(String key, IncomingMessage m, Future<Void> done) {
        inFlight.put(key, done);
        done.onComplete(ar -> {
            inFlight.remove(key);
            if (ar.succeeded()) {
                recent.put(key, Boolean.TRUE);
                m.ack();
            } else {
                // Not acknowledged: the broker keeps the message and redelivers it after a reconnect.
                LOG.error("event {} not stored, message left unacknowledged for redelivery: {}", key, ar.cause().getMessage());
            }
        });
    }

    private void checkSkew(Instant deviceTs, Instant receivedAt, List<String> flags) {
        if (deviceTs != null && Duration.between(deviceTs, receivedAt).abs().compareTo(skewTolerance) > 0) {
            flags.add("CLOCK_SKEW");
            metrics.increment("messages.clockSkew");
        }
    }

    /**
     * Follows the reader's seq; a jump opens a hole that becomes a LOG_GAP only if it is still open
     * after {@link #GAP_GRACE} ({@link #flushGaps}), because a broker under load may deliver a reader's
     * messages slightly out of order.
     */
    private void checkSeq(Reader reader, long seq, Instant at) {
        if (seqs.observe(reader.id(), seq, at)) {
            metrics.increment("readers.lateArrivals");
        }
    }

    /** Records as LOG_GAP events (and alarms) the holes in readers' seqs that stayed open past the grace period. */
    public void flushGaps(Instant now) {
        for (SeqTracker.Gap g : seqs.due(now)) {
            metrics.increment("readers.logGaps");
            Reader reader = policy.get() == null ? null : policy.get().reader(g.readerId());
            GatewayEvent gap = new GatewayEvent("gap:" + g.readerId() + ":" + g.from() + "-" + g.to(), EventType.LOG_GAP,
                    "reader:" + g.readerId(), reader == null ? null : reader.doorId(), g.revealedBy(), null, g.noticedAt(),
                    null, null, null, null, null, null,
                    "Reader " + g.readerId() + " lost " + g.count() + " message(s): seq " + g.from() + " to " + g.to(),
                    null, Map.of("from", g.from(), "to", g.to()));
            ports.log().append(gap).onFailure(e -> LOG.error("LOG_GAP of reader {} not stored: {}", g.readerId(), e.getMessage()));
        }
    }

    private void reject(IncomingMessage m, String readerId, Rejection r) {
        metrics.increment("rejected.total");
        metrics.increment("rejected." + r.reason().name());
        if (readerId != null) {
            metrics.increment("rejected.reader." + readerId);
        }
        String hash = sha256(m.payload());
        long held = logThrottle.admit(readerId == null ? "?" : readerId, System.nanoTime());
        if (held >= 0) {
            LOG.warn("rejected message on {} from {}: {} ({}), payload sha256 {}{}", truncate(m.topic()),
                    readerId == null ? "unknown reader" : readerId, r.reason(), r.detail(), hash,
                    held > 0 ? " (" + held + " similar lines held back)" : "");
        }
        if (readerId != null) {
            noteReject(readerId, m.receivedAt());
        }
        GatewayEvent e = new GatewayEvent("reject:" + UUID.randomUUID(), EventType.MESSAGE_REJECTED,
                readerId == null ? "mqtt" : "reader:" + readerId, null, null, null, m.receivedAt(), null, null, null,
                List.of(r.reason().name()), null, null, "Rejected message: " + r.detail(), null,
                Map.of("topic", truncate(m.topic()), "payloadSha256", hash, "bytes", m.payload().length));
        track(e.key(), m, ports.log().append(e));
    }

    private void changeState(EngineState next) {
        if (next != state) {
            state = next;
            ports.stateSaver().accept(next);
        }
    }

    /** The engine's state as it stands (for the API and tests). */
    public EngineState state() {
        return state;
    }

    /** Feeds what the door modules saw into the engine's state (interlocks need it). */
    public void doorFact(EventType type, String doorId, boolean fireAlarmInput) {
        switch (type) {
            case DOOR_OPENED, DOOR_FORCED_OPEN -> changeState(state.doorOpened(doorId));
            case DOOR_CLOSED -> changeState(state.doorClosed(doorId));
            case DOOR_RELEASED -> changeState(state.doorReleased(doorId));
            case DOOR_RELOCKED -> changeState(state.relocked(doorId));
            case FIRE_ALARM -> changeState(state.fireAlarm(true));
            case FIRE_ALARM_CLEARED -> changeState(state.fireAlarm(fireAlarmInput));
            default -> {
            }
        }
    }

    /** Aligns the engine's door facts with what a module reports at its first poll (after a restart). */
    public void syncDoor(String doorId, boolean open, boolean released) {
        EngineState s = open ? state.doorOpened(doorId) : state.doorClosed(doorId);
        changeState(released ? s.doorReleased(doorId) : s.relocked(doorId));
    }

    /** An operator sets the site's threat level; recorded with their identity. */
    public Future<Void> setThreatLevel(ThreatLevel level, String operator, Instant at) {
        ThreatLevel before = state.threatLevel();
        changeState(state.withThreatLevel(level));
        return ports.log().append(new GatewayEvent("threat:" + UUID.randomUUID(), EventType.THREAT_LEVEL_CHANGED, "operator:" + operator,
                null, null, null, at, null, null, null, null, "operator:" + operator, null,
                "Threat level changed from " + before + " to " + level + " by " + operator, null,
                Map.of("from", before.name(), "to", level.name(), "operator", operator)));
    }

    /** An operator forgives a person's anti-passback state; recorded with their identity. */
    public Future<Void> forgive(String personId, String operator, Instant at) {
        Transition t = state.forgive(personId, operator, at);
        changeState(t.state());
        return recordFacts(List.of(t.fact()), null, "forgive:" + UUID.randomUUID());
    }

    /** An operator clears a credential's wrong-PIN count. */
    public Future<Void> resetPinFailures(String credentialId, String operator, Instant at) {
        Transition t = state.resetPinFailures(credentialId, operator, at);
        changeState(t.state());
        return recordFacts(List.of(t.fact()), null, "pinreset:" + UUID.randomUUID());
    }

    /** Drops expired pending escorts/second persons and other stale state. */
    public void prune(Instant now) {
        changeState(state.prune(now));
    }

    private Future<Void> recordFacts(List<EngineFact> facts, Reader reader, String causeKey) {
        Future<Void> all = Future.succeededFuture();
        int n = 0;
        for (EngineFact f : facts) {
            String key = causeKey + ":fact" + n++;
            GatewayEvent e = factEvent(f, reader, key);
            if (e != null) {
                all = all.compose(v -> ports.log().append(e));
            }
        }
        return all;
    }

    private static GatewayEvent factEvent(EngineFact f, Reader reader, String key) {
        String source = reader == null ? "engine" : "reader:" + reader.id();
        String door = reader == null ? null : reader.doorId();
        if (f instanceof EngineFact.ApbViolation v) {
            return new GatewayEvent(key, EventType.APB_VIOLATION, source, door, null, null, v.at(), null, v.personId(), null,
                    List.of(v.mode().name()), "zone:" + v.zoneId(), null, "Anti-passback violation (" + v.mode() + ") by "
                    + v.personId() + " into zone " + v.zoneId(), null, Map.of("zone", v.zoneId()));
        }
        if (f instanceof EngineFact.CompanionAdmitted a) {
            return new GatewayEvent(key, EventType.COMPANION_ADMITTED, source, a.doorId(), null, null, a.at(), null, a.personId(),
                    "GRANT", List.of(a.kind().name()), a.decidedBy(), null, "Waiting " + a.personId() + " admitted with "
                    + a.decidedBy() + " (" + a.kind() + ")", null, Map.of());
        }
        if (f instanceof EngineFact.ApbForgiven g) {
            return new GatewayEvent(key, EventType.APB_FORGIVEN, "operator:" + g.operator(), null, null, null, g.at(), null,
                    g.personId(), null, null, "operator:" + g.operator(), null, "Anti-passback state of " + g.personId()
                    + " forgiven by " + g.operator(), null, Map.of("operator", g.operator()));
        }
        if (f instanceof EngineFact.PinLockedOut p) {
            return new GatewayEvent(key, EventType.PIN_LOCKED_OUT, source, door, null, null, p.at(), null, null, null, null,
                    "credential:" + p.credentialId(), null, "PIN of credential " + p.credentialId() + " locked out after "
                    + p.failures() + " wrong PINs", null, Map.of("credentialId", p.credentialId()));
        }
        if (f instanceof EngineFact.PinFailuresReset r) {
            return new GatewayEvent(key, EventType.PIN_FAILURES_RESET, "operator:" + r.operator(), null, null, null, r.at(), null,
                    null, null, null, "operator:" + r.operator(), null, "Wrong-PIN count of credential " + r.credentialId()
                    + " reset by " + r.operator(), null, Map.of("credentialId", r.credentialId(), "operator", r.operator()));
        }
        return null;
    }

    /**
     * Reports readers heard from since start that have since been silent longer than {@code after}
     * (a reader sends a heartbeat every 30 s): a dead reader whose Last Will was lost still shows up.
     */
    public void checkSilence(Instant now, Duration after) {
        for (var e : lastSeen.entrySet()) {
            String id = e.getKey();
            if (!silent.contains(id) && Duration.between(e.getValue(), now).compareTo(after) > 0) {
                silent.add(id);
                PolicySnapshot s = policy.get();
                Reader r = s == null ? null : s.reader(id);
                ports.log().append(new GatewayEvent("silent:" + id + ":" + now, EventType.READER_SILENT, "reader:" + id,
                        r == null ? null : r.doorId(), null, null, now, null, null, null, null, null, null,
                        "Reader " + id + " silent since " + e.getValue() + " (no message or heartbeat)", null, Map.of()))
                        .onFailure(err -> LOG.error("silence event for {} not recorded: {}", id, err.getMessage()));
            }
        }
    }

    /** Raises READER_REJECT_BURST once per window when a reader's rejects pass the threshold. */
    private void noteReject(String readerId, Instant at) {
        int count = guard.rejected(readerId, at);
        if (count > 0) {
            metrics.increment("readers.rejectBursts");
            LOG.warn("reader {} sent {} rejected messages within the window: raising an alarm", readerId, count);
            PolicySnapshot s = policy.get();
            Reader r = s == null ? null : s.reader(readerId);
            ports.log().append(new GatewayEvent("burst:" + readerId + ":" + at, EventType.READER_REJECT_BURST, "reader:" + readerId,
                    r == null ? null : r.doorId(), null, null, at, null, null, null, null, null, null,
                    "Reader " + readerId + " sent " + count + " rejected messages in a short time", null, Map.of("rejects", count)))
                    .onFailure(e -> LOG.error("reject-burst event for {} not recorded: {}", readerId, e.getMessage()));
        }
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
