package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.pki.PemFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets for Paho ({@code ssl://} URIs) built straight from the PEM files the {@code pki}
 * command writes: the site CA is the only trust anchor (a public CA must not be able to vouch for a
 * rogue broker), the client certificate is the gateway's broker identity. Only TLS 1.3 and 1.2 are
 * enabled, and every socket has TCP_NODELAY, since Nagle costs ~30 ms per MQTT hop (STACK.md).
 * Paho verifies the broker's host name against its subjectAltName itself.
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
     * @throws IllegalStateException naming the file that cannot be used, never its contents
     */
    public static TlsSocketFactory fromPem(Path caCert, Path clientCert, Path clientKey) {
        try {
            X509Certificate ca = PemFiles.readCertificate(caCert);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                X509Certificate cert = PemFiles.readCertificate(clientCert);
                PrivateKey key = PemFiles.readPrivateKey(clientKey);
                char[] password = new char[0];
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", key, password, new Certificate[] {cert});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return new TlsSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS from " + caCert + ", " + clientCert + ", " + clientKey
                    + ": " + e.getMessage(), null);
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
