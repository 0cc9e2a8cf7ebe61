package io.cagekeeper.gateway.it;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link TestCage} on fresh {@link Backends} before a test class and stops both after it:
 * {@code @RegisterExtension static final CageExtension env = new CageExtension();}.
 */
final class CageExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> extraSettings;
    private Backends backends;
    private TestCage cage;

    CageExtension() {
        this(Map.of());
    }

    /** With extra gateway settings (for example a second door). */
    CageExtension(Map<String, String> extraSettings) {
        this.extraSettings = extraSettings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        backends = Backends.start();
        cage = new TestCage(backends, backends.db().port(), extraSettings, null);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cage != null) {
            cage.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    TestCage cage() {
        return cage;
    }

    Backends backends() {
        return backends;
    }
}
