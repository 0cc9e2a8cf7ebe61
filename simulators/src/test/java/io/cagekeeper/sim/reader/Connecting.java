package io.cagekeeper.sim.reader;

/**
 * Connects a simulated reader the way a real one does: when the broker drops the attempt (Moquette,
 * right after a start or while tearing down an earlier session of the same client id), try again.
 */
public final class Connecting {

    private Connecting() {
    }

    public static void connect(ReaderSimulator reader) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                reader.connect();
                return;
            } catch (Exception e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
    }
}
