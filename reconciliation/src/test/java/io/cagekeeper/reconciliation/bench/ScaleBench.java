package io.cagekeeper.reconciliation.bench;

import io.cagekeeper.reconciliation.Progress;
import io.cagekeeper.reconciliation.Reconciler;
import io.cagekeeper.reconciliation.Result;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.FileInputs;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The scale benchmark of the file path (not a test; docs/reconciliation.md, "Scale"): writes
 * {@code events} entries of {@code persons} persons against their approvals (two per person, so
 * 50,000 persons = 100,000 approvals) into a directory as canonical CSV, then times one reconciliation
 * of them and prints events/s and the heap used. Run on a quiet machine:
 * <pre>
 * mvn -B -q -pl reconciliation -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp reconciliation/target/classes:reconciliation/target/test-classes:$(cat reconciliation/target/cp.txt) \
 *      io.cagekeeper.reconciliation.bench.ScaleBench /tmp/recon-bench 10000000 50000
 * </pre>
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/recon-bench");
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int persons = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        long from = Times.micros(Instant.parse("2026-11-02T00:00:00Z"));
        long to = from + 28L * 24 * 3_600_000_000L;
        long t0 = System.nanoTime();
        if (!Files.exists(dir.resolve("events.csv"))) {
            write(dir, events, persons, from, to);
        }
        System.out.printf("inputs ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Runtime rt = Runtime.getRuntime();
        rt.gc();
        long t1 = System.nanoTime();
        RowErrors errors = new RowErrors();
        FileInputs files = new FileInputs(dir, errors);
        Inputs inputs = files.load();
        Result r;
        try (EventSource source = files.events()) {
            r = new Reconciler(Settings.of(Map.of("offHours.start", "00:00", "offHours.end", "23:59:59", "offHours.weekends", "false")),
                    Progress.NONE).run(inputs, source, from, to, 1);
        }
        double s = (System.nanoTime() - t1) / 1e9;
        System.out.printf("file path: %d events, %d approvals, %d exceptions, %d row errors in %.2f s (%.0f events/s), heap used %d MiB%n",
                events, inputs.approvals().size(), r.findings().size(), errors.count(), s, events / s,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    /** Every person has a grant for the hall and one for a cage; each entry is followed by its exit; one entry in 10,000 is into a zone without an approval
     * (UNAUTHORIZED_ENTRY). Each zone has its readers ({@code r-<zone>-in}, {@code r-<zone>-out}), so the database leg can name the zone by its reader. */
    static void write(Path dir, long events, int persons, long from, long to) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(1);
        try (BufferedWriter p = Files.newBufferedWriter(dir.resolve("persons.csv"));
             BufferedWriter c = Files.newBufferedWriter(dir.resolve("credentials.csv"));
             BufferedWriter a = Files.newBufferedWriter(dir.resolve("approvals.csv"))) {
            p.write("id,name,type\n");
            c.write("id,card,person,status,valid_from\n");
            a.write("id,kind,person,zone,valid_from,state,requested_by,approved_by,approved_at\n");
            String since = Times.iso(from - 86_400_000_000L);
            for (int i = 0; i < persons; i++) {
                p.write("p" + i + ",P" + i + ",EMPLOYEE\n");
                c.write("c" + i + "," + (1_000_000 + i) + ",p" + i + ",ACTIVE," + since + "\n");
                a.write("g" + i + ",GRANT,p" + i + ",hall," + since + ",APPROVED,user:1,user:2," + since + "\n");
                a.write("g" + i + ",GRANT,p" + i + ",cage-" + (i % 20) + "," + since + ",APPROVED,user:1,user:2," + since + "\n");
            }
        }
        try (BufferedWriter e = Files.newBufferedWriter(dir.resolve("events.csv"), java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            e.write("id,at,device,seq,type,person,zone,direction\n");
            long step = Math.max(1, (to - from) / events);
            StringBuilder line = new StringBuilder(128);
            int person = 0;
            String zone = "hall";
            java.util.Map<String, long[]> seqs = new java.util.HashMap<>();
            for (long id = 1; id <= events; id++) {
                boolean in = (id & 1) == 1;
                if (in) {
                    person = random.nextInt(persons);
                    zone = random.nextInt(10_000) == 0 ? "cage-x" : random.nextBoolean() ? "hall" : "cage-" + (person % 20);
                }
                line.setLength(0);
                String device = "r-" + zone + (in ? "-in" : "-out");
                long seq = ++seqs.computeIfAbsent(device, k -> new long[1])[0];
                line.append(id).append(',').append(Times.iso(from + id * step)).append(',').append(device)
                        .append(',').append(seq).append(",ACCESS_GRANTED,p").append(person).append(',').append(zone)
                        .append(in ? ",IN\n" : ",OUT\n");
                e.write(line.toString());
            }
        }
    }
}
