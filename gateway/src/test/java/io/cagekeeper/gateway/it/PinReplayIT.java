package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay of decisions at a card+PIN door through the running gateway. The record never holds the PIN,
 * only whether the slow hash check matched; replay re-decides with that recorded answer and must reach
 * the same verdict, whether the PIN was right or wrong.
 */
class PinReplayIT {

    static final String PIN = "4711";
    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static TestCage cage;

    @BeforeAll
    static void start() throws Exception {
        cage = env.cage();
        String hash = new PinHasher().hash(PIN, new SecureRandom());
        cage.change(List.of(
                PolicyStore.putDoorMode(new DoorModeRule("d1", DoorMode.CARD_AND_PIN, "always")),
                PolicyStore.upsertCredential(new Credential("c-alice", TestCage.ALICE, "p-alice", CredentialStatus.ACTIVE,
                        Instant.now().minus(Duration.ofDays(1)), null, null, null, hash))));
    }

    @Test
    void noArchivedPolicyVersionKeepsAPinHashOnlyThatAPinWasSet() throws Exception {
        long version = cage.gateway.policy().current().version();
        cage.awaitRow("SELECT version FROM policy_snapshots WHERE version = " + version);
        // history is checkpoints (whole data) plus the change log's row images: neither keeps a PIN hash
        // checkpoints are stored compressed: read them as the archive does
        assertThat(cage.query("SELECT data FROM policy_snapshots WHERE data IS NOT NULL")).isNotEmpty()
                .allSatisfy(row -> assertThat(io.cagekeeper.gateway.policy.PolicyDataCodec.encode(
                        io.cagekeeper.gateway.policy.PolicyDataCodec.decode((String) row.get("data"))))
                        .contains("\"credentials\"").doesNotContain("$argon2"));
        assertThat(cage.query("SELECT version FROM policy_deltas WHERE image::text LIKE '%$argon2%'")).isEmpty();
        Map<String, Object> pinned = cage.awaitRow("SELECT image::text AS image FROM policy_deltas WHERE tbl = 'credentials' AND image ->> 'pin_set' = 'true'");
        assertThat((String) pinned.get("image")).doesNotContain("pin_hash").doesNotContain("$argon2");
    }

    @Test
    void theRightPinGrantsAndReplaysIdenticallyWithoutThePinBeingStored() throws Exception {
        Map<String, Object> event = present(PIN, "GRANT");

        JsonObject r = cage.replay(event);

        assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        assertThat(r.getJsonObject("replayed").getJsonArray("reasons").getList()).contains("PIN_VERIFIED");
        Map<String, Object> record = cage.awaitRow("SELECT request::text AS request FROM decision_records WHERE event_key = '"
                + event.get("event_key") + "'");
        assertThat((String) record.get("request")).contains("\"pinPresented\": true").doesNotContain(PIN);
        assertThat((String) cage.awaitRow("SELECT detail::text AS d FROM events WHERE event_key = '" + event.get("event_key") + "'")
                .get("d")).contains("\"pinMatched\": true").doesNotContain(PIN);
    }

    @Test
    void aWrongPinDeniesAndReplaysIdenticallyAsADenial() throws Exception {
        Map<String, Object> event = present("9999", "DENY");

        JsonObject r = cage.replay(event);

        assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        assertThat(r.getJsonObject("replayed").getString("result")).isEqualTo("DENY");
        assertThat(r.getJsonObject("replayed").getJsonArray("reasons").getList()).contains("PIN_INCORRECT");
        assertThat((String) cage.awaitRow("SELECT request::text AS request FROM decision_records WHERE event_key = '"
                + event.get("event_key") + "'").get("request")).doesNotContain("9999");
    }

    @Test
    void aCardWithoutItsPinIsNotAGrantAndReplaysIdentically() throws Exception {
        String msgId = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).isPresent()
                .get().isNotEqualTo("GRANT");
        Map<String, Object> event = cage.decisionEvent(msgId);

        JsonObject r = cage.replay(event);

        assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        assertThat(r.getJsonObject("replayed").getString("result")).isNotEqualTo("GRANT");
    }

    static Map<String, Object> present(String pin, String expected) {
        String msgId = cage.reader.presentCard(Card.h10301(18, 40211), pin);
        assertThat(cage.reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains(expected);
        return cage.decisionEvent(msgId);
    }
}
