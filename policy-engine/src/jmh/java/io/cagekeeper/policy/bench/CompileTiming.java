package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.PolicyData;
import java.util.Locale;

/**
 * Where a full compile's time goes at a size (the start-up of issue 11): the compile with its content
 * hash, and the content hash alone (v2, per-table digest trees), each timed {@code runs} times after
 * a warm-up. A main class beside the JMH benchmarks: one compile at a million badges takes seconds,
 * which JMH would repeat for minutes. Arguments: credentials (default 1,000,000), runs (default 3).
 */
public final class CompileTiming {

    private CompileTiming() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PolicyData data = BenchData.generate(size, 42).data;
        System.out.printf(Locale.ROOT, "[bench] %,d persons, %,d credentials, %,d grants%n", data.persons().size(),
                data.credentials().size(), data.grants().size());
        PolicySnapshot.compile(1, data); // warm-up
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            PolicySnapshot s = PolicySnapshot.compile(1, data);
            long t1 = System.nanoTime();
            String h = PolicySnapshot.contentHashOf(data);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "[bench] run %d: compile (with its hash) %.2f s, content hash alone %.2f s (%s)%n", r + 1,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, h.equals(s.contentHash()) ? "equal" : "DIFFERENT");
        }
    }
}
