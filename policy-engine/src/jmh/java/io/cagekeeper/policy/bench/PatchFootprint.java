package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Heap and time of a large snapshot under a stream of patches: compile from scratch, then 2,000
 * single-badge patches and 20 patches of 10,000 badges, each patching the previous result (the older
 * snapshot dropped, as the gateway swaps them), printing the retained heap after full GCs, the peak
 * heap (sum of the heap pools' peaks, reset after the input data are dropped: an upper bound of what
 * the patches needed at once), percentiles of the patch times, and the time of data() and
 * contentHash() on a patched snapshot. Run it with {@code -Xmx} large enough for the generator; the
 * peak printed is what the snapshot and its patches took.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+UseParallelGC -cp <test classpath>
 * io.cagekeeper.policy.bench.PatchFootprint 1000000 [grants]}
 */
public final class PatchFootprint {

    /** Where both snapshots are held while the live set is measured (a local the JIT may consider dead is not enough). */
    private static final PolicySnapshot[] KEEP = new PolicySnapshot[2];

    private PatchFootprint() {
    }

    /** The bulky lists ordered by id, as the store loads them. */
    static PolicyData sortedById(PolicyData d) {
        List<Person> persons = new ArrayList<>(d.persons());
        persons.sort(Comparator.comparing(Person::id));
        List<Credential> creds = new ArrayList<>(d.credentials());
        creds.sort(Comparator.comparing(Credential::id));
        List<Grant> grants = new ArrayList<>(d.grants());
        grants.sort(Comparator.comparing(Grant::id));
        return new PolicyData(d.site(), d.zones(), d.doors(), d.readers(), persons, creds, d.schedules(), d.accessLevels(),
                grants, d.rules());
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int grants = args.length > 1 ? Integer.parseInt(args[1]) : n;
        PolicySnapshot.compile(0, BenchData.generate(100, 1).data);
        long base = usedAfterGc();
        PolicyData data = sortedById(BenchData.generate(n, 42).data);
        if (grants < n) {   // the first persons keep their grant, the others have none
            data = new PolicyData(data.site(), data.zones(), data.doors(), data.readers(), data.persons(), data.credentials(),
                    data.schedules(), data.accessLevels(), data.grants().subList(0, grants), data.rules());
        }
        long t0 = System.nanoTime();
        PolicySnapshot s = PolicySnapshot.compile(1, data);
        long t1 = System.nanoTime();
        data = null;
        // the snapshot's own credential objects (the input's are dropped): changes are built from them
        Credential[] original = s.data().credentials().toArray(Credential[]::new);
        long compiled = usedAfterGc() - base;
        long originals = (long) original.length * 4 + 16;   // the array of references kept to build changes
        resetPeaks();
        System.out.printf("credentials=%d grants=%d compile=%.2fs retained=%.1f MiB%n", n, grants, (t1 - t0) / 1e9,
                compiled / 1048576.0);

        SplittableRandom rnd = new SplittableRandom(5);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        long[] single = new long[2_000];
        for (int i = 0; i < single.length; i++) {
            Map<String, Credential> change = new HashMap<>(2);
            Credential c = flip(original[rnd.nextInt(original.length)], rnd, at);
            change.put(c.id(), c);
            PolicyDelta d = new PolicyDelta(s.version() + 1, Map.of(), change, Map.of(), null);
            long a = System.nanoTime();
            s = s.patch(d);
            single[i] = System.nanoTime() - a;
        }
        long afterSingle = usedAfterGc() - base;
        long[] batch = new long[20];
        for (int i = 0; i < batch.length; i++) {
            Map<String, Credential> change = new HashMap<>(20_000);
            for (int k = 0; k < 10_000; k++) {
                Credential c = flip(original[rnd.nextInt(original.length)], rnd, at);
                change.put(c.id(), c);
            }
            PolicyDelta d = new PolicyDelta(s.version() + 1, Map.of(), change, Map.of(), null);
            long a = System.nanoTime();
            s = s.patch(d);
            batch[i] = System.nanoTime() - a;
        }
        long peak = peakHeap();
        long afterBatch = usedAfterGc() - base;
        // the live set while a change is applied: the snapshot in force and the patched one both reachable
        Map<String, Credential> one = new HashMap<>(2);
        Credential flipped = flip(original[rnd.nextInt(original.length)], rnd, at);
        one.put(flipped.id(), flipped);
        KEEP[0] = s;
        KEEP[1] = s.patch(new PolicyDelta(s.version() + 1, Map.of(), one, Map.of(), null));
        long bothSingle = usedAfterGc() - base;
        s = KEEP[1];
        KEEP[0] = null;
        KEEP[1] = null;
        Map<String, Credential> many = new HashMap<>(20_000);
        for (int k = 0; k < 10_000; k++) {
            Credential x = flip(original[rnd.nextInt(original.length)], rnd, at);
            many.put(x.id(), x);
        }
        KEEP[0] = s;
        KEEP[1] = s.patch(new PolicyDelta(s.version() + 1, Map.of(), many, Map.of(), null));
        long bothBatch = usedAfterGc() - base;
        many = null;
        s = KEEP[1];
        KEEP[0] = null;
        KEEP[1] = null;
        long a = System.nanoTime();
        PolicyData rebuilt = s.data();
        long b = System.nanoTime();
        String hash = s.contentHash();
        long c = System.nanoTime();
        System.out.printf("single-badge patch (n=%d): p50=%.3f ms p90=%.3f p99=%.3f max=%.3f%n", single.length,
                pct(single, 50), pct(single, 90), pct(single, 99), pct(single, 100));
        System.out.printf("10,000-badge patch (n=%d): p50=%.1f ms p90=%.1f max=%.1f%n", batch.length, pct(batch, 50), pct(batch, 90),
                pct(batch, 100));
        System.out.printf("retained: compiled %.1f MiB, after single patches %.1f MiB, after batches %.1f MiB (incl. %.1f MiB test array); "
                        + "heap pools' peak during patches %.1f MiB (garbage included)%n", compiled / 1048576.0, afterSingle / 1048576.0, afterBatch / 1048576.0,
                originals / 1048576.0, peak / 1048576.0);
        System.out.printf("live while a change is applied (old and new snapshot both reachable): single badge %.1f MiB, "
                + "10,000 badges %.1f MiB (incl. the delta)%n", bothSingle / 1048576.0, bothBatch / 1048576.0);
        System.out.printf("patched snapshot: data() %.2f s, contentHash() %.2f s (%s), %d credentials%n", (b - a) / 1e9, (c - b) / 1e9,
                hash.substring(0, 12), rebuilt.credentials().size());
    }

    private static Credential flip(Credential c, SplittableRandom rnd, Instant at) {
        boolean revoke = c.status() == CredentialStatus.ACTIVE && rnd.nextBoolean();
        return new Credential(c.id(), c.card(), c.personId(), revoke ? CredentialStatus.REVOKED : CredentialStatus.ACTIVE,
                c.validFrom(), c.validUntil(), at, "user:bench", c.pinHash());
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = p == 100 ? s.length - 1 : (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, i)] / 1e6;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
