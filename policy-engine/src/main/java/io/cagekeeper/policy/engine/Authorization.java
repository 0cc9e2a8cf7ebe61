package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.Visit;
import java.time.Instant;

/**
 * The positive side of a decision: which grant (for staff) or visit (for visitors) lets this person
 * through this door now. When none does, the nearest miss is recorded as the deny reason, so the
 * sentence says what to fix ("outside the schedule" rather than just "no access").
 */
final class Authorization {

    private Authorization() {
    }

    /**
     * The grant search shared by the full path and the fast path: the slot of the first grant in
     * [{@code start}, {@code end}) (one person's slots) that opens {@code door} now (&gt;= 0); otherwise the nearest miss, encoded as
     * {@link #NO_LEVEL}, or {@code -2 - 2 * slot} for a grant not valid now and {@code -3 - 2 * slot}
     * for one outside its schedule (see {@link #missCode} and {@link #missSlot}).
     */
    static int search(PolicySnapshot s, int start, int end, int doorIndex, Instant at, long localSeconds) {
        int nano = at.getNano();
        int nearest = NO_LEVEL;
        for (int slot = start; slot < end; slot++) {
            int schedule = s.scheduleFor(slot, doorIndex);
            if (schedule < 0) {
                continue;
            }
            if (!s.grantValidAt(slot, at)) {
                if (nearest == NO_LEVEL) {
                    nearest = -2 - 2 * slot;
                }
                continue;
            }
            if (!s.scheduleOpen(schedule, localSeconds, nano)) {
                nearest = -3 - 2 * slot;
                continue;
            }
            return slot;
        }
        return nearest;
    }

    /**
     * {@link #search} for an owner with a single grant, from what the card slot {@code cardSlot} holds
     * about it (level, surely-valid interval): the grant slots are read only for an instant near the
     * grant's bounds, where the exact check needs them.
     */
    static int searchInlined(PolicySnapshot s, int cardSlot, int doorIndex, Instant at, long localSeconds) {
        int schedule = s.scheduleForLevel(s.firstLevelOfCard(cardSlot), doorIndex);
        if (schedule < 0) {
            return NO_LEVEL;
        }
        int grantSlot = s.grantSlotsStartOfCard(cardSlot);
        if (!s.firstGrantPlainlyValid(cardSlot, at.getEpochSecond())) {
            return search(s, grantSlot, grantSlot + 1, doorIndex, at, localSeconds);
        }
        return s.scheduleOpen(schedule, localSeconds, at.getNano()) ? grantSlot : -3 - 2 * grantSlot;
    }

    /** {@link #search} found no level for the door at all. */
    static final int NO_LEVEL = -1;

    /** The deny reason of a miss returned by {@link #search}. */
    static ReasonCode missCode(int miss) {
        return miss == NO_LEVEL ? ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR
                : (miss & 1) == 0 ? ReasonCode.GRANT_NOT_VALID_NOW : ReasonCode.OUTSIDE_SCHEDULE;
    }

    /** The grant slot of a miss returned by {@link #search} (undefined for {@link #NO_LEVEL}). */
    static int missSlot(int miss) {
        return (-2 - miss) >> 1;
    }

    /** {@code decidedBy} of a miss. */
    static String missDecidedBy(PolicySnapshot s, int miss) {
        return miss == NO_LEVEL ? "rule:access-level" : s.decidedByOfSlot(missSlot(miss));
    }

    /** The sentence of a miss. */
    static String missSentence(PolicySnapshot s, int miss, String name, CardNumber card, Door door, long localSeconds) {
        String who = name + " (" + card + ")";
        return switch (missCode(miss)) {
            case GRANT_NOT_VALID_NOW -> "Denied: " + who + " has a grant for " + door.name() + " that is not valid now";
            case OUTSIDE_SCHEDULE -> "Denied: " + who + " is outside the schedule for " + door.name() + " at "
                    + Sentences.localFromSeconds(localSeconds);
            default -> "Denied: " + who + " has no access level for " + door.name();
        };
    }

    /** Grant slot of the first grant that opens {@code door} now, or -1 after recording why none does. */
    static int grant(PolicySnapshot s, int person, Person p, Door door, int doorIndex, Instant at, CardNumber card,
                     Judgement j) {
        long localSeconds = s.clock().localSeconds(at);
        int found = search(s, s.grantSlotsStart(person), s.grantSlotsEnd(person), doorIndex, at, localSeconds);
        if (found >= 0) {
            return found;
        }
        j.deny(missCode(found), missDecidedBy(s, found), () -> missSentence(s, found, p.name(), card, door, localSeconds));
        return -1;
    }

    /**
     * The visit admitting visitor {@code p} through {@code door} now, or null after recording why none
     * does. An entry needs a visit covering the zone entered; an exit one covering either side, so a
     * visitor is never shut inside the zone of their own visit.
     */
    static Visit visit(PolicySnapshot s, Person p, Door door, boolean entry, Instant at, CardNumber card, Judgement j) {
        Visit withoutEscort = null;
        for (Visit v : s.visitsOf(p.id())) {
            if (!v.validAt(at)) {
                continue;
            }
            boolean covers = entry ? s.zoneWithin(door.toZone(), v.zoneId())
                    : s.zoneWithin(door.fromZone(), v.zoneId()) || s.zoneWithin(door.toZone(), v.zoneId());
            if (!covers) {
                continue;
            }
            if (v.escortPersonId() != null) {
                return v;
            }
            withoutEscort = v;
        }
        if (withoutEscort != null) {
            Visit v = withoutEscort;
            j.deny(ReasonCode.VISIT_WITHOUT_ESCORT, "visit:" + v.id(),
                    () -> "Denied: visitor " + p.name() + " (" + card + ") has visit " + v.id()
                            + " with no escort named");
        } else {
            j.deny(ReasonCode.VISIT_NOT_APPROVED, "rule:visit",
                    () -> "Denied: visitor " + p.name() + " (" + card + ") has no approved visit for " + door.name() + " now");
        }
        return null;
    }
}
