package io.cagekeeper.reconciliation.exceptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The exceptions found so far; {@link #sorted()} gives them in the report's order (time, type, subject). */
public final class Findings {

    private final List<Finding> list = new ArrayList<>();

    public void add(ExceptionType type, String subject, long at, String person, List<Long> events, String detail) {
        list.add(new Finding(type, subject, at, person, List.copyOf(events), detail));
    }

    public void add(ExceptionType type, String subject, long at, String person, long event, String detail) {
        add(type, subject, at, person, List.of(event), detail);
    }

    public List<Finding> sorted() {
        List<Finding> out = new ArrayList<>(list);
        out.sort(Comparator.comparingLong(Finding::at).thenComparing(Finding::type).thenComparing(Finding::subject));
        return out;
    }
}
