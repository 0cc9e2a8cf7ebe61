package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.replay.Replay;
import io.cagekeeper.policy.replay.ReplayResult;
import io.cagekeeper.reconciliation.input.DecisionHistory;
import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POLICY_DRIFT: every decision the gateway logged (ACCESS_GRANTED or ACCESS_DENIED naming the policy
 * version it was decided with) re-judged by the policy engine, the very engine the gateway runs, with
 * the policy of that version as stored and the state the decision recorded. Anything but the recorded
 * decision is a finding: a decision record missing or edited, a stored policy version edited or lost, an
 * event naming another version than its record, or an engine that no longer decides as it did. Events are
 * looked up {@value #BATCH} at a time, so memory stays bounded and the store is asked in few round trips.
 */
public final class PolicyDrift implements EventCheck {

    static final int BATCH = 512;

    private final Run run;
    private final DecisionHistory history;
    private final List<EventRow> pending = new ArrayList<>(BATCH);
    private final List<String> persons = new ArrayList<>(BATCH);
    private long rejudged;

    public PolicyDrift(Run run, DecisionHistory history) {
        this.run = run;
        this.history = history;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        if (e.snapshotVersion() == Times.NONE || !(e.granted() || "ACCESS_DENIED".equals(e.type()))) {
            return;
        }
        pending.add(e);
        persons.add(person);
        if (pending.size() == BATCH) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long[] ids = new long[pending.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pending.get(i).id();
        }
        Map<Long, RecordedDecision> recorded = history.recorded(ids);
        for (int i = 0; i < ids.length; i++) {
            EventRow e = pending.get(i);
            String problem = problem(e, recorded.get(e.id()));
            if (problem != null) {
                run.findings.add(ExceptionType.POLICY_DRIFT, "event:" + e.id(), e.at(), persons.get(i), e.id(),
                        "the decision of " + e.type() + " at " + e.device() + " does not re-judge: " + problem);
            }
        }
        pending.clear();
        persons.clear();
    }

    private String problem(EventRow e, RecordedDecision r) {
        if (r == null) {
            String why = history.unparsable(e.id());
            return why != null ? why : "no decision record for a decision the gateway logged with policy version " + e.snapshotVersion();
        }
        rejudged++;
        if (r.decision().snapshotVersion() != e.snapshotVersion()) {
            return "the event names policy version " + e.snapshotVersion() + ", its record version " + r.decision().snapshotVersion();
        }
        ReplayResult result = Replay.replay(history, r);
        return result.identical() ? null : result.problem();
    }

    @Override
    public void finish() {
        flush();
    }

    /** Decisions found and re-judged (the population count {@code decisions.rejudged}). */
    public long rejudged() {
        return rejudged;
    }
}
