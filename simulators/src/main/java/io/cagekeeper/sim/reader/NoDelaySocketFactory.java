package io.cagekeeper.sim.reader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with TCP_NODELAY: Nagle's algorithm meeting delayed ACKs costs ~30 ms per hop
 * (STACK.md), which would swamp the latency the gateway is measured on. Remembers the last socket so a
 * test can cut the connection under Paho's feet ({@link ReaderSimulator#disconnectAbruptly()}).
 */
final class NoDelaySocketFactory extends SocketFactory {

    private volatile Socket last;

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        last = s;
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    /** Closes the current connection's socket without any MQTT goodbye. */
    void cutCurrentConnection() throws IOException {
        Socket s = last;
        if (s != null) {
            s.close();
        }
    }

    private Socket connected(InetSocketAddress to, InetSocketAddress localOrNull) throws IOException {
        Socket s = createSocket();
        if (localOrNull != null) {
            s.bind(localOrNull);
        }
        s.connect(to);
        return s;
    }
}
