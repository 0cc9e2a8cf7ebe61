package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.db.Keyset;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The query parameters every keyset listing shares (events, audit trail): a time range
 * ({@code from} inclusive, {@code to} exclusive), {@code order} (newest or oldest first) and
 * {@code after} (the previous page's {@code next} cursor). A malformed value is 400, an empty range 422.
 */
final class Paging {

    private Paging() {
    }

    /** The validated order, or {@code oldestFirstByDefault} when none was given. */
    static boolean oldestFirst(RoutingContext ctx, boolean oldestFirstByDefault) {
        String order = Operations.query(ctx, "order");
        return order == null ? oldestFirstByDefault : order.equals("oldest");
    }

    /** The cursor of {@code listing} in {@code oldestFirst} order, or null for the first page. */
    static Keyset after(RoutingContext ctx, String listing, boolean oldestFirst) {
        String after = Operations.query(ctx, "after");
        if (after == null) {
            return null;
        }
        try {
            return Keyset.decode(after, listing, oldestFirst);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "after: " + e.getMessage());
        }
    }

    /** {@code from} and {@code to} (null when absent); 422 unless from is before to. */
    static Instant[] range(RoutingContext ctx) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadRequest(422, "from must be before to");
        }
        return new Instant[] {from, to};
    }

    /** The parameters of {@code names} that were given, for the audit row of an export. */
    static JsonObject given(RoutingContext ctx, List<String> names) {
        JsonObject out = new JsonObject();
        for (String name : names) {
            String v = Operations.query(ctx, name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = Operations.query(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(400, name + " must be an ISO-8601 instant with an offset, like 2026-12-01T08:00:00Z");
        }
    }
}
