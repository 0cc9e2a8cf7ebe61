package io.cagekeeper.gateway.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestCage} whose gateway reaches PostgreSQL through a {@link TcpProxy}, so a test can cut
 * the database away and restore it: {@code @RegisterExtension static final OutageCageExtension env = new OutageCageExtension();}.
 */
final class OutageCageExtension implements BeforeAllCallback, AfterAllCallback {

    private Backends backends;
    private TcpProxy proxy;
    private TestCage cage;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        backends = Backends.start();
        proxy = new TcpProxy(backends.db().host(), backends.db().port());
        cage = new TestCage(backends, proxy.port());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cage != null) {
            cage.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    TestCage cage() {
        return cage;
    }

    TcpProxy proxy() {
        return proxy;
    }

    Backends backends() {
        return backends;
    }
}
