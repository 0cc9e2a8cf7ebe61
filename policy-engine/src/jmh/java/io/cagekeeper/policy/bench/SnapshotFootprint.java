package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.engine.PolicySnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Retained heap of a compiled snapshot: heap used after full GCs with only the snapshot alive, minus
 * the baseline. Run with {@code -Xmx512m} to show it also fits: the generator's transient data then
 * has to fit as well, so use {@code -XX:+UseParallelGC}.
 *
 * <p>Usage: {@code java -cp <test classpath> io.cagekeeper.policy.bench.SnapshotFootprint 1000000}
 */
public final class SnapshotFootprint {

    private SnapshotFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        PolicySnapshot.compile(0, BenchData.generate(100, 1).data);   // load the classes before the baseline
        long base = usedAfterGc();
        long t0 = System.nanoTime();
        BenchData data = BenchData.generate(n, 42);
        long t1 = System.nanoTime();
        PolicySnapshot snapshot = PolicySnapshot.compile(1, data.data);
        long t2 = System.nanoTime();
        data.data = null;
        data = null;
        long used = usedAfterGc() - base;
        System.out.printf("credentials=%d generate=%.1fs compile=%.1fs retained=%.1f MiB (%.0f bytes/credential) max heap=%d MiB hash=%s%n",
                n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, used / 1048576.0, (double) used / n,
                Runtime.getRuntime().maxMemory() / 1048576, snapshot.contentHash().substring(0, 12));
    }

    private static long usedAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
