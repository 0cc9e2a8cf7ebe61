package io.cagekeeper.gateway.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link EndToEndLatency}. Defaults keep a run short (about 1.5 minutes) so it
 * can be repeated while others build on the same machine; {@code --minutes 5} turns the last rate into
 * the sustained run the issue asks for.
 *
 * @param rates           credentials per second, one phase each, in order
 * @param seconds         length of each phase unless {@code minutes} is set
 * @param sustainedMinutes when positive, the LAST rate runs this many minutes instead of {@code seconds}
 * @param modules         simulated door modules, 8 doors (and 8 readers) each; 32 gives 256 doors, so at
 *                        1,000/s a door gets a credential every 256 ms, well after its 100 ms pulse ended
 * @param pollMs          the gateway's poll interval per module (its default is 100)
 * @param floorSeconds    length of each floor probe (MQTT echo, Modbus write) at {@code floorRate}
 * @param floorRate       requests per second of the floor probes
 * @param readerConnections MQTT connections the simulated readers share (a {@code ReaderFleet} each)
 * @param warmupSeconds   unmeasured phases ramping up to the highest rate first, so that the measured phases do
 *                        not pay the JIT compilation of the spine (nothing may be lost in it either)
 */
record BenchOptions(List<Integer> rates, int seconds, int sustainedMinutes, int modules, int pollMs, int floorSeconds,
                    int floorRate, int readerConnections, int warmupSeconds) {

    static final String USAGE = "options: --rates 100,1000 --seconds 30 --minutes 0 --modules 32 --pollMs 100 "
            + "--floorSeconds 5 --floorRate 1000 --readerConnections 4 --warmupSeconds 60";

    static BenchOptions parse(String[] args) {
        List<Integer> rates = List.of(100, 1000);
        int seconds = 30;
        int minutes = 0;
        int modules = 32;
        int pollMs = 100;
        int floorSeconds = 5;
        int floorRate = 1000;
        int readerConnections = 4;
        int warmupSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (key) {
                case "--rates" -> {
                    List<Integer> r = new ArrayList<>();
                    for (String s : value.split(",")) {
                        r.add(bounded(s.trim(), 1, 20_000, key));
                    }
                    rates = List.copyOf(r);
                }
                case "--seconds" -> seconds = bounded(value, 1, 3_600, key);
                case "--minutes" -> minutes = bounded(value, 0, 60, key);
                case "--modules" -> modules = bounded(value, 1, 64, key);
                case "--pollMs" -> pollMs = bounded(value, 10, 10_000, key);
                case "--floorSeconds" -> floorSeconds = bounded(value, 1, 600, key);
                case "--floorRate" -> floorRate = bounded(value, 1, 20_000, key);
                case "--readerConnections" -> readerConnections = bounded(value, 1, 512, key);
                case "--warmupSeconds" -> warmupSeconds = bounded(value, 0, 600, key);
                default -> throw new IllegalArgumentException("unknown option " + key + "; " + USAGE);
            }
        }
        return new BenchOptions(rates, seconds, minutes, modules, pollMs, floorSeconds, floorRate, readerConnections, warmupSeconds);
    }

    /** Seconds the phase at position {@code index} of {@link #rates} lasts. */
    int secondsOf(int index) {
        return sustainedMinutes > 0 && index == rates.size() - 1 ? sustainedMinutes * 60 : seconds;
    }

    /** Upper bound of the whole run, for the watchdog that ends a stuck run. */
    long budgetSeconds() {
        long total = 180 + 2L * floorSeconds + warmupSeconds + 60;
        for (int i = 0; i < rates.size(); i++) {
            total += secondsOf(i) + 2L * floorSeconds + 120;
        }
        return total;
    }

    int doors() {
        return modules * 8;
    }

    /** {@code value} as a whole number in [min, max]; IllegalArgumentException naming {@code key} otherwise (ApiOptions too). */
    static int bounded(String value, int min, int max, String key) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was " + value);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", was " + v);
        }
        return v;
    }
}
