package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.Schedule;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides access requests against a snapshot. Pure and deterministic: the same snapshot and request
 * always give the same decision, which is what lets reconciliation re-judge the log with this very
 * class. Deny by default: a grant needs a positive reason, and any deny reason overrides it.
 */
public final class PolicyEngine {

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public Decision decide(PolicySnapshot snapshot, AccessRequest request) {
        Reader reader = snapshot.reader(request.readerId());
        if (reader == null) {
            return deny(snapshot, List.of(ReasonCode.UNKNOWN_READER), "rule:reader",
                    "Denied: reader " + request.readerId() + " is not configured");
        }
        Door door = snapshot.door(reader.doorId());
        if (request.card() instanceof CardRead.Unreadable bad) {
            return deny(snapshot, List.of(ReasonCode.BAD_CARD_READ), "rule:card-read",
                    "Denied: unreadable card at " + door.name() + " (" + bad.why() + ")");
        }
        var card = ((CardRead.Decoded) request.card()).card();
        Credential credential = snapshot.credential(card);
        if (credential == null) {
            return deny(snapshot, List.of(ReasonCode.UNKNOWN_CREDENTIAL), "rule:credential",
                    "Denied: credential " + card + " is not enrolled");
        }
        List<ReasonCode> denies = new ArrayList<>(2);
        String decidedBy = null;
        String sentence = null;
        ReasonCode status = statusReason(credential);
        if (status != null) {
            denies.add(status);
            decidedBy = "credential:" + credential.id();
            sentence = "Denied: credential " + card + " reported " + credential.status()
                    + (credential.statusChangedAt() == null ? "" : " at " + local(snapshot, credential.statusChangedAt()))
                    + (credential.statusChangedBy() == null ? "" : " by " + credential.statusChangedBy());
        }
        if (!credential.validAt(request.at())) {
            boolean early = request.at().isBefore(credential.validFrom());
            denies.add(early ? ReasonCode.CREDENTIAL_NOT_YET_VALID : ReasonCode.CREDENTIAL_EXPIRED);
            if (decidedBy == null) {
                decidedBy = "credential:" + credential.id();
                sentence = early
                        ? "Denied: credential " + card + " is not valid before " + local(snapshot, credential.validFrom())
                        : "Denied: credential " + card + " expired at " + local(snapshot, credential.validUntil());
            }
        }
        Person person = snapshot.person(credential.personId());
        if (person == null) {
            denies.add(ReasonCode.UNKNOWN_PERSON);
            if (decidedBy == null) {
                decidedBy = "credential:" + credential.id();
                sentence = "Denied: credential " + card + " belongs to no known person";
            }
        } else if (person.terminatedAt(request.at())) {
            denies.add(ReasonCode.PERSON_TERMINATED);
            if (decidedBy == null) {
                decidedBy = "person:" + person.id();
                sentence = "Denied: " + person.name() + " was terminated at " + local(snapshot, person.terminatedAt());
            }
        }
        if (!denies.isEmpty()) {
            return deny(snapshot, denies, decidedBy, sentence);
        }
        return judgeGrants(snapshot, request, door, person, card.toString());
    }

    private Decision judgeGrants(PolicySnapshot snapshot, AccessRequest request, Door door, Person person, String card) {
        ZonedDateTime local = request.at().atZone(snapshot.data().site().timeZone());
        ReasonCode nearest = ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR;
        String nearestBy = "rule:access-level";
        for (PolicySnapshot.CompiledGrant cg : snapshot.grantsOf(person.id())) {
            String scheduleId = cg.scheduleByDoor().get(door.id());
            if (scheduleId == null) {
                continue;
            }
            if (!cg.grant().validAt(request.at())) {
                if (nearest == ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR) {
                    nearest = ReasonCode.GRANT_NOT_VALID_NOW;
                    nearestBy = "grant:" + cg.grant().id();
                }
                continue;
            }
            Schedule schedule = snapshot.schedule(scheduleId);
            if (!schedule.openAt(local.getDayOfWeek(), local.toLocalTime())) {
                nearest = ReasonCode.OUTSIDE_SCHEDULE;
                nearestBy = "grant:" + cg.grant().id();
                continue;
            }
            return new Decision(Result.GRANT, List.of(ReasonCode.ACCESS_LEVEL_GRANTED), "grant:" + cg.grant().id(),
                    snapshot.version(), "Granted: " + person.name() + " (" + card + ") at " + door.name()
                    + " by access level " + cg.grant().accessLevelId() + ", approved by " + cg.grant().approvedBy());
        }
        String sentence = switch (nearest) {
            case GRANT_NOT_VALID_NOW -> "Denied: " + person.name() + " (" + card + ") has a grant for " + door.name()
                    + " that is not valid now";
            case OUTSIDE_SCHEDULE -> "Denied: " + person.name() + " (" + card + ") is outside the schedule for "
                    + door.name() + " at " + HHMM.format(local);
            default -> "Denied: " + person.name() + " (" + card + ") has no access level for " + door.name();
        };
        return deny(snapshot, List.of(nearest), nearestBy, sentence);
    }

    private static ReasonCode statusReason(Credential c) {
        return switch (c.status()) {
            case ACTIVE -> null;
            case SUSPENDED -> ReasonCode.CREDENTIAL_SUSPENDED;
            case LOST -> ReasonCode.CREDENTIAL_LOST;
            case STOLEN -> ReasonCode.CREDENTIAL_STOLEN;
            case REVOKED -> ReasonCode.CREDENTIAL_REVOKED;
            case EXPIRED -> ReasonCode.CREDENTIAL_EXPIRED;
        };
    }

    private static String local(PolicySnapshot snapshot, java.time.Instant at) {
        return HHMM.format(at.atZone(snapshot.data().site().timeZone()));
    }

    private static Decision deny(PolicySnapshot snapshot, List<ReasonCode> reasons, String decidedBy, String sentence) {
        return new Decision(Result.DENY, reasons, decidedBy, snapshot.version(), sentence);
    }
}
