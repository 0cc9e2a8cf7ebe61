package io.cagekeeper.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A coarse profile of one phase, enough to say where the CPU of a 2-core machine went: the whole
 * machine's busy share (/proc/stat), the Mosquitto process (/proc/pid/stat), and this JVM's threads
 * grouped by name with digits removed (gateway event loop, Modbus workers, Paho threads of the
 * simulated readers, module simulators, PostgreSQL client), this JVM as a whole, and every PostgreSQL
 * server process together; what is left of the machine's busy share is everything else on it.
 */
final class CpuProfile {

    private final long mosquittoPid;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long[] machineStart;
    private long mosquittoStart;
    private long jvmStart;
    private long postgresStart;
    private Map<Long, Long> threadStart;
    private long wallStart;
    private long gcCountStart;
    private long gcMillisStart;
    private long compileMillisStart;

    CpuProfile(long mosquittoPid) {
        this.mosquittoPid = mosquittoPid;
    }

    void start() {
        machineStart = machineTicks();
        mosquittoStart = processTicks(mosquittoPid);
        jvmStart = processTicks(ProcessHandle.current().pid());
        postgresStart = commandTicks("postgres");
        threadStart = threadCpu();
        wallStart = System.nanoTime();
        gcCountStart = gcCount();
        gcMillisStart = gcMillis();
        compileMillisStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** A few lines: machine busy %, Mosquitto's share, the JVM's top thread groups in cores. */
    List<String> report() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long[] machine = machineTicks();
        double busy = machine[1] - machineStart[1] == 0 ? 0
                : 100.0 * (machine[0] - machineStart[0]) / (machine[1] - machineStart[1]);
        double mosquitto = (processTicks(mosquittoPid) - mosquittoStart) / 100.0 / wall;
        double jvm = (processTicks(ProcessHandle.current().pid()) - jvmStart) / 100.0 / wall;
        double postgres = (commandTicks("postgres") - postgresStart) / 100.0 / wall;
        Map<Long, Long> end = threadCpu();
        Map<String, Double> groups = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(end.keySet().stream().mapToLong(Long::longValue).toArray())) {
            if (info == null) {
                continue;
            }
            long used = end.get(info.getThreadId()) - threadStart.getOrDefault(info.getThreadId(), 0L);
            groups.merge(info.getThreadName().replaceAll("[0-9]+", "#"), used / 1e9 / wall, Double::sum);
        }
        List<String> out = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        out.add(String.format(Locale.ROOT, "machine busy %.0f%% of %d cores; this JVM %.2f cores, postgres %.2f, "
                        + "mosquitto %.2f, everything else %.2f", busy, cores, jvm, postgres, mosquitto,
                Math.max(0, busy / 100 * cores - jvm - postgres - mosquitto)));
        out.add(String.format(Locale.ROOT, "  jvm GC: %d collections, %d ms in all; JIT compiling: %d ms",
                gcCount() - gcCountStart, gcMillis() - gcMillisStart,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillisStart));
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.add(String.format(Locale.ROOT, "  jvm %-40s %.2f cores", e.getKey(), e.getValue())));
        return out;
    }

    private Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    /** {busy, total} jiffies of all CPUs. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime of every live process whose command name is {@code comm}, in clock ticks. */
    private static long commandTicks(String comm) {
        long sum = 0;
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open >= 0 && close > open && stat.substring(open + 1, close).equals(comm)) {
                        String[] f = stat.substring(close + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** utime + stime of a process, in clock ticks (100 a second on Linux). */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
