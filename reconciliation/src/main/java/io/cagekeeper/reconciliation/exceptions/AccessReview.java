package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.match.Slot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The access review: every grant in force at some time in the period, with its zones, approver and
 * last use; "remove" when it is dormant (DORMANT_GRANT: in force at the end of the period for at least
 * {@code dormant.after} and unused in that time) or its person is terminated, else "keep"; and, for a
 * grant that ended, the proof of its removal (revoked at, or expired at).
 */
public final class AccessReview {

    /** One grant under review. */
    public record Item(String grant, String person, List<String> zones, long validFrom, long validUntil, String approvedBy,
                       long lastUse, String recommendation, String removal) {
    }

    private final Run run;
    private final List<Item> items = new ArrayList<>();

    public AccessReview(Run run) {
        this.run = run;
    }

    public void run() {
        Map<String, List<Slot>> grants = new LinkedHashMap<>();
        for (Slot s : run.index.all()) {
            if (!s.approval.visit()) {
                grants.computeIfAbsent(s.approval.id(), k -> new ArrayList<>()).add(s);
            }
        }
        long end = run.to - 1;
        grants.forEach((id, slots) -> {
            ApprovalRow g = slots.get(0).approval;
            if (g.validFrom() >= run.to || g.end() <= run.from) {
                return;
            }
            long lastUse = slots.stream().mapToLong(Slot::lastUse).max().orElse(Times.NONE);
            TreeSet<String> zones = new TreeSet<>();
            slots.forEach(s -> zones.add(s.approval.zone()));
            boolean inForceAtEnd = g.covers(end);
            boolean dormant = inForceAtEnd && g.validFrom() <= run.to - run.settings.dormantAfter
                    && (lastUse == Times.NONE || lastUse < run.to - run.settings.dormantAfter);
            if (dormant) {
                run.findings.add(ExceptionType.DORMANT_GRANT, "approval:" + id, end, g.person(), List.of(),
                        "grant " + id + " unused since " + (lastUse == Times.NONE ? "before the period" : Times.iso(lastUse)));
            }
            PersonRow p = run.persons.get(g.person());
            boolean terminated = p != null && p.terminatedBy(end);
            String removal = null;
            if (g.revokedAt() != Times.NONE && g.revokedAt() < run.to) {
                removal = "revoked " + Times.iso(g.revokedAt());
            } else if (g.validUntil() != Times.NONE && g.validUntil() <= run.to) {
                removal = "expired " + Times.iso(g.validUntil());
            }
            String recommendation = removal != null ? "removed" : dormant || terminated ? "remove" : "keep";
            items.add(new Item(id, g.person(), List.copyOf(zones), g.validFrom(), g.validUntil(), g.approvedBy(), lastUse,
                    recommendation, removal));
        });
    }

    public List<Item> items() {
        return items;
    }
}
