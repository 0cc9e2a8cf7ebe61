package io.cagekeeper.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayStatusTest {

    private static GatewayStatus status(boolean policyLoaded, long journaled) {
        return new GatewayStatus() {
            @Override
            public boolean policyLoaded() {
                return policyLoaded;
            }

            @Override
            public long policyVersion() {
                return policyLoaded ? 7 : -1;
            }

            @Override
            public long journaled() {
                return journaled;
            }

            @Override
            public long eventsPending() {
                return 0;
            }

            @Override
            public boolean mqttConnected() {
                return false;
            }

            @Override
            public io.vertx.core.Future<java.util.Map<String, Long>> openAlarms() {
                return io.vertx.core.Future.succeededFuture(java.util.Map.of());
            }
        };
    }

    @Test
    void readyOnlyWithAPolicyLoadedAndNothingWaitingInTheJournal() {
        assertThat(GatewayStatus.ready(status(true, 0))).isTrue();
        assertThat(GatewayStatus.ready(status(false, 0))).as("no policy yet").isFalse();
        assertThat(GatewayStatus.ready(status(true, 3))).as("events wait in the journal").isFalse();
    }
}
