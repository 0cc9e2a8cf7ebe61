package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.match.ApprovalIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * What every check of one reconciliation shares: the period [from, to) in microseconds, the
 * settings, the roster and badges by key, the approval index, and where findings go.
 */
public final class Run {

    public final long from;
    public final long to;
    public final Settings settings;
    public final Inputs inputs;
    public final ApprovalIndex index;
    public final Findings findings = new Findings();
    public final Map<String, PersonRow> persons = new HashMap<>();
    public final Map<String, CredentialRow> byCard = new HashMap<>();
    public final Map<String, CredentialRow> credentials = new HashMap<>();

    public Run(long from, long to, Settings settings, Inputs inputs) {
        this.from = from;
        this.to = to;
        this.settings = settings;
        this.inputs = inputs;
        this.index = new ApprovalIndex(inputs.approvals());
        inputs.persons().forEach(p -> persons.put(p.id(), p));
        inputs.credentials().forEach(c -> {
            byCard.put(c.card(), c);
            credentials.put(c.id(), c);
        });
    }

    public boolean inPeriod(long at) {
        return at >= from && at < to;
    }

    /** The person an event is about: the one it names, else the holder of its card. */
    public String person(EventRow e) {
        if (e.person() != null) {
            return e.person();
        }
        if (e.card() != null) {
            CredentialRow c = byCard.get(e.card());
            return c == null ? null : c.person();
        }
        return null;
    }
}
