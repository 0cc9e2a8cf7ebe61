package io.cagekeeper.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterNamesTest {

    @Test
    void decisionsRejectionsAndEventsBecomeOneFamilyEachWithALabel() {
        assertThat(MeterNames.of("decisions.grant")).isEqualTo(new MeterNames.Meter("cagekeeper.decisions", List.of(Tag.of("result", "grant"))));
        assertThat(MeterNames.of("rejected.BAD_MAC")).isEqualTo(new MeterNames.Meter("cagekeeper.rejected", List.of(Tag.of("reason", "BAD_MAC"))));
        assertThat(MeterNames.of("events.DOOR_FORCED"))
                .isEqualTo(new MeterNames.Meter("cagekeeper.events", List.of(Tag.of("type", "DOOR_FORCED"))));
    }

    @Test
    void rejectionsByReaderAreTheirOwnFamilyNotAReason() {
        assertThat(MeterNames.of("rejected.reader.r1-in"))
                .isEqualTo(new MeterNames.Meter("cagekeeper.rejected.by.reader", List.of(Tag.of("reader", "r1-in"))));
    }

    @Test
    void theRejectedTotalIsLeftOutBecauseItIsTheSumOfTheReasons() {
        assertThat(MeterNames.of("rejected.total")).isNull();
    }

    @Test
    void anyOtherCounterKeepsItsNameWithoutLabels() {
        assertThat(MeterNames.of("mqtt.connects")).isEqualTo(new MeterNames.Meter("cagekeeper.mqtt.connects", List.of()));
        assertThat(MeterNames.of("decisions.")).isEqualTo(new MeterNames.Meter("cagekeeper.decisions.", List.of()));
    }
}
