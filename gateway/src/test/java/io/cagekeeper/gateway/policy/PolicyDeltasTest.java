package io.cagekeeper.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.PolicyDelta.SmallParts;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Visit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Row images of the change log mapped to deltas, as the gateway applies them and the archive rebuilds history. */
class PolicyDeltasTest {

    private static final SmallParts EMPTY = new SmallParts(new Site("s", "Site", ZoneOffset.UTC), List.of(), List.of(), List.of(),
            List.of(), List.of(new AccessLevel("cage", "Cage", List.of(new DoorSchedule("d2", "always")))), PolicyRules.none());

    private static PolicyDelta delta(SmallParts before, PolicyDeltas.PinHashes pins, PolicyDeltas.Row... rows) {
        return PolicyDeltas.delta(new PolicyDeltas.Change(7, rows.length, List.of(rows)), before, pins);
    }

    private static PolicyDeltas.Row put(String table, JsonObject image) {
        return new PolicyDeltas.Row(table, false, image);
    }

    private static JsonObject credential(boolean pinSet) {
        return new JsonObject().put("id", "c1").put("card", "18:40211").put("person_id", "p1").put("status", "ACTIVE")
                .put("valid_from", "2026-12-01T10:00:00.123456+00:00").put("valid_until", null).put("status_changed_at", null)
                .put("status_changed_by", null).put("pin_set", pinSet);
    }

    @Test
    void aCredentialInHistoryHasAStandInForItsPinHashAndLiveTheCurrentHash() {
        PolicyDelta archived = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("credentials", credential(true)));
        assertThat(archived.credentials().get("c1").pinHash()).isEqualTo(SnapshotArchive.PIN_SET);
        assertThat(archived.credentials().get("c1").validFrom()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123456Z"));
        PolicyDelta live = delta(EMPTY, PolicyDeltas.PinHashes.live(Map.of("c1", "$argon2id$x")), put("credentials", credential(true)));
        assertThat(live.credentials().get("c1").pinHash()).isEqualTo("$argon2id$x");
        assertThat(delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("credentials", credential(false)))
                .credentials().get("c1").pinHash()).isNull();
    }

    @Test
    void aGrantThatLeftApprovedIsRemovedAndOnlyBulkRowsLeaveTheSmallPartsAlone() {
        JsonObject grant = new JsonObject().put("id", "g1").put("person_id", "p1").put("access_level_id", "cage")
                .put("valid_from", "2026-12-01T10:00:00+00:00").put("valid_until", null).put("approved_by", "desk");
        PolicyDelta d = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("grants", grant.copy().put("state", "REVOKED")),
                put("persons", new JsonObject().put("id", "p1").put("name", "P").put("type", "EMPLOYEE").put("terminated_at", null)));
        assertThat(d.grants()).containsEntry("g1", null);
        assertThat(d.persons().get("p1").name()).isEqualTo("P");
        assertThat(d.small()).isNull();
        assertThat(delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("grants", grant.copy().put("state", "APPROVED")))
                .grants().get("g1").approvedBy()).isEqualTo("desk");
    }

    @Test
    void aCheckedOutVisitIsCutAtItsCheckOutAndOneCutToNothingLeaves() {
        JsonObject visit = new JsonObject().put("id", "v1").put("visitor_person_id", "p1").put("zone_id", "cage")
                .put("valid_from", "2026-12-01T10:00:00+00:00").put("valid_until", "2026-12-01T18:00:00+00:00")
                .put("escort_person_id", null).put("approved_by", "desk").put("state", "CHECKED_OUT")
                .put("checked_out_at", "2026-12-01T12:00:00+00:00");
        List<Visit> visits = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("visits", visit)).small().rules().visits();
        assertThat(visits).singleElement().satisfies(v -> assertThat(v.until()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z")));
        SmallParts with = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("visits", visit)).small();
        assertThat(delta(with, PolicyDeltas.PinHashes.archived(), put("visits", visit.copy().put("checked_out_at",
                "2026-12-01T09:00:00+00:00"))).small().rules().visits()).isEmpty();
        assertThat(delta(with, PolicyDeltas.PinHashes.archived(), put("visits", visit.copy().put("state", "CANCELLED")))
                .small().rules().visits()).isEmpty();
    }

    @Test
    void anAccessLevelsDoorsKeepTheFullLoadsOrderAndADeletedDoorLeaves() {
        JsonObject d1 = new JsonObject().put("access_level_id", "cage").put("door_id", "d1").put("schedule_id", "always");
        SmallParts after = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("access_level_doors", d1)).small();
        assertThat(after.accessLevels()).singleElement().satisfies(l -> assertThat(l.doors())
                .containsExactly(new DoorSchedule("d1", "always"), new DoorSchedule("d2", "always")));
        SmallParts removed = delta(after, PolicyDeltas.PinHashes.archived(), new PolicyDeltas.Row("access_level_doors", true,
                new JsonObject().put("access_level_id", "cage").put("door_id", "d2").put("schedule_id", "always"))).small();
        assertThat(removed.accessLevels().get(0).doors()).containsExactly(new DoorSchedule("d1", "always"));
        SmallParts renamed = delta(after, PolicyDeltas.PinHashes.archived(),
                put("access_levels", new JsonObject().put("id", "cage").put("name", "The cage"))).small();
        assertThat(renamed.accessLevels()).containsExactly(new AccessLevel("cage", "The cage",
                List.of(new DoorSchedule("d1", "always"), new DoorSchedule("d2", "always"))));
    }

    @Test
    void deletedSettingsAndSiteFallBackToWhatTheFullLoadAssumesWithoutThem() {
        JsonObject settings = new JsonObject().put("id", 1).put("pin_max_failures", 5).put("escort_window_seconds", 30);
        SmallParts set = delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("site_settings", settings),
                put("holiday_calendars", new JsonObject().put("id", "h").put("name", "H").put("dates", new JsonArray().add("2026-12-25")))).small();
        assertThat(set.rules().pinMaxFailures()).isEqualTo(5);
        assertThat(set.rules().holidayCalendars().get(0).dates()).containsExactly(java.time.LocalDate.parse("2026-12-25"));
        SmallParts gone = delta(set, PolicyDeltas.PinHashes.archived(), new PolicyDeltas.Row("site_settings", true, settings),
                new PolicyDeltas.Row("site", true, new JsonObject().put("id", "s").put("name", "Site").put("time_zone", "UTC"))).small();
        assertThat(gone.rules().pinMaxFailures()).isEqualTo(PolicyRules.DEFAULT_PIN_MAX_FAILURES);
        assertThat(gone.site().id()).isEqualTo("unconfigured");
    }

    @Test
    void aVersionWithFewerRowsThanItCommittedOrFromBeforeTheLogIsIncomplete() {
        assertThat(new PolicyDeltas.Change(3, 2, List.of(put("persons", new JsonObject()))).complete()).isFalse();
        assertThat(new PolicyDeltas.Change(3, null, List.of()).complete()).isFalse();
        assertThat(new PolicyDeltas.Change(3, 0, List.of()).complete()).isTrue();
    }

    @Test
    void aRowOfATableOutsideThePolicyIsRefused() {
        assertThatThrownBy(() -> delta(EMPTY, PolicyDeltas.PinHashes.archived(), put("events", new JsonObject().put("id", "e"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
