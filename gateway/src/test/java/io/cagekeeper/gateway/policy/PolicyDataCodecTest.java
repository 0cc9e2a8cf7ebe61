package io.cagekeeper.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDataCodecTest {

    static final Instant T0 = Instant.parse("2026-03-29T00:30:00.123456Z");

    static PolicyData richSample() {
        PolicyRules rules = new PolicyRules(
                List.of(new DoorModeRule("d1", DoorMode.CARD_AND_PIN, "office"),
                        new DoorModeRule("d2", DoorMode.CARD_AND_BIOMETRIC, "always")),
                List.of(new HolidayCalendar("de", "German holidays", List.of(LocalDate.of(2026, 4, 3), LocalDate.of(2026, 12, 25)))),
                List.of(new ScheduleOverride("office", "de", List.of(new TimeRange(LocalTime.of(10, 0), LocalTime.of(12, 30)),
                        new TimeRange(LocalTime.of(22, 0), LocalTime.MIDNIGHT)))),
                List.of(new ZonePolicy("cage", ApbMode.TIMED, 15, 0), new ZonePolicy("inner", ApbMode.NONE, 0, 30)),
                List.of(new Visit("v1", "p-vera", "cage", T0, T0.plusSeconds(3600), "p-alice", "desk:jordan")),
                List.of(new Restriction("x1", "p-bob", "inner", T0, null, "audit hold", "sec:kim"),
                        new Restriction("x2", "p-bob", null, T0, T0.plusSeconds(60), "site-wide", "sec:kim")),
                List.of(new ThreatRule(ThreatLevel.ELEVATED, List.of(PersonType.EMPLOYEE, PersonType.CONTRACTOR), List.of("cage")),
                        new ThreatRule(ThreatLevel.LOCKDOWN, List.of(), List.of())),
                5, 20);
        return new PolicyData(new Site("fra1", "Frankfurt \"one\" ünïcode", ZoneId.of("Europe/Berlin")),
                List.of(new Zone("hall", "Hall", null), new Zone("cage", "Cage", "hall"), new Zone("inner", "Inner", "cage")),
                List.of(new Door("d1", "Cage door", "hall", "cage", "mantrap"), new Door("d2", "Inner door", "cage", "inner", null)),
                List.of(new Reader("r1-in", "d1", ReaderSide.ENTRY), new Reader("r1-out", "d1", ReaderSide.EXIT),
                        new Reader("r2-in", "d2", ReaderSide.ENTRY)),
                List.of(new Person("p-alice", "Alice", PersonType.EMPLOYEE, null),
                        new Person("p-bob", "Bob", PersonType.CONTRACTOR, T0.plusSeconds(86_400)),
                        new Person("p-vera", "Vera", PersonType.VISITOR, null)),
                List.of(new Credential("c-alice", CardNumber.h10301(18, 40211), "p-alice", CredentialStatus.ACTIVE, T0, null,
                                null, null, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
                        new Credential("c-bob", CardNumber.c1000(4000, 1_000_000), "p-bob", CredentialStatus.SUSPENDED, T0,
                                T0.plusSeconds(7200), T0.plusSeconds(5), "hr:lee", null),
                        new Credential("c-vera", new CardNumber(io.cagekeeper.policy.model.CardFormat.H10302, 0, 34_000_000_000L),
                                "p-vera", CredentialStatus.ACTIVE, T0, null, null, null, null)),
                List.of(Schedule.always("always"), new Schedule("office", "Office hours", List.of(
                        new WeeklyInterval(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)),
                        new WeeklyInterval(DayOfWeek.SUNDAY, LocalTime.of(1, 59, 59), LocalTime.MIDNIGHT)))),
                List.of(new AccessLevel("cage", "Cage", List.of(new DoorSchedule("d1", "office"), new DoorSchedule("d2", "always")))),
                List.of(new Grant("g1", "p-alice", "cage", T0, null, "desk"),
                        new Grant("g2", "p-bob", "cage", T0, T0.plusSeconds(100), "desk")),
                rules);
    }

    @Test
    void aRichPolicySurvivesTheRoundTripWithTheSameContentHash() {
        PolicyData original = richSample();
        PolicyData back = PolicyDataCodec.decode(PolicyDataCodec.encode(original));
        assertThat(back).isEqualTo(original);
        assertThat(PolicySnapshot.compile(7, back).contentHash()).isEqualTo(PolicySnapshot.compile(7, original).contentHash());
    }

    @Test
    void encodingIsStableSoTheStoredTextOfAVersionNeverDrifts() {
        assertThat(PolicyDataCodec.encode(PolicyDataCodec.decode(PolicyDataCodec.encode(richSample()))))
                .isEqualTo(PolicyDataCodec.encode(richSample()));
    }

    @Test
    void anEmptyPolicyWithDefaultRulesSurvivesTheRoundTrip() {
        PolicyData empty = new PolicyData(new Site("s", "S", java.time.ZoneOffset.UTC), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(PolicyDataCodec.decode(PolicyDataCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void textTheCodecDidNotWriteIsRefusedAsAnIllegalArgument() {
        assertThatThrownBy(() -> PolicyDataCodec.decode("{\"site\":{}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyDataCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCompressedFormDecodesToTheSameDataAndTakesAFractionOfTheText() {
        PolicyData original = richSample();
        String compressed = PolicyDataCodec.encodeCompressed(original);
        assertThat(compressed).startsWith("gz64:");
        assertThat(PolicyDataCodec.decode(compressed)).isEqualTo(original);
        assertThat(PolicyDataCodec.encode(PolicyDataCodec.decode(compressed))).isEqualTo(PolicyDataCodec.encode(original));
    }

    @Test
    void aDamagedCompressedTextIsRefusedWithAClearError() {
        String compressed = PolicyDataCodec.encodeCompressed(richSample());
        assertThatThrownBy(() -> PolicyDataCodec.decode(compressed.substring(0, compressed.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not decode");
        assertThatThrownBy(() -> PolicyDataCodec.decode("gz64:not base64!")).isInstanceOf(IllegalArgumentException.class);
    }
}
