package io.cagekeeper.gateway.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Modbus TCP forwarder that reads the MBAP frames it passes, so a test can lose replies to
 * one function code (the request still reaches the module: the write happens, its answer never comes
 * back) or slow down every reply on the connections that poll (those that read the input registers).
 * It stands for a lossy or congested network between the gateway and a door module.
 */
final class ModbusProxy implements AutoCloseable {

    private static final int READ_INPUT_REGISTERS = 4;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> dropUntilNanos = new ConcurrentHashMap<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile long stallNanos;
    private volatile boolean closed;

    ModbusProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "modbus-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** For {@code window}, every reply to a request with this function code is swallowed (the request is forwarded). */
    void dropRepliesTo(int functionCode, Duration window) {
        dropUntilNanos.put(functionCode, System.nanoTime() + window.toNanos());
    }

    /** How many replies were swallowed so far. */
    int dropped() {
        return dropped.get();
    }

    /** Every reply on a connection that has read the input registers (the gateway's poll connection) waits this long. */
    void stallPollReplies(Duration delay) {
        stallNanos = delay.toNanos();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(targetHost, targetPort);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                Map<Integer, Integer> functionByTransaction = new ConcurrentHashMap<>();
                boolean[] polls = new boolean[1];
                start(() -> pipe(in, out, functionByTransaction, polls, true));
                start(() -> pipe(out, in, functionByTransaction, polls, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "modbus-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Copies whole MBAP frames; requests note their function code, replies are dropped or delayed as told. */
    private void pipe(Socket from, Socket to, Map<Integer, Integer> functionByTransaction, boolean[] polls, boolean requests) {
        try (DataInputStream i = new DataInputStream(from.getInputStream()); OutputStream o = to.getOutputStream()) {
            byte[] header = new byte[7];
            while (true) {
                i.readFully(header);
                int transaction = (header[0] & 0xFF) << 8 | header[1] & 0xFF;
                int length = (header[4] & 0xFF) << 8 | header[5] & 0xFF;
                byte[] pdu = new byte[length - 1];
                i.readFully(pdu);
                int function = pdu[0] & 0x7F;
                if (requests) {
                    functionByTransaction.put(transaction, function);
                    if (function == READ_INPUT_REGISTERS) {
                        polls[0] = true;
                    }
                } else {
                    Integer asked = functionByTransaction.remove(transaction);
                    Long until = asked == null ? null : dropUntilNanos.get(asked);
                    if (until != null && System.nanoTime() - until < 0) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    long stall = stallNanos;
                    if (polls[0] && stall > 0) {
                        Thread.sleep(stall / 1_000_000);
                    }
                }
                o.write(header);
                o.write(pdu);
                o.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(ModbusProxy::close);
    }
}
