package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import java.util.Optional;

/**
 * Re-decides recorded decisions against the snapshot that was in force (the version the decision
 * names) and the state recorded before it. The engine is deterministic, so anything but an identical
 * decision means the record, the stored policy or the engine changed: that is what audits look for.
 */
public final class Replay {

    private Replay() {
    }

    public static ReplayResult replay(SnapshotSource snapshots, RecordedDecision recorded) {
        long version = recorded.decision().snapshotVersion();
        Optional<PolicySnapshot> found = snapshots.snapshot(version);
        if (found.isEmpty()) {
            return new ReplayResult(recorded, null, false, "snapshot version " + version + " is not in the history");
        }
        PolicySnapshot snapshot = found.get();
        if (recorded.contentHash() != null && !snapshot.hasContentHash(recorded.contentHash())) {
            return new ReplayResult(recorded, null, false, "snapshot version " + version
                    + " has content hash " + snapshot.contentHash() + ", the decision recorded " + recorded.contentHash());
        }
        PolicyEngine engine = new PolicyEngine((hash, pin) -> {
            if (recorded.pinMatched() == null) {
                throw new IllegalStateException("the recorded decision has no PIN outcome, the replay needs one");
            }
            return recorded.pinMatched();
        });
        Outcome outcome;
        try {
            outcome = engine.decide(snapshot, recorded.before(), recorded.request());
        } catch (IllegalStateException e) {
            return new ReplayResult(recorded, null, false, e.getMessage());
        }
        Decision replayed = outcome.decision();
        boolean same = replayed.equals(recorded.decision());
        return new ReplayResult(recorded, replayed, same, same ? null
                : "recorded " + recorded.decision() + " but replay decided " + replayed);
    }
}
