package io.cagekeeper.gateway.bench;

/**
 * Options of {@link ApiBenchmark}; the defaults are the sizes (10 million events, 100,000
 * persons, a 1,000,000-row export, 50 clients for 60 s paced at 200 requests/s in all, then back to back, while 100
 * badges/s flow).
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
 * @param apiRate       requests/s of all API clients together in the paced phase (the closed-loop phase follows)
 */
record ApiOptions(long events, int persons, int days, long exportRows, int pageSamples, int clients, int seconds, int badgeRate,
                  int warmupSeconds, int modules, int apiRate) {

    static final String USAGE = "options: --events 10000000 --persons 100000 --days 30 --exportRows 1000000 --pageSamples 100 "
            + "--clients 50 --seconds 60 --badgeRate 100 --warmupSeconds 30 --modules 4 --apiRate 200";

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
        int apiRate = 200;
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value; " + USAGE);
            }
            String v = args[i + 1];
            switch (key) {
                case "--events" -> events = BenchOptions.bounded(v, 1_000, 100_000_000, key);
                case "--persons" -> persons = BenchOptions.bounded(v, 1_000, 1_000_000, key);
                case "--days" -> days = BenchOptions.bounded(v, 1, 3_650, key);
                case "--exportRows" -> exportRows = BenchOptions.bounded(v, 1, 100_000_000, key);
                case "--pageSamples" -> pageSamples = BenchOptions.bounded(v, 1, 100_000, key);
                case "--clients" -> clients = BenchOptions.bounded(v, 1, 1_000, key);
                case "--seconds" -> seconds = BenchOptions.bounded(v, 1, 3_600, key);
                case "--badgeRate" -> badgeRate = BenchOptions.bounded(v, 1, 5_000, key);
                case "--warmupSeconds" -> warmup = BenchOptions.bounded(v, 0, 600, key);
                case "--modules" -> modules = BenchOptions.bounded(v, 1, 64, key);
                case "--apiRate" -> apiRate = BenchOptions.bounded(v, 1, 100_000, key);
                default -> throw new IllegalArgumentException("unknown option " + key + "; " + USAGE);
            }
        }
        return new ApiOptions(events, persons, days, exportRows, pageSamples, clients, seconds, badgeRate, warmup, modules, apiRate);
    }

    /** An upper bound of the run, for the watchdog: the load (about a minute per million events here) and the phases. */
    long budgetSeconds() {
        return 900 + events / 1_000_000 * 240 + 6L * seconds + 2L * warmupSeconds + exportRows / 10_000;
    }
}
