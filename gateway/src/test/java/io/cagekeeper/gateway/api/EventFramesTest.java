package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Live events rendered once per kind of viewer, whatever the number of consoles. */
class EventFramesTest {

    @Test
    void anEventIsRenderedOnceForWholeCardsAndOnceMaskedHoweverManyConsolesAskForIt() {
        EventFrames frames = new EventFrames();
        AtomicInteger renders = new AtomicInteger();
        for (int console = 0; console < 5; console++) {
            assertThat(new String(frames.frame(7, true, () -> "whole " + renders.incrementAndGet()), StandardCharsets.UTF_8))
                    .isEqualTo("whole 1");
            assertThat(new String(frames.frame(7, false, () -> "masked " + renders.incrementAndGet()), StandardCharsets.UTF_8))
                    .isEqualTo("masked 2");
        }
        assertThat(renders.get()).isEqualTo(2);
        assertThat(frames.rendered()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheMostRecentEvents() {
        EventFrames frames = new EventFrames();
        for (long id = 1; id <= EventFrames.SIZE + 100; id++) {
            frames.frame(id, true, () -> "x");
        }
        assertThat(frames.size()).isEqualTo(EventFrames.SIZE);
        AtomicInteger again = new AtomicInteger();
        frames.frame(1, true, () -> "y" + again.incrementAndGet());
        assertThat(again.get()).as("the oldest was let go").isEqualTo(1);
    }
}
