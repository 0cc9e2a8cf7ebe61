package io.cagekeeper.sim.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/**
 * A simulated 8-channel Modbus TCP door I/O module, exactly per door-io-modbus.md, so that the gateway
 * can be tested against it and then run against a real module unchanged.
 *
 * <p><b>Why not j2mod's slave.</b> j2mod's {@code ModbusSlave} maps every failure of its process image to
 * exception 02, so it cannot answer exception 03 for an out-of-range value; it also serves function codes
 * the datasheet does not have (07, 08, 11, 17, 22, 23, 43) instead of exception 01, queues a fifth
 * connection instead of refusing it, lets no one see a request before it is executed (the watchdog and
 * injected faults need that), binds port 502 when asked for port 0, and its factory's static
 * {@code close()} closes every slave in the JVM. Replacing its listener would mean reflection into
 * private fields. A Modbus TCP server for eight function codes is small ({@link ModbusTcpServer} for
 * MBAP framing, {@code DoorIoProtocol} for the PDUs), so the module is its own server and j2mod's
 * {@code ModbusTCPMaster} is the independent client the tests check it with.
 *
 * <p>Behaviour, beyond the datasheet's words:
 * <ul>
 *   <li>Requests for another unit id get no answer.</li>
 *   <li>A fifth concurrent connection is accepted and closed at once.</li>
 *   <li>A request "valid" for the watchdog is one answered normally; exception answers do not feed it.</li>
 *   <li>Inputs change only through {@link #setInput}, so the 20 ms debounce of a real module has no
 *       counterpart here: every call that changes an input is one counted change.</li>
 *   <li>A power cycle drops every client connection (the module rebooted); it is reachable again at
 *       once, well inside the datasheet's 3 s.</li>
 * </ul>
 *
 * <p>Thread-safe. Every instance has its own server socket and threads; closing one never affects
 * another.
 */
public final class DoorModuleSimulator implements AutoCloseable {

    /** The datasheet's limit of concurrent client connections. */
    public static final int MAX_CONNECTIONS = 4;

    private final int unitId;
    private final DoorIoImage image;
    private final DoorIoProtocol protocol;
    private final ModbusTcpServer server;

    private DoorModuleSimulator(String bindHost, int port, int unitId) throws IOException {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1-247, was " + unitId);
        }
        this.unitId = unitId;
        String name = "door-io-" + unitId;
        this.image = new DoorIoImage(name);
        this.protocol = new DoorIoProtocol(unitId, image);
        try {
            this.server = new ModbusTcpServer(name, InetAddress.getByName(bindHost), port, MAX_CONNECTIONS, protocol);
        } catch (IOException e) {
            image.close();
            throw e;
        }
    }

    /**
     * Starts a module listening on {@code bindHost:port}.
     *
     * @param port 0 picks a free ephemeral port; read it back with {@link #port()}
     * @param unitId the Modbus unit id it answers to, 1-247
     */
    public static DoorModuleSimulator start(String bindHost, int port, int unitId) throws IOException {
        return new DoorModuleSimulator(bindHost, port, unitId);
    }

    public int port() {
        return server.port();
    }

    public int unitId() {
        return unitId;
    }

    /** Whether relay DO{@code channel} is energised. */
    public boolean coil(int channel) {
        return image.coils(channel(channel), 1)[0];
    }

    /** Whether input DI{@code channel}'s contact is closed. */
    public boolean input(int channel) {
        return image.inputs(channel(channel), 1)[0];
    }

    /** The physical world changes an input; a real change bumps its change counter. */
    public void setInput(int channel, boolean closed) {
        image.setInput(channel(channel), closed);
    }

    /** A holding register as a client would read it (0-7, 100-102). */
    public int holdingRegister(int address) {
        if (!DoorIoImage.isHoldingRegister(address)) {
            throw new IllegalArgumentException("no holding register " + address);
        }
        return image.holdingRegisters(address, 1)[0];
    }

    /** An input register as a client would read it (0-11). */
    public int inputRegister(int address) {
        if (address < 0 || address >= DoorIoImage.INPUT_REGISTERS) {
            throw new IllegalArgumentException("no input register " + address);
        }
        return image.inputRegisters(address, 1)[0];
    }

    public void addCoilListener(CoilListener listener) {
        image.addListener(listener);
    }

    /**
     * Power lost and restored: relays de-energised, change counters 0, power-on flag set, watchdog flag
     * cleared, uptime restarts; holding registers kept; every client connection dropped.
     */
    public void powerCycle() {
        server.dropConnections();
        image.powerCycle();
    }

    /**
     * Fault hook: an unreachable module neither accepts nor keeps connections (a pulled cable or a dead
     * switch port); made reachable again it listens on the same port. Its I/O keeps running meanwhile,
     * including the watchdog, which is the point of testing with it.
     */
    public void setUnreachable(boolean unreachable) {
        try {
            server.setListening(!unreachable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen again on port " + port(), e);
        }
    }

    /**
     * Fault hook: the next request with function code {@code functionCode} is answered with Modbus
     * exception {@code exceptionCode} (e.g. 4, server device failure) instead of being executed.
     */
    public void injectException(int functionCode, int exceptionCode) {
        if (exceptionCode < 1 || exceptionCode > 255) {
            throw new IllegalArgumentException("exception code must be 1-255");
        }
        protocol.injectException(functionCode, exceptionCode);
    }

    /** Client connections open now. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /**
     * Sets an input as it already was before anyone watched (a door closed when it was wired): no change
     * is counted. For setting up a scene, not for simulating events.
     */
    void wireInput(int channel, boolean closed) {
        image.wireInput(channel(channel), closed);
    }

    @Override
    public void close() {
        server.close();
        image.close();
    }

    private static int channel(int channel) {
        if (channel < 0 || channel >= DoorIoImage.CHANNELS) {
            throw new IllegalArgumentException("channel must be 0-7, was " + channel);
        }
        return channel;
    }
}
