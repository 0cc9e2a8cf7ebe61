package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The incremental patch is the full compile: for random sequences of deltas over a generated policy
 * (badges revoked, added, re-carded, moved between persons, given new validity; persons added,
 * removed, terminated, turned visitor; grants added, removed, moved, changed; now and then the small
 * parts replaced), at every version the patched snapshot has the data and the content hash of the
 * snapshot compiled from {@code delta.applyTo(previous data)}, and decides every request exactly as
 * it does, on the fast and on the full path, and its card slots say what the data says (see
 * {@link CardSlots}: fast-path bounds are not visible in decisions). Snapshots patched from stay as they were.
 */
class PatchedSnapshotPropertiesTest {

    private final PolicyEngine engine = new PolicyEngine(RichPolicy::verify);

    @Property(tries = 60)
    void atEveryVersionThePatchedSnapshotIsTheCompiledOne(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RichPolicy policy = RichPolicy.generate(20 + rnd.nextInt(60), seed);
        PolicyData data = byId(policy.data);
        Deltas deltas = new Deltas(rnd, policy);
        PolicySnapshot snapshot = PolicySnapshot.compile(1, data);
        List<PolicySnapshot> history = new ArrayList<>();
        List<PolicyData> historyData = new ArrayList<>();
        List<String> historyHash = new ArrayList<>();
        int steps = 6 + rnd.nextInt(10);
        for (int v = 2; v < 2 + steps; v++) {
            history.add(snapshot);
            historyData.add(data);
            historyHash.add(snapshot.contentHash());
            PolicyDelta delta = deltas.next(v, data);
            PolicyData expected;
            try {
                expected = delta.applyTo(data);
                PolicySnapshot.compile(v, expected);
            } catch (IllegalArgumentException refused) {
                PolicySnapshot before = snapshot;
                assertThatThrownBy(() -> before.patch(delta)).as("refused like the compile").isInstanceOf(IllegalArgumentException.class);
                assertThat(before.data()).isEqualTo(data);
                continue;
            }
            PolicySnapshot patched = snapshot.patch(delta);
            PolicySnapshot compiled = PolicySnapshot.compile(v, expected);
            assertThat(patched.version()).isEqualTo(v);
            boolean levelsKept = delta.small() == null || delta.small().accessLevels().equals(data.accessLevels());
            assertThat(patched.patched()).as("patched in place unless the access levels were renumbered").isEqualTo(levelsKept);
            assertThat(patched.data()).isEqualTo(expected).isEqualTo(compiled.data());
            assertThat(patched.contentHash()).isEqualTo(compiled.contentHash());
            CardSlots.check(patched, expected);
            sameDecisions(rnd, policy, deltas, patched, compiled);
            snapshot = patched;
            data = expected;
        }
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).data()).as("version %d after later patches", i + 1).isEqualTo(historyData.get(i));
            assertThat(history.get(i).contentHash()).isEqualTo(historyHash.get(i));
            CardSlots.check(history.get(i), historyData.get(i));
        }
        sameDecisions(rnd, policy, deltas, history.get(0), PolicySnapshot.compile(1, historyData.get(0)));
    }

    private void sameDecisions(SplittableRandom rnd, RichPolicy policy, Deltas deltas, PolicySnapshot patched,
                               PolicySnapshot compiled) {
        EngineState st = EngineState.initial();
        for (int i = 0; i < 150; i++) {
            if (i % 30 == 0) {
                st = RichPolicy.state(rnd);
            }
            AccessRequest r = deltas.request(rnd, policy);
            Outcome expected = engine.decide(compiled, st, r, true);
            for (boolean fast : new boolean[] {true, false}) {
                Outcome o = engine.decide(patched, st, r, fast);
                assertThat(o.decision()).as("%s", r).isEqualTo(expected.decision());
                assertThat(o.decision().sentence()).as("%s", r).isEqualTo(expected.decision().sentence());
                assertThat(o.decision().decidedBy()).as("%s", r).isEqualTo(expected.decision().decidedBy());
                assertThat(o.next()).as("%s", r).isEqualTo(expected.next());
                assertThat(o.facts()).as("%s", r).isEqualTo(expected.facts());
                assertThat(o.pinMatched()).as("%s", r).isEqualTo(expected.pinMatched());
            }
            st = expected.next();
        }
    }

    /** The policy as the store loads it: bulky lists ordered by id. */
    static PolicyData byId(PolicyData d) {
        List<Person> persons = new ArrayList<>(d.persons());
        persons.sort(Comparator.comparing(Person::id));
        List<Credential> creds = new ArrayList<>(d.credentials());
        creds.sort(Comparator.comparing(Credential::id));
        List<Grant> grants = new ArrayList<>(d.grants());
        grants.sort(Comparator.comparing(Grant::id));
        return new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), persons, creds, d.schedules(), d.accessLevels(),
                grants, d.rules());
    }

    /** Random deltas over the current data, and requests aimed at every card ever seen. */
    static final class Deltas {
        private final SplittableRandom rnd;
        private final List<CardNumber> cards = new ArrayList<>();
        private final List<String> personIds = new ArrayList<>();
        private int fresh;

        Deltas(SplittableRandom rnd, RichPolicy policy) {
            this.rnd = rnd;
            cards.addAll(policy.cards);
            personIds.addAll(policy.personIds);
            personIds.add("ghost3");
        }

        AccessRequest request(SplittableRandom r, RichPolicy policy) {
            AccessRequest base = policy.request(r);
            if (base.card() instanceof CardRead.Decoded && r.nextInt(3) > 0) {
                return new AccessRequest(base.readerId(), new CardRead.Decoded(cards.get(r.nextInt(cards.size()))), base.pin(),
                        base.bioMatch(), base.at());
            }
            return base;
        }

        PolicyDelta next(long version, PolicyData data) {
            Map<String, Person> persons = new HashMap<>();
            Map<String, Credential> creds = new HashMap<>();
            Map<String, Grant> grants = new HashMap<>();
            int size = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 25);
            for (int i = 0; i < size; i++) {
                switch (rnd.nextInt(12)) {
                    case 0, 1 -> credentialStatus(data, creds);
                    case 2 -> newCredential(creds);
                    case 3 -> cardChange(data, creds);
                    case 4 -> removeCredential(data, creds);
                    case 5 -> validity(data, creds);
                    case 6 -> person(data, persons);
                    case 7 -> removePerson(data, persons);
                    case 8, 9 -> grant(data, grants);
                    case 10 -> removeGrant(data, grants);
                    default -> moveCardBetween(data, creds);
                }
            }
            PolicyDelta.SmallParts small = rnd.nextInt(6) == 0 ? small(data) : null;
            return new PolicyDelta(version, persons, creds, grants, small);
        }

        private <T> T pick(List<T> list) {
            return list.isEmpty() ? null : list.get(rnd.nextInt(list.size()));
        }

        private Credential current(Map<String, Credential> creds, PolicyData data) {
            Credential c = pick(data.credentials());
            if (c != null && creds.containsKey(c.id())) {
                return creds.get(c.id());
            }
            return c;
        }

        private void credentialStatus(PolicyData data, Map<String, Credential> creds) {
            Credential c = current(creds, data);
            if (c != null) {
                CredentialStatus s = CredentialStatus.values()[rnd.nextInt(CredentialStatus.values().length)];
                creds.put(c.id(), new Credential(c.id(), c.card(), c.personId(), s, c.validFrom(), c.validUntil(),
                        RichPolicy.near(rnd), "user:" + rnd.nextInt(3), rnd.nextBoolean() ? c.pinHash() : "hash-new"));
            }
        }

        private CardNumber freshCard() {
            CardNumber card = CardNumber.c1000(9, 500_000 + fresh++);
            cards.add(card);
            return card;
        }

        private void newCredential(Map<String, Credential> creds) {
            String person = pick(personIds);
            String id = "c-new-" + fresh;
            CardNumber card = rnd.nextInt(8) == 0 ? pick(cards) : freshCard();   // sometimes a card already in use
            creds.put(id, new Credential(id, card, person, CredentialStatus.ACTIVE, Instant.parse("2020-01-01T00:00:00Z"),
                    rnd.nextInt(4) == 0 ? RichPolicy.near(rnd) : null, null, null, null));
        }

        private void cardChange(PolicyData data, Map<String, Credential> creds) {
            Credential c = current(creds, data);
            if (c != null) {
                creds.put(c.id(), new Credential(c.id(), freshCard(), rnd.nextInt(4) == 0 ? pick(personIds) : c.personId(),
                        c.status(), c.validFrom(), c.validUntil(), c.statusChangedAt(), c.statusChangedBy(), c.pinHash()));
            }
        }

        /** One badge's card goes to another badge, which gives its own card up, in the same delta. */
        private void moveCardBetween(PolicyData data, Map<String, Credential> creds) {
            Credential a = current(creds, data);
            Credential b = current(creds, data);
            if (a != null && b != null && !a.id().equals(b.id())) {
                creds.put(a.id(), new Credential(a.id(), freshCard(), a.personId(), a.status(), a.validFrom(), a.validUntil(),
                        a.statusChangedAt(), a.statusChangedBy(), a.pinHash()));
                creds.put(b.id(), new Credential(b.id(), a.card(), b.personId(), b.status(), b.validFrom(), b.validUntil(),
                        b.statusChangedAt(), b.statusChangedBy(), b.pinHash()));
            }
        }

        private void removeCredential(PolicyData data, Map<String, Credential> creds) {
            Credential c = pick(data.credentials());
            if (c != null) {
                creds.put(c.id(), null);
            }
        }

        private void validity(PolicyData data, Map<String, Credential> creds) {
            Credential c = current(creds, data);
            if (c != null) {
                Instant from = rnd.nextBoolean() ? RichPolicy.near(rnd) : Instant.parse("2020-01-01T00:00:00Z");
                Instant until = rnd.nextBoolean() ? null : from.plusSeconds(1 + rnd.nextInt(86_400)).plusNanos(rnd.nextInt(3) * 300_000_000L);
                creds.put(c.id(), new Credential(c.id(), c.card(), c.personId(), c.status(), from, until, c.statusChangedAt(),
                        c.statusChangedBy(), c.pinHash()));
            }
        }

        private void person(PolicyData data, Map<String, Person> persons) {
            String id = rnd.nextInt(3) == 0 ? pick(personIds) : "p-new-" + fresh++;
            if (!personIds.contains(id)) {
                personIds.add(id);
            }
            PersonType type = rnd.nextInt(4) == 0 ? PersonType.values()[rnd.nextInt(PersonType.values().length)] : PersonType.EMPLOYEE;
            persons.put(id, new Person(id, "Person " + id, type, rnd.nextInt(3) == 0 ? RichPolicy.near(rnd) : null));
        }

        private void removePerson(PolicyData data, Map<String, Person> persons) {
            Person p = pick(data.persons());
            if (p != null) {
                persons.put(p.id(), null);
            }
        }

        private void grant(PolicyData data, Map<String, Grant> grants) {
            Grant old = rnd.nextBoolean() ? pick(data.grants()) : null;
            String id = old != null ? old.id() : "g-new-" + fresh++;
            String person = old != null && rnd.nextBoolean() ? old.personId() : pick(personIds);
            String level = rnd.nextInt(30) == 0 ? "L-unknown" : pick(data.accessLevels()).id();
            Instant from = rnd.nextInt(3) == 0 ? RichPolicy.near(rnd) : Instant.parse("2020-01-01T00:00:00Z");
            Instant until = rnd.nextInt(3) == 0 ? from.plusSeconds(1 + rnd.nextInt(86_400)) : null;
            grants.put(id, new Grant(id, person, level, from, until, "approver-" + rnd.nextInt(5)));
        }

        private void removeGrant(PolicyData data, Map<String, Grant> grants) {
            Grant g = pick(data.grants());
            if (g != null) {
                grants.put(g.id(), null);
            }
        }

        /** New small parts: visits and restrictions changed, or now and then the access levels reordered. */
        private PolicyDelta.SmallParts small(PolicyData data) {
            PolicyRules r = data.rules();
            List<Restriction> restrictions = new ArrayList<>(r.restrictions());
            if (!restrictions.isEmpty() && rnd.nextBoolean()) {
                restrictions.remove(rnd.nextInt(restrictions.size()));
            } else {
                String person = pick(personIds);
                restrictions.add(new Restriction("r-new-" + fresh++, person, null, RichPolicy.near(rnd), null, "audit", "security"));
            }
            List<Visit> visits = new ArrayList<>(r.visits());
            if (!visits.isEmpty() && rnd.nextBoolean()) {
                visits.remove(rnd.nextInt(visits.size()));
            }
            PolicyRules rules = new PolicyRules(r.doorModes(), r.holidayCalendars(), r.scheduleOverrides(), r.zonePolicies(), visits,
                    restrictions, r.threatRules(), r.pinMaxFailures(), r.escortWindowSeconds());
            List<AccessLevel> levels = new ArrayList<>(data.accessLevels());
            if (rnd.nextInt(4) == 0) {
                java.util.Collections.reverse(levels);
            }
            return new PolicyDelta.SmallParts(data.site(), data.zones(), data.doors(), data.readers(), data.schedules(), levels, rules);
        }
    }
}
