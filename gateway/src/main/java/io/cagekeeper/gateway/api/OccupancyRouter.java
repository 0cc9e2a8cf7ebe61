package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.http.SecurityHeaders;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Who is inside: occupancy per zone (ids and entry times) and the muster list for an evacuation
 * (names, organizations, person types), as JSON, as a printable page and as CSV. Built on
 * {@link Occupancy} from the event log's latest passages and the engine's anti-passback marks, at
 * most about two seconds old (ten under load: {@link #prepared}).
 */
public final class OccupancyRouter implements ApiResource {

    private static final List<String> MUSTER_HEADER = List.of("zone", "zone_name", "person_id", "name", "organization", "type",
            "entered_at", "door", "source");

    private final EventStore events;
    private final PolicyHolder policy;
    private final PolicyStore persons;
    private final Supplier<EngineState> engineState;
    private final AuditTrail audit;
    /** The prepared muster list per {@code hours}; see {@link #prepared}. */
    private final Map<Integer, Cached> cache = new ConcurrentHashMap<>();
    private final Set<Integer> refreshing = ConcurrentHashMap.newKeySet();
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(10);

    public OccupancyRouter(EventStore events, PolicyHolder policy, PolicyStore persons, Supplier<EngineState> engineState,
                           AuditTrail audit) {
        this.events = events;
        this.policy = policy;
        this.persons = persons;
        this.engineState = engineState;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("getOccupancy", ctx -> send(ctx, "application/json; charset=utf-8", prepared(ctx).map(Prepared::occupancy)))
                .on("getMuster", ctx -> send(ctx, "application/json; charset=utf-8", prepared(ctx).map(Prepared::muster)))
                .on("getMusterPage", ctx -> send(ctx, "text/html; charset=utf-8", prepared(ctx).compose(p -> ctx.vertx().executeBlocking(
                        () -> Buffer.buffer(MusterPage.render(p.list().json(), p.list().siteZone())), false))))
                .on("exportMuster", this::csv);
    }

    /** Everyone believed inside, grouped by zone in the policy's zone order (empty zones included). */
    private record Muster(Instant asOf, Instant since, ZoneId siteZone, Map<String, Zone> zones, Map<String, List<JsonObject>> people) {

        JsonObject json() {
            JsonArray out = new JsonArray();
            int total = 0;
            for (Map.Entry<String, List<JsonObject>> e : people.entrySet()) {
                Zone z = zones.get(e.getKey());
                out.add(new JsonObject().put("zone", e.getKey()).put("name", z == null ? e.getKey() : z.name())
                        .put("parent", z == null ? null : z.parentId()).put("count", e.getValue().size())
                        .put("people", new JsonArray(new ArrayList<>(e.getValue()))));
                total += e.getValue().size();
            }
            return new JsonObject().put("asOf", asOf.toString()).put("since", since.toString()).put("total", total).put("zones", out);
        }

        /** The occupancy view: the same without names, organizations and types, people as {@code occupants}. */
        JsonObject occupancyJson() {
            JsonObject j = json();
            for (Object z : j.getJsonArray("zones")) {
                JsonObject zone = (JsonObject) z;
                JsonArray occupants = new JsonArray();
                for (Object p : (JsonArray) zone.remove("people")) {
                    JsonObject person = ((JsonObject) p).copy();
                    person.remove("name");
                    person.remove("organization");
                    person.remove("type");
                    occupants.add(person);
                }
                zone.put("occupants", occupants);
            }
            return j;
        }
    }

    /** A muster list with its two JSON answers already encoded (a site of 100,000 people inside makes ~10 MB of them). */
    private record Prepared(Muster list, Buffer occupancy, Buffer muster) {
    }

    private record Cached(long madeAtNanos, Future<Prepared> prepared) {
    }

    /**
     * The muster list of {@code hours}, shared by every caller for {@link #FRESH_NANOS} and then
     * refreshed in the background while callers still get the previous one (up to {@link #STALE_NANOS}
     * old): however many consoles poll, the list is computed about once every two seconds, its JSON
     * built and encoded once, off the event loop the badge path shares.
     */
    private Future<Prepared> prepared(RoutingContext ctx) {
        String h = Operations.query(ctx, "hours");
        int hours = h == null ? 24 : Integer.parseInt(h);
        long now = System.nanoTime();
        Cached c = cache.get(hours);
        boolean usable = c != null && c.prepared().succeeded() && now - c.madeAtNanos() < STALE_NANOS;
        if (usable && now - c.madeAtNanos() < FRESH_NANOS) {
            return c.prepared();
        }
        if (!refreshing.add(hours)) {
            return usable ? c.prepared() : c == null ? compute(ctx, hours) : c.prepared();
        }
        Future<Prepared> next = compute(ctx, hours);
        Cached fresh = new Cached(now, next);
        if (!usable) {
            cache.put(hours, fresh);
        }
        next.onComplete(ar -> {
            refreshing.remove(hours);
            if (ar.succeeded()) {
                cache.put(hours, fresh);
            } else {
                cache.remove(hours, fresh);
            }
        });
        return usable ? c.prepared() : next;
    }

    private Future<Prepared> compute(RoutingContext ctx, int hours) {
        PolicySnapshot s = policy.current();
        if (s == null) {
            return Future.failedFuture(new BadRequest(503, "no policy loaded yet"));
        }
        Instant now = Instant.now();
        Instant since = now.minus(Duration.ofHours(hours));
        EngineState state = engineState.get();
        return events.lastPassages(since).compose(passages -> {
            List<Occupancy.Occupant> inside = Occupancy.believedInside(passages, state == null ? List.of() : state.apb().values(), s::door);
            Future<Map<String, String>> orgs = inside.isEmpty() ? Future.succeededFuture(Map.of())
                    : persons.organizations(inside.stream().map(Occupancy.Occupant::personId).toList());
            return orgs.compose(org -> ctx.vertx().executeBlocking(() -> prepare(s, now, since, inside, org), false));
        });
    }

    private static Prepared prepare(PolicySnapshot s, Instant now, Instant since, List<Occupancy.Occupant> inside, Map<String, String> org) {
        Map<String, Zone> zones = new LinkedHashMap<>();
        Map<String, List<JsonObject>> people = new LinkedHashMap<>();
        for (Zone z : s.zones()) {
            zones.put(z.id(), z);
            people.put(z.id(), new ArrayList<>());
        }
        for (Occupancy.Occupant o : inside) {
            Person person = s.person(o.personId());
            people.computeIfAbsent(o.zoneId(), z -> new ArrayList<>()).add(new JsonObject().put("personId", o.personId())
                    .put("enteredAt", o.enteredAt().toString()).put("door", o.doorId()).put("source", o.source())
                    .put("name", person == null ? null : person.name()).put("organization", org.get(o.personId()))
                    .put("type", person == null ? null : person.type().name()));
        }
        Muster m = new Muster(now, since, s.site() == null ? ZoneOffset.UTC : s.site().timeZone(), zones, people);
        return new Prepared(m, m.occupancyJson().toBuffer(), m.json().toBuffer());
    }

    private static void send(RoutingContext ctx, String type, Future<Buffer> body) {
        body.onComplete(ar -> {
            if (ar.failed()) {
                Replies.reply(ctx, 200, Future.failedFuture(ar.cause()), "occupancy unavailable");
                return;
            }
            HttpServerResponse r = ctx.response();
            SecurityHeaders.apply(r);
            r.setStatusCode(200).putHeader("content-type", type).putHeader("cache-control", "no-store").end(ar.result());
        });
    }

    private void csv(RoutingContext ctx) {
        CsvDownload.send(ctx, audit, "occupancy", "muster", MUSTER_HEADER, Paging.given(ctx, List.of("hours")), out -> prepared(ctx).map(p -> {
            StringBuilder sb = new StringBuilder();
            long rows = 0;
            DateTimeFormatter local = MusterPage.LOCAL.withZone(p.list().siteZone());
            for (Map.Entry<String, List<JsonObject>> e : p.list().people().entrySet()) {
                Zone zone = p.list().zones().get(e.getKey());
                for (JsonObject person : e.getValue()) {
                    CsvLines.append(sb, e.getKey(), zone == null ? e.getKey() : zone.name(), person.getString("personId"),
                            person.getString("name"), person.getString("organization"), person.getString("type"),
                            local.format(Instant.parse(person.getString("enteredAt"))), person.getString("door"), person.getString("source"));
                    rows++;
                }
            }
            out.write(sb.toString());
            return rows;
        }));
    }
}
