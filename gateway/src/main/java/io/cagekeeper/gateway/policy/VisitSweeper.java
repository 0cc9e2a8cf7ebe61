package io.cagekeeper.gateway.policy;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.events.EventLog;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.policy.VisitStore.VisitRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds visits still checked in after their end: deactivates the visitor's badge at once (EXPIRED,
 * with the reason), marks the visit overdue and records a {@code VISIT_OVERDUE} event, which raises
 * the alarm (AlarmRules) in the event's own transaction; the desk then finds the visitor and checks
 * them out. Approved visits that ended without a check-in become NO_SHOW. Acts as
 * {@code system:visit-overdue}; each visit is one policy change with its audit row. The badge could
 * not open a door after the visit's end anyway (it is valid only until then): the sweep makes that
 * visible and final.
 */
public final class VisitSweeper {

    /** The actor of every change the sweep makes. */
    public static final String ACTOR = "system:visit-overdue";
    private static final Logger LOG = LoggerFactory.getLogger(VisitSweeper.class);
    private static final int BATCH = 100;

    private final VisitStore visits;
    private final Visitors visitors;
    private final PolicyStore policy;
    private final AuditTrail audit;
    private final EventLog events;
    private final Clock clock;
    private long timer = -1;
    private Future<Integer> running = Future.succeededFuture(0);

    public VisitSweeper(VisitStore visits, Visitors visitors, PolicyStore policy, AuditTrail audit, EventLog events, Clock clock) {
        this.visits = visits;
        this.visitors = visitors;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Sweeps every {@code interval} (the gateway: 30 s); a sweep still running is not started twice. */
    public void start(Vertx vertx, Duration interval) {
        timer = vertx.setPeriodic(interval.toMillis(), t -> {
            if (running.isComplete()) {
                running = sweep(clock.instant()).onFailure(e -> LOG.warn("visit sweep: {}", e.getMessage()));
            }
        });
    }

    public void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** One sweep as of {@code now}: the number of overdue visits handled. */
    public Future<Integer> sweep(Instant now) {
        return noShows(now).compose(v -> visits.due("CHECKED_IN", now, BATCH)).compose(ids -> {
            Future<Integer> f = Future.succeededFuture(0);
            for (String id : ids) {
                f = f.compose(n -> overdue(id, now).map(done -> done ? n + 1 : n));
            }
            return f;
        });
    }

    /** Only when there is one: a sweep that finds nothing writes no policy version (every gateway would reload). */
    private Future<Void> noShows(Instant now) {
        return visits.due("APPROVED", now, 1).compose(any -> any.isEmpty() ? Future.succeededFuture() : policy.transact(ACTOR, "approved visits ended without a check-in: no-show", conn ->
                visits.markNoShows(conn, now).compose(ids -> {
                    Future<Void> f = Future.succeededFuture();
                    for (String id : ids) {
                        f = f.compose(v -> audit.append(conn, entry("visitNoShow", id, null, new JsonObject()
                                .put("id", id).put("state", "NO_SHOW"))));
                    }
                    return f.map(ids);
                })).mapEmpty());
    }

    private Future<Boolean> overdue(String id, Instant now) {
        return policy.transact(ACTOR, "visit " + id + " not checked out by its end", conn ->
                        visits.get(conn, id, true).compose(found -> {
                            VisitRow v = found.orElse(null);
                            if (v == null || !v.state().equals("CHECKED_IN") || v.overdueAt() != null) {
                                return Future.succeededFuture(Optional.<VisitRow>empty());
                            }
                            String reason = "visit " + id + " ended at " + v.validUntil() + " without check-out";
                            return visitors.expire(conn, v.visitorCredentialId(), ACTOR, now, reason)
                                    .compose(x -> visits.markOverdue(conn, id, now))
                                    .compose(x -> visits.get(conn, id, false))
                                    .compose(after -> audit.append(conn, entry("visitOverdue", id, v.toJson(), after.orElseThrow().toJson())))
                                    .map(x -> Optional.of(v));
                        }))
                .compose(changed -> changed.result().isEmpty() ? Future.succeededFuture(false)
                        : events.append(event(changed.result().get(), now)).map(true));
    }

    private static AuditEntry entry(String action, String id, JsonObject before, JsonObject after) {
        return AuditEntry.done(ACTOR, null, action, "visits", id, before, after, null);
    }

    /**
     * The event that raises the alarm; keyed by the visit, so a retried sweep cannot raise it twice. It
     * names persons by id only (names and organizations stay in persons and visits, which erasure rewrites).
     */
    static GatewayEvent event(VisitRow v, Instant now) {
        String sentence = "Visitor " + v.visitorPersonId() + " was still checked in when visit " + v.id() + " ended at "
                + v.validUntil() + "; badge " + (v.visitorCard() == null ? "(none)" : v.visitorCard()) + " deactivated; host "
                + v.hostPersonId();
        return new GatewayEvent("visit-overdue:" + v.id(), EventType.VISIT_OVERDUE, "visit:" + v.id(), null, null, null, now,
                v.visitorCard(), v.visitorPersonId(), null, List.of(), ACTOR, null, sentence, List.of(),
                Map.of("visitId", v.id(), "validUntil", v.validUntil().toString()));
    }
}
