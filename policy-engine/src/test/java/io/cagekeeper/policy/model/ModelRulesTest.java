package io.cagekeeper.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants the policy's plain values enforce on themselves, so that no snapshot is built from nonsense. */
class ModelRulesTest {

    private static final Instant FROM = Instant.parse("2026-03-04T10:00:00Z");

    @Test
    void aBadgeHoldsFromItsFirstInstantUpToItsEndAndMustEndAfterItStarts() {
        Credential c = new Credential("c-1", CardNumber.h10301(1, 2), "p", CredentialStatus.ACTIVE, FROM,
                FROM.plusSeconds(60), null, null, "$argon2id$secret");
        assertThat(c.validAt(FROM.minusNanos(1))).isFalse();
        assertThat(c.validAt(FROM)).isTrue();
        assertThat(c.validAt(FROM.plusSeconds(60).minusNanos(1))).isTrue();
        assertThat(c.validAt(FROM.plusSeconds(60))).isFalse();
        assertThat(new Credential("c-1", CardNumber.h10301(1, 2), "p", CredentialStatus.ACTIVE, FROM, null, null, null, null)
                .validAt(Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
        assertThatThrownBy(() -> new Credential("c-1", CardNumber.h10301(1, 2), "p", CredentialStatus.ACTIVE, FROM, FROM,
                null, null, null)).hasMessage("credential c-1: validUntil must be after validFrom");
        assertThat(c).hasToString("Credential[c-1 1:2 person=p ACTIVE]");
    }

    @Test
    void aVisitHoldsFromItsStartUpToItsEndWhichMustComeAfter() {
        Visit v = new Visit("v-1", "vera", "hall", FROM, FROM.plusSeconds(60), "bob", "reception");
        assertThat(v.validAt(FROM.minusNanos(1))).isFalse();
        assertThat(v.validAt(FROM)).isTrue();
        assertThat(v.validAt(FROM.plusSeconds(60))).isFalse();
        assertThatThrownBy(() -> new Visit("v-1", "vera", "hall", FROM, FROM, "bob", "reception"))
                .hasMessage("visit v-1: until must be after from");
    }

    @Test
    void aPersonIsTerminatedFromTheTerminationInstantOn() {
        Person p = new Person("p", "P", PersonType.EMPLOYEE, FROM);
        assertThat(p.terminatedAt(FROM.minusNanos(1))).isFalse();
        assertThat(p.terminatedAt(FROM)).isTrue();
        assertThat(new Person("p", "P", PersonType.EMPLOYEE, null).terminatedAt(FROM)).isFalse();
    }

    @Test
    void aZonePolicyRefusesNegativeDurationsAndATimedBlockOfNoMinutes() {
        assertThatThrownBy(() -> new ZonePolicy("z", ApbMode.HARD, -1, 0)).hasMessage("zone policy z: negative duration");
        assertThatThrownBy(() -> new ZonePolicy("z", ApbMode.HARD, 0, -1)).hasMessage("zone policy z: negative duration");
        assertThatThrownBy(() -> new ZonePolicy("z", ApbMode.TIMED, 0, 0))
                .hasMessage("zone policy z: TIMED anti-passback needs minutes");
        assertThat(new ZonePolicy("z", ApbMode.TIMED, 1, 0).twoPerson()).isFalse();
        assertThat(new ZonePolicy("z", ApbMode.NONE, 0, 1).twoPerson()).isTrue();
        assertThat(new ZonePolicy("z", ApbMode.SOFT, 0, 0).apbMinutes()).isZero();
    }

    @Test
    void theSiteTunablesMustBePositive() {
        PolicyRules none = PolicyRules.none();
        assertThat(none.pinMaxFailures()).isEqualTo(3);
        assertThat(none.escortWindowSeconds()).isEqualTo(10);
        assertThat(new PolicyRules(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 1, 1)
                .pinMaxFailures()).isEqualTo(1);
        assertThatThrownBy(() -> new PolicyRules(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 1))
                .hasMessage("pinMaxFailures and escortWindowSeconds must be positive");
        assertThatThrownBy(() -> new PolicyRules(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 1, 0))
                .hasMessage("pinMaxFailures and escortWindowSeconds must be positive");
    }

    @Test
    void aCardNumberStaysWithinItsFormatAndReadsBackFromItsText() {
        assertThat(CardNumber.h10301(255, 65_535)).hasToString("255:65535");
        assertThat(CardNumber.c1000(4_095, 1_048_575)).hasToString("C1000/4095:1048575");
        assertThat(new CardNumber(CardFormat.H10302, 0, 34_359_738_367L)).hasToString("H10302/0:34359738367");
        assertThatThrownBy(() -> CardNumber.h10301(256, 1)).hasMessage("H10301 facility out of range: 256");
        assertThatThrownBy(() -> CardNumber.h10301(-1, 1)).hasMessage("H10301 facility out of range: -1");
        assertThatThrownBy(() -> CardNumber.h10301(1, 65_536)).hasMessage("H10301 number out of range: 65536");
        assertThatThrownBy(() -> CardNumber.h10301(1, -1)).hasMessage("H10301 number out of range: -1");
        assertThatThrownBy(() -> new CardNumber(CardFormat.H10302, 1, 1)).hasMessage("H10302 facility out of range: 1");
        assertThat(CardNumber.parse("18:40211")).isEqualTo(CardNumber.h10301(18, 40211));
        assertThat(CardNumber.parse("C1000/12:3456")).isEqualTo(CardNumber.c1000(12, 3456));
        assertThat(CardNumber.parse("0:0")).isEqualTo(CardNumber.h10301(0, 0));
        assertThatThrownBy(() -> CardNumber.parse(":5")).hasMessage("card must look like 18:40211 or C1000/12:3456");
        assertThatThrownBy(() -> CardNumber.parse("1234")).hasMessage("card must look like 18:40211 or C1000/12:3456");
    }

    @Test
    void zonesNestAtAnyDepthAndACycleEndsTheWalk() {
        Map<String, Zone> zones = Map.of("site", new Zone("site", "Site", null), "hall", new Zone("hall", "Hall", "site"),
                "cage", new Zone("cage", "Cage", "hall"), "a", new Zone("a", "A", "b"), "b", new Zone("b", "B", "a"));
        assertThat(Zone.within(zones, "cage", "site")).isTrue();
        assertThat(Zone.within(zones, "cage", "cage")).isTrue();
        assertThat(Zone.within(zones, "site", "cage")).isFalse();
        assertThat(Zone.within(zones, "a", "site")).as("a cycle never reaches the site, and ends").isFalse();
        assertThat(Zone.within(zones, "a", "b")).isTrue();
        assertThat(Zone.within(zones, "unknown", "site")).isFalse();
        assertThat(Zone.within(zones, "unknown", "unknown")).isTrue();
        Map<String, Zone> onlyTheChild = Map.of("z1", new Zone("z1", "Z1", "z0"));
        assertThat(Zone.within(onlyTheChild, "z1", "z0")).as("the walk takes as many steps up as there are zones").isTrue();
    }

    @Test
    void aWeeklyIntervalRunsFromItsStartUpToItsEndOrToMidnight() {
        WeeklyInterval day = new WeeklyInterval(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0));
        assertThat(day.contains(DayOfWeek.MONDAY, LocalTime.of(7, 59, 59))).isFalse();
        assertThat(day.contains(DayOfWeek.MONDAY, LocalTime.of(8, 0))).isTrue();
        assertThat(day.contains(DayOfWeek.MONDAY, LocalTime.of(17, 59, 59))).isTrue();
        assertThat(day.contains(DayOfWeek.MONDAY, LocalTime.of(18, 0))).isFalse();
        assertThat(day.contains(DayOfWeek.TUESDAY, LocalTime.of(9, 0))).isFalse();
        WeeklyInterval evening = new WeeklyInterval(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.MIDNIGHT);
        assertThat(evening.contains(DayOfWeek.MONDAY, LocalTime.of(23, 59, 59))).isTrue();
        assertThatThrownBy(() -> new WeeklyInterval(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(9, 0)))
                .hasMessage("interval end must be after start: MONDAY 09:00-09:00");
        assertThatThrownBy(() -> new TimeRange(LocalTime.of(9, 0), LocalTime.of(8, 0)))
                .hasMessage("range end must be after start: 09:00-08:00");
        assertThat(new TimeRange(LocalTime.of(9, 0), LocalTime.MIDNIGHT).end()).isEqualTo(LocalTime.MIDNIGHT);
        Schedule s = new Schedule("s", "S", List.of(day, evening));
        assertThat(s.openAt(DayOfWeek.MONDAY, LocalTime.of(20, 0))).isTrue();
        assertThat(s.openAt(DayOfWeek.SUNDAY, LocalTime.of(20, 0))).isFalse();
        assertThat(Schedule.always("a").openAt(DayOfWeek.SUNDAY, LocalTime.of(3, 0))).isTrue();
    }

    @Test
    void aPolicyWithoutRulesHasNoneRatherThanNull() {
        Site site = new Site("s", "Site", java.time.ZoneOffset.UTC);
        PolicyData d = new PolicyData(site, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null);
        assertThat(d.rules()).isEqualTo(PolicyRules.none());
        assertThat(new PolicyData(site, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()).rules())
                .isEqualTo(PolicyRules.none());
    }
}
