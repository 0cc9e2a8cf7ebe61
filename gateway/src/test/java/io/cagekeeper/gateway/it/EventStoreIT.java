package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The group-commit insert (one statement for the whole batch, lists joined by U+001F) must store
 * exactly what one insert per row stores: every field, nulls, empty lists, JSON detail, batch order,
 * and one row per event key however often it comes.
 */
class EventStoreIT {

    private static Backends backends;
    private static Vertx vertx;
    private static Pool pool;
    private static EventStore store;

    @BeforeAll
    static void start() throws Exception {
        backends = Backends.start();
        Migrations.migrate(backends.db());
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(backends.db().host()).setPort(backends.db().port())
                .setDatabase(backends.db().database()).setUser(backends.db().user()).setPassword(backends.db().password()))
                .using(vertx).build();
        store = new EventStore(pool);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        backends.close();
    }

    private static GatewayEvent granted(String door, String key, List<String> reasons, List<String> flags) {
        return new GatewayEvent(key, EventType.ACCESS_GRANTED, "reader:r1", door, 42L, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-25T10:15:30.200Z"), "18:40211", "p-alice", "GRANT", reasons, "grant:g-1", 7L,
                "Granted: Alice, \"quoted\"", flags, Map.of("side", "ENTRY", "n", 3));
    }

    private static GatewayEvent doorEvent(String door, String key) {
        return new GatewayEvent(key, EventType.DOOR_RELOCKED, "module:m1", door, null, null, Instant.parse("2026-11-25T10:15:31Z"),
                null, null, null, null, null, null, "Door outer relocked", null, Map.of());
    }

    private static List<GatewayEvent> batch(String door, String prefix) {
        List<GatewayEvent> events = new ArrayList<>();
        events.add(granted(door, prefix + "-1", List.of("ACCESS_LEVEL_GRANTED", "SCHEDULE_OPEN"), List.of("CLOCK_SKEW")));
        events.add(doorEvent(door, prefix + "-2"));
        events.add(granted(door, prefix + "-3", List.of(), List.of()));
        events.add(granted(door, prefix + "-1", List.of("A_REDELIVERY"), List.of()));
        events.add(doorEvent(door, prefix + "-4"));
        return events;
    }

    @Test
    void storesABatchInOneStatementExactlyAsRowByRow() throws Exception {
        store.appendAll(batch("cmp", "many")).await(10, TimeUnit.SECONDS);
        // a flag containing the separator cannot be joined: the same batch then goes row by row
        List<GatewayEvent> rowByRow = new ArrayList<>(batch("cmp", "each"));
        rowByRow.add(granted("cmp", "each-5", List.of("ACCESS_LEVEL_GRANTED"), List.of("a\u001fb")));
        store.appendAll(rowByRow).await(10, TimeUnit.SECONDS);

        JsonArray rows = store.recent("cmp", null, 100).await(10, TimeUnit.SECONDS);
        List<JsonObject> many = new ArrayList<>();
        List<JsonObject> each = new ArrayList<>();
        long lastId = Long.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            assertThat(r.getLong("id")).isLessThan(lastId);
            lastId = r.getLong("id");
        }
        for (int i = rows.size() - 1; i >= 0; i--) {
            JsonObject r = rows.getJsonObject(i).copy();
            r.remove("id");
            r.remove("storedAt");
            (many.size() < 4 ? many : each).add(r);
        }
        assertThat(many).hasSize(4);
        assertThat(each).hasSize(5);
        assertThat(many).isEqualTo(each.subList(0, 4));
        JsonObject first = many.get(0);
        assertThat(first.getJsonArray("reasons")).containsExactly("ACCESS_LEVEL_GRANTED", "SCHEDULE_OPEN");
        assertThat(first.getJsonArray("flags")).containsExactly("CLOCK_SKEW");
        assertThat(first.getString("deviceTs")).isEqualTo("2026-11-25T10:15:30.123Z");
        assertThat(first.getJsonObject("detail").getMap()).containsEntry("side", "ENTRY").containsEntry("n", 3);
        assertThat(first.getString("sentence")).isEqualTo("Granted: Alice, \"quoted\"");
        assertThat(first.getJsonArray("reasons")).doesNotContain("A_REDELIVERY");
        JsonObject door = many.get(1);
        assertThat(door.getValue("deviceSeq")).isNull();
        assertThat(door.getValue("deviceTs")).isNull();
        assertThat(door.getValue("card")).isNull();
        assertThat(door.getJsonArray("reasons")).isEmpty();
        assertThat(door.containsKey("detail")).isFalse();
        assertThat(many.get(2).getJsonArray("reasons")).isEmpty();
        assertThat(each.get(4).getJsonArray("flags")).containsExactly("a\u001fb");
        assertThat(store.countByKeyPrefix("many-").await(10, TimeUnit.SECONDS)).isEqualTo(4L);
    }

    /** Held open, closed, held again (twice delivered), forced elsewhere, and a redelivery of an already stored event. */
    private static List<GatewayEvent> alarmStory(String prefix) {
        Instant t = Instant.parse("2026-11-25T11:00:00Z");
        String held = prefix + "h", forced = prefix + "f";
        return List.of(
                GatewayEvent.door(prefix + "-1", EventType.DOOR_HELD_OPEN, held, t, "held 1", Map.of()),
                GatewayEvent.door(prefix + "-2", EventType.DOOR_CLOSED, held, t.plusSeconds(1), "closed", Map.of()),
                GatewayEvent.door(prefix + "-3", EventType.DOOR_HELD_OPEN, held, t.plusSeconds(2), "held 2", Map.of()),
                GatewayEvent.door(prefix + "-3", EventType.DOOR_HELD_OPEN, held, t.plusSeconds(2), "held 2", Map.of()),
                GatewayEvent.door(prefix + "-4", EventType.DOOR_FORCED_OPEN, forced, t.plusSeconds(3), "forced", Map.of()),
                GatewayEvent.door(prefix + "-5", EventType.DOOR_HELD_OPEN, held, t.plusSeconds(4), "held 3", Map.of()),
                GatewayEvent.door(prefix + "-1", EventType.DOOR_HELD_OPEN, held, t, "held 1", Map.of()));
    }

    /** The alarms of one story's doors, without the ids and the prefix that tell the two runs apart. */
    private static List<String> alarmsOf(io.cagekeeper.gateway.alarms.AlarmStore alarms, String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        for (String door : List.of(prefix + "h", prefix + "f")) {
            JsonArray rows = alarms.list(new io.cagekeeper.gateway.alarms.AlarmStore.Filter(null, null, null, "door:" + door, null, null,
                    null, 100)).await(10, TimeUnit.SECONDS);
            for (int i = rows.size() - 1; i >= 0; i--) {
                JsonObject a = rows.getJsonObject(i);
                out.add(String.join("|", a.getString("type"), a.getString("state"), a.getString("message"),
                        String.valueOf(a.getInteger("occurrences")), a.getString("raisedAt"), a.getString("lastSeenAt"),
                        String.valueOf(a.getString("clearedAt")), String.valueOf(a.getString("clearComment")),
                        a.getString("eventKey").replace(prefix, "")));
            }
        }
        return out;
    }

    @Test
    void aBatchChangesTheAlarmsExactlyAsItsEventsStoredOneAtATimeDo() throws Exception {
        io.cagekeeper.gateway.alarms.AlarmStore alarms = new io.cagekeeper.gateway.alarms.AlarmStore(pool);
        store.appendAll(alarmStory("ab")).await(10, TimeUnit.SECONDS);
        for (GatewayEvent e : alarmStory("ao")) {
            store.appendAll(List.of(e)).await(10, TimeUnit.SECONDS);
        }
        List<String> oneByOne = alarmsOf(alarms, "ao");
        assertThat(alarmsOf(alarms, "ab")).isEqualTo(oneByOne);
        // held 1 cleared by the closing; held 2 open, counted once though delivered twice, held 3 repeating it; forced open
        assertThat(oneByOne).hasSize(3);
        assertThat(oneByOne.get(0)).startsWith("DOOR_HELD_OPEN|CLEARED|held 1|1|").contains("condition ended: DOOR_CLOSED");
        assertThat(oneByOne.get(1)).startsWith("DOOR_HELD_OPEN|ACTIVE|held 2|2|").endsWith("|-3");
        assertThat(oneByOne.get(2)).startsWith("DOOR_FORCED_OPEN|ACTIVE|forced|1|");
        assertThat(store.countByKeyPrefix("ab-").await(10, TimeUnit.SECONDS)).isEqualTo(5L);
    }

    @Test
    void aBatchRepeatingStoredEventsAddsOnlyTheNewOnes() throws Exception {
        store.appendAll(batch("again", "again")).await(10, TimeUnit.SECONDS);
        List<GatewayEvent> second = new ArrayList<>(batch("again", "again"));
        second.add(doorEvent("again", "again-5"));
        store.appendAll(second).await(10, TimeUnit.SECONDS);
        assertThat(store.countByKeyPrefix("again-").await(10, TimeUnit.SECONDS)).isEqualTo(5L);
    }

    @Test
    void aBatchWithRowsPostgresqlRefusesStoresAllTheOthersInOneGoAndNamesTheRefusedOnes() throws Exception {
        String random = new java.util.Random(7).ints(3000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        List<GatewayEvent> noAlarms = new ArrayList<>(batch("refuse", "refuse"));
        noAlarms.add(2, GatewayEvent.door("refuse-nul", EventType.DOOR_RELOCKED, "refuse", Instant.now(), "relocked " + (char) 0, Map.of()));
        noAlarms.add(doorEvent("refuse", "refuse-long-" + random)); // a key too long for its btree index: 54000
        Object refused = store.appendAll(noAlarms).await(10, TimeUnit.SECONDS);
        assertThat(refused).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
        assertThat(store.countByKeyPrefix("refuse-").await(10, TimeUnit.SECONDS)).isEqualTo(4L);

        List<GatewayEvent> withAlarm = new ArrayList<>();
        withAlarm.add(doorEvent("refuse2", "refuse2-1"));
        withAlarm.add(GatewayEvent.door("refuse2-forced", EventType.DOOR_FORCED_OPEN, "refuse2", Instant.now(), "forced", Map.of()));
        withAlarm.add(GatewayEvent.door("refuse2-nul", EventType.DOOR_FORCED_OPEN, "refuse2", Instant.now(), "forced" + (char) 0, Map.of()));
        withAlarm.add(doorEvent("refuse2", "refuse2-2"));
        Object refusedToo = store.appendAll(withAlarm).await(10, TimeUnit.SECONDS);
        assertThat(refusedToo).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        assertThat(store.countByKeyPrefix("refuse2-").await(10, TimeUnit.SECONDS)).isEqualTo(3L);
    }

    @Test
    void inAGroupCommitOnlyTheSubmitterOfTheRefusedRowLearnsOfIt() throws Exception {
        List<io.vertx.core.Future<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String sentence = i == 25 ? "relocked " + (char) 0 : "relocked";
            appends.add(store.append(GatewayEvent.door("group-" + i, EventType.DOOR_RELOCKED, "group", Instant.now(), sentence, Map.of())));
        }
        io.vertx.core.Future.join(appends).otherwiseEmpty().await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            assertThat(appends.get(i).succeeded()).as("append " + i).isEqualTo(i != 25);
        }
        assertThat(appends.get(25).cause()).isInstanceOf(io.cagekeeper.gateway.events.RefusedEvent.class);
        assertThat(store.countByKeyPrefix("group-").await(10, TimeUnit.SECONDS)).isEqualTo(49L);
    }

    @Test
    void anEventWithALoneSurrogateIsRefusedWholeInsteadOfStoredWithAQuestionMarkInItsPlace() throws Exception {
        GatewayEvent lone = GatewayEvent.door("lone-1", EventType.DOOR_RELOCKED, "lone", Instant.now(), "relocked " + (char) 0xD800, Map.of());
        List<io.cagekeeper.gateway.events.RefusedEvent> refused = store.appendAll(List.of(lone, doorEvent("lone", "lone-2")))
                .await(10, TimeUnit.SECONDS);
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(lone);
            assertThat(r.reason()).contains("lone surrogate");
        });
        assertThat(store.countByKeyPrefix("lone-").await(10, TimeUnit.SECONDS)).isEqualTo(1L);
    }
}
