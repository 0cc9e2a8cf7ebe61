package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.LastPassage;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.state.ApbMark;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OccupancyTest {

    private static final Map<String, Door> DOORS = Map.of("d1", new Door("d1", "Cage door", "hall", "cage", null));
    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");

    private static List<Occupancy.Occupant> inside(List<LastPassage> passages, List<ApbMark> marks) {
        return Occupancy.believedInside(passages, marks, DOORS::get);
    }

    @Test
    void anEntryPutsThePersonInTheDoorsToZoneAndAnExitInItsFromZone() {
        var in = inside(List.of(new LastPassage("p1", "d1", "ENTRY", T), new LastPassage("p2", "d1", "EXIT", T.plusSeconds(5)),
                new LastPassage("p3", "d1", null, T.minusSeconds(5))), List.of());
        assertThat(in).extracting(Occupancy.Occupant::personId, Occupancy.Occupant::zoneId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p3", "cage"), org.assertj.core.groups.Tuple.tuple("p1", "cage"),
                        org.assertj.core.groups.Tuple.tuple("p2", "hall"));
        assertThat(in.get(1).enteredAt()).isEqualTo(T);
        assertThat(in.get(1).doorId()).isEqualTo("d1");
    }

    @Test
    void theNewestFactWinsAndAnAntiPassbackMarkPlacesWhoTheWindowMissed() {
        var in = inside(List.of(new LastPassage("p1", "d1", "ENTRY", T), new LastPassage("p2", "d1", "ENTRY", T),
                        new LastPassage("p4", "d1", "ENTRY", T), new LastPassage("gone", "removed-door", "ENTRY", T)),
                List.of(new ApbMark("p1", "cage", true, T), // same instant as the passage: the passage (with its door) stays
                        new ApbMark("p2", "cage", false, T.plusSeconds(60)), // left by a reader the window did not see
                        new ApbMark("p3", "vault", true, T.minusSeconds(86_400 * 3)), // older than any window
                        new ApbMark("p4", "vault", true, T.plusSeconds(1))));
        assertThat(in).extracting(Occupancy.Occupant::personId, Occupancy.Occupant::zoneId, Occupancy.Occupant::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p3", "vault", "anti-passback"),
                        org.assertj.core.groups.Tuple.tuple("p1", "cage", "door"),
                        org.assertj.core.groups.Tuple.tuple("p4", "vault", "anti-passback"));
    }
}
