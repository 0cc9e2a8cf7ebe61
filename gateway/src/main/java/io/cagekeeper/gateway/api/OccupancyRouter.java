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
import java.util.function.Supplier;

/**
 * Who is inside: occupancy per zone (ids and entry times) and the muster list for an evacuation
 * (names, organizations, person types), as JSON, as a printable page and as CSV. Built on
 * {@link Occupancy} from the event log's latest passages and the engine's anti-passback marks.
 */
public final class OccupancyRouter implements ApiResource {

    private static final List<String> MUSTER_HEADER = List.of("zone", "zone_name", "person_id", "name", "organization", "type",
            "entered_at", "door", "source");

    private final EventStore events;
    private final PolicyHolder policy;
    private final PolicyStore persons;
    private final Supplier<EngineState> engineState;
    private final AuditTrail audit;

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
        ops.on("getOccupancy", this::occupancy)
                .on("getMuster", ctx -> Replies.reply(ctx, 200, muster(ctx).map(Muster::json), "occupancy unavailable"))
                .on("getMusterPage", this::page)
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
    }

    private Future<Muster> believed(RoutingContext ctx, boolean withNames) {
        PolicySnapshot s = policy.current();
        if (s == null) {
            return Future.failedFuture(new BadRequest(503, "no policy loaded yet"));
        }
        String h = Operations.query(ctx, "hours");
        Instant now = Instant.now();
        Instant since = now.minus(Duration.ofHours(h == null ? 24 : Integer.parseInt(h)));
        EngineState state = engineState.get();
        return events.lastPassages(since).compose(passages -> {
            List<Occupancy.Occupant> inside = Occupancy.believedInside(passages, state == null ? List.of() : state.apb().values(), s::door);
            Future<Map<String, String>> orgs = withNames && !inside.isEmpty()
                    ? persons.organizations(inside.stream().map(Occupancy.Occupant::personId).toList())
                    : Future.succeededFuture(Map.of());
            return orgs.map(org -> {
                Map<String, Zone> zones = new LinkedHashMap<>();
                Map<String, List<JsonObject>> people = new LinkedHashMap<>();
                for (Zone z : s.data().zones()) {
                    zones.put(z.id(), z);
                    people.put(z.id(), new ArrayList<>());
                }
                for (Occupancy.Occupant o : inside) {
                    JsonObject p = new JsonObject().put("personId", o.personId()).put("enteredAt", o.enteredAt().toString())
                            .put("door", o.doorId()).put("source", o.source());
                    if (withNames) {
                        Person person = s.person(o.personId());
                        p.put("name", person == null ? null : person.name()).put("organization", org.get(o.personId()))
                                .put("type", person == null ? null : person.type().name());
                    }
                    people.computeIfAbsent(o.zoneId(), z -> new ArrayList<>()).add(p);
                }
                ZoneId tz = s.site() == null ? ZoneOffset.UTC : s.site().timeZone();
                return new Muster(now, since, tz, zones, people);
            });
        });
    }

    private Future<Muster> muster(RoutingContext ctx) {
        return believed(ctx, true);
    }

    private void occupancy(RoutingContext ctx) {
        Replies.reply(ctx, 200, believed(ctx, false).map(m -> {
            JsonObject j = m.json();
            j.getJsonArray("zones").forEach(z -> {
                JsonObject zone = (JsonObject) z;
                zone.put("occupants", zone.remove("people"));
            });
            return j;
        }), "occupancy unavailable");
    }

    /** The printable muster list: plain HTML, escaped, no script, its style from /muster.css (the console's CSP holds). */
    private void page(RoutingContext ctx) {
        muster(ctx).onComplete(ar -> {
            if (ar.failed()) {
                Replies.reply(ctx, 200, Future.failedFuture(ar.cause()), "occupancy unavailable");
                return;
            }
            var r = ctx.response();
            SecurityHeaders.apply(r);
            r.setStatusCode(200).putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store")
                    .end(MusterPage.render(ar.result().json(), ar.result().siteZone()));
        });
    }

    private void csv(RoutingContext ctx) {
        CsvDownload.send(ctx, audit, "occupancy", "muster", MUSTER_HEADER, Paging.given(ctx, List.of("hours")), out -> muster(ctx).map(m -> {
            StringBuilder sb = new StringBuilder();
            long rows = 0;
            DateTimeFormatter local = MusterPage.LOCAL.withZone(m.siteZone());
            for (Object z : m.json().getJsonArray("zones")) {
                JsonObject zone = (JsonObject) z;
                for (Object o : zone.getJsonArray("people")) {
                    JsonObject p = (JsonObject) o;
                    CsvLines.append(sb, zone.getString("zone"), zone.getString("name"), p.getString("personId"), p.getString("name"),
                            p.getString("organization"), p.getString("type"), local.format(Instant.parse(p.getString("enteredAt"))),
                            p.getString("door"), p.getString("source"));
                    rows++;
                }
            }
            out.write(sb.toString());
            return rows;
        }));
    }
}
