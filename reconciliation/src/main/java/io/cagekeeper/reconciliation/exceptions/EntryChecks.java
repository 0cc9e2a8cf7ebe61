package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.match.EntryMatcher;
import io.cagekeeper.reconciliation.match.Reservoir;
import io.cagekeeper.reconciliation.match.Slot;
import io.cagekeeper.reconciliation.match.Verdict;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Every granted entry (ACCESS_GRANTED, direction IN) against the approvals: UNAUTHORIZED_ENTRY,
 * RETROACTIVE_APPROVAL, OUT_OF_WINDOW (early, late), ZONE_SCOPE; and, whatever the approvals say,
 * TERMINATED_USE and OFF_HOURS. Authorized entries record their use on the approval (for
 * DORMANT_GRANT, UNUSED_VISIT and the access review) and feed the audit sample.
 */
public final class EntryChecks implements EventCheck {

    private final Run run;
    private final EntryMatcher matcher;
    private final Reservoir sample;
    private long entries;
    private long authorized;
    // the business hours of the site-local day of the last entry, as instants (DST-correct)
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;
    private long openFrom;
    private long openUntil;
    private boolean dayOff;

    public EntryChecks(Run run, Reservoir sample) {
        this.run = run;
        this.matcher = new EntryMatcher(run.index, run.settings.outOfWindowMargin);
        this.sample = sample;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        if (!e.granted() || e.out()) {
            return;
        }
        entries++;
        Verdict v = matcher.match(person, e.zone(), e.at());
        Slot s = matcher.slot();
        switch (v) {
            case AUTHORIZED -> {
                authorized++;
                s.use(e.at());
                sample.offer(e.id());
            }
            case RETROACTIVE -> run.findings.add(ExceptionType.RETROACTIVE_APPROVAL, "event:" + e.id(), e.at(), person, e.id(),
                    "entry into " + e.zone() + " covered only by " + s.approval.id() + ", approved "
                            + Times.iso(s.approval.approvedAt()) + " by " + s.approval.approvedBy());
            case EARLY -> run.findings.add(ExceptionType.OUT_OF_WINDOW, "event:" + e.id(), e.at(), person, e.id(),
                    "early: entry into " + e.zone() + " before " + s.approval.id() + " starts at "
                            + Times.iso(s.approval.validFrom()));
            case LATE -> run.findings.add(ExceptionType.OUT_OF_WINDOW, "event:" + e.id(), e.at(), person, e.id(),
                    "late: entry into " + e.zone() + " after " + s.approval.id() + " ended at "
                            + Times.iso(s.approval.nominalEnd()));
            case OTHER_ZONE -> run.findings.add(ExceptionType.ZONE_SCOPE, "event:" + e.id(), e.at(), person, e.id(),
                    "entry into " + e.zone() + " but " + s.approval.id() + " approves " + s.approval.zone());
            case NONE -> run.findings.add(ExceptionType.UNAUTHORIZED_ENTRY, "event:" + e.id(), e.at(), person, e.id(),
                    person == null ? "entry by an unknown card at " + e.device()
                            : "entry into " + e.zone() + " with no approval for " + person);
        }
        PersonRow p = person == null ? null : run.persons.get(person);
        if (p != null && p.terminatedBy(e.at())) {
            run.findings.add(ExceptionType.TERMINATED_USE, "event:" + e.id(), e.at(), person, e.id(),
                    "entry into " + e.zone() + " after termination at " + Times.iso(p.terminatedAt()));
        }
        if (offHours(e.at())) {
            run.findings.add(ExceptionType.OFF_HOURS, "event:" + e.id(), e.at(), person, e.id(),
                    "entry into " + e.zone() + " at " + Times.instant(e.at()).atZone(run.settings.zone).toLocalDateTime()
                            + " site time");
        }
    }

    /** Outside [offHours.start, offHours.end) of the site-local day, or on a weekend when those are off. */
    boolean offHours(long at) {
        if (at < dayStart || at >= dayEnd) {
            LocalDate day = Times.instant(at).atZone(run.settings.zone).toLocalDate();
            dayStart = Times.micros(day.atStartOfDay(run.settings.zone).toInstant());
            dayEnd = Times.micros(day.plusDays(1).atStartOfDay(run.settings.zone).toInstant());
            openFrom = Times.micros(day.atTime(run.settings.businessStart).atZone(run.settings.zone).toInstant());
            openUntil = Times.micros(day.atTime(run.settings.businessEnd).atZone(run.settings.zone).toInstant());
            DayOfWeek d = day.getDayOfWeek();
            dayOff = run.settings.weekendsOff && (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY);
        }
        return dayOff || at < openFrom || at >= openUntil;
    }

    public long entries() {
        return entries;
    }

    public long authorized() {
        return authorized;
    }
}
