package io.cagekeeper.gateway.events;

import io.cagekeeper.gateway.db.SqlFilter;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** The plan PostgreSQL runs for a page of the event query, with its timing (EXPLAIN ANALYZE), for the benchmark's report. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of the page statement of {@code q}, as text. */
    public static Future<String> page(Pool pool, EventQuery q) {
        SqlFilter f = EventStore.pageQuery(q);
        return pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + f.sql()).execute(f.params()).map(rows -> {
            StringBuilder sb = new StringBuilder();
            for (Row r : rows) {
                sb.append(r.getString(0)).append('\n');
            }
            return sb.toString();
        });
    }
}
