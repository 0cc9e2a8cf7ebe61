/**
 * Replay: re-deciding recorded decisions against the snapshot they name. The gateway persists
 * {@link io.cagekeeper.policy.replay.RecordedDecision}s and the policy data of every version; a
 * {@link io.cagekeeper.policy.replay.SnapshotSource} gives the snapshot of a version back.
 */
package io.cagekeeper.policy.replay;
