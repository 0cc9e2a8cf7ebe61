package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.pin.PinVerifier;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.List;

/**
 * The second factor a door's mode demands. Runs only when nothing else denied, so that a denied
 * badge neither costs an Argon2 computation nor counts a wrong PIN, and the PIN check cannot be used
 * as an oracle by someone whose badge would not open the door anyway.
 */
final class FactorCheck {

    /** What the check did to the state, and whether a PIN was compared. */
    record Result(EngineState state, Boolean pinMatched, ReasonCode verified, EngineFact fact) {
    }

    private FactorCheck() {
    }

    /** The strongest mode among the door's rules whose schedule is open now; CARD_ONLY without any. */
    static DoorMode mode(PolicySnapshot s, int doorIndex, Instant at) {
        DoorModeRule[] rules = s.modeRules(doorIndex);
        if (rules.length == 0) {
            return DoorMode.CARD_ONLY;
        }
        int[] schedules = s.modeSchedules(doorIndex);
        long local = s.clock().localSeconds(at);
        DoorMode mode = DoorMode.CARD_ONLY;
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].mode().compareTo(mode) > 0 && s.scheduleOpen(schedules[i], local, at.getNano())) {
                mode = rules[i].mode();
            }
        }
        return mode;
    }

    static Result check(PolicySnapshot s, EngineState state, PinVerifier verifier, DoorMode mode, Credential c,
                        Door door, AccessRequest req, CardNumber card, Judgement j) {
        if (mode == DoorMode.CARD_AND_BIOMETRIC) {
            if (req.bioMatch() == null) {
                j.deny(ReasonCode.BIOMETRIC_REQUIRED, "rule:door-mode",
                        () -> "Denied: " + door.name() + " requires card and biometric; no biometric match was given for " + card);
            } else if (!req.bioMatch()) {
                j.deny(ReasonCode.BIOMETRIC_MISMATCH, "rule:door-mode",
                        () -> "Denied: biometric did not match the holder of " + card + " at " + door.name());
            }
            return new Result(state, null, ReasonCode.BIOMETRIC_VERIFIED, null);
        }
        // CARD_AND_PIN
        int max = s.rules().pinMaxFailures();
        int failures = state.pinFailuresOf(c.id());
        if (c.pinHash() == null) {
            j.deny(ReasonCode.PIN_NOT_ENROLLED, "rule:door-mode",
                    () -> "Denied: " + door.name() + " requires a PIN and credential " + card + " has none enrolled");
            return new Result(state, null, null, null);
        }
        if (failures >= max) {
            j.deny(ReasonCode.PIN_LOCKED_OUT, "credential:" + c.id(),
                    () -> "Denied: PIN of credential " + card + " is locked after " + failures + " wrong attempts");
            return new Result(state, null, null, null);
        }
        if (req.pin() == null) {
            j.deny(ReasonCode.PIN_REQUIRED, "rule:door-mode",
                    () -> "Denied: " + door.name() + " requires card and PIN; no PIN was entered for " + card);
            return new Result(state, null, null, null);
        }
        boolean ok = verifier.verify(c.pinHash(), req.pin());
        if (ok) {
            return new Result(failures == 0 ? state : state.withPinFailures(c.id(), 0), true, ReasonCode.PIN_VERIFIED, null);
        }
        int now = failures + 1;
        j.deny(ReasonCode.PIN_INCORRECT, "credential:" + c.id(),
                () -> "Denied: wrong PIN for credential " + card + " at " + door.name() + " (" + now + " of " + max + ")");
        EngineFact fact = now >= max ? new EngineFact.PinLockedOut(c.id(), now, req.at()) : null;
        return new Result(state.withPinFailures(c.id(), now), false, null, fact);
    }

    static List<EngineFact> facts(EngineFact f) {
        return f == null ? List.of() : List.of(f);
    }
}
