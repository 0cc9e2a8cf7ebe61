package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one door I/O module: configures it (pulse widths, communication watchdog and its safe
 * state) and checks that configuration at least once a second, polls it, feeds each door's state
 * machine, releases locks on request and makes sure every lock the gateway did not mean to release is
 * relocked and read back locked ({@link RelayGuard}).
 *
 * <p>Blocking Modbus calls run on two private single worker threads: one connection and thread for
 * polling, a second for every write (lock commands, configuration), so a release never waits behind a
 * poll and writes stay in the order they were decided (the module accepts four connections). All state
 * lives on the Vert.x context that created this object. When the module stops answering it is reported
 * OFFLINE and retried with exponential backoff; the watchdog then relocks its doors by itself.
 *
 * <p>At a connect the module's status flags are read before anything clears them: a watchdog trip or a
 * power cycle while the gateway was away is recorded with the window it covers (the last contact, kept
 * in a {@link ContactLog} across gateway runs, to now) before the configuration clears the flags.
 */
public final class DoorModule {

    private static final Logger LOG = LoggerFactory.getLogger(DoorModule.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** The command-clock key of writes to the holding registers. */
    private static final String REGISTERS = "registers";

    private final Vertx vertx;
    private final GatewayConfig.Module config;
    private final Map<String, DoorHardware> hardware = new LinkedHashMap<>();
    private final Map<String, DoorStateMachine> doors = new LinkedHashMap<>();
    private final Map<String, RelayGuard> guards = new LinkedHashMap<>();
    private final Handler<DoorEvent> events;
    private final Handler<DoorStateMachine> baseline;
    private final WorkerExecutor worker;
    private final ModbusConnection connection;
    private final WorkerExecutor commandWorker;
    private final ModbusConnection commandConnection;
    private final ModuleConfigCheck configCheck;
    private final CounterBaseline counters = new CounterBaseline();
    private final ContactLog contacts;
    private final StatusFlags flags;
    private final Map<String, long[]> commandClocks = new HashMap<>();
    private final Set<String> relocking = new HashSet<>();
    private boolean online;
    private boolean everOnline;
    private boolean stopped;
    private boolean workerClosed;
    private long timerId = -1;
    private Duration backoff;
    private ModuleSnapshot last;
    private boolean countersMoved;
    private long commandsIssued;
    private long commandsAtLastPoll = -1;
    private int pollsSinceFull;
    private Instant lastContact;
    private boolean contactLoaded;

    /**
     * @param baseline told about each door once, at its first poll, so that state kept from before a
     *                 restart (a door remembered as open or released) is corrected by what the module reports
     * @param stateDir where the last contact is kept across gateway runs (null: in memory only)
     * @param metrics  where the Modbus transactions are timed
     */
    public DoorModule(Vertx vertx, GatewayConfig.Module config, List<DoorHardware> doorsOnModule, Handler<DoorEvent> events,
                      Handler<DoorStateMachine> baseline, Path stateDir, io.cagekeeper.gateway.access.Metrics metrics) {
        this.vertx = vertx;
        this.baseline = baseline;
        this.config = config;
        this.events = events;
        Duration slack = config.pollInterval().multipliedBy(2).plusMillis(500);
        for (DoorHardware d : doorsOnModule) {
            hardware.put(d.doorId(), d);
            doors.put(d.doorId(), new DoorStateMachine(d));
            guards.put(d.doorId(), new RelayGuard(d, slack));
        }
        this.configCheck = new ModuleConfigCheck(config, hardware.values());
        this.flags = new StatusFlags(config.id(), config.watchdogUnits() * 100);
        this.contacts = new ContactLog(stateDir == null ? null : stateDir.resolve("module-" + config.id() + ".last-contact"));
        this.worker = vertx.createSharedWorkerExecutor("modbus-" + config.id(), 1);
        this.connection = new ModbusConnection(config, metrics);
        this.commandWorker = vertx.createSharedWorkerExecutor("modbus-cmd-" + config.id(), 1);
        this.commandConnection = new ModbusConnection(config, metrics);
        this.backoff = config.pollInterval();
    }

    public String id() {
        return config.id();
    }

    public boolean online() {
        return online;
    }

    public Map<String, DoorStateMachine> doors() {
        return doors;
    }

    public ModuleSnapshot lastSnapshot() {
        return last;
    }

    /** Starts polling. Never fails: an unreachable module is reported OFFLINE and retried. */
    public void start() {
        schedule(Duration.ZERO);
    }

    /**
     * Releases a door's lock for its configured time. Fails (and leaves the door locked) when the
     * module cannot be reached or refuses: the caller must then not tell the reader GRANT. A release
     * that failed or got no reply (it may have reached the module) is followed at once by a relock on a
     * fresh connection, read back; a relock that cannot be confirmed is retried and alarmed.
     */
    public Future<Void> release(String doorId) {
        DoorHardware d = hardware.get(doorId);
        if (d == null) {
            return Future.failedFuture("door " + doorId + " is not on module " + config.id());
        }
        if (!online) {
            return Future.failedFuture("module " + config.id() + " is offline");
        }
        RelayGuard guard = guards.get(doorId);
        Instant at = Instant.now();
        Future<String> written = command(List.of(doorId), () -> {
            try {
                commandConnection.writeCoil(d.lockRelay(), !ModuleConfigCheck.lockedCoil(d)); // a strike's pulse ends by itself
                return null;
            } catch (ModbusConnection.ModuleFault e) {
                throw new ReleaseFailed(e, relockOnFreshConnection(d));
            }
        });
        return written.<Void>mapEmpty().onSuccess(v -> {
            // the pulse began between the request and its reply: timed from the reply it cannot outlast the grant
            // however long the write waited behind other commands
            guard.releaseConfirmed(Instant.now());
            doors.get(doorId).released(at);
            if (d.lockType() == LockType.FAIL_SAFE) {
                // A maglock is released by removing power: the gateway times the re-lock itself.
                vertx.setTimer(d.release().toMillis(), t -> {
                    if (!guard.grantRunning(Instant.now())) {
                        guard.releaseEnded(Instant.now());
                        relock(d);
                    }
                });
            }
        }).onFailure(e -> {
            if (e instanceof ReleaseFailed f) {
                if (!f.fault.refused()) {
                    emitAll(guard.releaseUnconfirmed(f.fault.getMessage()));
                }
                emitAll(guard.relockResult(f.relockError));
                if (f.relockError != null) {
                    relock(d);
                }
            }
        });
    }

    /** A failed release: the write's fault, and the relock's error (null when it was read back locked). */
    private static final class ReleaseFailed extends Exception {
        final ModbusConnection.ModuleFault fault;
        final String relockError;

        ReleaseFailed(ModbusConnection.ModuleFault fault, String relockError) {
            super(fault.getMessage(), fault, false, false);
            this.fault = fault;
            this.relockError = relockError;
        }
    }

    /** After a failed write the connection cannot be trusted (a late reply may still come): reconnect, relock, read back. */
    private String relockOnFreshConnection(DoorHardware d) {
        try {
            commandConnection.connect();
            writeLockedAndVerify(d, false);
            return null;
        } catch (ModbusConnection.ModuleFault e) {
            commandConnection.disconnect();
            return e.getMessage();
        }
    }

    /**
     * Relocks a door and reads it back, retrying (RELOCK_FAILED, or FIRE_RESTORE_FAILED after a fire
     * alarm, until it holds) for as long as the guard still wants the door locked. One series per door.
     */
    private void relock(DoorHardware d) {
        if (relocking.add(d.doorId())) {
            attemptRelock(d);
        }
    }

    private void attemptRelock(DoorHardware d) {
        RelayGuard guard = guards.get(d.doorId());
        if (stopped || !guard.relockPending()) {
            relocking.remove(d.doorId());
            return;
        }
        boolean restore = guard.restoringFromFire();
        List<String> keys = restore ? List.of(d.doorId(), REGISTERS) : List.of(d.doorId());
        command(keys, () -> writeLockedAndVerify(d, restore)).onComplete(ar -> {
            emitAll(guard.relockResult(ar.succeeded() ? null : ar.cause().getMessage()));
            if (ar.succeeded() || stopped) {
                relocking.remove(d.doorId());
            } else {
                LOG.error("relock of door {} failed, retrying: {}", d.doorId(), ar.cause().getMessage());
                vertx.setTimer(guard.retryDelay().toMillis(), t -> attemptRelock(d));
            }
        });
    }

    /**
     * Puts the lock relay in its locked state (strike de-energised, maglock energised), after a fire
     * alarm also a strike's pulse width, and reads both back; command thread only.
     */
    private Void writeLockedAndVerify(DoorHardware d, boolean restorePulse) throws ModbusConnection.ModuleFault {
        boolean locked = ModuleConfigCheck.lockedCoil(d);
        try {
            commandConnection.writeCoil(d.lockRelay(), locked);
            if (restorePulse) {
                commandConnection.writeRegister(d.lockRelay(), ModuleConfigCheck.pulseWidth(d));
            }
        } catch (ModbusConnection.ModuleFault e) {
            if (e.refused()) {
                throw e;
            }
            // no reply: the write may well have taken effect. The read-back decides, on a fresh connection
            // (a late reply on the old one would be taken for the answer to the read).
            commandConnection.connect();
        }
        int coils = commandConnection.readCoils();
        if ((coils >>> d.lockRelay() & 1) == 1 != locked) {
            throw new ModbusConnection.ModuleFault("relay DO" + d.lockRelay() + " of module " + config.id()
                    + " read back released after the relock", null);
        }
        if (restorePulse) {
            int pulse = commandConnection.readRegisters().pulses()[d.lockRelay()];
            if (pulse != ModuleConfigCheck.pulseWidth(d)) {
                throw new ModbusConnection.ModuleFault("pulse width of DO" + d.lockRelay() + " read back as " + pulse, null);
            }
        }
        return null;
    }

    public Future<Void> stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        Future<Void> commands = commandWorker.<Void>executeBlocking(() -> {
            commandConnection.disconnect();
            return null;
        }, false).eventually(commandWorker::close);
        return blocking(() -> {
            if (lastContact != null) {
                contacts.contact(lastContact, true);
            }
            connection.disconnect();
            return null;
        }).eventually(() -> {
            workerClosed = true;
            return worker.close();
        }).eventually(() -> commands).mapEmpty();
    }

    private void schedule(Duration delay) {
        if (stopped) {
            return;
        }
        long ms = Math.max(1, delay.toMillis());
        timerId = vertx.setTimer(ms, t -> pollOnce());
    }

    /** A poll as it came back from the worker: whether it began with a connect, and the last contact stored by earlier runs. */
    private record Polled(ModbusConnection.Poll poll, boolean connected, Instant storedContact) {
    }

    private void pollOnce() {
        if (stopped) {
            return;
        }
        boolean needsConnect = !online;
        PollPlan plan = plan(needsConnect);
        boolean loadContact = !contactLoaded;
        blocking(() -> {
            PollPlan p = plan;
            boolean connected = false;
            if (needsConnect || !connection.connected()) {
                // the flags are read before anything clears them: a trip while we were away must be seen
                connection.connect();
                p = PollPlan.everything();
                connected = true;
            }
            Instant stored = loadContact ? contacts.read() : null;
            ModbusConnection.Poll r = connection.poll(p, p.full());
            contacts.contact(r.snapshot().at(), false);
            return new Polled(r, connected, stored);
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                backoff = config.pollInterval();
                Future<Void> ready;
                try {
                    ready = onPoll(ar.result());
                } catch (RuntimeException e) {
                    LOG.error("poll of module {} could not be processed", config.id(), e); // polling must go on
                    ready = Future.succeededFuture();
                }
                ready.onComplete(done -> schedule(config.pollInterval()));
            } else {
                onFault(ar.cause());
                schedule(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        });
    }

    /** What the next poll reads (see {@link PollPlan}); event loop only. */
    private PollPlan plan(boolean reconnecting) {
        long fullEvery = Math.max(1, 1_000 / Math.max(1, config.pollInterval().toMillis()));
        boolean full = reconnecting || last == null || ++pollsSinceFull >= fullEvery;
        if (full) {
            pollsSinceFull = 0;
        }
        boolean released = false;
        for (DoorStateMachine d : doors.values()) {
            released |= d.isLockReleased();
        }
        boolean commanded = commandsIssued != commandsAtLastPoll;
        commandsAtLastPoll = commandsIssued;
        return new PollPlan(full, released || commanded, last, countersMoved);
    }

    /** Folds one poll in; the future completes when a configuration it asked for is done (the next poll waits for it). */
    private Future<Void> onPoll(Polled polled) {
        ModuleSnapshot s = polled.poll().snapshot();
        if (!contactLoaded) {
            contactLoaded = true;
            lastContact = polled.storedContact();
        }
        Instant previousContact = lastContact;
        lastContact = s.at();
        if (!online) {
            online = true;
            emit(EventType.MODULE_ONLINE, "Door module " + config.id() + " online at " + config.host() + ":" + config.port(),
                    Map.of("reconnect", everOnline));
        }
        boolean firstConnect = !everOnline;
        everOnline = true;
        boolean flagged = s.statusFlags() != 0;
        boolean restarted = StatusFlags.restarted(s, last);
        emitAll(flags.observe(s, last, previousContact));
        if (restarted) {
            // the datasheet zeroes the counters at power-on: count from there (the uptime has whole seconds: a second more)
            counters.powerOn(s.at().minusSeconds(s.uptimeSeconds() + 1));
        }
        CounterBaseline.Deltas moved = counters.next(s.counters(), s.at());
        if (!moved.faults().isEmpty()) {
            events.handle(flags.counterFault(moved.faults(), previousContact, s.at()));
        }
        countersMoved = last != null && !Arrays.equals(last.counters(), s.counters());
        last = s;
        for (DoorStateMachine door : doors.values()) {
            observeDoor(polled, door, moved, flagged);
        }
        boolean reconfigure = flagged || polled.connected();
        ModbusConnection.Registers regs = polled.poll().registers();
        if (!reconfigure && regs != null && fresh(REGISTERS, polled.poll().startedNanos())) {
            List<ModuleConfigCheck.Mismatch> wrong = configCheck.compare(regs.pulses(), regs.watchdog(), regs.safeState(), fireRelays());
            if (!wrong.isEmpty()) {
                events.handle(flags.configMismatch(wrong, "found changed"));
                reconfigure = true;
            }
        } else if (polled.connected() && !firstConnect && regs != null) {
            // changed while the gateway could not see the module (or by its power cycle: holding registers survive one)
            List<ModuleConfigCheck.Mismatch> wrong = configCheck.compare(regs.pulses(), regs.watchdog(), regs.safeState(), fireRelays());
            if (!wrong.isEmpty()) {
                events.handle(flags.configMismatch(wrong, "found changed at reconnect"));
            }
        }
        return reconfigure ? configure(polled.connected()) : Future.succeededFuture();
    }

    private void observeDoor(Polled polled, DoorStateMachine door, CounterBaseline.Deltas moved, boolean flagged) {
        ModuleSnapshot s = polled.poll().snapshot();
        DoorHardware d = hardware.get(door.doorId());
        RelayGuard guard = guards.get(door.doorId());
        boolean released = s.coil(d.lockRelay()) != ModuleConfigCheck.lockedCoil(d);
        if (!flagged && polled.poll().coilsRead() && fresh(d.doorId(), polled.poll().startedNanos())) {
            // a reading no command of this door overtook; a power cycle or trip explains its relays itself
            RelayGuard.Verdict v = guard.observe(released, s.at());
            emitAll(v.events());
            if (v.relock()) {
                relock(d);
            }
        }
        door.releaseUnexpected(released && !guard.authorizes(s.at()));
        boolean first = !door.initialised();
        for (DoorEvent e : door.observe(s, moved)) {
            events.handle(e);
            if (e.type() == EventType.DOOR_CLOSED && door.isLockReleased() && !door.fireActive()) {
                relockAfterPassage(d);
            }
        }
        if (first) {
            baseline.handle(door);
        }
        holdForFire(door);
    }

    /** Relays whose door is held for fire egress or being restored from it. */
    private Set<Integer> fireRelays() {
        Set<Integer> out = new HashSet<>();
        guards.forEach((id, g) -> {
            if (g.fireHeld()) {
                out.add(hardware.get(id).lockRelay());
            }
        });
        return out;
    }

    /**
     * Writes pulse widths, the watchdog timeout and its safe state (every lock locked), relocks every
     * door not released by a grant or held for fire (a power cycle leaves maglocks open, another client
     * may have released anything), reads the registers back, and only then clears the power-on and
     * watchdog flags (which were read and recorded first). On the command connection, in order with
     * the lock commands; after a reconnect of the poll connection on a fresh command connection too.
     */
    private Future<Void> configure(boolean reconnect) {
        Instant now = Instant.now();
        Set<Integer> fire = fireRelays();
        List<DoorHardware> relock = new ArrayList<>();
        for (DoorHardware d : hardware.values()) {
            if (!guards.get(d.doorId()).authorizes(now)) {
                relock.add(d);
            }
        }
        List<String> keys = new ArrayList<>(hardware.keySet());
        keys.add(REGISTERS);
        return command(keys, () -> {
            if (reconnect) {
                commandConnection.connect(); // the poll connection was lost, so this one may be stale too
            }
            for (DoorHardware d : hardware.values()) {
                commandConnection.writeRegister(d.lockRelay(), fire.contains(d.lockRelay()) ? 0 : ModuleConfigCheck.pulseWidth(d));
            }
            commandConnection.writeRegister(ModuleConfigCheck.REG_SAFE_STATE, configCheck.safeStateMask());
            commandConnection.writeRegister(ModuleConfigCheck.REG_WATCHDOG, configCheck.watchdogUnits());
            commandConnection.writeRegister(102, 0);
            for (DoorHardware d : relock) {
                commandConnection.writeCoil(d.lockRelay(), ModuleConfigCheck.lockedCoil(d));
            }
            ModbusConnection.Registers r = commandConnection.readRegisters();
            List<ModuleConfigCheck.Mismatch> wrong = configCheck.compare(r.pulses(), r.watchdog(), r.safeState(), fire);
            if (!wrong.isEmpty()) {
                throw new ModbusConnection.ModuleFault("module " + config.id() + " did not keep its configuration: "
                        + wrong.stream().map(ModuleConfigCheck.Mismatch::describe).collect(Collectors.joining("; ")), null);
            }
            return null;
        }).<Void>mapEmpty().onFailure(e -> LOG.error("configuration of module {} failed (retried at the next poll): {}",
                config.id(), e.getMessage()));
    }

    /**
     * A door that closes after a passage locks at once instead of waiting out the release time: the
     * door behind the next person is not left open to a tailgater, and in a mantrap the other door
     * becomes usable (its interlock needs this one locked).
     */
    private void relockAfterPassage(DoorHardware d) {
        guards.get(d.doorId()).releaseEnded(Instant.now());
        relock(d);
    }

    /**
     * Life safety first: while a door's fire-alarm input is active its lock is held released
     * (latched, no pulse), re-applied on every poll so that a module restart during the alarm cannot
     * relock an egress door. When the alarm clears the door is relocked and read back, and stays in
     * the fire hold (retried, FIRE_RESTORE_FAILED) until that holds.
     */
    private void holdForFire(DoorStateMachine door) {
        DoorHardware d = hardware.get(door.doorId());
        RelayGuard guard = guards.get(door.doorId());
        boolean fire = door.fireActive();
        if (fire && !door.isLockReleased()) {
            guard.fireHold();
            command(List.of(d.doorId(), REGISTERS), () -> {
                if (d.lockType() == LockType.FAIL_SECURE) {
                    commandConnection.writeRegister(d.lockRelay(), 0);
                    commandConnection.writeCoil(d.lockRelay(), true);
                } else {
                    commandConnection.writeCoil(d.lockRelay(), false);
                }
                return null;
            }).onFailure(e -> LOG.error("fire egress release of door {} failed: {}", d.doorId(), e.getMessage()));
        } else if (!fire && guard.fireHeld() && !guard.restoringFromFire()) {
            guard.fireCleared();
            relock(d);
        }
    }

    /** Whether any door on this module sees its fire-alarm input active. */
    public boolean fireAlarmActive() {
        for (DoorStateMachine d : doors.values()) {
            if (d.fireActive()) {
                return true;
            }
        }
        return false;
    }

    /** How long a release of this door lasts, in ms; 0 for a door not on this module. */
    public long releaseMs(String doorId) {
        DoorHardware d = hardware.get(doorId);
        return d == null ? 0L : d.release().toMillis();
    }

    private void onFault(Throwable e) {
        if (stopped) {
            return;
        }
        if (online || !everOnline && backoff.equals(config.pollInterval())) {
            LOG.warn("{}", e.getMessage());
            emit(EventType.MODULE_OFFLINE, "Door module " + config.id() + " not answering: " + e.getMessage(), Map.of());
        }
        online = false;
        blocking(() -> {
            connection.disconnect();
            return null;
        });
    }

    private void emit(EventType type, String sentence, Map<String, Object> detail) {
        events.handle(new DoorEvent("module:" + config.id(), null, type, sentence, detail));
    }

    private void emitAll(List<DoorEvent> list) {
        list.forEach(events::handle);
    }

    /**
     * Runs a write (and its read-back) on the command connection, connecting it first if needed; a
     * failed command drops the connection so the next one starts clean. {@code keys} name what it
     * touches (door ids, {@link #REGISTERS}): a poll reading taken while it ran, or before it finished,
     * is not used to judge those ({@link #fresh}).
     */
    private <T> Future<T> command(List<String> keys, ModuleCall<T> call) {
        if (stopped) {
            return Future.failedFuture("module " + config.id() + " stopped");
        }
        // issued and again when done: the polls after both read the relays, whichever way they interleave
        commandsIssued++;
        for (String k : keys) {
            commandClocks.computeIfAbsent(k, x -> new long[2])[0]++;
        }
        // not "ordered": Vert.x orders such tasks in one queue per context, across executors, which would put
        // every release behind the poll running on the other worker. A one-thread executor keeps its own order.
        Future<T> done = commandWorker.executeBlocking(() -> {
            try {
                if (!commandConnection.connected()) {
                    commandConnection.connect();
                }
                return call.run();
            } catch (Exception e) {
                commandConnection.disconnect();
                throw e;
            }
        }, false);
        return done.onComplete(ar -> {
            commandsIssued++;
            long now = System.nanoTime();
            for (String k : keys) {
                long[] c = commandClocks.get(k);
                c[0]--;
                c[1] = now;
            }
        });
    }

    /** Whether a poll that started at {@code startedNanos} saw the effect of every command on {@code key}. */
    private boolean fresh(String key, long startedNanos) {
        long[] c = commandClocks.get(key);
        return c == null || c[0] == 0 && c[1] - startedNanos < 0;
    }

    /** A blocking call to the module. */
    @FunctionalInterface
    private interface ModuleCall<T> {
        T run() throws Exception;
    }

    private <T> Future<T> blocking(Callable<T> call) {
        if (stopped && workerClosed) {
            return Future.failedFuture("module " + config.id() + " stopped");
        }
        return worker.executeBlocking(call, false); // see command(): a one-thread executor keeps the order
    }
}
