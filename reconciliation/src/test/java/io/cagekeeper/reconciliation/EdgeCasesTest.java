package io.cagekeeper.reconciliation;

import static io.cagekeeper.reconciliation.Fixture.N;
import static io.cagekeeper.reconciliation.Fixture.found;
import static io.cagekeeper.reconciliation.Fixture.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.HeartbeatRow;
import io.cagekeeper.reconciliation.input.StatusChangeRow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each exception at its edges: exactly at a threshold, touching windows, DST changes, a visit across midnight. */
class EdgeCasesTest {

    static final long FROM = t("2026-03-23T00:00:00Z");
    static final long TO = t("2026-04-06T00:00:00Z");
    static final long US = 1;
    static final long MINUTE = 60_000_000L;
    static final long HOUR = 60 * MINUTE;
    /** Business hours all day every day: OFF_HOURS out of the way unless a test wants it. */
    static final Map<String, String> ALWAYS_OPEN = Map.of("offHours.start", "00:00", "offHours.end", "23:59:59.999999",
            "offHours.weekends", "false");

    private static Fixture site() {
        return new Fixture().person("p", "EMPLOYEE", N);
    }

    @Test
    void anEntryAtTheFirstInstantOfItsWindowIsAuthorizedAndOneAtItsExclusiveEndIsLate() {
        Fixture f = site().grant("g", "p", "z", t("2026-03-24T08:00:00Z"), t("2026-03-24T12:00:00Z"), FROM);
        f.entry("p", "z", t("2026-03-24T08:00:00Z"));
        f.exit("p", "z", t("2026-03-24T11:00:00Z"));
        long late = f.entry("p", "z", t("2026-03-24T12:00:00Z"));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("OUT_OF_WINDOW|event:" + late);
    }

    @Test
    void touchingWindowsCoverTheInstantWhereOneEndsAndTheNextBegins() {
        Fixture f = site().grant("g1", "p", "z", t("2026-03-24T08:00:00Z"), t("2026-03-24T12:00:00Z"), FROM)
                .grant("g2", "p", "z", t("2026-03-24T12:00:00Z"), t("2026-03-24T16:00:00Z"), FROM);
        f.entry("p", "z", t("2026-03-24T12:00:00Z"));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).isEmpty();
    }

    @Test
    void earlyExactlyByTheMarginIsOutOfWindowAndOneMicrosecondMoreIsUnauthorized() {
        long start = t("2026-03-24T20:00:00Z");
        Fixture f = site().grant("g", "p", "z", start, start + 4 * HOUR, FROM);
        long atMargin = f.entry("p", "z", start - 12 * HOUR);
        f.exit("p", "z", start - 12 * HOUR + MINUTE);
        long beyond = f.entry("p", "z", start - 12 * HOUR - US - 2 * HOUR);
        f.exit("p", "z", start - 12 * HOUR - US - HOUR);
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN)))
                .containsExactlyInAnyOrder("OUT_OF_WINDOW|event:" + atMargin, "UNAUTHORIZED_ENTRY|event:" + beyond);
    }

    @Test
    void anApprovalAtTheInstantOfTheEntryIsInTimeAndOneMicrosecondLaterIsRetroactive() {
        long at = t("2026-03-24T10:00:00Z");
        Fixture f = site().person("q", "CONTRACTOR", N).grant("g", "p", "z", FROM, N, at).grant("h", "q", "z", FROM, N, at + US);
        f.entry("p", "z", at);
        long q = f.entry("q", "z", at);
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("RETROACTIVE_APPROVAL|event:" + q);
    }

    @Test
    void anApprovalForAnotherZoneIsZoneScope() {
        Fixture f = site().grant("g", "p", "hall", FROM, N, FROM);
        long e = f.entry("p", "cage", t("2026-03-24T10:00:00Z"));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("ZONE_SCOPE|event:" + e);
    }

    @Test
    void aBadgeDeactivatedExactlyAtTheSlaIsOnTimeAndOneMicrosecondLaterIsLate() {
        long term = t("2026-03-25T09:00:00Z");
        Fixture f = new Fixture().person("a", "EMPLOYEE", term).person("b", "EMPLOYEE", term);
        f.credentials.add(new CredentialRow("ca", "1", "a", "REVOKED", FROM - HOUR, N, null));
        f.credentials.add(new CredentialRow("cb", "2", "b", "REVOKED", FROM - HOUR, N, null));
        f.statusChanges.add(new StatusChangeRow("ca", term + 24 * HOUR, "ACTIVE", "REVOKED", "system:hr", null));
        f.statusChanges.add(new StatusChangeRow("cb", term + 24 * HOUR + US, "ACTIVE", "REVOKED", "system:hr", null));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("REVOCATION_LATENCY|credential:cb");
    }

    @Test
    void denialsExactlyTheWindowApartStillMakeABurstAndOneMicrosecondMoreBreaksIt() {
        Fixture f = site();
        long start = t("2026-03-24T10:00:00Z");
        long first = 0;
        for (int i = 0; i < 5; i++) {
            long id = f.event(start + i * 5 * MINUTE, "ACCESS_DENIED", null, "z", false, N, "r-in", "777");
            first = i == 0 ? id : first;
        }
        long other = t("2026-03-25T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            f.event(other + i * (5 * MINUTE + US), "ACCESS_DENIED", null, "z", false, N, "r-in", "888");
        }
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("DENIED_BURST|card:777:" + first);
    }

    @Test
    void offHoursFollowTheSiteClockAcrossBothDstChanges() {
        Map<String, String> berlin = Map.of("site.timeZone", "Europe/Berlin", "offHours.weekends", "false");
        Fixture f = site().grant("g", "p", "z", FROM - 365L * 24 * HOUR, N, FROM - 365L * 24 * HOUR);
        // Sunday 2026-03-29: from 03:00 local the offset is +02:00, so 07:00 local is 05:00Z
        long beforeOpening = f.entry("p", "z", t("2026-03-29T04:59:59Z"));
        f.exit("p", "z", t("2026-03-29T04:59:59.5Z"));
        f.entry("p", "z", t("2026-03-29T05:00:00Z"));
        f.exit("p", "z", t("2026-03-29T16:59:59Z"));
        long afterClosing = f.entry("p", "z", t("2026-03-29T17:00:00Z"));
        f.exit("p", "z", t("2026-03-29T17:10:00Z"));
        // Sunday 2026-10-25: back to +01:00 at 03:00 local, so 07:00 local is 06:00Z
        long early = f.entry("p", "z", t("2026-10-25T05:30:00Z"));
        f.exit("p", "z", t("2026-10-25T05:40:00Z"));
        f.entry("p", "z", t("2026-10-25T06:00:00Z"));
        assertThat(found(f.run(FROM, t("2026-10-26T00:00:00Z"), berlin))).containsExactly("OFF_HOURS|event:" + beforeOpening,
                "OFF_HOURS|event:" + afterClosing, "OFF_HOURS|event:" + early);
    }

    @Test
    void aVisitAcrossMidnightIsEscortedOnlyIfTheEscortStaysToTheEnd() {
        long from = t("2026-03-24T22:00:00Z");
        long until = t("2026-03-25T02:00:00Z");
        Fixture f = site().person("v", "VISITOR", N).person("w", "VISITOR", N).grant("g", "p", "z", FROM, N, FROM)
                .visit("visit-1", "v", "z", from, until, "p", from, t("2026-03-25T01:45:00Z"))
                .visit("visit-2", "w", "z", t("2026-03-26T22:00:00Z"), t("2026-03-27T02:00:00Z"), "p", t("2026-03-26T22:00:00Z"),
                        t("2026-03-27T01:45:00Z"));
        f.entry("p", "z", t("2026-03-24T22:50:00Z"));
        f.entry("v", "z", t("2026-03-24T23:00:00Z"));
        f.exit("v", "z", t("2026-03-25T01:30:00Z"));
        f.exit("p", "z", t("2026-03-25T01:29:30Z"));
        f.entry("p", "z", t("2026-03-26T22:50:00Z"));
        long alone = f.entry("w", "z", t("2026-03-26T23:00:00Z"));
        f.exit("p", "z", t("2026-03-27T00:30:00Z"));
        f.exit("w", "z", t("2026-03-27T01:30:00Z"));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("UNESCORTED_VISITOR|event:" + alone);
    }

    @Test
    void heartbeatsExactlyTheSilenceApartAreNoGapAndOneMicrosecondMoreIs() {
        Fixture f = site();
        long a = t("2026-03-24T10:00:00Z");
        for (long at = FROM; at < TO; at += 5 * MINUTE) {
            long when = at == a ? at + US : at;
            f.heartbeats.add(new HeartbeatRow("r1", when, N, N));
        }
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("LOG_GAP|silence:r1:" + "2026-03-24T09:55:00Z");
    }

    @Test
    void aSequenceNumberArrivingLateFillsItsHoleAndOnlyNumbersNeverSeenAreAGap() {
        Fixture f = site();
        long at = t("2026-03-24T10:00:00Z");
        long[] seqs = {1, 2, 4, 3, 5, 9, 10};
        for (int i = 0; i < seqs.length; i++) {
            f.event(at + i * MINUTE, "DOOR_OPENED", null, null, false, seqs[i], "m1", null);
        }
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("LOG_GAP|seq:m1:6-8");
    }

    @Test
    void aVisitorBadgeDeactivatedExactlyAtTheGraceIsOnTime() {
        long from = t("2026-03-24T10:00:00Z");
        long until = t("2026-03-24T12:00:00Z");
        Fixture f = site().person("v", "VISITOR", N).person("w", "VISITOR", N)
                .visit("visit-1", "v", "z", from, until, "p", from, N).visit("visit-2", "w", "z", from, until, "p", from, N);
        f.credentials.add(new CredentialRow("cv", "10", "v", "ACTIVE", from, until + HOUR, "visit-1"));
        f.credentials.add(new CredentialRow("cw", "11", "w", "ACTIVE", from, until + HOUR + US, "visit-2"));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).contains("VISITOR_BADGE_LIVE|credential:cw")
                .doesNotContain("VISITOR_BADGE_LIVE|credential:cv");
    }

    @Test
    void aGrantUsedExactlyDormantAfterBeforeTheEndIsInUseAndOneUnusedThatLongIsDormant() {
        long since = TO - 60L * 24 * HOUR;
        Fixture f = site().person("q", "EMPLOYEE", N).person("r", "EMPLOYEE", N).grant("gp", "p", "z", since, N, since)
                .grant("gq", "q", "z", since, N, since).grant("gr", "r", "z", TO - 30L * 24 * HOUR + US, N, since);
        f.entry("p", "z", TO - 30L * 24 * HOUR);
        f.entry("q", "z", TO - 30L * 24 * HOUR - US);
        assertThat(found(f.run(FROM - 60L * 24 * HOUR, TO, ALWAYS_OPEN))).filteredOn(x -> x.startsWith("DORMANT"))
                .containsExactly("DORMANT_GRANT|approval:gq");
    }

    @Test
    void anAclChangeApprovedWithinTheToleranceIsFineAndOneApprovedLaterOrByItsRequesterIsNot() {
        long at = t("2026-03-24T10:00:00Z");
        Fixture f = site().grant("g1", "p", "z", at, N, at + 5_000_000L).grant("g2", "p", "z", at, N, at + 5_000_001L);
        f.approvals.add(new io.cagekeeper.reconciliation.input.ApprovalRow("g3", "GRANT", "p", "z", at, N, "APPROVED", "user:7", N,
                "user:7", at, N, null, null, null, null, null, N, N, null));
        for (int i = 1; i <= 3; i++) {
            f.acl.add(new io.cagekeeper.reconciliation.input.AclChangeRow(i, at, "user:2", "grants", "g" + i, "I", "APPROVED", "A" + i));
        }
        f.acl.add(new io.cagekeeper.reconciliation.input.AclChangeRow(4, at, "sql:postgres", "grants", "g1", "U", "APPROVED", null));
        f.acl.add(new io.cagekeeper.reconciliation.input.AclChangeRow(5, at, "user:2", "grants", "g1", "U", "REVOKED", null));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("ACL_CHANGE_WITHOUT_APPROVAL|acl:2",
                "ACL_CHANGE_WITHOUT_APPROVAL|acl:3", "ACL_CHANGE_WITHOUT_APPROVAL|acl:4");
    }

    @Test
    void aLostBadgeReinstatedWithAnApprovalIsFineAndARevokedOneIsResurrectedEvenWithOne() {
        long at = t("2026-03-24T10:00:00Z");
        Fixture f = site();
        f.credentials.add(new CredentialRow("c1", "1", "p", "ACTIVE", FROM - HOUR, N, null));
        f.credentials.add(new CredentialRow("c2", "2", "p", "ACTIVE", FROM - HOUR, N, null));
        f.credentials.add(new CredentialRow("c3", "3", "p", "ACTIVE", FROM - HOUR, N, null));
        f.statusChanges.add(new StatusChangeRow("c1", at, "LOST", "ACTIVE", "user:4", "17"));
        f.statusChanges.add(new StatusChangeRow("c2", at, "REVOKED", "ACTIVE", "user:4", "18"));
        f.statusChanges.add(new StatusChangeRow("c3", at, "SUSPENDED", "ACTIVE", "user:4", null));
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly(
                "RESURRECTED_CREDENTIAL|credential:c2:2026-03-24T10:00:00Z", "RESURRECTED_CREDENTIAL|credential:c3:2026-03-24T10:00:00Z");
    }

    @Test
    void leavingAZoneTwiceWithoutEnteringItBetweenIsATailgateButAFirstExitOfThePeriodIsNot() {
        Fixture f = site().grant("g", "p", "z", FROM - HOUR, N, FROM - 2 * HOUR);
        long day = t("2026-03-24T08:00:00Z");
        f.exit("p", "z", day);
        f.entry("p", "z", day + HOUR);
        long first = f.exit("p", "z", day + 2 * HOUR);
        long second = f.exit("p", "z", day + 3 * HOUR);
        f.entry("p", "z", day + 4 * HOUR);
        f.exit("p", "z", day + 5 * HOUR);
        f.exit("p", "other", day + 6 * HOUR);
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("TAILGATE_SUSPECTED|event:" + second);
        assertThat(f.run(FROM, TO, ALWAYS_OPEN).findings().get(0).events()).containsExactly(first, second);
    }

    @Test
    void anEventStoredExactlyTheLimitAfterItHappenedIsOnTimeAndOneMicrosecondLaterIsLate() {
        Fixture f = site();
        long at = t("2026-03-24T10:00:00Z");
        f.timed(at, "r1", at, at + MINUTE);
        long late = f.timed(at + HOUR, "r1", at + HOUR, at + HOUR + MINUTE + US);
        assertThat(found(f.run(FROM, TO, ALWAYS_OPEN))).containsExactly("LATE_EVENT|late:r1:" + late);
    }

    @Test
    void aDevicesConsecutiveLateEventsAreOneFindingThatATimelyEventEnds() {
        Fixture f = site();
        long at = t("2026-03-24T10:00:00Z");
        long a = f.timed(at, "r1", at - 20 * MINUTE, N);
        f.timed(at + MINUTE, "r2", at + MINUTE, at + MINUTE);
        long b = f.timed(at + 2 * MINUTE, "r1", at - 19 * MINUTE, N);
        f.timed(at + 3 * MINUTE, "r1", at + 3 * MINUTE, N);
        long c = f.timed(at + 4 * MINUTE, "r1", at + 4 * MINUTE, at + 10 * MINUTE);
        Result r = f.run(FROM, TO, ALWAYS_OPEN);
        assertThat(found(r)).containsExactly("LATE_EVENT|late:r1:" + a, "LATE_EVENT|late:r1:" + c);
        assertThat(r.findings().get(0).events()).containsExactly(a, b);
        assertThat(r.findings().get(0).detail()).isEqualTo("2 events of r1 delivered up to PT21M after the device's time");
        assertThat(r.findings().get(1).detail()).isEqualTo("1 event of r1 stored up to PT6M after it happened");
    }
}
