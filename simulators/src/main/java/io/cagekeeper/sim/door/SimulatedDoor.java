package io.cagekeeper.sim.door;

import java.time.Duration;
import java.util.Objects;

/**
 * Door physics wired to module channels: the lock on a relay (fail-secure strike: released while the
 * relay is energised; fail-safe maglock: released while it is de-energised), the door position switch on
 * an input (closed contact = door closed), the REX button on another (closed = pressed).
 *
 * <p>The door knows nothing of access control: like a real door it only follows its relay, and a person
 * can open it whether or not it is locked (forcing it). The gateway must tell the difference from the
 * inputs. A new door starts closed, set without counting a change (it was closed when wired).
 */
public final class SimulatedDoor {

    private static final long POLL_MS = 2;

    private final String name;
    private final DoorModuleSimulator module;
    private final int lockRelay;
    private final boolean failSecure;
    private final int positionInput;
    private final int rexInput;

    public SimulatedDoor(String name, DoorModuleSimulator module, int lockRelay, boolean failSecure,
                         int positionInput, int rexInput) {
        this.name = Objects.requireNonNull(name, "name");
        this.module = Objects.requireNonNull(module, "module");
        this.lockRelay = lockRelay;
        this.failSecure = failSecure;
        this.positionInput = positionInput;
        this.rexInput = rexInput;
        module.coil(lockRelay); // validates the channel
        module.input(rexInput);
        module.wireInput(positionInput, true);
    }

    public String name() {
        return name;
    }

    /** Locked unless the relay is in the releasing state for this lock's polarity. */
    public boolean isLocked() {
        return module.coil(lockRelay) != failSecure;
    }

    public boolean isOpen() {
        return !module.input(positionInput);
    }

    /** Opens the door physically: when it is locked, that is forcing it. */
    public void open() {
        module.setInput(positionInput, false);
    }

    public void close() {
        module.setInput(positionInput, true);
    }

    /**
     * A person at the door waits up to {@code waitForRelease} for the lock to release, then opens it,
     * holds it open for {@code holdOpen} and lets it close. Blocks the calling thread for that long.
     *
     * @return false, and the door untouched, if the lock never released
     */
    public boolean pushThrough(Duration waitForRelease, Duration holdOpen) {
        long deadline = System.nanoTime() + waitForRelease.toNanos();
        while (isLocked()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleep(Duration.ofMillis(POLL_MS));
        }
        open();
        sleep(holdOpen);
        close();
        return true;
    }

    /** Presses the REX button for {@code press}, then releases it. Blocks for that long. */
    public void pressRex(Duration press) {
        module.setInput(rexInput, true);
        try {
            sleep(press);
        } finally {
            module.setInput(rexInput, false);
        }
    }

    @Override
    public String toString() {
        return "SimulatedDoor[" + name + ", relay DO" + lockRelay + (failSecure ? " fail-secure" : " fail-safe")
                + ", DPS DI" + positionInput + ", REX DI" + rexInput + "]";
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
