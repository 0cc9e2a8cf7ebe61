package io.cagekeeper.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * Who may still enter at {@code level}: persons of one of {@code personTypes}, or persons entering
 * through a grant of one of {@code accessLevelIds} (e.g. the security team's level). Without a rule,
 * ELEVATED admits employees only and LOCKDOWN admits nobody; NORMAL never restricts.
 */
public record ThreatRule(ThreatLevel level, List<PersonType> personTypes, List<String> accessLevelIds) {
    public ThreatRule {
        Objects.requireNonNull(level, "level");
        personTypes = List.copyOf(personTypes);
        accessLevelIds = List.copyOf(accessLevelIds);
    }
}
