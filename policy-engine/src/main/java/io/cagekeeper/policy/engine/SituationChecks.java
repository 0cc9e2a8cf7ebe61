package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deny rules that depend on the situation rather than on the badge: explicit restrictions, the threat
 * level, mantrap interlocks and anti-passback. Each only adds deny reasons; none can grant.
 */
final class SituationChecks {

    private SituationChecks() {
    }

    /** Restrictions apply to entries only: a restriction must never trap a person inside a zone. */
    static void restrictions(PolicySnapshot s, Person p, Door door, Instant at, CardNumber card, Judgement j) {
        List<Restriction> rs = s.restrictionsOf(p.id());
        for (int i = 0; i < rs.size(); i++) {
            Restriction r = rs.get(i);
            if (r.validAt(at) && (r.zoneId() == null || s.zoneWithin(door.toZone(), r.zoneId()))) {
                j.deny(ReasonCode.PERSON_RESTRICTED, "restriction:" + r.id(),
                        () -> "Denied: " + p.name() + " (" + card + ") is restricted from "
                                + (r.zoneId() == null ? "the site" : r.zoneId()) + " by " + r.createdBy() + ": " + r.reason());
                return;
            }
        }
    }

    /** Entries only: a threat level restricts who may come in, never who may leave. */
    static void threat(PolicySnapshot s, EngineState state, Person p, String grantLevel, CardNumber card, Judgement j) {
        ThreatLevel level = state.threatLevel();
        if (level == ThreatLevel.NORMAL) {
            return;
        }
        ThreatRule rule = s.threatRule(level);
        boolean allowed;
        if (rule == null) {
            allowed = level == ThreatLevel.ELEVATED && p.type() == PersonType.EMPLOYEE;
        } else {
            allowed = rule.personTypes().contains(p.type())
                    || grantLevel != null && rule.accessLevelIds().contains(grantLevel);
        }
        if (!allowed) {
            j.deny(ReasonCode.THREAT_LEVEL_RESTRICTED, "rule:threat-level",
                    () -> "Denied: " + p.name() + " (" + card + ") may not enter while the site is at " + level);
        }
    }

    static void interlock(PolicySnapshot s, EngineState state, Door door, Judgement j) {
        if (door.interlockGroup() == null) {
            return;
        }
        for (String other : s.interlockPartners(door)) {
            boolean open = state.openDoors().contains(other);
            if (open || state.released().contains(other)) {
                Door o = s.door(other);
                j.deny(ReasonCode.INTERLOCK_BUSY, "rule:interlock:" + door.interlockGroup(),
                        () -> "Denied: " + door.name() + " stays locked while " + (o == null ? other : o.name())
                                + " of its mantrap is " + (open ? "open" : "released"));
                return;
            }
        }
    }

    /**
     * Anti-passback of the zone the door leads into. Returns true for a SOFT violation (grant and
     * record); HARD and TIMED violations are recorded as denies.
     */
    static boolean antiPassback(PolicySnapshot s, EngineState state, ZonePolicy zp, Person p, Door door,
                                boolean entry, Instant at, CardNumber card, Judgement j) {
        if (zp == null || zp.apb() == ApbMode.NONE) {
            return false;
        }
        ApbMark mark = state.apbMark(p.id(), zp.zoneId());
        if (mark == null) {
            return false;   // never seen: a first passage is always consistent
        }
        String zone = zoneName(s, zp.zoneId());
        if (zp.apb() == ApbMode.TIMED) {
            if (entry && mark.inside() && at.isBefore(mark.at().plus(Duration.ofMinutes(zp.apbMinutes())))) {
                j.deny(ReasonCode.APB_TIMED_REENTRY, "rule:anti-passback:" + zp.zoneId(),
                        () -> "Denied: " + p.name() + " (" + card + ") entered " + zone + " at "
                                + Sentences.local(s, mark.at()) + "; no re-entry for " + zp.apbMinutes() + " minutes");
            }
            return false;
        }
        boolean violation = entry == mark.inside();
        if (!violation) {
            return false;
        }
        if (zp.apb() == ApbMode.SOFT) {
            return true;
        }
        j.deny(ReasonCode.APB_VIOLATION, "rule:anti-passback:" + zp.zoneId(),
                () -> "Denied: " + p.name() + " (" + card + ") is recorded " + (mark.inside() ? "inside " : "outside ")
                        + zone + " since " + Sentences.local(s, mark.at()) + " (anti-passback)");
        return false;
    }

    static String zoneName(PolicySnapshot s, String zoneId) {
        var z = s.zone(zoneId);
        return z == null ? zoneId : z.name();
    }
}
