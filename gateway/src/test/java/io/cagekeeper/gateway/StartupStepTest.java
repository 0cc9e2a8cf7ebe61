package io.cagekeeper.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.config.ConfigException;
import io.vertx.core.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StartupStepTest {

    @Test
    void aFailedStepSaysWhichStepItWas() {
        Future<Object> f = StartupStep.during("reading and compiling the policy", () -> Future.failedFuture(new TimeoutException("Timeout")));
        assertThat(f.cause()).hasMessage("reading and compiling the policy: Timeout").hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aCauseThatSaysNothingIsNamedByItsKind() {
        Future<Object> f = StartupStep.during("starting the HTTP API", () -> Future.failedFuture(new IllegalStateException()));
        assertThat(f.cause()).hasMessage("starting the HTTP API: IllegalStateException");
    }

    @Test
    void aStepThatThrowsInsteadOfFailingIsNamedToo() {
        Future<Object> f = StartupStep.during("starting the verifiable log", () -> {
            throw new IllegalArgumentException("no key");
        });
        assertThat(f.cause()).hasMessage("starting the verifiable log: no key");
    }

    @Test
    void aConfigurationErrorKeepsItsOwnMessageAndKindSoTheCommandStillExitsTwo() {
        ConfigException bad = new ConfigException("http.port: not a number");
        assertThat(StartupStep.during("starting the HTTP API", () -> Future.failedFuture(bad)).cause()).isSameAs(bad);
        assertThatThrownBy(() -> StartupStep.blocking("starting or reaching the database", () -> {
            throw bad;
        })).isSameAs(bad);
    }

    @Test
    void theInnermostStepNamedIsTheOneReported() throws Exception {
        Future<Object> inner = StartupStep.during("migrating the database schema", () -> Future.failedFuture(new RuntimeException("refused")));
        Future<Object> outer = StartupStep.during("starting the device path", () -> inner);
        assertThat(outer.cause()).hasMessage("migrating the database schema: refused");
    }

    @Test
    void aBlockingStepsResultPassesThroughAndItsFailureIsNamed() throws Exception {
        assertThat(StartupStep.blocking("loading the readers' keys", () -> 3)).isEqualTo(3);
        assertThatThrownBy(() -> StartupStep.blocking("loading the readers' keys", () -> {
            throw new java.io.IOException("keys/r1.key: permission denied");
        })).hasMessage("loading the readers' keys: keys/r1.key: permission denied");
    }
}
