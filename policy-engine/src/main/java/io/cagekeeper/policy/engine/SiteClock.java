package io.cagekeeper.policy.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts instants to the site's wall clock without allocating. The offset transitions of the
 * site's zone (DST changes) are precomputed for 1970–2200 into sorted arrays and looked up by
 * binary search; outside that range it falls back to {@link ZoneRules#getOffset(Instant)}. Schedules
 * are written in wall-clock time, so evaluating them on the wall clock is what keeps them right
 * across DST changes: "08:00" is 08:00 local on both sides of a change.
 */
final class SiteClock {

    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long SECONDS_PER_DAY = 86_400L;
    static final long NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND;

    private static final long FROM = 0L;                      // 1970-01-01
    private static final long UNTIL = 7_258_118_400L;         // 2200-01-01

    private final ZoneRules rules;
    private final long[] transitions;   // epoch seconds at which offsets[i + 1] starts
    private final int[] offsets;        // offsets[0] before transitions[0]

    SiteClock(ZoneId zone) {
        this.rules = zone.getRules();
        List<ZoneOffsetTransition> found = new ArrayList<>();
        ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(FROM));
        while (t != null && t.toEpochSecond() < UNTIL) {
            found.add(t);
            t = rules.nextTransition(t.getInstant());
        }
        transitions = new long[found.size()];
        offsets = new int[found.size() + 1];
        offsets[0] = rules.getOffset(Instant.ofEpochSecond(FROM)).getTotalSeconds();
        for (int i = 0; i < found.size(); i++) {
            transitions[i] = found.get(i).toEpochSecond();
            offsets[i + 1] = found.get(i).getOffsetAfter().getTotalSeconds();
        }
    }

    /**
     * The offset period of the last lookup: requests arrive in time order, so nearly every lookup
     * falls into it. Immutable, so a racing reader sees either the old or the new period, both right.
     */
    private record Period(long from, long until, int offset) {
    }

    private Period last = new Period(0, 0, 0);

    /** The site's UTC offset at {@code epochSecond}, in seconds. */
    int offsetSeconds(long epochSecond) {
        Period p = last;
        if (epochSecond >= p.from && epochSecond < p.until) {
            return p.offset;
        }
        if (epochSecond < FROM || epochSecond >= UNTIL) {
            ZoneOffset o = rules.getOffset(Instant.ofEpochSecond(epochSecond));
            return o.getTotalSeconds();
        }
        int lo = 0;
        int hi = transitions.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (transitions[mid] <= epochSecond) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // offsets[lo] holds from transitions[lo - 1] (or FROM) until transitions[lo] (or UNTIL)
        last = new Period(lo == 0 ? FROM : transitions[lo - 1], lo == transitions.length ? UNTIL : transitions[lo],
                offsets[lo]);
        return offsets[lo];
    }

    /** Seconds since 1970-01-01T00:00 on the site's wall clock. */
    long localSeconds(Instant at) {
        long s = at.getEpochSecond();
        return s + offsetSeconds(s);
    }
}
