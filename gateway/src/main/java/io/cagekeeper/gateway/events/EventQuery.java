package io.cagekeeper.gateway.events;

import io.cagekeeper.gateway.db.Keyset;
import java.time.Instant;
import java.util.List;

/**
 * What a caller asks of the event log: every filter is optional (null: any). A list filter that is
 * empty matches nothing (a zone without doors). Events are ordered by (received_at, id).
 *
 * @param from        received at or after (inclusive)
 * @param to          received before (exclusive)
 * @param doors       door ids, any of them (a door, or the doors of a zone)
 * @param person      person id
 * @param card        card number as stored ({@code 18:40211})
 * @param types       event types, any of them
 * @param result      GRANT, DENY or PENDING
 * @param after       the last row of the previous page, or null for the first page
 * @param oldestFirst oldest first instead of newest first
 * @param limit       rows per page (exports ignore it)
 */
public record EventQuery(Instant from, Instant to, List<String> doors, String person, String card, List<String> types,
                         String result, Keyset after, boolean oldestFirst, int limit) {

    /** The keyset listing name of the event log's cursors. */
    public static final String LISTING = "events";

    public EventQuery {
        doors = doors == null ? null : List.copyOf(doors);
        types = types == null ? null : List.copyOf(types);
    }

    /** True when a list filter can match nothing, so no query needs to run. */
    public boolean matchesNothing() {
        return (doors != null && doors.isEmpty()) || (types != null && types.isEmpty());
    }
}
