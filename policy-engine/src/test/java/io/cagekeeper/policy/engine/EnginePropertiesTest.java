package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.replay.Replay;
import io.cagekeeper.policy.replay.SnapshotHistory;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Pending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants over random requests and random sequences of requests. */
class EnginePropertiesTest {

    private static final List<String> PEOPLE = List.of("alice", "bob", "carl", "vera");
    private static final List<String> READERS = List.of("hall-in", "hall-out", "a-in", "a-out", "b-in", "b-out",
            "vault-in", "vault-out", "m1-in", "m1-out", "m2-in", "m2-out");

    private final PolicyEngine engine = new PolicyEngine();

    /** A read: who, where, seconds after WED_10. */
    record Read(String person, String reader, int seconds) {
        AccessRequest request(TestSite site) {
            return site.read(person, reader, TestSite.WED_10.plusSeconds(seconds));
        }
    }

    @Provide
    Arbitrary<Read> reads() {
        return Combinators.combine(Arbitraries.of(PEOPLE), Arbitraries.of(READERS), Arbitraries.integers().between(0, 7 * 86_400))
                .as(Read::new);
    }

    /** Reads in time order, close together so that windows matter. */
    @Provide
    Arbitrary<List<Read>> sequences() {
        return Combinators.combine(Arbitraries.of(PEOPLE), Arbitraries.of(READERS), Arbitraries.integers().between(0, 20))
                .as((p, r, gap) -> new Read(p, r, gap)).list().ofMinSize(1).ofMaxSize(30).map(rs -> {
                    List<Read> out = new ArrayList<>();
                    int t = 0;
                    for (Read r : rs) {
                        t += r.seconds();
                        out.add(new Read(r.person(), r.reader(), t));
                    }
                    return out;
                });
    }

    private static TestSite busySite() {
        return TestSite.busy();
    }

    @Property
    void denyWinsARestrictionDeniesWhateverGrantsExist(@ForAll("reads") Read read) {
        TestSite site = busySite();
        site.restrictions.add(new Restriction("r", read.person(), null, TestSite.EPOCH, null, "barred", "security"));
        Decision d = engine.decide(site.snapshot(), read.request(site));
        if (read.reader().endsWith("-in")) {
            assertThat(d.result()).isEqualTo(Result.DENY);
            assertThat(d.reasons()).contains(ReasonCode.PERSON_RESTRICTED);
        }
    }

    @Property
    void aDecisionIsDeniedExactlyWhenItCarriesADenyReason(@ForAll("sequences") List<Read> reads) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial();
        for (Read r : reads) {
            Outcome o = engine.decide(s, st, r.request(site));
            boolean anyDeny = o.decision().reasons().stream().anyMatch(ReasonCode::denies);
            assertThat(o.decision().result() == Result.DENY).isEqualTo(anyDeny);
            assertThat(o.decision().reasons()).isNotEmpty();
            st = o.next();
        }
    }

    @Property
    void noNonActiveCredentialEverPasses(@ForAll("sequences") List<Read> reads,
                                         @ForAll("inactive") CredentialStatus status) {
        TestSite site = busySite();
        for (String p : PEOPLE) {
            Credential c = site.credentials.stream().filter(x -> x.personId().equals(p)).findFirst().orElseThrow();
            site.replaceCredential(p, new Credential(c.id(), c.card(), p, status, c.validFrom(), null, null, null, null));
        }
        assertNeverAdmitted(site, reads);
    }

    @Property
    void noTerminatedPersonEverPasses(@ForAll("sequences") List<Read> reads) {
        TestSite site = busySite();
        for (String p : PEOPLE) {
            Person old = site.persons.stream().filter(x -> x.id().equals(p)).findFirst().orElseThrow();
            site.replacePerson(new Person(p, old.name(), old.type(), TestSite.WED_10));
        }
        assertNeverAdmitted(site, reads);
    }

    @Provide
    Arbitrary<CredentialStatus> inactive() {
        return Arbitraries.of(CredentialStatus.class).filter(c -> c != CredentialStatus.ACTIVE);
    }

    private void assertNeverAdmitted(TestSite site, List<Read> reads) {
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial();
        for (Read r : reads) {
            Outcome o = engine.decide(s, st, r.request(site));
            assertThat(o.decision().result()).isEqualTo(Result.DENY);
            assertThat(o.facts()).noneMatch(f -> f instanceof EngineFact.CompanionAdmitted);
            st = o.next();
        }
    }

    @Property
    void replayReproducesEveryDecisionOfASequence(@ForAll("sequences") List<Read> reads) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        SnapshotHistory history = SnapshotHistory.empty().activated(s, TestSite.EPOCH);
        EngineState st = EngineState.initial();
        List<RecordedDecision> log = new ArrayList<>();
        for (Read r : reads) {
            AccessRequest req = r.request(site);
            Outcome o = engine.decide(s, st, req);
            log.add(RecordedDecision.of(req, EngineState.fromLines(st.toLines()), o, s));
            st = o.next();
        }
        // Against a freshly compiled equal snapshot, from the persisted form of each state.
        SnapshotHistory recompiled = SnapshotHistory.empty().activated(busySite().snapshot(), TestSite.EPOCH);
        for (RecordedDecision d : log) {
            assertThat(Replay.replay(history, d).identical()).isTrue();
            assertThat(Replay.replay(recompiled, d).identical()).isTrue();
        }
    }

    @Property
    void hardAntiPassbackAlternatesEntriesAndExitsOfEachPerson(@ForAll("sequences") List<Read> reads) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial();
        java.util.Map<String, Boolean> lastGranted = new java.util.HashMap<>();
        for (Read r : reads) {
            if (!r.reader().startsWith("b-")) {
                continue;
            }
            Outcome o = engine.decide(s, st, r.request(site));
            boolean entry = r.reader().equals("b-in");
            if (o.decision().granted()) {
                Boolean previousWasEntry = lastGranted.get(r.person());
                assertThat(previousWasEntry == null || previousWasEntry != entry)
                        .as("%s granted %s twice in a row", r.person(), entry ? "entry" : "exit").isTrue();
                lastGranted.put(r.person(), entry);
                assertThat(o.next().apbMark(r.person(), "cage-b").inside()).isEqualTo(entry);
            } else {
                assertThat(o.next().apbMark(r.person(), "cage-b")).isEqualTo(st.apbMark(r.person(), "cage-b"));
            }
            st = o.next();
        }
    }

    @Property
    void twoPersonGrantsExactlyWhenADistinctSecondPersonComesWithinTheWindow(
            @ForAll @IntRange(min = 0, max = 40) int gap, @ForAll boolean samePerson) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        Outcome first = engine.decide(s, EngineState.initial(), site.read("alice", "vault-in", TestSite.WED_10));
        assertThat(first.decision().result()).isEqualTo(Result.PENDING);
        String second = samePerson ? "alice" : "bob";
        Outcome o = engine.decide(s, first.next(), site.read(second, "vault-in", TestSite.WED_10.plusSeconds(gap)));
        boolean expectGrant = !samePerson && gap <= 15;
        assertThat(o.decision().granted()).isEqualTo(expectGrant);
        if (!expectGrant) {
            assertThat(o.decision().result()).isEqualTo(Result.PENDING);
        }
    }

    @Property
    void aVisitorIsAdmittedOnlyWithTheEscortWithinTheWindow(@ForAll("sequences") List<Read> reads) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial();
        for (Read r : reads) {
            Outcome o = engine.decide(s, st, r.request(site));
            if (r.person().equals("vera")) {
                assertThat(o.decision().result()).isNotEqualTo(Result.GRANT);
            }
            for (EngineFact f : o.facts()) {
                if (f instanceof EngineFact.CompanionAdmitted c && c.kind() == Pending.Kind.ESCORT) {
                    assertThat(c.personId()).isEqualTo("vera");
                    assertThat(r.person()).isEqualTo("bob");
                    assertThat(o.decision().granted()).isTrue();
                    Pending waited = st.pendingAt(Pending.Kind.ESCORT, c.doorId(), c.at());
                    assertThat(waited).isNotNull();
                    assertThat(c.at()).isBeforeOrEqualTo(waited.at().plusSeconds(10));
                }
            }
            st = o.next();
        }
    }

    @Property
    void compiledSchedulesAgreeWithZonedDateTimeInAnyZoneAcrossDstChanges(
            @ForAll("zones") String zone, @ForAll @IntRange(min = 0, max = 1_000_000) int hours,
            @ForAll @IntRange(min = 0, max = 3599) int seconds, @ForAll @Size(max = 6) List<@IntRange(max = 1439) Integer> starts) {
        java.time.ZoneId z = java.time.ZoneId.of(zone);
        List<io.cagekeeper.policy.model.WeeklyInterval> in = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int m = starts.get(i);
            in.add(new io.cagekeeper.policy.model.WeeklyInterval(java.time.DayOfWeek.of(i % 7 + 1),
                    java.time.LocalTime.of(m / 60, m % 60), m + 90 >= 1440 ? java.time.LocalTime.MIDNIGHT
                    : java.time.LocalTime.of((m + 90) / 60, (m + 90) % 60)));
        }
        io.cagekeeper.policy.model.Schedule schedule = new io.cagekeeper.policy.model.Schedule("x", "x", in);
        Instant at = Instant.parse("1990-01-01T00:00:00Z").plusSeconds(hours * 3600L + seconds);
        java.time.ZonedDateTime local = at.atZone(z);
        SiteClock clock = new SiteClock(z);
        assertThat(new CompiledSchedule(schedule).openAt(clock.localSeconds(at), at.getNano()))
                .isEqualTo(schedule.openAt(local.getDayOfWeek(), local.toLocalTime()));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
                "America/Sao_Paulo", "Pacific/Chatham");
    }

    @Property
    void siteClockMatchesZoneRulesAroundEveryTransition(@ForAll("zones") String zone, @ForAll @IntRange(min = -3, max = 3) int delta) {
        java.time.ZoneId z = java.time.ZoneId.of(zone);
        SiteClock clock = new SiteClock(z);
        var t = z.getRules().nextTransition(Instant.parse("2000-01-01T00:00:00Z"));
        for (int i = 0; t != null && i < 100; i++, t = z.getRules().nextTransition(t.getInstant())) {
            long s = t.toEpochSecond() + delta;
            assertThat(clock.offsetSeconds(s)).isEqualTo(z.getRules().getOffset(Instant.ofEpochSecond(s)).getTotalSeconds());
        }
    }

    @Property
    void visitorsNeverPassWithoutTheEscortEvenWhenGrantedALevel(@ForAll("reads") Read read) {
        TestSite site = busySite();
        site.grants.add(new io.cagekeeper.policy.model.Grant("g-vera", "vera", "all", TestSite.EPOCH, null, "oops"));
        Read r = new Read("vera", read.reader(), read.seconds());
        assertThat(engine.decide(site.snapshot(), r.request(site)).result()).isNotEqualTo(Result.GRANT);
    }
}
