package io.cagekeeper.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeysetTest {

    @Test
    void aCursorReadsBackAsThePositionItWasMadeFromToTheMicrosecond() {
        Keyset k = new Keyset("events", false, Instant.parse("2026-12-01T08:00:00.123456789Z"), 42);
        Keyset back = Keyset.decode(k.encode(), "events", false);
        assertThat(back.at()).isEqualTo(Instant.parse("2026-12-01T08:00:00.123456Z"));
        assertThat(back.id()).isEqualTo(42);
        assertThat(k.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aCursorOfAnotherListingOrOrderOrNoCursorAtAllIsRefused() {
        String events = new Keyset("events", false, Instant.EPOCH, 1).encode();
        assertThatThrownBy(() -> Keyset.decode(events, "audit", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keyset.decode(events, "events", true)).hasMessageContaining("other order");
        for (String bad : new String[] {"", "!!!", "ZXZlbnRzLm4uMQ", "ZXZlbnRzLm4uMS4y.", "ZXZlbnRzLm4uOTk5OTk5OTk5OTk5OTk5OTk5OTk5LjE"}) {
            assertThatThrownBy(() -> Keyset.decode(bad, "events", false)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
