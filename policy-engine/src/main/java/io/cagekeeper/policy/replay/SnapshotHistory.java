package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.engine.PolicySnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable history of the snapshots that were in force and since when. Adding returns a new
 * history, so the gateway can swap it atomically together with the current snapshot. Versions must
 * increase: a version, once used by a decision, always means the same policy.
 */
public final class SnapshotHistory implements SnapshotSource {

    /** A snapshot and the instant it came into force. */
    public record Entry(PolicySnapshot snapshot, Instant activatedAt) {
        public Entry {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(activatedAt, "activatedAt");
        }
    }

    private static final SnapshotHistory EMPTY = new SnapshotHistory(new TreeMap<>());

    private final TreeMap<Long, Entry> byVersion;

    private SnapshotHistory(TreeMap<Long, Entry> byVersion) {
        this.byVersion = byVersion;
    }

    public static SnapshotHistory empty() {
        return EMPTY;
    }

    /** A history with {@code snapshot} in force from {@code activatedAt}. */
    public SnapshotHistory activated(PolicySnapshot snapshot, Instant activatedAt) {
        if (!byVersion.isEmpty()) {
            Entry last = byVersion.lastEntry().getValue();
            if (snapshot.version() <= last.snapshot().version()) {
                throw new IllegalArgumentException("snapshot version " + snapshot.version()
                        + " does not follow " + last.snapshot().version());
            }
            if (activatedAt.isBefore(last.activatedAt())) {
                throw new IllegalArgumentException("activation at " + activatedAt + " precedes the previous one");
            }
        }
        TreeMap<Long, Entry> next = new TreeMap<>(byVersion);
        next.put(snapshot.version(), new Entry(snapshot, activatedAt));
        return new SnapshotHistory(next);
    }

    @Override
    public Optional<PolicySnapshot> snapshot(long version) {
        return Optional.ofNullable(byVersion.get(version)).map(Entry::snapshot);
    }

    /** The snapshot in force at {@code at}: the last one activated at or before it. */
    public Optional<PolicySnapshot> inForceAt(Instant at) {
        PolicySnapshot found = null;
        for (Entry e : byVersion.values()) {
            if (e.activatedAt().isAfter(at)) {
                break;
            }
            found = e.snapshot();
        }
        return Optional.ofNullable(found);
    }

    /** The newest snapshot, if any. */
    public Optional<PolicySnapshot> current() {
        return byVersion.isEmpty() ? Optional.empty() : Optional.of(byVersion.lastEntry().getValue().snapshot());
    }

    /** Entries oldest first. */
    public List<Entry> entries() {
        return List.copyOf(byVersion.values());
    }

    /**
     * A history keeping only the newest {@code count} snapshots in memory. Older versions must then be
     * found through another {@link SnapshotSource} (the gateway's store) for replay.
     */
    public SnapshotHistory keepingLast(int count) {
        TreeMap<Long, Entry> next = new TreeMap<>(byVersion);
        while (next.size() > count) {
            next.pollFirstEntry();
        }
        return new SnapshotHistory(next);
    }
}
