package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The content hash (v2): a function of the data as a set of rows, kept up to date by patches at the
 * cost of the change, sensitive to every part of the policy, and still able to verify hashes recorded
 * in the scheme before it.
 */
class ContentHashTest {

    private static String hashOf(UnaryOperator<PolicyData> edit) {
        return PolicySnapshot.compile(1, edit.apply(new TestSite().data())).contentHash();
    }

    @Test
    void aChangeToAnyPartOfThePolicyChangesTheHash() {
        String h = hashOf(d -> d);
        Map<String, UnaryOperator<PolicyData>> edits = new HashMap<>();
        edits.put("site time zone", d -> new PolicyData(new Site(d.site().id(), d.site().name(), ZoneId.of("Asia/Tokyo")), d.zones(),
                d.doors(), d.readers(), d.persons(), d.credentials(), d.schedules(), d.accessLevels(), d.grants(), d.rules()));
        edits.put("a zone's name", d -> new PolicyData(d.site(), replaced(d.zones(), 1, new Zone("hall", "Hall 2", "site")), d.doors(),
                d.readers(), d.persons(), d.credentials(), d.schedules(), d.accessLevels(), d.grants(), d.rules()));
        edits.put("a door's interlock", d -> new PolicyData(d.site(), d.zones(), replaced(d.doors(), 1, new Door("a", "Cage A door", "hall",
                "cage-a", "trap")), d.readers(), d.persons(), d.credentials(), d.schedules(), d.accessLevels(), d.grants(), d.rules()));
        edits.put("a schedule", d -> new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), d.persons(), d.credentials(),
                append(d.schedules(), Schedule.always("always2")), d.accessLevels(), d.grants(), d.rules()));
        edits.put("a person's type", d -> new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), replaced(d.persons(), 0,
                new Person("alice", "Alice", PersonType.CONTRACTOR, null)), d.credentials(), d.schedules(), d.accessLevels(), d.grants(),
                d.rules()));
        edits.put("a grant", d -> new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), d.persons(), d.credentials(), d.schedules(),
                d.accessLevels(), append(d.grants(), new Grant("g-new", "alice", d.accessLevels().get(0).id(), TestSite.EPOCH, null, "m")),
                d.rules()));
        edits.put("a credential's status", d -> new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), d.persons(),
                replaced(d.credentials(), 0, withStatus(d.credentials().get(0), CredentialStatus.SUSPENDED)), d.schedules(),
                d.accessLevels(), d.grants(), d.rules()));
        edits.forEach((what, edit) -> assertThat(hashOf(edit)).as(what).isNotEqualTo(h));
    }

    @Test
    void theHashDependsOnTheRowsNotOnTheOrderTheyAreListedIn() {
        PolicyData d = new TestSite().data();
        List<Person> persons = new ArrayList<>(d.persons());
        Collections.reverse(persons);
        List<Credential> credentials = new ArrayList<>(d.credentials());
        Collections.reverse(credentials);
        PolicyData reordered = new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), persons, credentials, d.schedules(),
                d.accessLevels(), d.grants(), d.rules());
        assertThat(PolicySnapshot.contentHashOf(reordered)).isEqualTo(PolicySnapshot.contentHashOf(d))
                .isEqualTo(PolicySnapshot.compile(3, d).contentHash());
    }

    @Test
    void aPatchedSnapshotHasTheHashOfTheDataItHoldsAfterEveryKindOfChange() {
        PolicySnapshot s = new TestSite().snapshot();
        PolicyData d = s.data();
        Credential first = d.credentials().get(0);
        Map<String, Credential> creds = new HashMap<>();
        creds.put(first.id(), withStatus(first, CredentialStatus.REVOKED));
        creds.put("c-new", new Credential("c-new", io.cagekeeper.policy.model.CardNumber.h10301(26, 9999), "carl", CredentialStatus.ACTIVE, TestSite.EPOCH, null, null, null, null));
        Map<String, Person> persons = new HashMap<>();
        persons.put("zed", new Person("zed", "Zed", PersonType.EMPLOYEE, null));
        persons.put("vera", null);
        Map<String, Grant> grants = new HashMap<>();
        grants.put("g-new", new Grant("g-new", "zed", d.accessLevels().get(0).id(), TestSite.EPOCH, null, "m"));
        PolicyDelta delta = new PolicyDelta(2, persons, creds, grants, null);
        PolicySnapshot patched = s.patch(delta);
        assertThat(patched.contentHash()).isEqualTo(PolicySnapshot.contentHashOf(delta.applyTo(d)))
                .isEqualTo(PolicySnapshot.compile(2, delta.applyTo(d)).contentHash()).isNotEqualTo(s.contentHash());
        assertThat(s.contentHash()).as("the snapshot patched from is unchanged").isEqualTo(PolicySnapshot.contentHashOf(d));
    }

    @Test
    void aHashRecordedInTheSchemeBeforeV2StillVerifiesAndAWrongOneDoesNot() {
        PolicySnapshot s = new TestSite().snapshot();
        String v1 = ContentHash.v1(s.data());
        assertThat(v1).matches("[0-9a-f]{64}");
        assertThat(s.hasContentHash(v1)).isTrue();
        assertThat(s.hasContentHash(s.contentHash())).isTrue();
        assertThat(PolicySnapshot.contentHashMatches(s.data(), v1)).isTrue();
        TestSite other = new TestSite();
        other.grants.add(new Grant("g-x", "carl", "all", TestSite.EPOCH, null, "m"));
        String otherV1 = ContentHash.v1(other.data());
        assertThat(s.hasContentHash(otherV1)).isFalse();
        assertThat(s.hasContentHash("v2:" + "0".repeat(64))).isFalse();
        assertThat(s.hasContentHash(null)).isFalse();
    }

    @Test
    void rowDigestsPatchedInRandomStepsEqualTheDigestsBuiltFromTheResult() {
        Random random = new Random(42);
        Map<String, String> rows = new HashMap<>();
        RowDigests digests = RowDigests.build(List.of(), Map.Entry<String, String>::getKey, e -> e.getValue().getBytes());
        for (int step = 0; step < 200; step++) {
            List<String> changed = new ArrayList<>();
            for (int k = 0, n = 1 + random.nextInt(step % 10 == 0 ? 3_000 : 5); k < n; k++) {
                String id = "row-" + random.nextInt(5_000);
                changed.add(id);
                if (random.nextInt(4) == 0) {
                    rows.remove(id);
                } else {
                    rows.put(id, "v" + random.nextInt());
                }
            }
            digests = digests.patch(changed, id -> rows.containsKey(id) ? rows.get(id).getBytes() : null);
            List<Map.Entry<String, String>> all = new ArrayList<>(rows.entrySet());
            Collections.shuffle(all, random);
            RowDigests built = RowDigests.build(all, Map.Entry::getKey, e -> e.getValue().getBytes());
            assertThat(digests.root()).as("step %d", step).isEqualTo(built.root());
            assertThat(digests.size()).isEqualTo(rows.size());
        }
        List<String> everything = new ArrayList<>(rows.keySet());
        rows.clear();
        assertThat(digests.patch(everything, id -> null).root()).as("emptied")
                .isEqualTo(RowDigests.build(List.<String>of(), x -> x, String::getBytes).root());
    }

    private static <T> List<T> replaced(List<T> list, int i, T value) {
        List<T> out = new ArrayList<>(list);
        out.set(i, value);
        return out;
    }

    private static <T> List<T> append(List<T> list, T value) {
        List<T> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }

    private static Credential withStatus(Credential c, CredentialStatus status) {
        return new Credential(c.id(), c.card(), c.personId(), status, c.validFrom(), c.validUntil(), c.statusChangedAt(),
                c.statusChangedBy(), c.pinHash());
    }
}
