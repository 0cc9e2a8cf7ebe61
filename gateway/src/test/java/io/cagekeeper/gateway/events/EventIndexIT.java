package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.db.Keyset;
import io.cagekeeper.gateway.db.SqlFilter;
import io.cagekeeper.gateway.it.DatabaseExtension;
import io.vertx.sqlclient.Row;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every filter of the event query is answered from an index in keyset order: on 500,000 analyzed
 * events PostgreSQL's plan for a page and for an export (with a cursor, as RowPipe reads it) of each
 * filter, alone and combined, has neither a sequential scan nor a bitmap scan (a bitmap's rows come
 * unordered: all matches would be sorted before the first page). BENCHMARKS.md has the same plans
 * and their timings on 10 million rows.
 */
class EventIndexIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @BeforeAll
    static void load() throws Exception {
        var e = db.backends().db();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password())) {
            SyntheticEvents.load(c, 500_000, 32, 100_000, END, Duration.ofDays(30), s -> { });
        }
    }

    /** Every filter alone and in a few combinations, a first page and a later one. */
    static Map<String, EventQuery> queries() {
        Instant from = END.minus(Duration.ofDays(3));
        Keyset cursor = new Keyset(EventQuery.LISTING, false, END.minus(Duration.ofDays(10)), 123_456);
        Map<String, EventQuery> q = new LinkedHashMap<>();
        q.put("none", new EventQuery(null, null, null, null, null, null, null, null, false, 100));
        q.put("none, oldest first, page 2", new EventQuery(null, null, null, null, null, null, null,
                new Keyset(EventQuery.LISTING, true, END.minus(Duration.ofDays(20)), 1), true, 100));
        q.put("time range", new EventQuery(from, END.minus(Duration.ofDays(2)), null, null, null, null, null, null, false, 100));
        q.put("door", new EventQuery(null, null, List.of("d7"), null, null, null, null, cursor, false, 100));
        q.put("zone (4 doors)", new EventQuery(null, null, List.of("d1", "d2", "d3", "d4"), null, null, null, null, cursor, false, 100));
        q.put("person", new EventQuery(null, null, null, "p4242", null, null, null, null, false, 100));
        q.put("card", new EventQuery(null, null, null, null, "42:4242", null, null, cursor, false, 100));
        q.put("type", new EventQuery(null, null, null, null, null, List.of("DOOR_OPENED"), null, cursor, false, 100));
        q.put("types", new EventQuery(null, null, null, null, null, List.of("DOOR_OPENED", "ACCESS_DENIED"), null, null, true, 100));
        q.put("result", new EventQuery(null, null, null, null, null, null, "DENY", cursor, false, 100));
        q.put("door + type + time", new EventQuery(from, null, List.of("d3"), null, null, List.of("ACCESS_DENIED"), null, null, false, 100));
        q.put("person + time", new EventQuery(from, END, null, "p77", null, null, null, null, false, 100));
        q.put("zone + result", new EventQuery(null, null, List.of("d1", "d2"), null, null, null, "DENY", null, false, 100));
        return q;
    }

    private static String plan(SqlFilter f) throws Exception {
        return db.pool().withConnection(c -> c.preparedQuery("EXPLAIN (FORMAT JSON) " + f.sql()).execute(f.params()))
                .map(rows -> {
                    StringBuilder sb = new StringBuilder();
                    for (Row r : rows) {
                        sb.append(r.getValue(0));
                    }
                    return sb.toString();
                }).await(30, TimeUnit.SECONDS);
    }

    @Test
    void everyFilterPageIsAnIndexRangeScanInKeysetOrder() throws Exception {
        for (var e : queries().entrySet()) {
            String plan = plan(EventStore.pageQuery(e.getValue()));
            assertThat(plan).as(e.getKey() + ": " + plan).doesNotContain("Seq Scan").doesNotContain("Bitmap").contains("Index");
        }
    }

    @Test
    void everyFilterExportReadsAnIndexInOrderWithoutSortingEverythingFirst() throws Exception {
        for (var e : queries().entrySet()) {
            SqlFilter f = EventStore.exportQuery(e.getValue());
            String plan = db.pool().withTransaction(c -> c.query("SET LOCAL cursor_tuple_fraction = 0.1").execute()
                    .compose(v -> c.preparedQuery("EXPLAIN (FORMAT JSON) DECLARE x CURSOR FOR " + f.sql()).execute(f.params()))
                    .map(rows -> rows.iterator().next().getValue(0).toString())).await(30, TimeUnit.SECONDS);
            assertThat(plan).as(e.getKey() + ": " + plan).doesNotContain("Seq Scan").doesNotContain("\"Sort\"").contains("Index");
        }
    }
}
