package io.cagekeeper.gateway.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for Paho test clients ({@code ssl://} URIs), with the same trust anchor and identity
 * as the gateway's own connection ({@link BrokerTls}). Only TLS 1.3 and 1.2 are enabled, and every
 * socket has TCP_NODELAY. Paho verifies the broker's host name against its subjectAltName itself.
 */
public final class TlsSocketFactory extends SSLSocketFactory {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory delegate;

    private TlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * @param clientCert and {@code clientKey}: both null for a connection without a client
     *                   certificate (which a Cagekeeper broker refuses; tests use it to prove that)
     */
    public static TlsSocketFactory fromPem(Path caCert, Path clientCert, Path clientKey) {
        BrokerTls tls = BrokerTls.fromPem(caCert, clientCert, clientKey);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(tls.keys() == null ? null : tls.keys().getKeyManagers(), tls.trust().getTrustManagers(), new SecureRandom());
            return new TlsSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        s.setTcpNoDelay(true);
        return configure(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket configure(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(Arrays.stream(PROTOCOLS)
                    .filter(p -> Arrays.asList(ssl.getSupportedProtocols()).contains(p)).toArray(String[]::new));
        }
        return s;
    }
}
