package io.cagekeeper.reconciliation;

import io.cagekeeper.reconciliation.exceptions.AccessReview;
import io.cagekeeper.reconciliation.exceptions.AclChecks;
import io.cagekeeper.reconciliation.exceptions.CredentialChecks;
import io.cagekeeper.reconciliation.exceptions.DeniedBursts;
import io.cagekeeper.reconciliation.exceptions.DoorChecks;
import io.cagekeeper.reconciliation.exceptions.EntryChecks;
import io.cagekeeper.reconciliation.exceptions.EventCheck;
import io.cagekeeper.reconciliation.exceptions.HeartbeatChecks;
import io.cagekeeper.reconciliation.exceptions.LateEvents;
import io.cagekeeper.reconciliation.exceptions.PolicyDrift;
import io.cagekeeper.reconciliation.exceptions.Presence;
import io.cagekeeper.reconciliation.exceptions.Run;
import io.cagekeeper.reconciliation.exceptions.Sequences;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.exceptions.StatusHistory;
import io.cagekeeper.reconciliation.exceptions.TwoPersonCheck;
import io.cagekeeper.reconciliation.exceptions.VisitChecks;
import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.DecisionHistory;
import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.match.Population;
import io.cagekeeper.reconciliation.match.Reservoir;
import java.util.ArrayList;
import java.util.List;

/**
 * One reconciliation: streams the events of the period once, in (at, id) order, through the event
 * checks (memory bounded by persons, cards and devices, not by events), then runs the checks over the
 * approvals, roster, badges, heartbeats and ACL change log. Whatever reads the inputs (files or the
 * database) gives the same records, so both paths give the same findings.
 */
public final class Reconciler {

    private static final long PROGRESS_EVERY = 1L << 20;

    private final Settings settings;
    private final Progress progress;

    public Reconciler(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @param from       start of the period, microseconds, inclusive
     * @param to         end of the period, microseconds, exclusive
     * @param sampleSeed the seed of the audit sample (recorded in the report)
     */
    public Result run(Inputs inputs, EventSource events, long from, long to, long sampleSeed) {
        return run(inputs, events, null, from, to, sampleSeed);
    }

    /**
     * As {@link #run(Inputs, EventSource, long, long, long)}, re-judging every logged decision against
     * {@code decisions} (POLICY_DRIFT); null when the inputs have no decision history (files, foreign
     * exports): the report's completeness section then lists {@code decisions} as absent.
     */
    public Result run(Inputs inputs, EventSource events, DecisionHistory decisions, long from, long to, long sampleSeed) {
        if (to <= from) {
            throw new IllegalArgumentException("the period must end after it starts");
        }
        Run run = new Run(from, to, settings, inputs);
        Reservoir sample = new Reservoir(settings.sampleSize, sampleSeed);
        EntryChecks entries = new EntryChecks(run, sample);
        Sequences sequences = new Sequences(run);
        Presence presence = new Presence(run);
        PolicyDrift drift = decisions == null ? null : new PolicyDrift(run, decisions);
        List<EventCheck> all = new ArrayList<>(List.of(entries, new DoorChecks(run), new DeniedBursts(run), sequences, presence,
                new TwoPersonCheck(run), new LateEvents(run)));
        if (drift != null) {
            all.add(drift);
        }
        EventCheck[] checks = all.toArray(EventCheck[]::new);
        Population population = new Population();
        long read = 0;
        long outside = 0;
        EventRow e;
        while ((e = events.next()) != null) {
            if (++read % PROGRESS_EVERY == 0) {
                progress.eventsRead(read, events.done());
            }
            if (!run.inPeriod(e.at())) {
                outside++;
                continue;
            }
            population.event(e.type(), e.door());
            String person = run.person(e);
            for (EventCheck c : checks) {
                c.onEvent(e, person);
            }
        }
        progress.eventsRead(read, events.done());
        inputs.heartbeats().forEach(sequences::heartbeat);
        for (EventCheck c : checks) {
            c.finish();
        }
        StatusHistory history = new StatusHistory(inputs.statusChanges());
        new HeartbeatChecks(run).run();
        new CredentialChecks(run, history).run();
        new VisitChecks(run, presence).run();
        new AclChecks(run).run();
        AccessReview review = new AccessReview(run);
        review.run();
        count(population, run, history, entries);
        population.count("decisions.rejudged", drift == null ? 0 : drift.rejudged());
        List<SourceStats> sources = new ArrayList<>(inputs.sources());
        sources.add(events.stats());
        sources.add(decisions == null ? new SourceStats("decisions", "absent", null, null, Times.NONE, 0) : decisions.stats());
        sources.sort(java.util.Comparator.comparing(SourceStats::table));
        return new Result(from, to, settings, sources, sequences.devices(), outside, population, run.findings.sorted(),
                sampleSeed, sample.population(), sample.sample(), review.items());
    }

    private static void count(Population p, Run run, StatusHistory history, EntryChecks entries) {
        p.count("entries.granted", entries.entries());
        p.count("entries.authorized", entries.authorized());
        for (PersonRow person : run.inputs.persons()) {
            p.count("persons." + person.type(), 1);
            if (person.terminatedAt() != Long.MIN_VALUE && run.inPeriod(person.terminatedAt())) {
                p.count("terminations", 1);
            }
        }
        for (CredentialRow c : run.inputs.credentials()) {
            p.count("credentials.activeAtStart", history.usableAt(c, run.from) ? 1 : 0);
            p.count("credentials.activeAtEnd", history.usableAt(c, run.to - 1) ? 1 : 0);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ApprovalRow a : run.inputs.approvals()) {
            if (seen.add(a.kind() + a.id()) && a.validFrom() < run.to && a.end() > run.from) {
                p.count("approvals." + a.kind() + "." + a.state(), 1);
            }
        }
        p.count("heartbeats", run.inputs.heartbeats().stream().filter(h -> run.inPeriod(h.at())).count());
        p.count("aclChanges", run.inputs.aclChanges().stream().filter(c -> run.inPeriod(c.at())).count());
    }
}
