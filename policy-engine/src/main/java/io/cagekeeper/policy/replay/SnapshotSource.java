package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.engine.PolicySnapshot;
import java.util.Optional;

/**
 * Finds the snapshot of a version. {@link SnapshotHistory} is the in-memory one; a gateway keeping
 * versions in its store implements this by recompiling the stored data of that version.
 */
@FunctionalInterface
public interface SnapshotSource {
    Optional<PolicySnapshot> snapshot(long version);
}
