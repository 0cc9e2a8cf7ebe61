package io.cagekeeper.gateway.bench;

/**
 * Options of {@link ApiBenchmark}; the defaults are the sizes (10 million events, 100,000
 * persons, a 1,000,000-row export, 50 clients for 60 s while 100 badges/s flow).
 *
 * @param events        synthetic events loaded (spread over {@code days})
 * @param persons       persons (and credentials) in the policy and the events
 * @param days          span of the loaded events, ending a minute before the run
 * @param exportRows    rows of the CSV export measured
 * @param pageSamples   requests per filter for the page latencies
 * @param clients       concurrent API clients (keep-alive connections) in the load phase
 * @param seconds       length of the badge phases and of the API load
 * @param badgeRate     credentials per second in the badge phases
 * @param warmupSeconds unmeasured badges and API calls first (JIT)
 * @param modules       simulated door modules (8 doors each)
 */
record ApiOptions(long events, int persons, int days, long exportRows, int pageSamples, int clients, int seconds, int badgeRate,
                  int warmupSeconds, int modules) {

    static final String USAGE = "options: --events 10000000 --persons 100000 --days 30 --exportRows 1000000 --pageSamples 100 "
            + "--clients 50 --seconds 60 --badgeRate 100 --warmupSeconds 30 --modules 4";

    static ApiOptions parse(String[] args) {
        long events = 10_000_000;
        int persons = 100_000;
        int days = 30;
        long exportRows = 1_000_000;
        int pageSamples = 100;
        int clients = 50;
        int seconds = 60;
        int badgeRate = 100;
        int warmup = 30;
        int modules = 4;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            long v;
            try {
                v = Long.parseLong(args[i + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " must be a whole number; " + USAGE);
            }
            switch (args[i]) {
                case "--events" -> events = bounded(v, 1_000, 100_000_000, args[i]);
                case "--persons" -> persons = (int) bounded(v, 1_000, 1_000_000, args[i]);
                case "--days" -> days = (int) bounded(v, 1, 3_650, args[i]);
                case "--exportRows" -> exportRows = bounded(v, 1, 100_000_000, args[i]);
                case "--pageSamples" -> pageSamples = (int) bounded(v, 1, 100_000, args[i]);
                case "--clients" -> clients = (int) bounded(v, 1, 1_000, args[i]);
                case "--seconds" -> seconds = (int) bounded(v, 1, 3_600, args[i]);
                case "--badgeRate" -> badgeRate = (int) bounded(v, 1, 5_000, args[i]);
                case "--warmupSeconds" -> warmup = (int) bounded(v, 0, 600, args[i]);
                case "--modules" -> modules = (int) bounded(v, 1, 64, args[i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new ApiOptions(events, persons, days, exportRows, pageSamples, clients, seconds, badgeRate, warmup, modules);
    }

    /** An upper bound of the run, for the watchdog: the load (about a minute per million events here) and the phases. */
    long budgetSeconds() {
        return 900 + events / 1_000_000 * 240 + 4L * seconds + 2L * warmupSeconds + exportRows / 10_000;
    }

    private static long bounded(long v, long min, long max, String key) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", was " + v);
        }
        return v;
    }
}
