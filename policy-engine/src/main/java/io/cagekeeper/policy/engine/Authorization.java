package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
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

    /** Grant slot of the first grant that opens {@code door} now, or -1 after recording why none does. */
    static int grant(PolicySnapshot s, int person, Person p, Door door, int doorIndex, Instant at, String card,
                     Judgement j) {
        long localSeconds = s.clock().localSeconds(at);
        int nano = at.getNano();
        ReasonCode nearest = ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR;
        int nearestSlot = -1;
        for (int slot = s.grantSlotsStart(person), end = s.grantSlotsEnd(person); slot < end; slot++) {
            int schedule = s.scheduleFor(slot, doorIndex);
            if (schedule < 0) {
                continue;
            }
            if (!s.grantValidAt(slot, at)) {
                if (nearest == ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR) {
                    nearest = ReasonCode.GRANT_NOT_VALID_NOW;
                    nearestSlot = slot;
                }
                continue;
            }
            if (!s.scheduleOpen(schedule, localSeconds, nano)) {
                nearest = ReasonCode.OUTSIDE_SCHEDULE;
                nearestSlot = slot;
                continue;
            }
            return slot;
        }
        String who = p.name() + " (" + card + ")";
        switch (nearest) {
            case GRANT_NOT_VALID_NOW -> j.deny(nearest, s.decidedByOfSlot(nearestSlot),
                    "Denied: " + who + " has a grant for " + door.name() + " that is not valid now");
            case OUTSIDE_SCHEDULE -> j.deny(nearest, s.decidedByOfSlot(nearestSlot),
                    "Denied: " + who + " is outside the schedule for " + door.name() + " at "
                            + Sentences.localFromSeconds(localSeconds));
            default -> j.deny(nearest, "rule:access-level", "Denied: " + who + " has no access level for " + door.name());
        }
        return -1;
    }

    /**
     * The visit admitting visitor {@code p} through {@code door} now, or null after recording why none
     * does. An entry needs a visit covering the zone entered; an exit one covering either side, so a
     * visitor is never shut inside the zone of their own visit.
     */
    static Visit visit(PolicySnapshot s, Person p, Door door, boolean entry, Instant at, String card, Judgement j) {
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
            j.deny(ReasonCode.VISIT_WITHOUT_ESCORT, "visit:" + withoutEscort.id(),
                    "Denied: visitor " + p.name() + " (" + card + ") has visit " + withoutEscort.id()
                            + " with no escort named");
        } else {
            j.deny(ReasonCode.VISIT_NOT_APPROVED, "rule:visit",
                    "Denied: visitor " + p.name() + " (" + card + ") has no approved visit for " + door.name() + " now");
        }
        return null;
    }
}
