package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessage;
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
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    /** Releases a door; fails when the lock could not be released. */
    public interface DoorReleaser {
        Future<Void> release(String doorId);
    }

    /** Sends an indication to a reader. */
    public interface Indicator {
        Future<Void> indicate(String readerId, byte[] payload);
    }

    private final Supplier<PolicySnapshot> policy;
    private final PolicyEngine engine;
    private final AccessPorts ports;
    private final ReaderPolicy trust;
    private final Metrics metrics;
    /** A credential's arrival to its indication sent, to the broker's PUBACK of it, to its event stored; the engine's own share. */
    private final Metrics.Timing decided;
    private final Metrics.Timing acknowledged;
    private final Metrics.Timing recorded;
    private final Metrics.Timing evaluated;
    private final ReaderGuard guard;
    private final ReaderAdmission admission;
    private final LogThrottle logThrottle = new LogThrottle(5, 10_000_000_000L);
    /** How long a hole in a reader's seq may stay open before it counts as lost messages. */
    public static final Duration GAP_GRACE = Duration.ofSeconds(3);
    /**
     * How many lately claimed keys are kept in memory (for when the database cannot answer a claim); a
     * restarted gateway loads at most this many, the newest.
     */
    public static final int RECENT_KEYS = 50_000;

    private final SequenceGuard seqs;
    private final ReaderClocks clocks = new ReaderClocks();
    private final RejectLedger ledger = new RejectLedger();
    /** Written on the gateway's context only; volatile so that the API and tests read a current value. */
    private volatile EngineState state;
    private final MessageLedger messages;
    private final ReaderEvents readerEvents;

    public AccessController(String prefix, String site, Supplier<PolicySnapshot> policy, PolicyEngine engine, AccessPorts ports,
                            ReaderPolicy trust, Metrics metrics, ReaderGuard guard, EngineState initialState) {
        this.policy = policy;
        this.engine = engine;
        this.ports = ports;
        this.trust = trust;
        this.metrics = metrics;
        this.decided = metrics.timing("decision");
        this.acknowledged = metrics.timing("decision.acknowledged");
        this.recorded = metrics.timing("decision.recorded");
        this.evaluated = metrics.timing("decision.engine");
        this.guard = guard;
        this.admission = new ReaderAdmission(prefix, site, trust, guard);
        this.seqs = new SequenceGuard(GAP_GRACE, trust.maxSeqJump());
        this.messages = new MessageLedger(ports.claims(), metrics);
        this.readerEvents = new ReaderEvents(policy, ports, trust, metrics, messages, seqs, clocks);
        this.state = initialState;
    }

    /**
     * Resumes what a previous run knew of the readers: seq high-water marks, clock samples and the keys
     * claimed lately. Call before the first message.
     */
    public void resume(ReaderMessageStore.Memory memory) {
        memory.highWater().forEach(seqs::seed);
        memory.clockSamples().forEach(clocks::seed);
        messages.remember(memory.recentKeys());
    }

    /** The event key of a reader's message: stable across redeliveries, so a message is stored once. */
    public static String messageKey(String readerId, String msgId) {
        return "reader:" + readerId + ":" + msgId;
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
        PolicySnapshot snapshot = policy.get();
        ReaderAdmission.Outcome outcome = admission.admit(m, snapshot);
        if (outcome instanceof ReaderAdmission.Echo) {
            m.ack();
        } else if (outcome instanceof ReaderAdmission.Refused r) {
            if (r.reader() == null) {
                refusedFromNowhere(m, r);
            } else {
                reject(m, r.reader().id(), r.rejection());
            }
        } else if (outcome instanceof ReaderAdmission.OverRate o) {
            metrics.increment("rejected.total");
            metrics.increment("rejected.RATE_LIMITED");
            metrics.increment("rejected.reader." + o.reader().id());
            ledger.rateLimited(o.reader().id(), o.reader().doorId(), m.receivedAt());
            if (o.credentialMsgId() != null) {
                indicate(o.reader(), Indication.deny(o.credentialMsgId()));
            }
            m.ack();
        } else {
            ReaderAdmission.Admitted a = (ReaderAdmission.Admitted) outcome;
            Reader reader = a.reader();
            if (a.signed() || trust.unsigned().contains(reader.id())) {
                readerEvents.heardFrom(reader.id(), m.receivedAt());
            }
            if (a.message() instanceof ReaderMessage.Credential c) {
                onCredential(m, snapshot, reader, c);
            } else if (a.message() instanceof ReaderMessage.Status s) {
                readerEvents.onStatus(m, reader, s);
            } else {
                readerEvents.onEvent(m, reader, (ReaderMessage.Event) a.message());
            }
        }
    }

    /**
     * A message naming no reader the policy knows (or no reader at all): counted and aggregated into one
     * event per reason per second, so invented reader ids cost neither a row nor a counter each.
     */
    private void refusedFromNowhere(IncomingMessage m, ReaderAdmission.Refused r) {
        metrics.increment("rejected.total");
        metrics.increment("rejected." + r.rejection().reason().name());
        if (logThrottle.admit("?", System.nanoTime()) >= 0) {
            LOG.warn("rejected message on {}: {} ({})", truncate(m.topic()), r.rejection().reason(), r.rejection().detail());
        }
        ledger.unknownSource(r.rejection().reason().name(), r.claimedId(), m.receivedAt());
        m.ack();
    }

    /**
     * Every credential is claimed durably by (reader, msgId) before it is judged, whatever the DUP flag
     * says: a message claimed before is a redelivery or a replay and never opens a door again. A new one
     * must then be in sequence and fresh before the policy is asked.
     */
    private void onCredential(IncomingMessage m, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c) {
        String key = messageKey(reader.id(), c.msgId());
        if (messages.alreadyInFlight(key, m)) {
            return;
        }
        SequenceGuard.Verdict verdict = seqs.classify(reader.id(), c.seq(), false);
        List<String> flags = new ArrayList<>(2);
        Future<Void> done = messages.claim(new MessageClaims.Claim(reader.id(), c.msgId(), c.seq(), "credential", c.ts(),
                        m.receivedAt(), verdict.accepted(), false), flags)
                .compose(fresh -> {
                    if (!fresh) {
                        return redelivered(reader, c, key);
                    }
                    noteSeq(reader, c.seq(), verdict, m.receivedAt());
                    if (trust.unsigned().contains(reader.id())) {
                        flags.add("UNSIGNED");
                    }
                    if (verdict == SequenceGuard.Verdict.REPLAY) {
                        return refuse(m, reader, c, key, flags, "REPLAYED", "rule:replay",
                                "seq " + c.seq() + " is at or below the reader's high-water mark " + seqs.highWater(reader.id())
                                        + " and fills no gap: a replayed message", EventType.CREDENTIAL_REPLAY);
                    }
                    if (verdict == SequenceGuard.Verdict.JUMP) {
                        return refuse(m, reader, c, key, flags, "SEQ_JUMP", "rule:sequence",
                                "seq " + c.seq() + " jumps more than " + trust.maxSeqJump() + " past the reader's high-water mark "
                                        + seqs.highWater(reader.id()) + "; not believed until the reader's next message confirms it",
                                EventType.READER_SEQ_JUMP);
                    }
                    if (clocks.stale(reader.id(), c.ts(), m.receivedAt(), trust.freshness())) {
                        metrics.increment("decisions.stale");
                        return refuse(m, reader, c, key, flags, "STALE", "rule:freshness",
                                "read " + clocks.age(reader.id(), c.ts(), m.receivedAt()).toMillis() + " ms before it arrived on the reader's"
                                        + " corrected clock (limit " + trust.freshness().toMillis() + " ms): too old to open a door", null);
                    }
                    Promise<Void> decided = Promise.promise();
                    decideCredential(m, policy.get(), reader, c, key, flags, decided);
                    return decided.future();
                });
        messages.track(key, m, done);
    }

    private void noteSeq(Reader reader, long seq, SequenceGuard.Verdict verdict, Instant at) {
        if (seqs.apply(reader.id(), seq, verdict, at)) {
            metrics.increment("readers.lateArrivals");
        }
    }

    /**
     * A credential claimed before: the broker redelivered it, or someone published it again. It was acted
     * on once; it is not decided again. The reader is told the recorded answer (it shows it only within
     * 10 s of its read, so a replay minutes later shows nothing) and no door is released.
     */
    private Future<Void> redelivered(Reader reader, ReaderMessage.Credential c, String key) {
        return ports.claims().recordedResult(key).otherwise((String) null).map(result -> {
            Indication answer = "GRANT".equals(result) ? Indication.grant(c.msgId(), ports.releaseMs().applyAsLong(reader.doorId()))
                    : "PENDING".equals(result) ? Indication.pending(c.msgId(), "Waiting") : Indication.deny(c.msgId());
            indicate(reader, answer);
            return null;
        });
    }

    /**
     * A credential that may not open the door whatever the policy says (replayed, out of sequence, stale):
     * recorded as denied with the rule that refused it, answered DENY, and for replays and jumps alarmed.
     */
    private Future<Void> refuse(IncomingMessage m, Reader reader, ReaderMessage.Credential c, String key, List<String> flags,
                                String reason, String rule, String why, EventType alarm) {
        trust.flagSkew(c.ts(), m.receivedAt(), flags, metrics);
        indicate(reader, Indication.deny(c.msgId()));
        String card = c.card() instanceof CardRead.Decoded dec ? dec.card().toString() : null;
        GatewayEvent denied = new GatewayEvent(key, EventType.ACCESS_DENIED, "reader:" + reader.id(), reader.doorId(), c.seq(), c.ts(),
                m.receivedAt(), card, null, Result.DENY.name(), List.of(reason), rule, null,
                "Denied without a policy decision: " + why, flags, Map.of("side", reader.side().name()));
        Future<Void> stored = ports.log().append(denied);
        if (alarm == null) {
            return stored;
        }
        GatewayEvent raised = new GatewayEvent(alarm.name().toLowerCase() + ":" + key, alarm, "reader:" + reader.id(),
                reader.doorId(), c.seq(), c.ts(), m.receivedAt(), null, null, null, List.of(reason), rule, null,
                "Reader " + reader.id() + ": " + why, flags, Map.of("msgIdSha256", sha256(c.msgId().getBytes(StandardCharsets.UTF_8))));
        return stored.compose(v -> ports.log().append(raised));
    }

    private Future<Void> indicate(Reader reader, Indication indication) {
        return ports.indicator().indicate(reader.id(), indication.toJson())
                .onFailure(e -> LOG.warn("indication to reader {} not sent: {}", reader.id(), e.getMessage()));
    }

    /**
     * A credential with a PIN for a badge that has one: the slow hash check runs off the event loop
     * first, then the decision is made here with that answer, so other readers are never held up.
     * A check that fails to run counts as a wrong PIN (fail secure).
     */
    private void decideCredential(IncomingMessage m, PolicySnapshot snapshot, Reader reader, ReaderMessage.Credential c, String key,
                                  List<String> flags, Promise<Void> done) {
        Credential cred = c.pin() != null && c.card() instanceof CardRead.Decoded dec ? snapshot.credential(dec.card()) : null;
        String hash = cred == null ? null : cred.pinHash();
        if (hash == null) {
            decideNow(engine, m, snapshot, reader, c, key, flags).onComplete(done);
            return;
        }
        ports.pinCheck().apply(hash, c.pin()).otherwise(false).onComplete(ar -> {
            boolean matched = ar.result();
            decideNow(new PolicyEngine((h, p) -> matched && hash.equals(h)), m, snapshot, reader, c, key, flags).onComplete(done);
        });
    }

    private Future<Void> decideNow(PolicyEngine engine, IncomingMessage m, PolicySnapshot snapshot, Reader reader,
                                   ReaderMessage.Credential c, String key, List<String> flags) {
        trust.flagSkew(c.ts(), m.receivedAt(), flags, metrics);
        AccessRequest request = new AccessRequest(reader.id(), c.card(), c.pin(), c.bioMatch(), m.receivedAt());
        EngineState before = state;
        long engineStarted = System.nanoTime();
        Outcome outcomeOfEngine = engine.decide(snapshot, before, request);
        evaluated.since(engineStarted);
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
        return carried.compose(outcome -> {
            boolean released = outcome.decision().granted() && outcome.releaseFailure() == null;
            indicate(reader, released ? Indication.grant(c.msgId(), ports.releaseMs().applyAsLong(reader.doorId()))
                    : outcome.decision().result() == Result.PENDING ? Indication.pending(c.msgId(), "Waiting")
                    : Indication.deny(c.msgId())).onSuccess(v -> acknowledged.since(m.receivedAt()));
            decided.since(m.receivedAt());
            return facts.compose(v -> ports.log().append(accessEvent(key, snapshot, reader, c, m.receivedAt(), outcome, flags,
                    outcomeOfEngine.pinMatched()))).onSuccess(v -> recorded.since(m.receivedAt()));
        });
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

    /** Completes once every message taken so far is stored or left for redelivery (an orderly stop waits for it). */
    public Future<Void> drained() {
        return messages.drained();
    }

    /**
     * Reports readers heard from since start that have since been silent longer than {@code after}
     * (a reader sends a heartbeat every 30 s): a dead reader whose Last Will was lost still shows up.
     */
    public void checkSilence(Instant now, Duration after) {
        readerEvents.checkSilence(now, after);
    }

    /**
     * Records as LOG_GAP events (and alarms) the holes in readers' seqs that stayed open past the grace
     * period, and the rejections counted since the last call (over-rate readers, unknown readers).
     */
    public void flushGaps(Instant now) {
        for (GatewayEvent e : ledger.flush(now)) {
            ports.log().append(e).onFailure(err -> LOG.error("aggregated rejections not stored: {}", err.getMessage()));
        }
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
        EventType type = r.reason() == Rejection.Reason.RETAINED ? EventType.RETAINED_MESSAGE : EventType.MESSAGE_REJECTED;
        GatewayEvent e = new GatewayEvent("reject:" + UUID.randomUUID(), type,
                readerId == null ? "mqtt" : "reader:" + readerId, null, null, null, m.receivedAt(), null, null, null,
                List.of(r.reason().name()), null, null, "Rejected message: " + r.detail(), null,
                Map.of("topic", truncate(m.topic()), "payloadSha256", hash, "bytes", m.payload().length));
        messages.track(e.key(), m, ports.log().append(e));
    }

    private void changeState(EngineState next) {
        if (next != state) {
            state = next;
            ports.stateSaver().accept(next);
        }
    }

    /** Standing weaknesses of the configuration an operator must see (health lists them): readers allowed unsigned. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String id : new java.util.TreeSet<>(trust.unsigned())) {
            out.add("reader " + id + " runs unsigned (readers.unsigned): anyone who can publish to the broker can forge its credentials");
        }
        return out;
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
            GatewayEvent e = FactEvents.of(f, reader, key);
            if (e != null) {
                all = all.compose(v -> ports.log().append(e));
            }
        }
        return all;
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
