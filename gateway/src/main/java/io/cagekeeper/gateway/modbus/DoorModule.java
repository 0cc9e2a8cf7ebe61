package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one door I/O module: configures it (pulse widths, communication watchdog and its safe
 * state), polls it, feeds each door's state machine, and releases locks on request. Blocking Modbus
 * calls run on private single worker threads: one connection and thread for polling, a second for
 * lock commands, so a release never waits behind a poll (the module accepts four connections). All
 * state lives on the Vert.x context that created this object. When the module stops answering it is reported OFFLINE and retried with exponential
 * backoff; the watchdog then relocks its doors by itself.
 */
public final class DoorModule {

    private static final Logger LOG = LoggerFactory.getLogger(DoorModule.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final GatewayConfig.Module config;
    private final Map<String, DoorHardware> hardware = new LinkedHashMap<>();
    private final Map<String, DoorStateMachine> doors = new LinkedHashMap<>();
    private final Handler<DoorEvent> events;
    private final Handler<DoorStateMachine> baseline;
    private final WorkerExecutor worker;
    private final ModbusConnection connection;
    private final WorkerExecutor commandWorker;
    private final ModbusConnection commandConnection;
    private boolean online;
    private boolean everOnline;
    private boolean stopped;
    private boolean workerClosed;
    private final java.util.Set<String> fireHeld = new java.util.HashSet<>();
    private long timerId = -1;
    private Duration backoff;
    private ModuleSnapshot last;
    private boolean countersMoved;
    private long commandsIssued;
    private long commandsAtLastPoll = -1;
    private int pollsSinceFull;

    /**
     * @param baseline told about each door once, at its first poll, so that state kept from before a
     *                 restart (a door remembered as open or released) is corrected by what the module reports
     */
    public DoorModule(Vertx vertx, GatewayConfig.Module config, List<DoorHardware> doorsOnModule, Handler<DoorEvent> events,
                      Handler<DoorStateMachine> baseline) {
        this.vertx = vertx;
        this.baseline = baseline;
        this.config = config;
        this.events = events;
        for (DoorHardware d : doorsOnModule) {
            hardware.put(d.doorId(), d);
            doors.put(d.doorId(), new DoorStateMachine(d));
        }
        this.worker = vertx.createSharedWorkerExecutor("modbus-" + config.id(), 1);
        this.connection = new ModbusConnection(config);
        this.commandWorker = vertx.createSharedWorkerExecutor("modbus-cmd-" + config.id(), 1);
        this.commandConnection = new ModbusConnection(config);
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
     * module cannot be reached or refuses: the caller must then not tell the reader GRANT.
     */
    public Future<Void> release(String doorId) {
        DoorHardware d = hardware.get(doorId);
        if (d == null) {
            return Future.failedFuture("door " + doorId + " is not on module " + config.id());
        }
        if (!online) {
            return Future.failedFuture("module " + config.id() + " is offline");
        }
        Instant at = Instant.now();
        Future<Void> written = command(() -> {
            if (d.lockType() == LockType.FAIL_SECURE) {
                connection.writeCoil(d.lockRelay(), true); // the module ends the pulse by itself
            } else {
                connection.writeCoil(d.lockRelay(), false);
            }
            return null;
        });
        return written.onSuccess(v -> {
            doors.get(doorId).released(at);
            if (d.lockType() == LockType.FAIL_SAFE) {
                // A maglock is released by removing power: the gateway times the re-lock itself.
                vertx.setTimer(d.release().toMillis(), t -> relock(d));
            }
        });
    }

    /**
     * A door that closes after a passage locks at once instead of waiting out the release time: the
     * door behind the next person is not left open to a tailgater, and in a mantrap the other door
     * becomes usable (its interlock needs this one locked).
     */
    private void relockAfterPassage(DoorHardware d) {
        command(() -> writeLocked(d)).onFailure(e -> LOG.warn(
                "relock of door {} on close failed (it relocks at the end of its release): {}", d.doorId(), e.getMessage()));
    }

    /** The end of a maglock's release, timed by the gateway. */
    private void relock(DoorHardware d) {
        command(() -> writeLocked(d)).onFailure(e -> LOG.error(
                "re-lock of door {} failed (the module watchdog will relock it): {}", d.doorId(), e.getMessage()));
    }

    /** Puts the lock relay in its locked state (strike de-energised, maglock energised); command thread only. */
    private Void writeLocked(DoorHardware d) throws ModbusConnection.ModuleFault {
        commandConnection.writeCoil(d.lockRelay(), d.lockType() != LockType.FAIL_SECURE);
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
        }, true).eventually(commandWorker::close);
        return blocking(() -> {
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

    private void pollOnce() {
        if (stopped) {
            return;
        }
        boolean needsConnect = !online;
        PollPlan plan = plan(needsConnect);
        blocking(() -> {
            PollPlan p = plan;
            if (needsConnect || !connection.connected()) {
                connection.connect();
                configure();
                p = PollPlan.everything();
            }
            ModuleSnapshot s = connection.poll(p);
            if ((s.statusFlags() & (ModuleSnapshot.FLAG_POWER_ON | ModuleSnapshot.FLAG_WATCHDOG_TRIPPED)) != 0) {
                configure();
            }
            return s;
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                onPoll(ar.result());
                backoff = config.pollInterval();
                schedule(config.pollInterval());
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

    /**
     * Writes pulse widths, the watchdog timeout and its safe state (every lock locked), re-locks
     * fail-safe maglocks (a power cycle leaves relays de-energised, i.e. maglocks open), then clears
     * the power-on and watchdog flags. Runs on the worker thread.
     */
    private void configure() throws ModbusConnection.ModuleFault {
        int safeMask = 0;
        for (DoorHardware d : hardware.values()) {
            int pulse = d.lockType() == LockType.FAIL_SECURE ? (int) (d.release().toMillis() / 10) : 0;
            connection.writeRegister(d.lockRelay(), pulse);
            if (d.lockType() == LockType.FAIL_SAFE) {
                safeMask |= 1 << d.lockRelay();
            }
        }
        connection.writeRegister(101, safeMask);
        connection.writeRegister(100, (int) (config.watchdog().toMillis() / 100));
        connection.writeRegister(102, 0);
        for (DoorHardware d : hardware.values()) {
            if (d.lockType() == LockType.FAIL_SAFE) {
                connection.writeCoil(d.lockRelay(), true);
            }
        }
    }

    private void onPoll(ModuleSnapshot s) {
        if (!online) {
            online = true;
            emit(EventType.MODULE_ONLINE, "Door module " + config.id() + " online at " + config.host() + ":" + config.port(),
                    Map.of("reconnect", everOnline));
            everOnline = true;
        }
        if (last != null && s.uptimeSeconds() < last.uptimeSeconds() || (s.statusFlags() & ModuleSnapshot.FLAG_POWER_ON) != 0) {
            emit(EventType.MODULE_POWER_CYCLED, "Door module " + config.id() + " restarted; configuration re-applied",
                    Map.of("uptimeSeconds", s.uptimeSeconds()));
        }
        if ((s.statusFlags() & ModuleSnapshot.FLAG_WATCHDOG_TRIPPED) != 0) {
            emit(EventType.MODULE_WATCHDOG_TRIPPED, "Door module " + config.id()
                    + " communication watchdog tripped: relays went to their safe state", Map.of());
        }
        countersMoved = last != null && !Arrays.equals(last.counters(), s.counters());
        last = s;
        for (DoorStateMachine door : doors.values()) {
            boolean first = !door.initialised();
            for (DoorEvent e : door.observe(s)) {
                events.handle(e);
                if (e.type() == EventType.DOOR_CLOSED && door.isLockReleased() && !door.fireActive()) {
                    relockAfterPassage(hardware.get(door.doorId()));
                }
            }
            if (first) {
                baseline.handle(door);
            }
            holdForFire(door);
        }
    }

    /**
     * Life safety first: while a door's fire-alarm input is active its lock is held released
     * (latched, no pulse), and restored when the alarm clears. Re-applied on every poll, so a module
     * restart during the alarm cannot relock an egress door.
     */
    private void holdForFire(DoorStateMachine door) {
        DoorHardware d = hardware.get(door.doorId());
        boolean fire = door.fireActive();
        if (fire && !door.isLockReleased()) {
            fireHeld.add(d.doorId());
            command(() -> {
                if (d.lockType() == LockType.FAIL_SECURE) {
                    commandConnection.writeRegister(d.lockRelay(), 0);
                    commandConnection.writeCoil(d.lockRelay(), true);
                } else {
                    commandConnection.writeCoil(d.lockRelay(), false);
                }
                return null;
            }).onFailure(e -> LOG.error("fire egress release of door {} failed: {}", d.doorId(), e.getMessage()));
        } else if (!fire && fireHeld.remove(d.doorId())) {
            command(() -> {
                if (d.lockType() == LockType.FAIL_SECURE) {
                    commandConnection.writeCoil(d.lockRelay(), false);
                    commandConnection.writeRegister(d.lockRelay(), (int) (d.release().toMillis() / 10));
                } else {
                    commandConnection.writeCoil(d.lockRelay(), true);
                }
                return null;
            }).onFailure(e -> LOG.error("re-lock of door {} after the fire alarm failed: {}", d.doorId(), e.getMessage()));
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

    /**
     * Runs a lock command on the command connection, connecting it first if needed; a failed command
     * drops the connection so the next one starts clean.
     */
    private <T> Future<T> command(ModuleCall<T> call) {
        if (stopped) {
            return Future.failedFuture("module " + config.id() + " stopped");
        }
        // issued and again when done: the polls after both read the relays, whichever way they interleave
        commandsIssued++;
        Future<T> done = commandWorker.executeBlocking(() -> {
            try {
                if (!commandConnection.connected()) {
                    commandConnection.connect();
                }
                return call.run();
            } catch (ModbusConnection.ModuleFault e) {
                commandConnection.disconnect();
                throw e;
            }
        }, true);
        return done.onComplete(ar -> commandsIssued++);
    }

    /** A blocking call to the module. */
    @FunctionalInterface
    private interface ModuleCall<T> {
        T run() throws ModbusConnection.ModuleFault;
    }

    private <T> Future<T> blocking(Callable<T> call) {
        if (stopped && workerClosed) {
            return Future.failedFuture("module " + config.id() + " stopped");
        }
        return worker.executeBlocking(call, true);
    }
}
