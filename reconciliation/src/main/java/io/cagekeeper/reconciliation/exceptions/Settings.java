package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.InputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The named thresholds of the exception definitions (docs/reconciliation.md, "Settings"), each with
 * its default. The report lists every value used and hashes them with the rules, so two reports made
 * with different thresholds can never be mistaken for each other.
 */
public final class Settings {

    /** Every setting and its default, in the form a settings file writes it. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("site.timeZone", "UTC");
        d.put("outOfWindow.margin", "PT12H");
        d.put("outOfWindow.overstayGrace", "PT15M");
        d.put("revocation.sla", "PT24H");
        d.put("dormant.after", "P30D");
        d.put("escort.tolerance", "PT1M");
        d.put("visitorBadge.grace", "PT1H");
        d.put("visitorLog.checkoutGrace", "PT1H");
        d.put("deniedBurst.count", "5");
        d.put("deniedBurst.window", "PT5M");
        d.put("offHours.start", "07:00");
        d.put("offHours.end", "19:00");
        d.put("offHours.weekends", "true");
        d.put("logGap.heartbeatSilence", "PT5M");
        d.put("twoPerson.zones", "");
        d.put("twoPerson.grace", "PT1M");
        d.put("clock.maxDrift", "PT10S");
        d.put("acl.approvalTolerance", "PT5S");
        d.put("lateEvent.after", "PT1M");
        d.put("sample.size", "25");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values;
    public final ZoneId zone;
    public final long outOfWindowMargin;
    public final long overstayGrace;
    public final long revocationSla;
    public final long dormantAfter;
    public final long escortTolerance;
    public final long visitorBadgeGrace;
    public final long checkoutGrace;
    public final int deniedBurstCount;
    public final long deniedBurstWindow;
    public final LocalTime businessStart;
    public final LocalTime businessEnd;
    public final boolean weekendsOff;
    public final long heartbeatSilence;
    public final java.util.Set<String> twoPersonZones;
    public final long twoPersonGrace;
    public final long maxDrift;
    public final long aclTolerance;
    public final long lateAfter;
    public final int sampleSize;

    private Settings(Map<String, String> values) {
        this.values = values;
        try {
            zone = named("site.timeZone", () -> ZoneId.of(values.get("site.timeZone")));
            outOfWindowMargin = micros("outOfWindow.margin");
            overstayGrace = micros("outOfWindow.overstayGrace");
            revocationSla = micros("revocation.sla");
            dormantAfter = micros("dormant.after");
            escortTolerance = micros("escort.tolerance");
            visitorBadgeGrace = micros("visitorBadge.grace");
            checkoutGrace = micros("visitorLog.checkoutGrace");
            deniedBurstCount = positive("deniedBurst.count");
            deniedBurstWindow = micros("deniedBurst.window");
            businessStart = named("offHours.start", () -> LocalTime.parse(values.get("offHours.start")));
            businessEnd = named("offHours.end", () -> LocalTime.parse(values.get("offHours.end")));
            weekendsOff = bool("offHours.weekends");
            heartbeatSilence = micros("logGap.heartbeatSilence");
            twoPersonZones = values.get("twoPerson.zones").isEmpty() ? java.util.Set.of()
                    : java.util.Set.of(values.get("twoPerson.zones").split("\\s*,\\s*"));
            twoPersonGrace = micros("twoPerson.grace");
            maxDrift = micros("clock.maxDrift");
            aclTolerance = micros("acl.approvalTolerance");
            lateAfter = micros("lateEvent.after");
            sampleSize = positive("sample.size");
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new InputException("invalid setting: " + e.getMessage());
        }
        if (!businessStart.isBefore(businessEnd)) {
            throw new InputException("invalid setting: offHours.start must be before offHours.end");
        }
    }

    public static Settings defaults() {
        return of(Map.of());
    }

    /** The defaults with {@code overrides} applied; an unknown name is an error (a typo must not pass). */
    public static Settings of(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) {
                throw new InputException("unknown setting " + e.getKey());
            }
            v.put(e.getKey(), e.getValue().trim());
        }
        return new Settings(Collections.unmodifiableMap(v));
    }

    public static Settings load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InputException("cannot read settings " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return of(m);
    }

    /** Every value used, sorted by name. */
    public Map<String, String> values() {
        return values;
    }

    /** Parses one setting; a bad value is an error naming the setting and the value. */
    private <T> T named(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": not a valid value: '" + values.get(name) + "'");
        }
    }

    private long micros(String name) {
        Duration d = named(name, () -> Duration.parse(values.get(name)));
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return d.toNanos() / 1_000;
    }

    private int positive(String name) {
        int n = named(name, () -> Integer.parseInt(values.get(name)));
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private boolean bool(String name) {
        String v = values.get(name);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
