package io.cagekeeper.sim.door;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Modbus TCP (MBAP) server: accepts at most {@code maxConnections} clients, reads each request
 * frame, hands its PDU to a {@link Handler} and writes the answer, in order, one thread per connection.
 * A connection beyond the limit is accepted and closed at once, as a module with no free socket does.
 * A frame whose protocol id is not 0 or whose length is impossible ends the connection.
 *
 * <p>The server can stop listening and listen again on the same port ({@link #setListening}), which is
 * how the simulator makes a module unreachable and reachable again.
 */
final class ModbusTcpServer implements AutoCloseable {

    /** Answers one request PDU; returns the response PDU, or null to stay silent. */
    interface Handler {
        byte[] handle(int unitId, byte[] pdu);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpServer.class);
    private static final int MAX_PDU = 253;

    private final InetAddress bindAddress;
    private final int maxConnections;
    private final Handler handler;
    private final String name;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile int port;
    private volatile ServerSocket serverSocket;
    private volatile boolean closed;

    ModbusTcpServer(String name, InetAddress bindAddress, int port, int maxConnections, Handler handler)
            throws IOException {
        this.name = name;
        this.bindAddress = bindAddress;
        this.maxConnections = maxConnections;
        this.handler = handler;
        this.port = port;
        listen();
    }

    int port() {
        return port;
    }

    int connectionCount() {
        return clients.size();
    }

    /** Starts or stops accepting; stopping also drops every open connection. */
    synchronized void setListening(boolean listening) throws IOException {
        if (listening && serverSocket == null && !closed) {
            listen();
        } else if (!listening && serverSocket != null) {
            closeQuietly(serverSocket);
            serverSocket = null;
            dropConnections();
        }
    }

    /** Closes every client connection, as a reboot or a cable pull does. */
    void dropConnections() {
        synchronized (clients) {
            for (Socket s : clients) {
                closeQuietly(s);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            setListening(false);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private synchronized void listen() throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bindAddress, port), 16);
        port = ss.getLocalPort();
        serverSocket = ss;
        Thread acceptor = new Thread(() -> acceptLoop(ss), name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (clients) {
                if (ss.isClosed()) {
                    closeQuietly(s); // stopped listening while this one was being accepted
                    return;
                }
                if (clients.size() >= maxConnections) {
                    LOG.debug("{}: refusing a connection beyond {}", name, maxConnections);
                    closeQuietly(s);
                    continue;
                }
                clients.add(s);
            }
            Thread t = new Thread(() -> serve(s), name + "-conn-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                int transactionId = in.readUnsignedShort();
                int protocolId = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                int unitId = in.readUnsignedByte();
                if (protocolId != 0 || length < 2 || length > MAX_PDU + 1) {
                    LOG.debug("{}: bad MBAP header (protocol {}, length {}), closing", name, protocolId, length);
                    return;
                }
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                byte[] response = handler.handle(unitId, pdu);
                if (response != null) {
                    out.write(frame(transactionId, unitId, response));
                    out.flush();
                }
            }
        } catch (EOFException | SocketException gone) {
            // client closed, or we dropped it
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: connection failed", name, e);
        } finally {
            clients.remove(s);
        }
    }

    private static byte[] frame(int transactionId, int unitId, byte[] pdu) {
        byte[] f = new byte[7 + pdu.length];
        f[0] = (byte) (transactionId >>> 8);
        f[1] = (byte) transactionId;
        int length = pdu.length + 1;
        f[4] = (byte) (length >>> 8);
        f[5] = (byte) length;
        f[6] = (byte) unitId;
        System.arraycopy(pdu, 0, f, 7, pdu.length);
        return f;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
