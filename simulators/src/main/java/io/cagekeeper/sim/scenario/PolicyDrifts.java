package io.cagekeeper.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The POLICY_DRIFT ground truth of a scenario: which logged decisions a Cagekeeper database loaded with
 * the scenario will contradict, and how. The simulators depend on no other module of ours, so they know
 * nothing of the gateway's decision records or policy archive: they only choose and label the cases and
 * write them as data ({@code policy_drift.csv}); a loader that may depend on the gateway stores the
 * scenario's policy versions and decisions with the gateway's own classes and then applies these edits
 * (the cli module's tests, {@code ScenarioDecisions}). The four kinds are the four ways the reconciler's
 * re-judging can disagree with a record:
 * <ul>
 *   <li>{@value #FLIPPED}: a granted decision's recorded result edited to DENY;</li>
 *   <li>{@value #MISSING}: the decision record deleted;</li>
 *   <li>{@value #OTHER_VERSION}: the record made to name another stored policy version than its event;</li>
 *   <li>{@value #ARCHIVE_EDITED}: the stored hash of a policy version edited, so that every decision of
 *       that version no longer re-judges (each is labelled).</li>
 * </ul>
 */
final class PolicyDrifts {

    static final String FLIPPED = "decision-flipped";
    static final String MISSING = "record-missing";
    static final String OTHER_VERSION = "other-version";
    static final String ARCHIVE_EDITED = "archive-edited";
    /** The edited version is one with at most this many decisions, when there is one (so its labels stay few). */
    private static final int SMALL_VERSION = 8;

    /** One edit: its kind, the event it is about (null for an archive edit) and the version it names (null for none). */
    record Drift(String kind, Long event, Long version) {
    }

    private PolicyDrifts() {
    }

    /**
     * Chooses one drift of each kind among {@code decisions} (every logged decision, numbered and with its
     * version, in time order) over policy versions 1 to {@code versions}; adds their labels
     * ({@code POLICY_DRIFT|event:<id>}) to {@code labels}. The single-event drifts are about decisions of
     * other versions than the edited one, so each label has one cause.
     */
    static List<Drift> choose(SplittableRandom random, List<Message> decisions, long versions, java.util.Set<String> labels) {
        Map<Long, List<Message>> byVersion = new TreeMap<>();
        decisions.forEach(m -> byVersion.computeIfAbsent(m.version, k -> new ArrayList<>()).add(m));
        if (byVersion.size() < 2 || versions < 3) {
            throw new IllegalStateException("a scenario needs decisions of two policy versions and three versions");
        }
        List<Long> small = new ArrayList<>();
        long fewest = Long.MAX_VALUE;
        for (Map.Entry<Long, List<Message>> e : byVersion.entrySet()) {
            fewest = Math.min(fewest, e.getValue().size());
            if (e.getValue().size() <= SMALL_VERSION) {
                small.add(e.getKey());
            }
        }
        if (small.isEmpty()) {
            for (Map.Entry<Long, List<Message>> e : byVersion.entrySet()) {
                if (e.getValue().size() == fewest) {
                    small.add(e.getKey());
                }
            }
        }
        long edited = small.get(random.nextInt(small.size()));
        List<Message> others = new ArrayList<>();
        for (Message m : decisions) {
            if (m.version != edited) {
                others.add(m);
            }
        }
        if (others.size() < 3) {
            throw new IllegalStateException("a scenario needs three decisions outside the edited version");
        }
        List<Drift> out = new ArrayList<>();
        List<Message> picked = new ArrayList<>();
        for (String kind : new String[] {FLIPPED, MISSING, OTHER_VERSION}) {
            Message m;
            do {
                m = others.get(random.nextInt(others.size()));
            } while (picked.contains(m) || (kind.equals(FLIPPED) && !m.type.equals("ACCESS_GRANTED")));
            picked.add(m);
            Long named = null;
            if (kind.equals(OTHER_VERSION)) {
                long v;
                do {
                    v = 1 + random.nextLong(versions);
                } while (v == m.version || v == edited);
                named = v;
            }
            out.add(new Drift(kind, m.id, named));
            labels.add("POLICY_DRIFT|event:" + m.id);
        }
        out.add(new Drift(ARCHIVE_EDITED, null, edited));
        byVersion.get(edited).forEach(m -> labels.add("POLICY_DRIFT|event:" + m.id));
        return out;
    }
}
