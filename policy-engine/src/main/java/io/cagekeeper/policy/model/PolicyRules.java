package io.cagekeeper.policy.model;

import java.util.List;

/**
 * The rules beyond plain access levels: door modes, holidays, zone rules (anti-passback, two-person),
 * visits, explicit denies, threat-level rules and the site's tunables. Kept apart from the original
 * {@link PolicyData} components so that code written against them keeps compiling.
 *
 * @param pinMaxFailures      wrong PINs in a row after which a credential's PIN is locked out
 * @param escortWindowSeconds how long a visitor waits for the escort at the door
 */
public record PolicyRules(List<DoorModeRule> doorModes, List<HolidayCalendar> holidayCalendars,
                          List<ScheduleOverride> scheduleOverrides, List<ZonePolicy> zonePolicies,
                          List<Visit> visits, List<Restriction> restrictions, List<ThreatRule> threatRules,
                          int pinMaxFailures, int escortWindowSeconds) {

    public static final int DEFAULT_PIN_MAX_FAILURES = 3;
    public static final int DEFAULT_ESCORT_WINDOW_SECONDS = 10;

    public PolicyRules {
        doorModes = List.copyOf(doorModes);
        holidayCalendars = List.copyOf(holidayCalendars);
        scheduleOverrides = List.copyOf(scheduleOverrides);
        zonePolicies = List.copyOf(zonePolicies);
        visits = List.copyOf(visits);
        restrictions = List.copyOf(restrictions);
        threatRules = List.copyOf(threatRules);
        if (pinMaxFailures < 1 || escortWindowSeconds < 1) {
            throw new IllegalArgumentException("pinMaxFailures and escortWindowSeconds must be positive");
        }
    }

    /** No extra rules, default tunables. */
    public static PolicyRules none() {
        return new PolicyRules(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                DEFAULT_PIN_MAX_FAILURES, DEFAULT_ESCORT_WINDOW_SECONDS);
    }
}
