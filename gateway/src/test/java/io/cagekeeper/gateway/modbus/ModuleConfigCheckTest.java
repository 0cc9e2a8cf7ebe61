package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleConfigCheckTest {

    private static final GatewayConfig.Module M1 = new GatewayConfig.Module("m1", "h", 502, 1, Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofMillis(2_000));
    private static final DoorHardware STRIKE = new DoorHardware("outer", "m1", 0, LockType.FAIL_SECURE, Duration.ofMillis(700),
            0, 1, -1, -1, Duration.ofSeconds(30));
    private static final DoorHardware MAGLOCK = new DoorHardware("inner", "m1", 3, LockType.FAIL_SAFE, Duration.ofSeconds(5),
            2, -1, -1, -1, Duration.ofSeconds(30));
    private final ModuleConfigCheck check = new ModuleConfigCheck(M1, List.of(STRIKE, MAGLOCK));

    private static int[] pulses(int strike) {
        int[] p = new int[8];
        p[0] = strike;
        return p;
    }

    @Test
    void aModuleAsConfiguredHasNoMismatch() {
        assertThat(check.safeStateMask()).as("the maglock energised, the strike not").isEqualTo(0b1000);
        assertThat(check.compare(pulses(70), 20, 0b1000, Set.of())).isEmpty();
    }

    @Test
    void aDisabledWatchdogIsAMismatch() {
        assertThat(check.compare(pulses(70), 0, 0b1000, Set.of()))
                .containsExactly(new ModuleConfigCheck.Mismatch(100, 20, 0));
    }

    @Test
    void aSafeStateThatWouldReleaseTheMaglockIsAMismatch() {
        assertThat(check.compare(pulses(70), 20, 0, Set.of())).containsExactly(new ModuleConfigCheck.Mismatch(101, 0b1000, 0));
    }

    @Test
    void aLatchedStrikeIsAMismatchUnlessHeldForFire() {
        assertThat(check.compare(pulses(0), 20, 0b1000, Set.of())).containsExactly(new ModuleConfigCheck.Mismatch(0, 70, 0));
        assertThat(check.compare(pulses(0), 20, 0b1000, Set.of(0))).isEmpty();
        assertThat(check.compare(pulses(70), 20, 0b1000, Set.of(0))).as("a restore under way").isEmpty();
    }

    @Test
    void aMaglockHasNoPulse() {
        int[] p = pulses(70);
        p[3] = 500;
        assertThat(check.compare(p, 20, 0b1000, Set.of())).containsExactly(new ModuleConfigCheck.Mismatch(3, 0, 500));
    }
}
