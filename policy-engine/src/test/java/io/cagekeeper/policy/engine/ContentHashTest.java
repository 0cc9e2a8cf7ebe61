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
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Visit;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The content hash (v3): a function of the data as a set of rows, kept up to date by patches at the
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
        assertThat(s.hasContentHash("v3:" + "0".repeat(64))).isFalse();
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

    // ---- the scheme is pinned: recorded hashes must keep verifying ----

    /** TestSite's data hashed once with the schemes as they are; a change here orphans every recorded hash. */
    private static final String TEST_SITE_V3 = "v3:3538d3f449aa1f7da1262395b6309a6529fb86f20fb3af4efcc61b4babbdf83e";
    private static final String TEST_SITE_V2 = "v2:9056c6dcbc853dd258756f5b3b66d702d13fc3ee1920f83f05f003e31158abf7";
    private static final String TEST_SITE_V1 = "55bc3be5fc97c030e777578c4cc89294ac2e7878d018ad27c7045f2ddb63ff61";
    private static final String TEST_SITE_WITH_A_VISIT_V1 = "ad318eac438e07c7c0c124d11000949b04a76a7b2bf30ce5783d4a9417ffb502";

    @Test
    void theHashOfAFixedPolicyNeverChangesInAnyScheme() {
        PolicyData d = new TestSite().data();
        assertThat(PolicySnapshot.contentHashOf(d)).isEqualTo(TEST_SITE_V3);
        assertThat(PolicySnapshot.compile(9, d).contentHash()).isEqualTo(TEST_SITE_V3);
        assertThat(ContentHash.v2(d)).as("v2 is still computed as it was").isEqualTo(TEST_SITE_V2);
        assertThat(PolicySnapshot.compile(9, d).hasContentHash(TEST_SITE_V2)).as("a v2 record still verifies").isTrue();
        assertThat(PolicySnapshot.contentHashMatches(d, TEST_SITE_V3)).isTrue();
        assertThat(ContentHash.v1(d)).as("no rules beyond the defaults: hashed as before rules existed").isEqualTo(TEST_SITE_V1);
        TestSite withVisit = new TestSite();
        withVisit.visits.add(new Visit("v", "vera", "hall", TestSite.EPOCH, TestSite.WED_10, "bob", "r"));
        assertThat(ContentHash.v1(withVisit.data())).as("rules are hashed once there are any").isEqualTo(TEST_SITE_WITH_A_VISIT_V1);
        assertThat(PolicySnapshot.contentHashMatches(d, TEST_SITE_V1)).isTrue();
        assertThat(PolicySnapshot.contentHashMatches(d, TEST_SITE_V2)).isTrue();
        assertThat(PolicySnapshot.contentHashMatches(withVisit.data(), TEST_SITE_V1)).isFalse();
        assertThat(PolicySnapshot.contentHashMatches(withVisit.data(), TEST_SITE_V2)).isFalse();
        assertThat(PolicySnapshot.contentHashMatches(withVisit.data(), TEST_SITE_V3)).as("the current scheme too").isFalse();
        assertThat(PolicySnapshot.compile(1, withVisit.data()).hasContentHash(TEST_SITE_V3)).isFalse();
        assertThat(PolicySnapshot.contentHashMatches(d, null)).isFalse();
    }

    // ---- every field of every bulky row is hashed, absent values included ----

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** Each rendering differs from every other: the base row and one variant per field. */
    private static <R> void allRenderDifferently(List<R> rows, java.util.function.Function<R, byte[]> render) {
        Set<String> seen = new java.util.HashSet<>();
        for (R r : rows) {
            assertThat(seen.add(new String(render.apply(r), java.nio.charset.StandardCharsets.UTF_8))).as("%s", r).isTrue();
        }
    }

    @Test
    void everyFieldOfAPersonIsHashedAbsentTerminationIncluded() {
        List<Person> variants = List.of(
                new Person("p", "P", PersonType.EMPLOYEE, null),
                new Person("q", "P", PersonType.EMPLOYEE, null),
                new Person("p", "Q", PersonType.EMPLOYEE, null),
                new Person("p", "P", PersonType.VISITOR, null),
                new Person("p", "P", PersonType.EMPLOYEE, T),
                new Person("p", "P", PersonType.EMPLOYEE, T.plusNanos(1)),
                new Person("p", "P", PersonType.EMPLOYEE, T.plusSeconds(1)),
                new Person("p", "-", PersonType.EMPLOYEE, null));
        allRenderDifferently(variants, ContentHash::person);
        Set<String> hashes = new java.util.HashSet<>();
        for (Person p : variants) {
            TestSite site = new TestSite();
            site.persons.add(p);
            assertThat(hashes.add(PolicySnapshot.contentHashOf(site.data()))).as("%s", p).isTrue();
        }
    }

    @Test
    void everyFieldOfACredentialIsHashedAbsentValuesAndThePinIncluded() {
        CardNumber card = CardNumber.h10301(1, 2);
        List<Credential> variants = List.of(
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("d", card, "p", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("c", CardNumber.c1000(1, 2), "p", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("c", CardNumber.h10301(2, 2), "p", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("c", CardNumber.h10301(1, 3), "p", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("c", card, "q", CredentialStatus.ACTIVE, T, null, null, null, null),
                new Credential("c", card, "p", CredentialStatus.LOST, T, null, null, null, null),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T.plusNanos(5), null, null, null, null),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, T.plusSeconds(9), null, null, null),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, null, T, null, null),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, null, null, "ops", null),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, null, null, null, "$argon2id$x"),
                new Credential("c", card, "p", CredentialStatus.ACTIVE, T, null, null, null, "-"));
        allRenderDifferently(variants, ContentHash::credential);
        Set<String> v2 = new java.util.HashSet<>();
        Set<String> v1 = new java.util.HashSet<>();
        for (Credential c : variants) {
            TestSite site = new TestSite();
            site.credentials.add(c);
            assertThat(v2.add(PolicySnapshot.contentHashOf(site.data()))).as("v2 %s", c).isTrue();
            assertThat(v1.add(ContentHash.v1(site.data()))).as("v1 %s", c).isTrue();
        }
    }

    @Test
    void everyFieldOfAGrantIsHashedAnOpenEndIncluded() {
        List<Grant> variants = List.of(
                new Grant("g", "p", "all", T, null, "m"),
                new Grant("h", "p", "all", T, null, "m"),
                new Grant("g", "q", "all", T, null, "m"),
                new Grant("g", "p", "office", T, null, "m"),
                new Grant("g", "p", "all", T.minusNanos(1), null, "m"),
                new Grant("g", "p", "all", T, T.plusSeconds(60), "m"),
                new Grant("g", "p", "all", T, T.plusSeconds(61), "m"),
                new Grant("g", "p", "all", T, null, "n"));
        allRenderDifferently(variants, ContentHash::grant);
        Set<String> hashes = new java.util.HashSet<>();
        for (Grant g : variants) {
            TestSite site = new TestSite();
            site.grants.add(g);
            assertThat(hashes.add(PolicySnapshot.contentHashOf(site.data()))).as("%s", g).isTrue();
        }
    }

    @Test
    void readersAccessLevelsAndTunablesAreHashedToo() {
        String h = hashOf(d -> d);
        PolicyData base = new TestSite().data();
        List<Reader> readers = new ArrayList<>(base.readers());
        readers.set(0, new Reader(readers.get(0).id(), readers.get(0).doorId(), ReaderSide.EXIT));
        assertThat(hashOf(d -> new PolicyData(d.site(), d.zones(), d.doors(), readers, d.persons(), d.credentials(), d.schedules(),
                d.accessLevels(), d.grants(), d.rules()))).isNotEqualTo(h);
        List<AccessLevel> levels = new ArrayList<>(base.accessLevels());
        levels.set(1, new AccessLevel("office", "Office", List.of(new DoorSchedule("hall", "always"))));
        assertThat(hashOf(d -> new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), d.persons(), d.credentials(), d.schedules(),
                levels, d.grants(), d.rules()))).isNotEqualTo(h);
        PolicyRules r = base.rules();
        PolicyRules morePins = new PolicyRules(r.doorModes(), r.holidayCalendars(), r.scheduleOverrides(), r.zonePolicies(), r.visits(),
                r.restrictions(), r.threatRules(), r.pinMaxFailures() + 1, r.escortWindowSeconds());
        assertThat(hashOf(d -> d.withRules(morePins))).isNotEqualTo(h);
        assertThat(ContentHash.v1(base.withRules(morePins))).isNotEqualTo(ContentHash.v1(base));
    }

    /** Two zones, and one zone whose name spells the end of the first and the whole second: not the same small parts. */
    @Test
    void aRowWhoseTextLooksLikeTwoRowsDoesNotHashLikeThem() {
        PolicyData d = new TestSite().data();
        List<Zone> two = List.of(new Zone("a", "x", "site"), new Zone("b", "y", "site"));
        List<Zone> one = List.of(new Zone("a", "x, parentId=site]Zone[id=b, name=y", "site"));
        assertThat(two.get(0).toString() + two.get(1)).as("the renderings concatenate alike").isEqualTo(one.get(0).toString());
        assertThat(ContentHash.small(d.site(), two, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()))
                .isNotEqualTo(ContentHash.small(d.site(), one, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()));
    }

    /** A zone whose text ends like a door, and no door, is not that zone and that door: the parts are delimited. */
    @Test
    void aRowCannotMoveFromOnePartOfThePolicyToTheNext() {
        PolicyData d = new TestSite().data();
        Door door = new Door("d", "n", "f", "t", "g, parentId=X");
        Zone zone = new Zone("a", "x", "site");
        Zone crafted = new Zone("a", "x, parentId=site]\nDoor[id=d, name=n, fromZone=f, toZone=t, interlockGroup=g", "X");
        assertThat(zone + "\n" + door).as("the renderings run on alike").isEqualTo(crafted.toString());
        assertThat(ContentHash.small(d.site(), List.of(zone), List.of(door), d.readers(), d.schedules(), d.accessLevels(), d.rules()))
                .isNotEqualTo(ContentHash.small(d.site(), List.of(crafted), List.of(), d.readers(), d.schedules(), d.accessLevels(),
                        d.rules()));
    }

    /**
     * The flaw v3 mends: under v2 a zone whose name holds a newline and the text of a second zone hashed
     * like the two zones, so an archived policy could be swapped for a different one with the same hash.
     */
    @Test
    void aNameHoldingANewlineAndAnotherZonesTextNoLongerHashesLikeTwoZones() {
        PolicyData d = new TestSite().data();
        List<Zone> two = List.of(new Zone("a", "x", "site"), new Zone("b", "y", "site"));
        List<Zone> one = List.of(new Zone("a", "x, parentId=site]\nZone[id=b, name=y", "site"));
        assertThat(ContentHash.smallV2(d.site(), two, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()))
                .as("v2 cannot tell them apart")
                .isEqualTo(ContentHash.smallV2(d.site(), one, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()));
        assertThat(ContentHash.small(d.site(), two, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()))
                .isNotEqualTo(ContentHash.small(d.site(), one, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()));
        assertThat(PolicySnapshot.contentHashOf(withZones(d, two))).isNotEqualTo(PolicySnapshot.contentHashOf(withZones(d, one)));
    }

    /** Within one record: text moved from one field into the next (the zone's parent changes) is a different hash. */
    @Test
    void textMovedFromOneFieldIntoTheNextChangesTheHash() {
        PolicyData d = new TestSite().data();
        List<Zone> a = List.of(new Zone("a", "x, parentId=y", "z"));
        List<Zone> b = List.of(new Zone("a", "x", "y, parentId=z"));
        assertThat(a.get(0).toString()).as("the renderings are equal").isEqualTo(b.get(0).toString());
        assertThat(ContentHash.small(d.site(), a, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()))
                .isNotEqualTo(ContentHash.small(d.site(), b, d.doors(), d.readers(), d.schedules(), d.accessLevels(), d.rules()));
    }

    @Test
    void aV3SnapshotStillVerifiesTheV2AndV1HashesOfItsData() {
        PolicySnapshot s = new TestSite().snapshot();
        PolicyData d = s.data();
        assertThat(s.hasContentHash(ContentHash.v2(d))).isTrue();
        assertThat(s.hasContentHash(ContentHash.v1(d))).isTrue();
        TestSite other = new TestSite();
        other.zones.add(new Zone("extra", "Extra", "site"));
        assertThat(s.hasContentHash(ContentHash.v2(other.data()))).as("another policy's v2 hash").isFalse();
        assertThat(s.hasContentHash(PolicySnapshot.contentHashOf(other.data()))).as("another policy's v3 hash").isFalse();
    }

    private static PolicyData withZones(PolicyData d, List<Zone> zones) {
        return new PolicyData(d.site(), zones, d.doors(), d.readers(), d.persons(), d.credentials(), d.schedules(), d.accessLevels(),
                d.grants(), d.rules());
    }
}
