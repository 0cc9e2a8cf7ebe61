package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who is inside after a real badge-in (occupancy, the muster list as JSON, printable page and CSV),
 * and the desk's momentary unlock: it pulses the simulated module's lock relay, is recorded as an
 * event and an audit row with the operator and reason, and is refused for an unknown door, for
 * other roles, during LOCKDOWN and with the module offline (last: it stops the module).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OccupancyAndUnlockIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static ApiClient desk;

    @BeforeAll
    static void clients() throws Exception {
        desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        var db = env.backends().db();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.createStatement().execute("UPDATE persons SET organization = '<b>Acme</b> & Co' WHERE id = 'p-alice'");
        }
    }

    private static JsonArray zone(JsonObject occupancy, String zone, String member) {
        for (Object z : occupancy.getJsonArray("zones")) {
            if (((JsonObject) z).getString("zone").equals(zone)) {
                return ((JsonObject) z).getJsonArray(member);
            }
        }
        throw new AssertionError("no zone " + zone + " in " + occupancy.encode());
    }

    @Test
    @Order(1)
    void aBadgeInPutsThePersonInsideTheDoorsZoneWithTheTimeTheyEnteredOnTheMusterList() throws Exception {
        TestCage cage = env.cage();
        assertThat(zone(desk.json(desk.get("/api/occupancy"), 200), "cage", "occupants")).isEmpty();
        Instant before = Instant.now().minusMillis(50);
        String msgId = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
        cage.awaitRow("SELECT id FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'");

        // the list is shared by all callers and refreshed every two seconds
        JsonObject[] seen = new JsonObject[1];
        Await.until(Duration.ofSeconds(10), "Alice on the occupancy list", () -> {
            seen[0] = desk.json(desk.get("/api/occupancy"), 200);
            return seen[0].getInteger("total") == 1;
        });
        JsonObject occupancy = seen[0];
        JsonObject alice = zone(occupancy, "cage", "occupants").getJsonObject(0);
        assertThat(alice.getString("personId")).isEqualTo("p-alice");
        assertThat(alice.getString("door")).isEqualTo("d1");
        assertThat(alice.getString("source")).isEqualTo("door");
        assertThat(Instant.parse(alice.getString("enteredAt"))).isAfter(before).isBefore(Instant.now());
        assertThat(zone(occupancy, "hall", "occupants")).isEmpty();
        assertThat(desk.json(desk.get("/api/occupancy?hours=1"), 200).getInteger("total")).isEqualTo(1);
        assertThat(alice.containsKey("name")).as("occupancy names nobody; the muster list does").isFalse();

        ApiClient auditor = ApiClient.token(() -> env.cage().gateway, Role.AUDITOR);
        JsonObject onList = zone(auditor.json(auditor.get("/api/muster"), 200), "cage", "people").getJsonObject(0);
        assertThat(onList.getString("name")).isEqualTo("Alice");
        assertThat(onList.getString("organization")).isEqualTo("<b>Acme</b> & Co");
        assertThat(onList.getString("type")).isEqualTo("EMPLOYEE");

        HttpResponse<String> page = desk.get("/api/muster.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'self'").contains("style-src 'self'");
        assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/muster.css\">").contains("<td>Alice</td>")
                .contains("&lt;b&gt;Acme&lt;/b&gt; &amp; Co").doesNotContain("<b>Acme").doesNotContain("<script").doesNotContain("style=");
        assertThat(desk.get("/muster.css").statusCode()).isEqualTo(200);

        HttpResponse<String> csv = desk.get("/api/muster.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).hasSize(2);
        assertThat(csv.body()).contains("cage,Cage,p-alice,Alice,<b>Acme</b> & Co,EMPLOYEE,");
        assertThat(cage.query("SELECT * FROM audit_trail WHERE action = 'exportMuster' AND actor = '" + desk.actor + "'")).hasSize(1);
    }

    @Test
    @Order(2)
    void theDesksUnlockPulsesTheLockRelayAndIsRecordedWithTheOperatorAndReason() throws Exception {
        TestCage cage = env.cage();
        Await.until(Duration.ofSeconds(5), "relay off", () -> !cage.module.coil(0));
        cage.relayChanges.clear();
        JsonObject done = desk.json(desk.post("/api/doors/d1/unlock", "{\"reason\":\"courier with rack 14\"}"), 200);
        assertThat(done.getBoolean("unlocked")).isTrue();
        assertThat(done.getLong("releaseMs")).isEqualTo(700);
        Await.until(Duration.ofSeconds(5), "relay pulsed on and off again",
                () -> cage.relayChanges.contains("0:true") && cage.relayChanges.lastIndexOf("0:false") > cage.relayChanges.indexOf("0:true"));
        Map<String, Object> event = cage.awaitRow("SELECT source, door_id, decided_by, sentence, detail::text AS detail FROM events"
                + " WHERE type = 'DOOR_UNLOCKED_BY_OPERATOR'");
        assertThat(event.get("door_id")).isEqualTo("d1");
        assertThat(event.get("decided_by")).isEqualTo("operator:" + desk.actor);
        assertThat((String) event.get("detail")).contains("\"reason\": \"courier with rack 14\"").contains(desk.actor);
        Map<String, Object> audit = cage.awaitRow("SELECT * FROM audit_trail WHERE action = 'unlockDoor' AND outcome = 'DONE'");
        assertThat(audit.get("actor")).isEqualTo(desk.actor);
        assertThat(audit.get("resource_id")).isEqualTo("d1");
        assertThat(audit.get("detail")).isEqualTo("courier with rack 14");
    }

    @Test
    @Order(3)
    void anUnlockIsRefusedForAnUnknownDoorOtherRolesAMissingReasonAndDuringLockdown() throws Exception {
        TestCage cage = env.cage();
        String body = "{\"reason\":\"test\"}";
        assertThat(desk.post("/api/doors/nowhere/unlock", body).statusCode()).isEqualTo(404);
        assertThat(desk.post("/api/doors/d1/unlock", "{}").statusCode()).isEqualTo(400);
        assertThat(desk.post("/api/doors/d1/unlock", "{\"reason\":\"  \"}").statusCode()).isEqualTo(400);
        for (Role other : new Role[] {Role.FACILITIES, Role.AUDITOR, Role.ADMIN}) {
            assertThat(ApiClient.token(() -> env.cage().gateway, other).post("/api/doors/d1/unlock", body).statusCode()).isEqualTo(403);
        }
        assertThat(desk.post("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"drill\"}").statusCode()).isEqualTo(200);
        try {
            cage.relayChanges.clear();
            HttpResponse<String> r = desk.post("/api/doors/d1/unlock", body);
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("LOCKDOWN");
            Thread.sleep(300);
            assertThat(cage.relayChanges).doesNotContain("0:true");
        } finally {
            assertThat(desk.post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"drill over\"}").statusCode()).isEqualTo(200);
        }
        assertThat(cage.query("SELECT * FROM events WHERE type = 'DOOR_UNLOCKED_BY_OPERATOR'")).hasSize(1);
    }

    @Test
    @Order(4)
    void anUnlockWithTheModuleOfflineIs503AndTheDoorStaysLocked() throws Exception {
        TestCage cage = env.cage();
        cage.module.close();
        Await.until(Duration.ofSeconds(15), "module offline", () -> !cage.gateway.modules().get("m1").online());
        HttpResponse<String> r = desk.post("/api/doors/d1/unlock", "{\"reason\":\"test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(Optional.ofNullable(new JsonObject(r.body()).getString("error")).orElse("")).contains("offline");
    }
}
