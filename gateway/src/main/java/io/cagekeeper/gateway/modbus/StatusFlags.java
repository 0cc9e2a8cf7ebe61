package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a module's status says about its past, as events: watchdog trips, power cycles, impossible
 * counter moves and configuration found changed. Pure; one per module.
 *
 * <p>Why: the flags are the only trace of a trip or a power cycle, and the datasheet lets any client
 * clear them. So they are read before the gateway clears them (also at the first connect after a
 * gateway restart), each is recorded once per episode (until a poll shows it cleared), and the record
 * says which window it covers: from the last contact (of any gateway run, see {@link ContactLog}) to
 * the poll that found it, and for a power cycle the moment the uptime register puts it at.
 */
final class StatusFlags {

    private final String moduleId;
    private final int watchdogMs;
    private boolean reportedTrip;
    private boolean reportedPowerOn;

    StatusFlags(String moduleId, int watchdogMs) {
        this.moduleId = moduleId;
        this.watchdogMs = watchdogMs;
    }

    /** Whether the module restarted since {@code previous}: its power-on flag, or its uptime went back. */
    static boolean restarted(ModuleSnapshot s, ModuleSnapshot previous) {
        return (s.statusFlags() & ModuleSnapshot.FLAG_POWER_ON) != 0 || previous != null && s.uptimeSeconds() < previous.uptimeSeconds();
    }

    /** The events a poll's flags call for; {@code lastContact} null when no contact was ever recorded. */
    List<DoorEvent> observe(ModuleSnapshot s, ModuleSnapshot previous, Instant lastContact) {
        List<DoorEvent> out = new ArrayList<>(2);
        boolean restarted = restarted(s, previous);
        boolean tripped = (s.statusFlags() & ModuleSnapshot.FLAG_WATCHDOG_TRIPPED) != 0;
        String since = lastContact == null ? "an unknown time (no earlier contact recorded)" : lastContact.toString();
        if (restarted && !reportedPowerOn) {
            Instant poweredOn = s.at().minusSeconds(s.uptimeSeconds());
            Map<String, Object> detail = window(lastContact, s.at());
            detail.put("uptimeSeconds", s.uptimeSeconds());
            detail.put("poweredOnAt", poweredOn.toString());
            out.add(event(EventType.MODULE_POWER_CYCLED, "Door module " + moduleId + " restarted (powered on at about " + poweredOn
                    + ", last contact " + since + "): relays were de-energised, configuration re-applied", detail));
        }
        reportedPowerOn = restarted && (s.statusFlags() & ModuleSnapshot.FLAG_POWER_ON) != 0;
        if (tripped && !reportedTrip) {
            Map<String, Object> detail = window(lastContact, s.at());
            detail.put("watchdogMs", watchdogMs);
            out.add(event(EventType.MODULE_WATCHDOG_TRIPPED, "Door module " + moduleId + " communication watchdog tripped between "
                    + since + " and " + s.at() + ": relays went to their safe state", detail));
        }
        reportedTrip = tripped;
        return out;
    }

    /** Counters that moved more than the debounce allows: no door events are made from them, this says why. */
    DoorEvent counterFault(List<CounterBaseline.Fault> faults, Instant since, Instant now) {
        String list = faults.stream().map(f -> "DI" + f.channel() + " +" + f.claimed() + " (at most " + f.maxPossible() + ")")
                .collect(Collectors.joining(", "));
        Map<String, Object> detail = window(since, now);
        detail.put("counters", faults.stream().map(f -> Map.of("input", f.channel(), "claimed", f.claimed(), "maxPossible", f.maxPossible()))
                .toList());
        return event(EventType.MODULE_CONFIG_MISMATCH, "Door module " + moduleId + " reported impossible input change counts (" + list
                + " since the last poll, inputs being debounced 20 ms): counters re-baselined, no door events made from them", detail);
    }

    /** Holding registers that differ from what the gateway wrote; {@code how}: when they were found. */
    DoorEvent configMismatch(List<ModuleConfigCheck.Mismatch> wrong, String how) {
        String list = wrong.stream().map(ModuleConfigCheck.Mismatch::describe).collect(Collectors.joining("; "));
        return event(EventType.MODULE_CONFIG_MISMATCH, "Door module " + moduleId + " configuration " + how + ": " + list + "; rewritten",
                Map.of("registers", wrong.stream().map(m -> Map.of("address", m.address(), "expected", m.expected(), "found", m.found()))
                        .toList()));
    }

    private static Map<String, Object> window(Instant from, Instant to) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (from != null) { // unknown when no gateway run ever recorded a contact
            detail.put("from", from.toString());
        }
        detail.put("to", to.toString());
        return detail;
    }

    private DoorEvent event(EventType type, String sentence, Map<String, Object> detail) {
        return new DoorEvent("module:" + moduleId, null, type, sentence, detail);
    }
}
