package io.cagekeeper.gateway.reconcile;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the previous site-local day every night at {@code reconciliation.nightlyAt}, site time (the
 * policy's site zone, read at each run, so a changed zone is followed;
 * the day is 23 or 25 hours long across a DST change, as the site lived it). A gateway that was down at
 * that time catches up {@code reconciliation.catchUpDelaySeconds} after it starts; a day is never reconciled twice by the schedule (the store is
 * asked, so a restart does not repeat it).
 */
public final class NightlyReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyReconciliation.class);
    public static final String ACTOR = "system:nightly-reconciliation";

    private final Vertx vertx;
    private final Reconciliations reconciliations;
    private final Clock clock;
    private final LocalTime at;
    private long timer = -1;
    private long catchUpTimer = -1;
    private volatile boolean stopped;

    public NightlyReconciliation(Vertx vertx, Reconciliations reconciliations, Clock clock) {
        this.vertx = vertx;
        this.reconciliations = reconciliations;
        this.clock = clock;
        this.at = reconciliations.config().nightlyAt();
    }

    /** Catches up on the last night if it was missed, then waits for the next one; nothing when nightly runs are off. */
    public void start() {
        if (at == null) {
            LOG.info("nightly reconciliation off (reconciliation.nightlyAt=off)");
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(reconciliations.siteZone()));
        if (!now.toLocalTime().isBefore(at)) {
            // the night it missed, a while after start-up: not while the policy compiles in the same heap
            long delay = reconciliations.config().catchUpDelay().toMillis();
            Runnable catchUp = () -> runFor(now);
            if (delay == 0) {
                catchUp.run();
            } else {
                catchUpTimer = vertx.setTimer(delay, id -> catchUp.run());
            }
        }
        schedule();
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        Duration wait = untilNext(ZonedDateTime.now(clock.withZone(reconciliations.siteZone())), at);
        timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            runFor(ZonedDateTime.now(clock.withZone(reconciliations.siteZone())));
            schedule();
        });
    }

    private void runFor(ZonedDateTime now) {
        Instant[] day = previousDay(now);
        reconciliations.nightlyRequested(day[0], day[1]).compose(done -> done ? io.vertx.core.Future.succeededFuture()
                        : reconciliations.request(day[0], day[1], "nightly", ACTOR).map(r -> {
                            LOG.info("nightly reconciliation {} of {} .. {} asked", r.getLong("id"), day[0], day[1]);
                            return null;
                        }))
                .onFailure(e -> LOG.warn("nightly reconciliation of {} .. {} not asked: {}", day[0], day[1], e.toString()));
    }

    /** [start of yesterday, start of today) in the site's zone, as instants. */
    static Instant[] previousDay(ZonedDateTime now) {
        LocalDate today = now.toLocalDate();
        return new Instant[] {today.minusDays(1).atStartOfDay(now.getZone()).toInstant(), today.atStartOfDay(now.getZone()).toInstant()};
    }

    /** How long from {@code now} until the next {@code at} on the site's clock (a time in a DST gap moves forward, as ZonedDateTime does). */
    static Duration untilNext(ZonedDateTime now, LocalTime at) {
        ZonedDateTime next = ZonedDateTime.of(now.toLocalDate(), at, now.getZone());
        if (!next.isAfter(now)) {
            next = ZonedDateTime.of(now.toLocalDate().plusDays(1), at, now.getZone());
        }
        return Duration.between(now, next);
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (catchUpTimer >= 0) {
            vertx.cancelTimer(catchUpTimer);
        }
    }
}
