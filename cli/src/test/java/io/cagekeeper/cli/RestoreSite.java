package io.cagekeeper.cli;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The small site both backup-and-restore tests back up (an external database, the embedded store): one door
 * with its entry reader, Alice and Bob granted the cage at all times, their badges in facility {@code facility}
 * as cards {@code firstCard} and {@code firstCard + 1}.
 */
final class RestoreSite {

    private RestoreSite() {
    }

    static void seed(Gateway gateway, String site, String siteName, String readerId, int facility, int firstCard) throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        List<PolicyStore.Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertSite(new Site(site, siteName, java.time.ZoneOffset.UTC)));
        s.add(PolicyStore.upsertZone(new Zone("hall", "Hall", null)));
        s.add(PolicyStore.upsertZone(new Zone("cage", "Cage", "hall")));
        s.add(PolicyStore.upsertDoor(new Door("d1", "Cage door", "hall", "cage", null)));
        s.add(PolicyStore.upsertReader(new Reader(readerId, "d1", ReaderSide.ENTRY)));
        s.add(PolicyStore.upsertSchedule(Schedule.always("always")));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage", "Cage", List.of(new DoorSchedule("d1", "always")))));
        for (String who : List.of("alice", "bob")) {
            s.add(PolicyStore.upsertPerson(new Person("p-" + who, who, PersonType.EMPLOYEE, null)));
            s.add(PolicyStore.upsertCredential(new Credential("c-" + who, CardNumber.h10301(facility,
                    who.equals("alice") ? firstCard : firstCard + 1), "p-" + who, CredentialStatus.ACTIVE, from, null, null, null, null)));
            s.add(PolicyStore.upsertGrant(new Grant("g-" + who, "p-" + who, "cage", from, null, "desk")));
        }
        change(gateway, s);
    }

    /** Bob's badge revoked, the policy reloaded. */
    static void revokeBob(Gateway gateway, int facility, int firstCard) throws Exception {
        change(gateway, List.of(PolicyStore.upsertCredential(new Credential("c-bob", CardNumber.h10301(facility, firstCard + 1), "p-bob",
                CredentialStatus.REVOKED, Instant.now().minus(Duration.ofDays(1)), null, Instant.now(), "security", null))));
    }

    static void change(Gateway gateway, List<PolicyStore.Statement> statements) throws Exception {
        gateway.policyStore().change("it", "restore test", statements).compose(v -> gateway.policy().reload())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A badge at the site's reader: the gateway's answer (GRANT, DENY), once its event is stored and the door relocked. */
    static String badge(ReaderSimulator reader, Card card) throws Exception {
        String msgId = reader.presentCard(card, null);
        String result = reader.awaitIndication(msgId, Duration.ofSeconds(10)).map(Indication::result).orElse("no answer");
        Thread.sleep(1_000); // the release (700 ms) over before the next badge
        return result;
    }
}
