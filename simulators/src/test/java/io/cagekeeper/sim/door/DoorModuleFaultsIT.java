package io.cagekeeper.sim.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multi-register function codes, connection limits and the fault hooks, over real sockets. */
class DoorModuleFaultsIT {

    private DoorModuleSimulator module;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        module.close();
    }

    private ModbusTCPMaster master() throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", module.port(), 1000, false);
        m.setRetries(0);
        m.connect();
        opened.add(m::disconnect);
        return m;
    }

    private Socket socket() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", module.port()), 1000);
        s.setSoTimeout(2000);
        opened.add(s);
        return s;
    }

    @Test
    void writesMultipleCoilsAndRegistersFromAJ2modMaster() throws Exception {
        ModbusTCPMaster m = master();
        BitVector bits = new BitVector(3);
        bits.setBit(0, true);
        bits.setBit(2, true);
        m.writeMultipleCoils(1, 5, bits);
        m.writeMultipleRegisters(1, 100, new Register[] {new SimpleRegister(600), new SimpleRegister(255)});

        assertThat(module.coil(5)).isTrue();
        assertThat(module.coil(6)).isFalse();
        assertThat(module.coil(7)).isTrue();
        assertThat(m.readMultipleRegisters(1, 100, 3)).extracting(Register::getValue).containsExactly(600, 255, 0);
    }

    @Test
    void answersIllegalFunctionToAMaskWriteRegister() throws Exception {
        ModbusTCPMaster m = master();
        assertThatThrownBy(() -> m.maskWriteRegister(1, 0, 0xFF, 0))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(1));
    }

    @Test
    void answersAnInjectedExceptionToTheNextRequestOfThatFunction() throws Exception {
        ModbusTCPMaster m = master();
        module.injectException(1, 4);
        assertThatThrownBy(() -> m.readCoils(1, 0, 8))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(4));
        assertThat(m.readCoils(1, 0, 8).getBit(0)).isFalse();
    }

    @Test
    void servesFourConnectionsAndClosesTheFifth() throws Exception {
        for (int i = 0; i < 4; i++) {
            master().readCoils(1, 0, 1);
        }
        awaitConnections(4);
        assertDropped(socket().getInputStream());
        assertThat(module.connectionCount()).isEqualTo(4);
    }

    @Test
    void refusesConnectionsWhileUnreachableAndListensAgainOnTheSamePort() throws Exception {
        int port = module.port();
        InputStream before = socket().getInputStream();
        module.setUnreachable(true);

        assertDropped(before);
        assertNobodyListens(port);

        module.setUnreachable(false);
        assertThat(module.port()).isEqualTo(port);
        assertThat(master().readInputRegisters(1, 11, 1)[0].getValue()).isEqualTo(103);
    }

    /**
     * Connection attempts are refused (within a second: a connection the kernel completed in the
     * listen backlog just before the close can still slip through once). On loopback a connect to a
     * port in the ephemeral range can rarely be given that very port as its own local port and
     * "connect" to itself; that is no listener either.
     */
    private static void assertNobodyListens(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        int accepted = 0;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                if (s.getLocalPort() == port) {
                    return;
                }
                accepted++;
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("connections to " + port + " were still accepted (" + accepted + " times) a second after it stopped listening");
    }

    @Test
    void dropsClientConnectionsOnPowerCycle() throws Exception {
        InputStream client = socket().getInputStream();
        awaitConnections(1);
        module.powerCycle();
        assertDropped(client);
        assertThat(master().readInputRegisters(1, 10, 1)[0].getValue() & 2).isEqualTo(2);
    }

    @Test
    void staysSilentToAnotherUnitIdOverTcp() throws Exception {
        Socket s = socket();
        s.setSoTimeout(300);
        s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 9, 1, 0, 0, 0, 1});
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void echoesTheTransactionIdOfEachRequest() throws Exception {
        Socket s = socket();
        s.getOutputStream().write(new byte[] {0x12, 0x34, 0, 0, 0, 6, 1, 4, 0, 11, 0, 1});
        byte[] answer = s.getInputStream().readNBytes(11);
        assertThat(answer).containsExactly(0x12, 0x34, 0, 0, 0, 5, 1, 4, 2, 0, 103);
    }

    /** A dropped connection reads end-of-stream, or a reset when it was still in the accept backlog. */
    private static void assertDropped(InputStream in) {
        int read;
        try {
            read = in.read();
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw new AssertionError("connection still open", stillOpen);
        } catch (IOException reset) {
            return;
        }
        assertThat(read).as("end of stream").isEqualTo(-1);
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (module.connectionCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(module.connectionCount()).isEqualTo(n);
    }
}
