package io.cagekeeper.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API's admission limit: at most {@code limit} API requests are served at once; one more is
 * answered 503 with {@code Retry-After: 1} before any work is done for it (no authentication, no
 * query). Without it a burst of integrations would queue without end behind the API's few database
 * connections, every queued request holding memory and, worse, keeping the machine's cores busy while
 * the badge path needs them: shedding is cheaper than queueing, and a client told to retry in a second
 * loses nothing. Console pages and files outside {@code /api/} are not counted (they are static).
 */
public final class Admission {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger shed = new AtomicInteger();

    public Admission(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /** Counts the request in until its response ends (or its connection closes), or refuses it with 503. */
    void admit(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            shed.incrementAndGet();
            ctx.response().putHeader("retry-after", "1");
            throw new BadRequest(503, "the API is busy (" + limit + " requests in progress): try again in a second");
        }
        ctx.addEndHandler(ar -> inFlight.decrementAndGet());
    }

    /** API requests being served now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests refused since start because the limit was reached. */
    public int shed() {
        return shed.get();
    }
}
