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
            public boolean mqttConnected() {
                return false;
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
