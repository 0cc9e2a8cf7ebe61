package io.cagekeeper.sim.door;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory and the timers of the door I/O module: relays, inputs, change counters, holding registers,
 * pulses, the communication watchdog and the status flags, per door-io-modbus.md. It knows nothing of
 * Modbus framing; {@link DoorIoProtocol} validates requests and calls it.
 *
 * <p>One lock guards all state so that a multi-register read is a consistent snapshot and a watchdog trip
 * cannot interleave with a write. Relay changes are queued under the lock and delivered to listeners on
 * one event thread, so listeners see them in order and never run under the lock.
 */
final class DoorIoImage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DoorIoImage.class);

    static final int CHANNELS = 8;
    /** Firmware 1.03, as major * 100 + minor (input register 11). */
    static final int FIRMWARE_VERSION = 103;

    static final int REG_WATCHDOG_TIMEOUT = 100;
    static final int REG_SAFE_STATE = 101;
    static final int REG_CLEAR_FLAGS = 102;
    static final int INPUT_REGISTERS = 12;

    private static final int MAX_PULSE_WIDTH = 6000;
    private static final int MAX_WATCHDOG_TIMEOUT = 600;

    private final Object lock = new Object();
    private final boolean[] coils = new boolean[CHANNELS];
    private final boolean[] inputs = new boolean[CHANNELS];
    private final int[] counters = new int[CHANNELS];
    private final int[] pulseWidth = new int[CHANNELS];
    private final long[] pulseGeneration = new long[CHANNELS];
    private final ScheduledFuture<?>[] pulseEnds = new ScheduledFuture<?>[CHANNELS];
    private int watchdogTimeout;
    /** Bumped whenever the watchdog is re-armed, so that a superseded check does nothing. */
    private long watchdogGeneration;
    private int safeStateMask;
    private boolean watchdogTripped;
    private boolean powerOnFlag = true;
    private long poweredAtNanos = System.nanoTime();
    private long lastValidRequestNanos = poweredAtNanos;

    private final List<CoilListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService events;

    DoorIoImage(String name) {
        timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
    }

    // --- address map -------------------------------------------------------------------------------

    static boolean isHoldingRegister(int address) {
        return address >= 0 && address < CHANNELS
                || address >= REG_WATCHDOG_TIMEOUT && address <= REG_CLEAR_FLAGS;
    }

    /** Whether {@code value} is in the datasheet's range for holding register {@code address}. */
    static boolean isValidHoldingValue(int address, int value) {
        int max = address < CHANNELS ? MAX_PULSE_WIDTH
                : address == REG_WATCHDOG_TIMEOUT ? MAX_WATCHDOG_TIMEOUT
                : address == REG_SAFE_STATE ? 0xFF
                : 0;
        return value >= 0 && value <= max;
    }

    // --- reads -------------------------------------------------------------------------------------

    boolean[] coils(int first, int count) {
        synchronized (lock) {
            return copy(coils, first, count);
        }
    }

    boolean[] inputs(int first, int count) {
        synchronized (lock) {
            return copy(inputs, first, count);
        }
    }

    /** Holding registers; every address must satisfy {@link #isHoldingRegister}. */
    int[] holdingRegisters(int first, int count) {
        synchronized (lock) {
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                int a = first + i;
                out[i] = a < CHANNELS ? pulseWidth[a]
                        : a == REG_WATCHDOG_TIMEOUT ? watchdogTimeout
                        : a == REG_SAFE_STATE ? safeStateMask
                        : 0;
            }
            return out;
        }
    }

    /** Input registers 0-11; every address must be below {@link #INPUT_REGISTERS}. */
    int[] inputRegisters(int first, int count) {
        synchronized (lock) {
            long uptime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - poweredAtNanos) & 0xFFFF_FFFFL;
            int[] all = new int[INPUT_REGISTERS];
            System.arraycopy(counters, 0, all, 0, CHANNELS);
            all[8] = (int) (uptime >>> 16);
            all[9] = (int) (uptime & 0xFFFF);
            all[10] = (watchdogTripped ? 1 : 0) | (powerOnFlag ? 2 : 0);
            all[11] = FIRMWARE_VERSION;
            int[] out = new int[count];
            System.arraycopy(all, first, out, 0, count);
            return out;
        }
    }

    // --- writes from clients -------------------------------------------------------------------------

    /** A valid request arrived: the communication watchdog starts counting again. */
    void requestReceived() {
        synchronized (lock) {
            lastValidRequestNanos = System.nanoTime();
        }
    }

    /**
     * Applies coil writes as one request. While the watchdog is tripped, a write that would move a relay
     * out of its safe state is ignored (and a write of the safe state latches, without a pulse that would
     * later leave it).
     */
    void writeCoils(int first, boolean[] values) {
        synchronized (lock) {
            for (int i = 0; i < values.length; i++) {
                int ch = first + i;
                boolean on = values[i];
                if (watchdogTripped && on != safeState(ch)) {
                    continue;
                }
                cancelPulse(ch);
                setCoil(ch, on);
                if (on && pulseWidth[ch] > 0 && !watchdogTripped) {
                    long generation = pulseGeneration[ch];
                    pulseEnds[ch] = timer.schedule(() -> endPulse(ch, generation),
                            pulseWidth[ch] * 10L, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Writes holding registers; addresses and values must have been validated. */
    void writeHoldingRegisters(int first, int[] values) {
        synchronized (lock) {
            for (int i = 0; i < values.length; i++) {
                int a = first + i;
                if (a < CHANNELS) {
                    pulseWidth[a] = values[i];
                } else if (a == REG_WATCHDOG_TIMEOUT) {
                    watchdogTimeout = values[i];
                    armWatchdog();
                } else if (a == REG_SAFE_STATE) {
                    safeStateMask = values[i];
                } else {
                    watchdogTripped = false;
                    powerOnFlag = false;
                    armWatchdog();
                }
            }
        }
    }

    // --- the physical world --------------------------------------------------------------------------

    /** An input changes: a real change bumps its 16-bit wrapping counter. */
    void setInput(int ch, boolean closed) {
        synchronized (lock) {
            if (inputs[ch] != closed) {
                inputs[ch] = closed;
                counters[ch] = (counters[ch] + 1) & 0xFFFF;
            }
        }
    }

    /** Sets an input as it already was when the module was installed: no change is counted. */
    void wireInput(int ch, boolean closed) {
        synchronized (lock) {
            inputs[ch] = closed;
        }
    }

    /** Power lost and back: relays off, counters 0, power-on flag set, holding registers kept. */
    void powerCycle() {
        synchronized (lock) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                cancelPulse(ch);
                setCoil(ch, false);
                counters[ch] = 0;
            }
            watchdogTripped = false;
            powerOnFlag = true;
            poweredAtNanos = System.nanoTime();
            lastValidRequestNanos = poweredAtNanos;
            armWatchdog();
        }
    }

    void addListener(CoilListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        events.shutdown();
    }

    // --- internals -----------------------------------------------------------------------------------

    private boolean safeState(int ch) {
        return (safeStateMask >>> ch & 1) == 1;
    }

    private void cancelPulse(int ch) {
        pulseGeneration[ch]++;
        if (pulseEnds[ch] != null) {
            pulseEnds[ch].cancel(false);
            pulseEnds[ch] = null;
        }
    }

    private void endPulse(int ch, long generation) {
        synchronized (lock) {
            if (pulseGeneration[ch] == generation) {
                pulseEnds[ch] = null;
                setCoil(ch, false);
            }
        }
    }

    /**
     * Must hold the lock. Schedules one check for the moment the timeout would run out if no request
     * came meanwhile (a check that finds a newer request re-schedules itself for the new deadline), so
     * an idle module costs no timer wake-ups and a trip happens on time, not on the next tick.
     */
    private void armWatchdog() {
        long generation = ++watchdogGeneration;
        if (watchdogTimeout == 0 || watchdogTripped) {
            return;
        }
        long left = lastValidRequestNanos + watchdogTimeout * 100_000_000L - System.nanoTime();
        try {
            timer.schedule(() -> watchdogCheck(generation), Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the module is closing
        }
    }

    private void watchdogCheck(long generation) {
        synchronized (lock) {
            if (generation != watchdogGeneration || watchdogTimeout == 0 || watchdogTripped) {
                return;
            }
            if (System.nanoTime() - lastValidRequestNanos < watchdogTimeout * 100_000_000L) {
                armWatchdog();
                return;
            }
            watchdogTripped = true;
            for (int ch = 0; ch < CHANNELS; ch++) {
                cancelPulse(ch);
                setCoil(ch, safeState(ch));
            }
        }
    }

    /** Must hold the lock: the event is queued in the order of the changes. */
    private void setCoil(int ch, boolean on) {
        if (coils[ch] == on) {
            return;
        }
        coils[ch] = on;
        Instant at = Instant.now();
        try {
            events.execute(() -> notifyListeners(ch, on, at));
        } catch (RejectedExecutionException closed) {
            // the module is closing: nobody is listening any more
        }
    }

    private void notifyListeners(int ch, boolean on, Instant at) {
        for (CoilListener l : listeners) {
            try {
                l.onCoilChanged(ch, on, at);
            } catch (RuntimeException e) {
                LOG.warn("coil listener failed on DO{} -> {}", ch, on, e);
            }
        }
    }

    private static boolean[] copy(boolean[] from, int first, int count) {
        boolean[] out = new boolean[count];
        System.arraycopy(from, first, out, 0, count);
        return out;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
