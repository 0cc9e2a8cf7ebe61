package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rejections that must be recorded but not one row each, because a flood is what produces them: messages
 * over a known reader's rate limit (one {@code READER_RATE_LIMITED} event per reader per interval, with
 * the count) and messages from readers the policy does not know or on topics that fit no reader (one
 * {@code REJECTS_AGGREGATED} event per reason per interval, with the count and a few of the invented
 * reader ids). Memory is bounded whatever an attacker invents: one entry per known reader plus one per
 * rejection reason, and at most {@link #SAMPLE_IDS} sample ids each. Not thread-safe: the gateway's
 * context only.
 */
final class RejectLedger {

    static final int SAMPLE_IDS = 8;

    private static final class Tally {
        long count;
        Instant first;
        final Set<String> samples = new LinkedHashSet<>();
        String doorId;
    }

    private final Map<String, Tally> rateLimited = new LinkedHashMap<>();
    private final Map<String, Tally> unknown = new LinkedHashMap<>();

    /** One message of a known reader over its rate. */
    void rateLimited(String readerId, String doorId, Instant at) {
        Tally t = rateLimited.computeIfAbsent(readerId, k -> new Tally());
        t.doorId = doorId;
        note(t, null, at);
    }

    /** One message from no known reader, for {@code reason}; {@code claimedId} is the reader id it named, if any. */
    void unknownSource(String reason, String claimedId, Instant at) {
        note(unknown.computeIfAbsent(reason, k -> new Tally()), claimedId, at);
    }

    private static void note(Tally t, String sample, Instant at) {
        if (t.count++ == 0) {
            t.first = at;
        }
        if (sample != null && t.samples.size() < SAMPLE_IDS) {
            t.samples.add(sample);
        }
    }

    /** The events for everything counted since the last flush; starts counting afresh. */
    List<GatewayEvent> flush(Instant now) {
        List<GatewayEvent> out = new ArrayList<>();
        rateLimited.forEach((reader, t) -> out.add(new GatewayEvent("ratelimit:" + reader + ":" + t.first.toEpochMilli(),
                EventType.READER_RATE_LIMITED, "reader:" + reader, t.doorId, null, null, t.first, null, null, "DENY",
                List.of("RATE_LIMITED"), "rule:reader-rate", null,
                "Reader " + reader + " sent " + t.count + " message(s) over its rate limit between " + t.first + " and " + now
                        + "; credentials among them were denied", null, Map.of("count", t.count, "until", now.toString()))));
        unknown.forEach((reason, t) -> out.add(new GatewayEvent("rejects:" + reason + ":" + t.first.toEpochMilli(),
                EventType.REJECTS_AGGREGATED, "mqtt", null, null, null, t.first, null, null, null, List.of(reason), null, null,
                t.count + " message(s) rejected (" + reason + ") between " + t.first + " and " + now, null,
                Map.of("count", t.count, "until", now.toString(), "sampleReaderIds", String.join(",", t.samples)))));
        rateLimited.clear();
        unknown.clear();
        return out;
    }
}
