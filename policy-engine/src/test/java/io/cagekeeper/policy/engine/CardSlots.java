package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Restriction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a snapshot's card slots must say about every badge, derived from the data alone (so it checks
 * a compiled and a patched snapshot alike): whose badge it is, the owner's grant slots (sorted by
 * grant id), the single grant inlined when there is exactly one, and the fast-path bounds, which are
 * exactly the whole seconds lying inside the badge's (and its first grant's) validity: never wider
 * (a wrong grant), and not narrower (the fast path given up for nothing).
 */
final class CardSlots {

    private static final long LAST_SECOND = 0xFFFF_FFFFL - 1;   // the packed bounds' range: 1970 .. 2106

    private CardSlots() {
    }

    /**
     * Checks every credential of {@code data} in {@code s}, the bounds at the seconds around the badge's, its owner's
     * termination and its first grant's (and at {@code extra}).
     */
    static void check(PolicySnapshot s, PolicyData data, long... extra) {
        Map<String, Person> persons = data.persons().stream().collect(Collectors.toMap(Person::id, p -> p));
        Map<String, List<Grant>> grants = new HashMap<>();
        for (Grant g : data.grants()) {
            grants.computeIfAbsent(g.personId(), k -> new ArrayList<>()).add(g);
        }
        grants.values().forEach(l -> l.sort(Comparator.comparing(Grant::id)));
        Map<String, Integer> levelIndex = new HashMap<>();
        List<AccessLevel> levels = data.accessLevels();
        for (int i = 0; i < levels.size(); i++) {
            levelIndex.put(levels.get(i).id(), i);
        }
        Set<String> restricted = data.rules().restrictions().stream().map(Restriction::personId).collect(Collectors.toSet());
        for (Credential c : data.credentials()) {
            int slot = s.cardSlot(c.card());
            assertThat(slot).as("%s is in the card table", c.id()).isGreaterThanOrEqualTo(0);
            assertThat(s.credentialAt(s.credentialOfSlot(slot))).isEqualTo(c);
            Person p = persons.get(c.personId());
            int pi = s.personOfSlot(slot);
            List<Grant> own = p == null ? List.of() : grants.getOrDefault(p.id(), List.of());
            if (p == null) {
                assertThat(pi).as("%s: no known owner", c.id()).isEqualTo(-1);
                assertThat(s.grantSlotsStartOfCard(slot)).as("%s: no grant slots without an owner", c.id()).isZero();
                assertThat(s.grantSlotsEndOfCard(slot)).isZero();
            } else {
                assertThat(s.personAt(pi)).isEqualTo(p);
                assertThat(s.grantSlotsStartOfCard(slot)).isEqualTo(s.grantSlotsStart(pi));
                assertThat(s.grantSlotsEndOfCard(slot)).isEqualTo(s.grantSlotsEnd(pi));
                List<String> inSlots = new ArrayList<>();
                for (int k = s.grantSlotsStart(pi); k < s.grantSlotsEnd(pi); k++) {
                    inSlots.add(s.decidedByOfSlot(k));
                }
                assertThat(inSlots).as("%s: the owner's grants, by id", c.id())
                        .isEqualTo(own.stream().map(g -> "grant:" + g.id()).toList());
            }
            Grant first = own.isEmpty() ? null : own.get(0);
            int firstLevel = first == null ? -1 : levelIndex.get(first.accessLevelId());
            boolean inlined = own.size() == 1 && firstLevel < CardTable.NO_LEVEL;
            assertThat(s.singleInlinedGrant(slot)).as("%s: one grant inlined", c.id()).isEqualTo(inlined);
            if (first == null || firstLevel >= CardTable.NO_LEVEL) {
                assertThat(s.firstLevelOfCard(slot)).as("%s: no level inlined", c.id()).isEqualTo(CardTable.NO_LEVEL);
            } else {
                assertThat(s.firstLevelOfCard(slot)).as("%s: the first grant's level", c.id()).isEqualTo(firstLevel);
            }
            TreeSet<Long> seconds = new TreeSet<>();
            for (long e : extra) {
                seconds.add(e);
            }
            around(seconds, c.validFrom(), c.validUntil());
            around(seconds, p == null ? null : p.terminatedAt(), null);
            around(seconds, first == null ? null : first.validFrom(), first == null ? null : first.validUntil());
            for (long t : seconds) {
                boolean usable = c.status() == CredentialStatus.ACTIVE && p != null && p.type() != PersonType.VISITOR
                        && !restricted.contains(p.id()) && wholeSecondInside(t, c.validFrom(), c.validUntil())
                        && (p.terminatedAt() == null || !Instant.ofEpochSecond(t + 1).isAfter(p.terminatedAt()));
                assertThat(s.plainlyUsable(slot, t)).as("%s plainly usable in second %s", c.id(), Instant.ofEpochSecond(t))
                        .isEqualTo(usable);
                boolean firstValid = first != null && wholeSecondInside(t, first.validFrom(), first.validUntil());
                assertThat(s.firstGrantPlainlyValid(slot, t)).as("%s: first grant surely valid in second %s", c.id(),
                        Instant.ofEpochSecond(t)).isEqualTo(firstValid);
            }
        }
    }

    /** The second [t, t + 1) lies inside [from, until) and inside the packed range. */
    static boolean wholeSecondInside(long t, Instant from, Instant until) {
        return t >= 0 && t <= LAST_SECOND && !Instant.ofEpochSecond(t).isBefore(from)
                && (until == null || !Instant.ofEpochSecond(t + 1).isAfter(until));
    }

    private static void around(TreeSet<Long> seconds, Instant a, Instant b) {
        for (Instant i : new Instant[] {a, b}) {
            if (i != null) {
                for (long d = -1; d <= 1; d++) {
                    seconds.add(i.getEpochSecond() + d);
                }
            }
        }
    }
}
