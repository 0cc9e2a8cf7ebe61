package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessage;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Reader;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What readers say about themselves: their retained status (or Last Will), their events (tamper,
 * heartbeat, boot, clock set) and their silence. Events go through the same claim and sequence checks
 * as credentials, and only fresh signed heartbeats, BOOT and CLOCK_SET teach the reader's clock. Not
 * thread-safe: the gateway's context only.
 */
final class ReaderEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderEvents.class);

    private final Supplier<PolicySnapshot> policy;
    private final AccessPorts ports;
    private final ReaderPolicy trust;
    private final Metrics metrics;
    private final MessageLedger ledger;
    private final SequenceGuard seqs;
    private final ReaderClocks clocks;
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final Set<String> silent = new HashSet<>();

    ReaderEvents(Supplier<PolicySnapshot> policy, AccessPorts ports, ReaderPolicy trust, Metrics metrics, MessageLedger ledger,
                 SequenceGuard seqs, ReaderClocks clocks) {
        this.policy = policy;
        this.ports = ports;
        this.trust = trust;
        this.metrics = metrics;
        this.ledger = ledger;
        this.seqs = seqs;
        this.clocks = clocks;
    }

    /** A verified message (signed, or from a reader allowed unsigned) proves the reader alive. */
    void heardFrom(String readerId, Instant at) {
        lastSeen.put(readerId, at);
        silent.remove(readerId);
    }


    /**
     * The retained status (or Last Will). It cannot be signed, so for a reader with a key it is recorded
     * as UNVERIFIED: it raises READER_OFFLINE but cannot clear it (only a signed HEARTBEAT or BOOT can).
     */
    void onStatus(IncomingMessage m, Reader reader, ReaderMessage.Status s) {
        EventType type = s.online() ? EventType.READER_ONLINE : EventType.READER_OFFLINE;
        Map<String, Object> detail = new HashMap<>();
        if (s.firmware() != null) {
            detail.put("fw", s.firmware());
        }
        if (s.tamper() != null) {
            detail.put("tamper", s.tamper());
        }
        List<String> flags = trust.keys().apply(reader.id()) != null ? List.of("UNVERIFIED") : List.of("UNSIGNED");
        GatewayEvent e = new GatewayEvent("status:" + reader.id() + ":" + UUID.randomUUID(), type, "reader:" + reader.id(),
                reader.doorId(), s.seq(), s.ts(), m.receivedAt(), null, null, null, null, null, null,
                "Reader " + reader.id() + (s.online() ? " online" : " offline")
                        + (flags.contains("UNVERIFIED") ? " (status messages cannot be signed: unverified)" : ""), flags, detail);
        ledger.track(e.key(), m, ports.log().append(e));
    }

    /**
     * A reader event, claimed and sequence-checked like a credential: a replayed TAMPER_CLEARED must not
     * clear a tamper alarm. A late (stale) event is stored all the same, flagged, since it really happened;
     * only fresh HEARTBEAT, BOOT and CLOCK_SET events teach the gateway the reader's clock.
     */
    void onEvent(IncomingMessage m, Reader reader, ReaderMessage.Event ev) {
        String key = AccessController.messageKey(reader.id(), ev.msgId());
        if (ledger.alreadyInFlight(key, m)) {
            return;
        }
        boolean boot = "BOOT".equals(ev.type());
        boolean clockSet = "CLOCK_SET".equals(ev.type());
        boolean clockBearing = boot || clockSet || "HEARTBEAT".equals(ev.type());
        boolean stale = clockBearing ? clocks.staleAsSample(reader.id(), ev.ts(), m.receivedAt(), trust.freshness(), clockSet)
                : clocks.stale(reader.id(), ev.ts(), m.receivedAt(), trust.freshness());
        SequenceGuard.Verdict verdict = seqs.classify(reader.id(), ev.seq(), boot && !stale);
        List<String> flags = new ArrayList<>(2);
        Future<Void> done = ledger.claim(new MessageClaims.Claim(reader.id(), ev.msgId(), ev.seq(), "event", ev.ts(), m.receivedAt(),
                        verdict.accepted(), verdict == SequenceGuard.Verdict.RESET), flags)
                .compose(fresh -> {
                    if (!fresh) {
                        return Future.succeededFuture();
                    }
                    if (seqs.apply(reader.id(), ev.seq(), verdict, m.receivedAt())) {
                        metrics.increment("readers.lateArrivals");
                    }
                    if (verdict == SequenceGuard.Verdict.REPLAY) {
                        return ports.log().append(new GatewayEvent("credential_replay:" + key, EventType.CREDENTIAL_REPLAY,
                                "reader:" + reader.id(), reader.doorId(), ev.seq(), ev.ts(), m.receivedAt(), null, null, null,
                                List.of("REPLAYED"), "rule:replay", null, "Reader " + reader.id() + ": " + ev.type() + " event with seq "
                                + ev.seq() + " at or below the high-water mark " + seqs.highWater(reader.id())
                                + " and filling no gap: a replayed message, not recorded as an event", flags, Map.of()));
                    }
                    trust.flagSkew(ev.ts(), m.receivedAt(), flags, metrics);
                    if (stale) {
                        flags.add("STALE");
                    } else if (verdict != SequenceGuard.Verdict.JUMP && clockBearing) {
                        List<Long> samples = clocks.sample(reader.id(), ev.ts(), m.receivedAt(), clockSet);
                        ports.claims().saveClock(reader.id(), samples, m.receivedAt())
                                .onFailure(e -> LOG.debug("clock of reader {} not saved: {}", reader.id(), e.getMessage()));
                    }
                    if (verdict == SequenceGuard.Verdict.JUMP) {
                        flags.add("SEQ_JUMP");
                    }
                    if (trust.unsigned().contains(reader.id())) {
                        flags.add("UNSIGNED");
                    }
                    EventType type = switch (ev.type()) {
                        case "TAMPER" -> EventType.READER_TAMPER;
                        case "TAMPER_CLEARED" -> EventType.READER_TAMPER_CLEARED;
                        case "HEARTBEAT" -> EventType.READER_HEARTBEAT;
                        case "BOOT" -> EventType.READER_BOOT;
                        default -> EventType.READER_CLOCK_SET;
                    };
                    Map<String, Object> detail = ev.detail() == null ? Map.of() : Map.of("detail", ev.detail());
                    Future<Void> stored = ports.log().append(new GatewayEvent(key, type, "reader:" + reader.id(), reader.doorId(),
                            ev.seq(), ev.ts(), m.receivedAt(), null, null, null, null, null, null,
                            "Reader " + reader.id() + " reported " + ev.type(), flags, detail));
                    if (verdict != SequenceGuard.Verdict.JUMP) {
                        return stored;
                    }
                    return stored.compose(v -> ports.log().append(new GatewayEvent("reader_seq_jump:" + key, EventType.READER_SEQ_JUMP,
                            "reader:" + reader.id(), reader.doorId(), ev.seq(), ev.ts(), m.receivedAt(), null, null, null,
                            List.of("SEQ_JUMP"), "rule:sequence", null, "Reader " + reader.id() + " jumped from seq "
                            + seqs.highWater(reader.id()) + " to " + ev.seq() + "; not believed until its next message confirms it",
                            flags, Map.of())));
                });
        ledger.track(key, m, done);
    }

    /**
     * Reports readers heard from since start that have since been silent longer than {@code after}
     * (a reader sends a heartbeat every 30 s): a dead reader whose Last Will was lost still shows up.
     */
    void checkSilence(Instant now, Duration after) {
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
}
