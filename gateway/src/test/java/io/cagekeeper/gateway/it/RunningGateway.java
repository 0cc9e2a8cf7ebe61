package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A gateway on its own Vert.x, started from settings and stopped with it: for ITs that need no {@link TestCage}. */
final class RunningGateway implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Gateway gateway;

    RunningGateway(Map<String, String> settings) throws Exception {
        gateway = new Gateway(vertx, ConfigLoader.fromMap(settings, Map.of()));
        try {
            gateway.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
