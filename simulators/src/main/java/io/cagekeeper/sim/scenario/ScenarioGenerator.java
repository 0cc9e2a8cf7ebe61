package io.cagekeeper.sim.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Days of cage traffic, seeded, written as the canonical reconciliation files (docs/reconciliation.md)
 * with the ground truth: {@code labels.csv} lists every exception the scenario injected (type and
 * subject, as the reconciler names them), and nothing else in the traffic is an exception. A site with
 * a hall and two cages: employees on shifts (weekdays, arriving and leaving at random times), visitors
 * with escorts, contractors, terminations with HR-feed delays, lost and reinstated badges, device
 * faults (lost messages, silent readers, drifting clocks, a module offline), forced and held doors,
 * a two-person vault, and one of each exception type. The same seed gives the same files, byte for byte.
 *
 * <p>Every logged decision names the policy version it was made with (the ACL change log's sequence
 * numbers are the versions). POLICY_DRIFT needs what only Cagekeeper's own database has (decision
 * records, stored policy versions), so its cases are chosen and labelled here but written as data,
 * {@code policy_drift.csv} ({@link PolicyDrifts}), for a loader on the gateway's side to apply.
 */
public final class ScenarioGenerator {

    static final String HALL = "hall";
    static final String[] CAGES = {"cage-a", "cage-b"};
    /** A two-person zone (reconcile with {@code twoPerson.zones=vault}). */
    static final String VAULT = "vault";
    static final String[] READERS = {"r-hall-in", "r-hall-out", "r-a-in", "r-a-out", "r-b-in", "r-b-out", "r-v-in", "r-v-out"};
    static final String MODULE = "m1";
    static final String REQUESTER = "user:2";
    static final String APPROVER = "user:3";

    /**
     * What was generated: the period and the labels ("TYPE|subject", sorted), every exception type's,
     * {@code POLICY_DRIFT} included (found only where the gateway's decision records are: see
     * {@link #labelsWithoutDecisionRecords}).
     */
    public record Scenario(Instant from, Instant to, ZoneId zone, List<String> labels) {

        /**
         * The labels a reconciler finds without the gateway's decision records and policy archive (from
         * the files, or through the reconciliation module's database path alone): all but POLICY_DRIFT.
         */
        public List<String> labelsWithoutDecisionRecords() {
            return labels.stream().filter(l -> !l.startsWith("POLICY_DRIFT|")).toList();
        }
    }

    private final SplittableRandom random;
    private final World w;
    private final List<Object[]> labelled = new ArrayList<>();
    private final List<Integer> weekdays = new ArrayList<>();
    /** Badge numbers in the gateway's text form of an H10301 card (facility 18); unknown cards are of facility 99. */
    private int cards = 10_000;

    private ScenarioGenerator(long seed, LocalDate start, int days, ZoneId zone) {
        this.random = new SplittableRandom(seed);
        this.w = new World(start, days, zone);
        for (int d = 0; d < days - 1; d++) {
            if (w.weekday(d)) {
                weekdays.add(d);
            }
        }
        if (weekdays.size() < 3) {
            throw new IllegalArgumentException("the period needs at least three weekdays before its last day");
        }
    }

    /** Writes the scenario's files into {@code dir} (created) and returns its period and labels. */
    public static Scenario generate(long seed, LocalDate start, int days, ZoneId zone, Path dir) throws IOException {
        ScenarioGenerator g = new ScenarioGenerator(seed, start, days, zone);
        g.plan();
        return g.write(dir);
    }

    private int day() {
        return weekdays.get(random.nextInt(weekdays.size()));
    }

    private void label(String type, Object subject) {
        labelled.add(new Object[] {type, subject});
    }

    private void plan() {
        int employees = 12 + random.nextInt(9);
        List<String> staff = new ArrayList<>();
        for (int i = 1; i <= employees; i++) {
            String id = String.format("e%02d", i);
            staff.add(id);
            person(id, "Employee " + i, "EMPLOYEE", "Cagekeeper Ops", null);
            credential("c-" + id, id, "ACTIVE", plusDays(w.from, -60), null, null);
            grant("g-" + id, id, new String[] {HALL, CAGES[i % 2]}, plusDays(w.from, -60), null, plusDays(w.from, -61), "APPROVED", null);
        }
        List<String> roles = new ArrayList<>(staff);
        Collections.shuffle(roles, new java.util.Random(random.nextLong()));
        String term1 = roles.get(0);
        String term2 = roles.get(1);
        String dormant = roles.get(2);
        String zoneScope = roles.get(3);
        String offHours = roles.get(4);
        String apb = roles.get(5);
        String resurrected = roles.get(6);
        String escort = roles.get(7);
        String badEscort = roles.get(8);
        String reinstated = roles.get(9);
        String vault1 = roles.get(10);
        String vault2 = roles.get(11);
        String tailgater = roles.get(4);
        int tailgateDay = day();
        int termDay = day();
        int term2Day = day();
        for (String e : staff) {
            if (e.equals(dormant) || e.equals(badEscort)) {
                continue;
            }
            int cage = Integer.parseInt(e.substring(1)) % 2;
            for (int d : weekdays) {
                if ((e.equals(term1) && d >= termDay) || (e.equals(term2) && d >= term2Day)) {
                    continue;
                }
                Message[] s = shift(e, d, cage);
                if (e.equals(tailgater) && d == tailgateDay) {
                    tailgate(e, d, cage, s);
                }
            }
        }
        terminations(term1, termDay, term2, term2Day);
        label("DORMANT_GRANT", "approval:g-" + dormant);
        zoneScope(zoneScope);
        offHours(offHours);
        antipassback(apb);
        badges(resurrected, reinstated);
        vault(vault1, vault2);
        contractors();
        visits(escort, badEscort);
        devices();
    }

    /** A weekday's shift: into the hall and the cage in the morning, out in the afternoon (the four passages). */
    private Message[] shift(String e, int d, int cage) {
        Instant in = World.plus(w.at(d, 8, 0), random.nextInt(91));
        Instant cageIn = World.plus(in, 2 + random.nextInt(4));
        Instant cageOut = World.plus(w.at(d, 16, 30), random.nextInt(91));
        Instant out = World.plus(cageOut, 2 + random.nextInt(4));
        return new Message[] {pass(in, e, HALL, false), pass(cageIn, e, CAGES[cage], false), pass(cageOut, e, CAGES[cage], true),
            pass(out, e, HALL, true)};
    }

    /**
     * Out of the cage and the hall for lunch, back in behind a colleague without badging: the shift's
     * exits in the afternoon are then exits without an entry (more passages than grants).
     */
    private void tailgate(String e, int d, int cage, Message[] shift) {
        pass(w.at(d, 12, 0), e, CAGES[cage], true);
        pass(w.at(d, 12, 5), e, HALL, true);
        label("TAILGATE_SUSPECTED", shift[2]);
        label("TAILGATE_SUSPECTED", shift[3]);
    }

    private Message pass(Instant at, String person, String zone, boolean out) {
        String reader = reader(zone, out);
        String door = switch (zone) {
            case HALL -> "d-hall";
            case "cage-a" -> "d-a";
            case VAULT -> "d-v";
            default -> "d-b";
        };
        return w.traffic.event(at, reader, "ACCESS_GRANTED", cardOf(person), person, door, zone, out);
    }

    private static String reader(String zone, boolean out) {
        String base = switch (zone) {
            case HALL -> "r-hall";
            case "cage-a" -> "r-a";
            case VAULT -> "r-v";
            default -> "r-b";
        };
        return base + (out ? "-out" : "-in");
    }

    private final java.util.Map<String, String> cardOf = new java.util.HashMap<>();

    private String cardOf(String person) {
        return cardOf.get(person);
    }

    private void terminations(String term1, int termDay, String term2, int term2Day) {
        // term1: terminated at noon, badge revoked 20 minutes later (within the SLA), but badged in at 12:10
        Instant t1 = w.at(termDay, 12, 0);
        terminate(term1, t1);
        statusChange("c-" + term1, World.plus(t1, 20), "ACTIVE", "REVOKED", "system:hr-feed", null);
        revokeGrant("g-" + term1, World.plus(t1, 60));
        Message m = pass(World.plus(t1, 10), term1, HALL, false);
        pass(World.plus(t1, 15), term1, HALL, true);
        label("TERMINATED_USE", m);
        // term2: terminated at 09:00, the HR feed late: badge revoked 27 hours later
        Instant t2 = w.at(term2Day, 9, 0);
        terminate(term2, t2);
        statusChange("c-" + term2, t2.plus(Duration.ofHours(27)), "ACTIVE", "REVOKED", "system:hr-feed", null);
        revokeGrant("g-" + term2, World.plus(t2, 30));
        label("REVOCATION_LATENCY", "credential:c-" + term2);
        // a badge whose holder left ten days before the period and was never revoked
        person("x-gone", "Former Employee", "EMPLOYEE", "Cagekeeper Ops", plusDays(w.from, -10));
        credential("c-ghost", "x-gone", "ACTIVE", plusDays(w.from, -90), null, null);
        label("ORPHAN_CREDENTIAL", "credential:c-ghost");
    }

    private void zoneScope(String e) {
        int cage = Integer.parseInt(e.substring(1)) % 2;
        int d = day();
        String other = CAGES[1 - cage];
        Message m = pass(w.at(d, 12, 0), e, other, false);
        pass(w.at(d, 12, 10), e, other, true);
        label("ZONE_SCOPE", m);
    }

    private void offHours(String e) {
        int d = day();
        label("OFF_HOURS", pass(w.at(d, 21, 30), e, HALL, false));
        pass(w.at(d, 22, 0), e, HALL, true);
    }

    private void antipassback(String e) {
        int d = day();
        // the shift's exit was not recorded at noon: a second entry without an exit between
        label("ANTIPASSBACK", pass(w.at(d, 12, 0), e, HALL, false));
    }

    private void badges(String resurrected, String reinstated) {
        int d = day();
        statusChange("c-" + resurrected, w.at(d, 10, 0), "ACTIVE", "REVOKED", "user:4", null);
        Instant back = w.at(d, 15, 0);
        statusChange("c-" + resurrected, back, "REVOKED", "ACTIVE", "user:4", null);
        label("RESURRECTED_CREDENTIAL", "credential:c-" + resurrected + ":" + back);
        // a lost badge found and reinstated with a second person's approval: not an exception
        int d2 = day();
        statusChange("c-" + reinstated, w.at(d2, 9, 0), "ACTIVE", "LOST", "user:4", null);
        statusChange("c-" + reinstated, w.at(d2, 11, 0), "LOST", "ACTIVE", "user:4", "9001");
    }

    /** Two employees in the two-person vault: together on one day, one of them alone for five minutes on another. */
    private void vault(String a, String b) {
        for (String e : new String[] {a, b}) {
            grant("gv-" + e, e, new String[] {VAULT}, plusDays(w.from, -30), null, plusDays(w.from, -31), "APPROVED", null);
        }
        int d = day();
        // both entries reached the log 40 minutes late (the gateway's journal after a database outage)
        Message first = pass(w.at(d, 11, 0), a, VAULT, false);
        Message second = pass(w.at(d, 11, 0).plusSeconds(30), b, VAULT, false);
        first.storedAt = World.plus(first.at, 40);
        second.storedAt = World.plus(second.at, 40);
        labelled.add(new Object[] {"LATE_EVENT", first, "late:r-v-in:"});
        pass(w.at(d, 11, 30), a, VAULT, true);
        pass(w.at(d, 11, 30).plusSeconds(20), b, VAULT, true);
        d = day();
        label("TWO_PERSON_VIOLATION", pass(w.at(d, 14, 0), a, VAULT, false));
        pass(w.at(d, 14, 5), b, VAULT, false);
        pass(w.at(d, 14, 30), a, VAULT, true);
        pass(w.at(d, 14, 30).plusSeconds(30), b, VAULT, true);
    }

    private void contractors() {
        // no approval at all
        int d = contractor("k-unauth", "Fixit Ltd");
        label("UNAUTHORIZED_ENTRY", pass(w.at(d, 11, 0), "k-unauth", HALL, false));
        pass(w.at(d, 11, 20), "k-unauth", HALL, true);
        // approved two hours after the entry
        d = contractor("k-retro", "Fixit Ltd");
        grantAt("g-k-retro", "k-retro", HALL, w.at(d, 8, 0), w.at(d, 18, 0), w.at(d, 7, 0), w.at(d, 13, 0));
        label("RETROACTIVE_APPROVAL", pass(w.at(d, 11, 0), "k-retro", HALL, false));
        pass(w.at(d, 11, 30), "k-retro", HALL, true);
        // half an hour early
        d = contractor("k-early", "Cool Air GmbH");
        grantAt("g-k-early", "k-early", HALL, w.at(d, 12, 0), w.at(d, 18, 0), w.at(d, 7, 30), w.at(d, 8, 0));
        label("OUT_OF_WINDOW", pass(w.at(d, 11, 30), "k-early", HALL, false));
        pass(w.at(d, 12, 30), "k-early", HALL, true);
        // back an hour after the window closed
        d = contractor("k-late", "Cool Air GmbH");
        grantAt("g-k-late", "k-late", HALL, w.at(d, 8, 0), w.at(d, 12, 0), w.at(d, 7, 30), w.at(d, 7, 45));
        pass(w.at(d, 8, 30), "k-late", HALL, false);
        pass(w.at(d, 9, 0), "k-late", HALL, true);
        label("OUT_OF_WINDOW", pass(w.at(d, 13, 0), "k-late", HALL, false));
        pass(w.at(d, 13, 20), "k-late", HALL, true);
    }

    /** A contractor with a badge (and no grant yet); returns the weekday of their visit. */
    private int contractor(String id, String org) {
        person(id, "Contractor " + id, "CONTRACTOR", org, null);
        credential("c-" + id, id, "ACTIVE", plusDays(w.from, -5), null, null);
        return day();
    }

    private void visits(String escort, String badEscort) {
        int normal = 2 + random.nextInt(3);
        for (int i = 1; i <= normal; i++) {
            visit("visit-" + i, "v" + i, escort, day(), 0, "maintenance", 0);
        }
        visit("visit-incomplete", "v-inc", escort, day(), 0, null, 0);
        label("VISITOR_LOG_INCOMPLETE", "approval:visit-incomplete");
        visit("visit-badge", "v-badge", escort, day(), 0, "audit", 6 * 60);
        label("VISITOR_BADGE_LIVE", "credential:cv-v-badge");
        visit("visit-overstay", "v-over", escort, day(), 50, "install", 0);
        label("OUT_OF_WINDOW", "approval:visit-overstay:overstay");
        int d = day();
        Message unescorted = visit("visit-alone", "v-alone", badEscort, d, 0, "survey", 0);
        pass(w.at(d, 10, 0), badEscort, HALL, false);
        pass(w.at(d, 10, 30), badEscort, HALL, true);
        label("UNESCORTED_VISITOR", unescorted);
        // approved, never came
        d = day();
        person("v-none", "Visitor N", "VISITOR", "Nobody Inc", null);
        approval("visit-unused", "VISIT", "v-none", HALL, w.at(d, 14, 0), w.at(d, 16, 0), "APPROVED", w.at(d, 7, 0),
                w.at(d, 8, 0), null, escort, "Nobody Inc", escort, "meeting", null, null, null, null);
        label("UNUSED_VISIT", "approval:visit-unused");
    }

    /**
     * A visit 10:00-12:00: check-in 09:55, into the hall 10:05, out and check-out at 11:40/11:45 (or
     * {@code overstay} minutes after 12:00), its badge expiring at check-out (or {@code badgeLate}
     * minutes after the visit). Returns the visitor's entry.
     */
    private Message visit(String id, String visitor, String escort, int d, int overstay, String purpose, int badgeLate) {
        person(visitor, "Visitor " + visitor, "VISITOR", "Guest Corp", null);
        Instant from = w.at(d, 10, 0);
        Instant until = w.at(d, 12, 0);
        Instant checkIn = w.at(d, 9, 55);
        Instant exit = overstay > 0 ? World.plus(until, overstay - 5) : w.at(d, 11, 40);
        Instant checkOut = overstay > 0 ? World.plus(until, overstay) : w.at(d, 11, 45);
        String badge = "cv-" + visitor;
        credential(badge, visitor, "ACTIVE", checkIn, badgeLate > 0 ? World.plus(until, badgeLate) : until, id);
        if (badgeLate == 0) {
            statusChange(badge, checkOut, "ACTIVE", "EXPIRED", "system:visit-checkout", null);
        }
        approval(id, "VISIT", visitor, HALL, from, until, "CHECKED_OUT", w.at(d, 7, 0), w.at(d, 8, 0), null, escort,
                "Guest Corp", escort, purpose, "PASSPORT", checkIn, checkOut, badge);
        Message in = pass(World.plus(from, 5), visitor, HALL, false);
        pass(exit, visitor, HALL, true);
        return in;
    }

    private void devices() {
        int d = day();
        Message forced = w.traffic.event(w.at(d, 14, 0), MODULE, "DOOR_FORCED_OPEN", null, null, "d-a", null, false);
        label("DOOR_FORCED", forced);
        d = day();
        label("DOOR_HELD", w.traffic.event(w.at(d, 15, 0), MODULE, "DOOR_HELD_OPEN", null, null, "d-b", null, false));
        d = day();
        label("LOG_GAP", w.traffic.event(w.at(d, 3, 0), MODULE, "MODULE_OFFLINE", null, null, null, null, false));
        w.traffic.event(w.at(d, 3, 2), MODULE, "MODULE_ONLINE", null, null, null, null, false);
        // a burst of denials of an unknown card, and a few single denials of other unknown cards
        d = day();
        for (int i = 0; i < 6; i++) {
            Message m = w.traffic.event(w.at(d, 11, 0).plusSeconds(20L * i), "r-hall-in", "ACCESS_DENIED", "99:1", null, "d-hall",
                    HALL, false);
            if (i == 0) {
                labelled.add(new Object[] {"DENIED_BURST", m, "card:99:1:"});
            }
        }
        for (int i = 0; i < 3; i++) {
            Message m = w.traffic.event(World.plus(w.at(day(), 9, 0), random.nextInt(480)), "r-a-in", "ACCESS_DENIED", "99:10" + i,
                    null, "d-a", "cage-a", false);
            if (i == 0) {
                // read while the reader's link was down, delivered 15 minutes later
                m.eventDeviceTime = World.plus(m.at, -15);
                labelled.add(new Object[] {"LATE_EVENT", m, "late:r-a-in:"});
            }
        }
        // heartbeats every minute: r-b-out silent for 20 minutes, r-a-out's clock 30 s ahead for 10 minutes
        Instant silentFrom = w.at(day(), 13, 0);
        Instant silentTo = World.plus(silentFrom, 20);
        Instant driftFrom = w.at(day(), 15, 0);
        Instant driftTo = World.plus(driftFrom, 10);
        for (String r : READERS) {
            for (Instant t = w.from; t.isBefore(w.to); t = t.plusSeconds(60)) {
                if (r.equals("r-b-out") && t.isAfter(silentFrom) && t.isBefore(silentTo)) {
                    continue;
                }
                boolean drift = r.equals("r-a-out") && !t.isBefore(driftFrom) && t.isBefore(driftTo);
                w.traffic.heartbeat(t, r, t.plusMillis(drift ? 30_000 : random.nextInt(2000)));
            }
        }
        label("LOG_GAP", "silence:r-b-out:" + silentFrom);
        label("CLOCK_DRIFT", "clock:r-a-out:" + driftFrom);
        w.traffic.lose("r-b-in", w.at(day(), 12, 0), 3);
        // a grant put in force by raw SQL, with no approval behind it
        w.aclChanges.add(new Object[] {w.at(day(), 16, 0), "sql:postgres", "grants", "g-rogue", "I", "APPROVED", null, "rogue"});
    }

    private void person(String id, String name, String type, String org, Instant terminated) {
        w.persons.add(id, name, type, org, terminated);
        cardOf.put(id, "18:" + (++cards));
    }

    private void terminate(String id, Instant at) {
        for (Object[] row : w.persons.rows()) {
            if (row[0].equals(id)) {
                row[4] = at;
            }
        }
    }

    private void credential(String id, String person, String status, Instant from, Instant until, String visit) {
        String card = cardOf.computeIfAbsent(person, k -> "18:" + (++cards));
        w.credentials.add(id, card, person, status, from, until, visit);
    }

    private void statusChange(String credential, Instant at, String from, String to, String actor, String approval) {
        w.statusChanges.add(credential, at, from, to, actor, approval);
        if ("ACTIVE".equals(to) || "REVOKED".equals(to) || "EXPIRED".equals(to) || "LOST".equals(to)) {
            for (Object[] row : w.credentials.rows()) {
                if (row[0].equals(credential)) {
                    row[3] = to;
                }
            }
        }
    }

    private void grant(String id, String person, String[] zones, Instant from, Instant until, Instant approvedAt, String state,
                       Instant revoked) {
        for (String z : zones) {
            approval(id, "GRANT", person, z, from, until, state, approvedAt.minusSeconds(3600), approvedAt, revoked, null, null,
                    null, null, null, null, null, null);
        }
    }

    private void grantAt(String id, String person, String zone, Instant from, Instant until, Instant requested, Instant approved) {
        approval(id, "GRANT", person, zone, from, until, "APPROVED", requested, approved, null, null, null, null, null, null, null,
                null, null);
    }

    private void revokeGrant(String id, Instant at) {
        for (Object[] row : w.approvals.rows()) {
            if (row[0].equals(id)) {
                row[6] = "REVOKED";
                row[11] = at;
            }
        }
    }

    private void approval(String id, String kind, String person, String zone, Instant from, Instant until, String state,
                          Instant requested, Instant approved, Instant revoked, String escort, String org, String host,
                          String purpose, String idType, Instant checkIn, Instant checkOut, String credential) {
        w.approvals.add(id, kind, person, zone, from, until, state, REQUESTER, requested, APPROVER, approved, revoked, escort, org,
                host, purpose, idType, checkIn, checkOut, credential);
        if (w.approvals.rows().stream().filter(r -> r[0].equals(id)).count() == 1) {
            // the change that put it in force, naming its approval (one per grant or visit)
            w.aclChanges.add(new Object[] {approved, APPROVER, kind.equals("GRANT") ? "grants" : "visits", id, "I", "APPROVED",
                "A-" + id, null});
        }
    }

    private static Instant plusDays(Instant at, int days) {
        return at.plus(Duration.ofDays(days));
    }

    private Scenario write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> lost = w.traffic.finish();
        // the ACL change log first: its sequence numbers are the policy versions the decisions name
        CsvTable acl = new CsvTable("seq", "at", "actor", "table", "key", "op", "state", "approval");
        w.aclChanges.sort(Comparator.comparing((Object[] r) -> (Instant) r[0]).thenComparing(r -> (String) r[3]));
        TreeSet<String> labels = new TreeSet<>();
        List<Instant> versionAt = new ArrayList<>();
        long seq = 0;
        for (Object[] r : w.aclChanges) {
            acl.add(++seq, r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
            versionAt.add((Instant) r[0]);
            if ("rogue".equals(r[7])) {
                labels.add("ACL_CHANGE_WITHOUT_APPROVAL|acl:" + seq);
            }
        }
        acl.write(dir.resolve("acl_changes.csv"));
        List<Message> decisions = decisions(versionAt);
        CsvTable events = new CsvTable("id", "at", "device", "seq", "type", "result", "card", "person", "door", "zone",
                "direction", "device_time", "snapshot_version", "stored_at");
        CsvTable beats = new CsvTable("device", "at", "seq", "device_time");
        for (Message m : w.traffic.messages()) {
            if (m.heartbeat()) {
                beats.add(m.device, m.at, m.seq, m.deviceTime);
            } else {
                String result = m.type.equals("ACCESS_GRANTED") ? "GRANTED" : m.type.equals("ACCESS_DENIED") ? "DENIED" : null;
                events.add(m.id, m.at, m.device, m.seq, m.type, result, m.card, m.person, m.door, m.zone,
                        m.zone == null ? null : m.out ? "OUT" : "IN", m.eventDeviceTime != null ? m.eventDeviceTime : m.at,
                        m.version == 0 ? null : m.version, m.storedAt != null ? m.storedAt : m.at);
            }
        }
        events.write(dir.resolve("events.csv"));
        beats.write(dir.resolve("heartbeats.csv"));
        w.persons.write(dir.resolve("persons.csv"));
        w.credentials.write(dir.resolve("credentials.csv"));
        w.statusChanges.rows().sort(Comparator.comparing((Object[] r) -> (Instant) r[1]).thenComparing(r -> (String) r[0]));
        w.statusChanges.write(dir.resolve("credential_status.csv"));
        w.approvals.write(dir.resolve("approvals.csv"));
        CsvTable drifts = new CsvTable("kind", "event", "version");
        for (PolicyDrifts.Drift d : PolicyDrifts.choose(random, decisions, seq, labels)) {
            drifts.add(d.kind(), d.event(), d.version());
        }
        drifts.write(dir.resolve("policy_drift.csv"));
        for (Object[] l : labelled) {
            Object s = l[1];
            String prefix = l.length > 2 ? (String) l[2] : "event:";
            labels.add(l[0] + "|" + (s instanceof Message m ? prefix + m.id : s));
        }
        for (String gap : lost) {
            labels.add("LOG_GAP|seq:" + gap);
        }
        CsvTable labelFile = new CsvTable("type", "subject");
        for (String l : labels) {
            int bar = l.indexOf('|');
            labelFile.add(l.substring(0, bar), l.substring(bar + 1));
        }
        labelFile.write(dir.resolve("labels.csv"));
        return new Scenario(w.from, w.to, w.zone, List.copyOf(labels));
    }

    /**
     * Gives every decision the policy engine logged (a granted or denied badge of anyone but a visitor,
     * whose passages the escort's badge admits) the version in force at its time: the newest change of
     * the ACL log at or before it ({@code versionAt}, in version order). Returns them in time order.
     */
    private List<Message> decisions(List<Instant> versionAt) {
        java.util.Set<String> visitors = new java.util.HashSet<>();
        for (Object[] p : w.persons.rows()) {
            if ("VISITOR".equals(p[2])) {
                visitors.add((String) p[0]);
            }
        }
        List<Message> out = new ArrayList<>();
        for (Message m : w.traffic.messages()) {
            if (m.heartbeat() || !(m.type.equals("ACCESS_GRANTED") || m.type.equals("ACCESS_DENIED")) || visitors.contains(m.person)) {
                continue;
            }
            int v = Collections.binarySearch(versionAt, m.at);
            if (v >= 0) {
                while (v + 1 < versionAt.size() && versionAt.get(v + 1).equals(m.at)) {
                    v++;
                }
                m.version = v + 1;
            } else {
                m.version = -(v + 1);
            }
            if (m.version == 0) {
                throw new IllegalStateException("event at " + m.at + " before the first policy version");
            }
            out.add(m);
        }
        return out;
    }
}
