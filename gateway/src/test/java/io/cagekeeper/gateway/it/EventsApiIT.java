package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event query and export through the API, on events stored with known times in a window of
 * their own (the cage's live events fall outside it): every filter selects exactly what it should,
 * keyset pages neither repeat nor skip while events keep arriving, card numbers are masked for the
 * desk, and the CSV export holds every matching event, formula-safe, with its audit row.
 */
class EventsApiIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final Instant BASE = Instant.parse("2026-01-05T08:00:00Z");
    static final String WINDOW = "from=2026-01-05T08:00:00Z&to=2026-01-05T09:00:00Z";
    static final List<GatewayEvent> SEEDED = new ArrayList<>();
    static ApiClient desk;
    static ApiClient facilities;
    static ApiClient auditor;

    /** Event {@code i}: doors d1, dv1, dv2 in turn; a grant to Alice, a denial of Carol's lost card, a door opening, a formula-like grant. */
    static GatewayEvent seeded(String prefix, int i, Instant at) {
        String door = List.of("d1", "dv1", "dv2").get(i % 3);
        String source = prefix + ":" + i;
        return switch (i % 4) {
            case 0 -> new GatewayEvent(source, EventType.ACCESS_GRANTED, source, door, null, null, at, "18:40211", "p-alice", "GRANT",
                    List.of("ACCESS_LEVEL_GRANTED"), "grant:g-alice", 1L, "Granted: Alice (18:40211)", null, Map.of("side", "ENTRY"));
            case 1 -> new GatewayEvent(source, EventType.ACCESS_DENIED, source, door, null, null, at, "18:40213", "p-carol", "DENY",
                    List.of("CREDENTIAL_LOST"), "credential:c-carol", 1L, "Denied: credential 18:40213 reported LOST", null,
                    Map.of("side", "ENTRY"));
            case 2 -> new GatewayEvent(source, EventType.DOOR_OPENED, source, door, null, null, at, null, null, null, null, null, null,
                    "Door opened", null, Map.of());
            default -> new GatewayEvent(source, EventType.ACCESS_GRANTED, source, door, null, null, at, "18:40211", "p-alice", "GRANT",
                    List.of("ACCESS_LEVEL_GRANTED"), "grant:g-alice", 1L, "=HYPERLINK(\"http://evil\",\"x\")", null, Map.of());
        };
    }

    /** The zone "vault" and its doors dv1 (from the cage) and dv2 (from the hall). */
    static void addVault(TestCage cage) throws Exception {
        cage.change(List.of(PolicyStore.upsertZone(new Zone("vault", "Vault", "cage")),
                PolicyStore.upsertDoor(new Door("dv1", "Vault door", "cage", "vault", null)),
                PolicyStore.upsertDoor(new Door("dv2", "Vault back door", "hall", "vault", null))));
    }

    @BeforeAll
    static void seed() throws Exception {
        TestCage cage = env.cage();
        addVault(cage);
        for (int i = 0; i < 60; i++) {
            SEEDED.add(seeded("seed", i, BASE.plusSeconds(i / 2))); // two events at each instant: the id orders them
        }
        cage.gateway.events().appendAll(SEEDED).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        facilities = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
        auditor = ApiClient.token(() -> env.cage().gateway, Role.AUDITOR);
    }

    private static List<String> sources(ApiClient c, String query) throws Exception {
        JsonObject page = c.json(c.get("/api/events?limit=1000&" + WINDOW + query), 200);
        List<String> out = new ArrayList<>();
        page.getJsonArray("events").forEach(e -> out.add(((JsonObject) e).getString("source")));
        return out;
    }

    private static List<String> expected(Predicate<GatewayEvent> filter) {
        List<String> out = new ArrayList<>();
        for (int i = SEEDED.size() - 1; i >= 0; i--) {
            if (filter.test(SEEDED.get(i))) {
                out.add(SEEDED.get(i).source());
            }
        }
        return out;
    }

    @Test
    void everyFilterSelectsExactlyTheMatchingEventsNewestFirst() throws Exception {
        assertThat(sources(auditor, "")).isEqualTo(expected(e -> true));
        assertThat(sources(auditor, "&door=dv1")).isEqualTo(expected(e -> "dv1".equals(e.doorId())));
        assertThat(sources(auditor, "&zone=vault")).as("a zone: the doors into and out of it (dv1, dv2)")
                .isEqualTo(expected(e -> List.of("dv1", "dv2").contains(e.doorId())));
        assertThat(sources(auditor, "&zone=cage")).isEqualTo(expected(e -> List.of("d1", "dv1").contains(e.doorId())));
        assertThat(sources(auditor, "&zone=vault&door=dv2")).isEqualTo(expected(e -> "dv2".equals(e.doorId())));
        assertThat(sources(auditor, "&person=p-carol")).isEqualTo(expected(e -> "p-carol".equals(e.personId())));
        assertThat(sources(auditor, "&credential=c-alice")).isEqualTo(expected(e -> "18:40211".equals(e.card())));
        assertThat(sources(auditor, "&card=18:40213")).isEqualTo(expected(e -> "18:40213".equals(e.card())));
        assertThat(sources(auditor, "&type=DOOR_OPENED")).isEqualTo(expected(e -> e.type() == EventType.DOOR_OPENED));
        assertThat(sources(auditor, "&type=DOOR_OPENED,ACCESS_DENIED"))
                .isEqualTo(expected(e -> e.type() == EventType.DOOR_OPENED || e.type() == EventType.ACCESS_DENIED));
        assertThat(sources(auditor, "&result=DENY")).isEqualTo(expected(e -> "DENY".equals(e.result())));
        assertThat(sources(auditor, "&zone=vault&type=ACCESS_GRANTED&person=p-alice&result=GRANT"))
                .isEqualTo(expected(e -> List.of("dv1", "dv2").contains(e.doorId()) && e.type() == EventType.ACCESS_GRANTED));
        assertThat(auditor.json(auditor.get("/api/events?from=2026-01-05T08:00:10Z&to=2026-01-05T08:00:12Z&order=oldest"), 200)
                .getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("source")).toList())
                .as("from inclusive, to exclusive, oldest first").containsExactly("seed:20", "seed:21", "seed:22", "seed:23");
    }

    /** Pages through a window of its own while new events keep arriving in it; returns the sources seen, in order. */
    private static List<String> pageThrough(String order, Instant window, List<GatewayEvent> arriving) throws Exception {
        String range = "from=" + window + "&to=" + window.plusSeconds(3600);
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonObject page = auditor.json(auditor.get("/api/events?limit=7&order=" + order + "&" + range
                    + (after == null ? "" : "&after=" + after)), 200);
            page.getJsonArray("events").forEach(e -> seen.add(((JsonObject) e).getString("source")));
            after = page.getString("next");
            if (pages < arriving.size()) {
                env.cage().gateway.events().appendAll(List.of(arriving.get(pages))).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            pages++;
        } while (after != null && pages < 100);
        return seen;
    }

    @Test
    void keysetPagesNeitherRepeatNorSkipAnEventWhileNewOnesArrive() throws Exception {
        for (String order : List.of("newest", "oldest")) {
            Instant window = Instant.parse(order.equals("newest") ? "2026-02-01T00:00:00Z" : "2026-03-01T00:00:00Z");
            List<GatewayEvent> before = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                before.add(seeded(order, i, window.plusSeconds(i / 3)));
            }
            env.cage().gateway.events().appendAll(before).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<GatewayEvent> arriving = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                arriving.add(seeded(order + "-new", i, window.plusSeconds(600 + i)));
            }
            List<String> seen = pageThrough(order, window, arriving);
            assertThat(new HashSet<>(seen)).as("no event twice (" + order + ")").hasSize(seen.size());
            Set<String> all = new LinkedHashSet<>();
            before.forEach(e -> all.add(e.source()));
            if (order.equals("newest")) {
                assertThat(seen).as("newest first: exactly the events there at the start, newest first")
                        .containsExactlyElementsOf(expectedOf(before, true));
            } else {
                arriving.forEach(e -> all.add(e.source()));
                assertThat(seen).as("oldest first: every event, those that arrived meanwhile at the end").containsExactlyElementsOf(all);
            }
        }
    }

    private static List<String> expectedOf(List<GatewayEvent> events, boolean newestFirst) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.source()));
        if (newestFirst) {
            java.util.Collections.reverse(out);
        }
        return out;
    }

    @Test
    void cardNumbersAreWholeForFacilitiesAndAuditorsAndTheirLastFourDigitsForTheDesk() throws Exception {
        String carol = "/api/events?limit=1&" + WINDOW + "&person=p-carol";
        JsonObject forDesk = desk.json(desk.get(carol), 200).getJsonArray("events").getJsonObject(0);
        assertThat(forDesk.getString("card")).isEqualTo("****0213");
        assertThat(forDesk.getString("sentence")).isEqualTo("Denied: credential ****0213 reported LOST");
        for (ApiClient c : List.of(facilities, auditor)) {
            JsonObject whole = c.json(c.get(carol), 200).getJsonArray("events").getJsonObject(0);
            assertThat(whole.getString("card")).isEqualTo("18:40213");
            assertThat(whole.getString("sentence")).contains("18:40213");
        }
        assertThat(desk.json(desk.get("/api/events?" + WINDOW + "&card=18:40213"), 403).getString("error")).contains("credential");
        JsonArray byCredential = desk.json(desk.get("/api/events?" + WINDOW + "&credential=c-carol"), 200).getJsonArray("events");
        assertThat(byCredential).hasSize(15);
        assertThat(byCredential.encode()).doesNotContain("40213");
        String csv = desk.get("/api/events/export.csv?" + WINDOW + "&credential=c-carol").body();
        assertThat(csv).contains("****0213").doesNotContain("40213");
    }

    @Test
    void badFiltersAreAClearErrorAndNeverAPage() throws Exception {
        var cursor = auditor.json(auditor.get("/api/events?limit=1&" + WINDOW), 200).getString("next");
        Map<String, Integer> bad = new java.util.LinkedHashMap<>();
        bad.put("type=NOT_A_TYPE", 400);
        bad.put("type=access_granted", 400);
        bad.put("from=yesterday", 400);
        bad.put("from=2026-01-05T08:00:00", 400);
        bad.put("limit=banana", 400);
        bad.put("limit=5000", 400);
        bad.put("result=MAYBE", 400);
        bad.put("order=sideways", 400);
        bad.put("after=not-a-cursor", 400);
        bad.put("after=" + cursor + "&order=oldest", 400);
        bad.put("door=d1%27%20OR%201=1", 400);
        bad.put("zone=nowhere", 422);
        bad.put("credential=c-nobody", 422);
        bad.put("from=2026-01-05T09:00:00Z&to=2026-01-05T08:00:00Z", 422);
        bad.put("card=18:40211&credential=c-carol", 422);
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = auditor.get("/api/events?" + e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(e.getValue());
            assertThat(new JsonObject(r.body()).getString("error")).isNotBlank();
            HttpResponse<String> x = auditor.get("/api/events/export.csv?" + e.getKey().replace("limit=", "lim="));
            if (!e.getKey().startsWith("limit")) {
                assertThat(x.statusCode()).as("export " + e.getKey()).isEqualTo(e.getValue());
                assertThat(x.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            }
        }
    }

    @Test
    void theCsvExportHoldsEveryMatchingEventFormulaSafeAndIsAuditedWithItsFiltersAndRowCount() throws Exception {
        HttpResponse<String> r = auditor.get("/api/events/export.csv?" + WINDOW + "&zone=vault");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("content-disposition").orElse("")).startsWith("attachment; filename=\"events-");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
        List<String> expectedOldestFirst = new ArrayList<>(expected(e -> List.of("dv1", "dv2").contains(e.doorId())));
        java.util.Collections.reverse(expectedOldestFirst);
        assertThat(records.stream().map(x -> x.get("source")).toList()).isEqualTo(expectedOldestFirst);
        assertThat(r.body().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", EventStore.CSV_HEADER));
        CSVRecord formula = records.stream().filter(x -> x.get("sentence").contains("HYPERLINK")).findFirst().orElseThrow();
        assertThat(formula.get("sentence")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        CSVRecord denied = records.stream().filter(x -> x.get("type").equals("ACCESS_DENIED")).findFirst().orElseThrow();
        assertThat(denied.get("card")).isEqualTo("18:40213");
        assertThat(denied.get("reasons")).isEqualTo("CREDENTIAL_LOST");
        assertThat(denied.get("received_at")).startsWith("2026-01-05T08:00:");

        JsonObject row = auditor.json(auditor.get("/api/audit?action=exportEvents&limit=1"), 200).getJsonArray("audit").getJsonObject(0);
        assertThat(row.getString("actor")).isEqualTo(auditor.actor);
        assertThat(row.getString("outcome")).isEqualTo("DONE");
        assertThat(row.getJsonObject("after").getLong("rows")).isEqualTo(records.size());
        assertThat(row.getJsonObject("after").getJsonObject("filters").getString("zone")).isEqualTo("vault");
    }

    @Test
    void theAuditTrailIsPagedByFilterAndExportedAndOnlyAuditorsAndAdminsReadIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(facilities.get("/api/events/export.csv?" + WINDOW + "&type=DOOR_OPENED").statusCode()).isEqualTo(200);
        }
        String filter = "/api/audit?limit=1&action=exportEvents&actor=" + facilities.actor;
        List<Long> ids = new ArrayList<>();
        String after = null;
        do {
            JsonObject page = auditor.json(auditor.get(filter + (after == null ? "" : "&after=" + after)), 200);
            page.getJsonArray("audit").forEach(a -> ids.add(((JsonObject) a).getLong("id")));
            after = page.getString("next");
        } while (after != null);
        assertThat(ids).hasSize(3).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        HttpResponse<String> csv = auditor.get("/api/audit/export.csv?action=exportEvents&actor=" + facilities.actor);
        assertThat(csv.statusCode()).isEqualTo(200);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).hasSize(3).allSatisfy(x -> assertThat(x.get("actor")).isEqualTo(facilities.actor));
        ApiClient admin = ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
        assertThat(admin.get("/api/audit?limit=1").statusCode()).isEqualTo(200);
        assertThat(desk.get("/api/audit?limit=1").statusCode()).isEqualTo(403);
        assertThat(facilities.get("/api/audit/export.csv").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/api/audit?outcome=MAYBE").statusCode()).isEqualTo(400);
    }
}
