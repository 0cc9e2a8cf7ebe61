package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.db.Keyset;
import io.cagekeeper.gateway.events.EventQuery;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the event filters of a request (already validated against the OpenAPI document) into an
 * {@link EventQuery}: a zone becomes the doors leading into or out of it and a credential its card
 * number, both from the policy in force; a malformed value is 400, an unknown zone or credential or an
 * empty time range 422, and a card filter from a caller who does not see card numbers 403 ({@link CardMask}).
 */
final class EventFilters {

    /** The query parameters this class reads: the filters recorded with an export. */
    static final List<String> NAMES = List.of("from", "to", "door", "zone", "person", "credential", "card", "type", "result",
            "order", "after");

    private EventFilters() {
    }

    static EventQuery read(RoutingContext ctx, PolicySnapshot policy, boolean oldestFirstByDefault, int limit) {
        Instant[] range = Paging.range(ctx);
        boolean oldestFirst = Paging.oldestFirst(ctx, oldestFirstByDefault);
        Keyset cursor = Paging.after(ctx, EventQuery.LISTING, oldestFirst);
        String card = Operations.query(ctx, "card");
        if (card != null && !CardMask.seesCards(Operations.actor(ctx))) {
            throw new BadRequest(403, "card numbers are shown to facilities and auditors only: filter by credential or person");
        }
        String credential = Operations.query(ctx, "credential");
        if (credential != null) {
            String cardOfCredential = cardOf(policy, credential);
            if (card != null && !card.equals(cardOfCredential)) {
                throw new BadRequest(422, "card and credential name different badges");
            }
            card = cardOfCredential;
        }
        return new EventQuery(range[0], range[1], doors(ctx, policy), Operations.query(ctx, "person"), card, types(ctx),
                Operations.query(ctx, "result"), cursor, oldestFirst, limit);
    }

    /** The doors asked for: a door, the doors of a zone, or both (those of the zone that is that door); null for any. */
    private static List<String> doors(RoutingContext ctx, PolicySnapshot policy) {
        String door = Operations.query(ctx, "door");
        String zone = Operations.query(ctx, "zone");
        if (zone == null) {
            return door == null ? null : List.of(door);
        }
        if (policy == null || policy.zone(zone) == null) {
            throw new BadRequest(422, "unknown zone");
        }
        List<String> doors = new ArrayList<>();
        for (Door d : policy.doors()) {
            if ((zone.equals(d.toZone()) || zone.equals(d.fromZone())) && (door == null || door.equals(d.id()))) {
                doors.add(d.id());
            }
        }
        return doors;
    }

    private static List<String> types(RoutingContext ctx) {
        String type = Operations.query(ctx, "type");
        if (type == null) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : type.split(",")) {
            try {
                types.add(EventType.valueOf(t).name());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "unknown event type");
            }
        }
        return List.copyOf(types);
    }

    private static String cardOf(PolicySnapshot policy, String credentialId) {
        Credential c = policy == null ? null : policy.credentialById(credentialId);
        if (c != null) {
            return c.card().toString();
        }
        throw new BadRequest(422, "unknown credential");
    }
}
