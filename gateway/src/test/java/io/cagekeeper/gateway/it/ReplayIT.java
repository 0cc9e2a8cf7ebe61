package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay through the running gateway: a decision is re-decided against the archived policy version it
 * was made under, however the policy changed since, and an edited record or archive never passes as
 * identical.
 */
class ReplayIT {

    static final String PIN = "4711";
    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static TestCage cage;
    static Map<String, Object> grant;
    static Map<String, Object> deny;

    @BeforeAll
    static void start() throws Exception {
        cage = env.cage();
        grant = present("GRANT");
        cage.change(List.of(PolicyStore.setCredentialStatus("c-alice", CredentialStatus.REVOKED, Instant.now(), "security:kim")));
        deny = present("DENY");
    }

    /** Presents Alice's badge (with a PIN the card-only door does not ask for) and returns its event once recorded. */
    static Map<String, Object> present(String expected) {
        String msgId = cage.reader.presentCard(Card.h10301(18, 40211), PIN);
        assertThat(cage.reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains(expected);
        return cage.decisionEvent(msgId);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return cage.get(path);
    }

    static JsonObject replay(Map<String, Object> event) throws Exception {
        return cage.replay(event);
    }

    @Test
    void aGrantReplaysIdenticallyAgainstItsVersionAfterTheCredentialWasRevoked() throws Exception {
        long version = (Long) grant.get("snapshot_version");
        assertThat((Long) deny.get("snapshot_version")).isGreaterThan(version);
        JsonObject r = replay(grant);
        assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        assertThat(r.getLong("snapshotVersion")).isEqualTo(version);
        assertThat(r.getJsonObject("recorded").getString("result")).isEqualTo("GRANT");
        assertThat(r.getJsonObject("replayed")).isEqualTo(r.getJsonObject("recorded"));
        assertThat(r.getString("problem")).isNull();
    }

    @Test
    void theDenyOfTheRevokedBadgeReplaysIdenticallyAgainstTheNewVersion() throws Exception {
        JsonObject r = replay(deny);
        assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        assertThat(r.getLong("snapshotVersion")).isEqualTo((Long) deny.get("snapshot_version"));
        assertThat(r.getJsonObject("replayed").getString("result")).isEqualTo("DENY");
        assertThat(r.getJsonObject("replayed").getJsonArray("reasons").getList()).contains("CREDENTIAL_REVOKED");
    }

    @Test
    void theRecordKeepsThatAPinWasTypedButNeverThePin() throws Exception {
        for (Map<String, Object> row : cage.query("SELECT request::text AS request FROM decision_records")) {
            assertThat((String) row.get("request")).contains("\"pinPresented\": true").doesNotContain(PIN);
        }
        // the PIN as a JSON value, or any Argon2 hash of it (its digits alone can occur inside a microsecond timestamp)
        assertThat(cage.query("SELECT image::text AS data FROM policy_deltas")).isNotEmpty()
                .allSatisfy(row -> assertThat((String) row.get("data")).doesNotContain("\"" + PIN + "\"").doesNotContain("pin_hash")
                        .doesNotContain("$argon2"));
        // checkpoints are stored compressed: read them as the archive does
        assertThat(cage.query("SELECT data FROM policy_snapshots WHERE data IS NOT NULL")).isNotEmpty()
                .allSatisfy(row -> assertThat(io.cagekeeper.gateway.policy.PolicyDataCodec.encode(
                        io.cagekeeper.gateway.policy.PolicyDataCodec.decode((String) row.get("data"))))
                        .contains("\"credentials\"").doesNotContain("\"" + PIN + "\"").doesNotContain("$argon2"));
    }

    @Test
    void anEditedDecisionIsReportedAsNotIdentical() throws Exception {
        Map<String, Object> event = present("DENY");
        cage.query("UPDATE decision_records SET decision = jsonb_set(decision, '{decidedBy}', '\"grant:forged\"') "
                + "WHERE event_key = '" + event.get("event_key") + "' RETURNING event_key");
        JsonObject r = replay(event);
        assertThat(r.getBoolean("identical")).isFalse();
        assertThat(r.getJsonObject("recorded").getString("decidedBy")).isEqualTo("grant:forged");
        assertThat(r.getJsonObject("replayed").getString("decidedBy")).isNotEqualTo("grant:forged");
        assertThat(r.getString("problem")).contains("replay decided");
    }

    @Test
    void anEditedArchiveIsReportedAsAProblemAndNothingIsReplayed() throws Exception {
        long version = (Long) grant.get("snapshot_version");
        String hash = (String) cage.query("SELECT content_hash FROM policy_snapshots WHERE version = " + version).get(0).get("content_hash");
        cage.query("UPDATE policy_snapshots SET content_hash = 'edited' WHERE version = " + version + " RETURNING version");
        try {
            JsonObject r = replay(grant);
            assertThat(r.getBoolean("identical")).isFalse();
            assertThat(r.getValue("replayed")).isNull();
            assertThat(r.getString("problem")).contains("content hash");
        } finally {
            cage.query("UPDATE policy_snapshots SET content_hash = '" + hash + "' WHERE version = " + version + " RETURNING version");
        }
    }

    @Test
    void unknownAndNonDecisionEventsAre404AndABadIdIs400() throws Exception {
        Map<String, Object> other = cage.awaitRow("SELECT id FROM events e WHERE NOT EXISTS "
                + "(SELECT 1 FROM decision_records d WHERE d.event_key = e.event_key)");
        assertThat(get("/api/events/" + other.get("id") + "/replay").statusCode()).isEqualTo(404);
        assertThat(get("/api/events/987654321/replay").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/api/events/banana/replay");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).contains("path parameter id");
    }
}
