package io.cagekeeper.reconciliation.report;

import io.cagekeeper.reconciliation.Result;
import io.cagekeeper.reconciliation.exceptions.AccessReview;
import io.cagekeeper.reconciliation.exceptions.Finding;
import io.cagekeeper.reconciliation.exceptions.Sequences;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.cagekeeper.reconciliation.input.Times;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a {@link Result} into the report's tree of maps, lists, strings, integers and booleans (no
 * floats, no maps with non-text keys), which {@link CanonicalJson} writes with sorted keys: the same
 * result gives the same bytes. The report's id hashes what it found (period, rules, population,
 * exceptions, sample, review), not how the inputs were read, so the file path and the database path
 * over the same data give the same id; only {@code header.generated_at} (and, for a database source,
 * its extraction time, which is the run's) differ between two runs.
 */
public final class ReportBuilder {

    public static final String FORMAT = "cagekeeper-reconciliation/1";
    /** Bumped whenever an exception definition changes: part of the rules hash. */
    public static final String RULES_VERSION = "1";

    private final Map<String, Disposition> dispositions;
    private final Pseudonyms pseudonyms;
    private final String site;

    public ReportBuilder(String site, Map<String, Disposition> dispositions, Pseudonyms pseudonyms) {
        this.site = site;
        this.dispositions = dispositions;
        this.pseudonyms = pseudonyms;
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = ReportBuilder.class.getResourceAsStream("/io/cagekeeper/reconciliation/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no version resource: report "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    /** The hash of the exception definitions (by their version) and every threshold used. */
    public static String rulesHash(Result r) {
        Map<String, Object> rules = new TreeMap<>();
        rules.put("rules_version", RULES_VERSION);
        rules.put("settings", new TreeMap<>(r.settings().values()));
        return Hashes.sha256(CanonicalJson.bytes(rules));
    }

    public Map<String, Object> build(Result r, long generatedAt) {
        Map<String, Object> body = new TreeMap<>();
        body.put("population", population(r));
        body.put("exceptions", exceptions(r));
        body.put("sample", sample(r));
        body.put("access_review", review(r));
        Map<String, Object> idBasis = new TreeMap<>(body);
        idBasis.put("period", period(r));
        idBasis.put("rules_hash", rulesHash(r));
        idBasis.put("site", site);
        String id = "R-" + Hashes.sha256(CanonicalJson.bytes(idBasis)).substring(0, 24);
        body.put("format", FORMAT);
        body.put("header", header(r, id, generatedAt));
        body.put("completeness", completeness(r));
        return body;
    }

    private Map<String, Object> header(Result r, String id, long generatedAt) {
        Map<String, Object> h = new TreeMap<>();
        h.put("id", id);
        h.put("generated_at", Times.iso(generatedAt));
        h.put("engine_version", version());
        h.put("rules_version", RULES_VERSION);
        h.put("rules_hash", rulesHash(r));
        h.put("settings", new TreeMap<>(r.settings().values()));
        h.put("period", period(r));
        h.put("pseudonymised", !pseudonyms.person("x").equals("x"));
        Map<String, Object> scope = new TreeMap<>();
        scope.put("site", site);
        scope.put("devices_reporting", new ArrayList<>(r.devices().keySet()));
        scope.put("doors_reporting", new ArrayList<>(r.population().eventsByDoor.keySet()));
        h.put("scope", scope);
        return h;
    }

    private static Map<String, Object> period(Result r) {
        ZoneId zone = r.settings().zone;
        Map<String, Object> p = new TreeMap<>();
        p.put("from", Times.iso(r.from()));
        p.put("to", Times.iso(r.to()));
        p.put("site_time_zone", zone.getId());
        p.put("from_site", Times.instant(r.from()).atZone(zone).toOffsetDateTime().toString());
        p.put("to_site", Times.instant(r.to()).atZone(zone).toOffsetDateTime().toString());
        return p;
    }

    private static Map<String, Object> completeness(Result r) {
        Map<String, Object> c = new TreeMap<>();
        List<Object> sources = new ArrayList<>();
        for (SourceStats s : r.sources()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("table", s.table());
            m.put("kind", s.kind());
            m.put("location", s.location());
            m.put("sha256", s.sha256());
            m.put("extracted_at", s.extractedAt() == Times.NONE ? null : Times.iso(s.extractedAt()));
            m.put("rows", s.rows());
            sources.add(m);
        }
        c.put("sources", sources);
        List<Object> devices = new ArrayList<>();
        r.devices().forEach((name, d) -> devices.add(device(name, d)));
        c.put("devices", devices);
        c.put("events_outside_period", r.eventsOutsidePeriod());
        long total = 0;
        for (long n : r.population().eventsByType.values()) {
            total += n;
        }
        Map<String, Object> totals = new TreeMap<>();
        totals.put("events_in_period", total);
        totals.put("exceptions", (long) r.findings().size());
        c.put("control_totals", totals);
        return c;
    }

    private static Map<String, Object> device(String name, Sequences.Device d) {
        Map<String, Object> m = new TreeMap<>();
        m.put("device", name);
        m.put("first_seq", d.first);
        m.put("last_seq", d.last);
        m.put("numbers_seen", d.count);
        m.put("duplicates", d.duplicates);
        List<Object> gaps = new ArrayList<>();
        d.holes.forEach((from, to) -> gaps.add(new ArrayList<>(List.of(from, to))));
        m.put("gaps", gaps);
        return m;
    }

    private static Map<String, Object> population(Result r) {
        Map<String, Object> p = new TreeMap<>();
        p.put("events_by_type", new TreeMap<>(r.population().eventsByType));
        p.put("events_by_door", new TreeMap<>(r.population().eventsByDoor));
        p.put("counts", new TreeMap<>(r.population().counts));
        Map<String, Long> byType = new TreeMap<>();
        r.findings().forEach(f -> byType.merge(f.type().name(), 1L, Long::sum));
        p.put("exceptions_by_type", byType);
        return p;
    }

    private List<Object> exceptions(Result r) {
        List<Object> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new TreeMap<>();
            String id = Hashes.findingId(f.type().name(), f.subject());
            m.put("id", id);
            m.put("type", f.type().name());
            m.put("severity", f.type().severity().name());
            m.put("subject", pseudonyms.text(f.subject()));
            m.put("at", Times.iso(f.at()));
            m.put("person", pseudonyms.person(f.person()));
            m.put("events", new ArrayList<>(f.events()));
            m.put("detail", pseudonyms.text(f.detail()));
            Disposition d = dispositions.get(id);
            if (d == null) {
                m.put("disposition", null);
            } else {
                Map<String, Object> dm = new TreeMap<>();
                dm.put("value", d.value());
                dm.put("reviewer", d.reviewer());
                dm.put("comment", d.comment());
                dm.put("at", d.at());
                m.put("disposition", dm);
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> sample(Result r) {
        Map<String, Object> s = new TreeMap<>();
        s.put("seed", r.sampleSeed());
        s.put("population", r.samplePopulation());
        s.put("of", "authorized entries (ACCESS_GRANTED, IN) of the period, in (at, id) order, Algorithm R with SplittableRandom(seed)");
        List<Object> ids = new ArrayList<>();
        for (long id : r.sample()) {
            ids.add(id);
        }
        s.put("event_ids", ids);
        return s;
    }

    private List<Object> review(Result r) {
        List<Object> out = new ArrayList<>();
        for (AccessReview.Item i : r.review()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grant", i.grant());
            m.put("person", pseudonyms.person(i.person()));
            m.put("zones", new ArrayList<>(new TreeSet<>(i.zones())));
            m.put("valid_from", Times.iso(i.validFrom()));
            m.put("valid_until", i.validUntil() == Times.NONE ? null : Times.iso(i.validUntil()));
            m.put("approved_by", i.approvedBy());
            m.put("last_use", i.lastUse() == Times.NONE ? null : Times.iso(i.lastUse()));
            m.put("recommendation", i.recommendation());
            m.put("removal", i.removal());
            out.add(new TreeMap<>(m));
        }
        return out;
    }
}
