package io.cagekeeper.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A grant and a restriction hold from their first instant up to, not including, their end. */
class ValidityWindowTest {

    private static final Instant FROM = Instant.parse("2026-03-04T10:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-03-04T18:00:00Z");

    private static Grant grant(Instant until) {
        return new Grant("g-1", "alice", "lvl", FROM, until, "ops");
    }

    private static Restriction restriction(Instant until) {
        return new Restriction("r-1", "alice", "cage-a", FROM, until, "badge lost", "ops");
    }

    @Test
    void aGrantStartsAtItsFirstInstantAndEndsBeforeItsLast() {
        Grant g = grant(UNTIL);
        assertThat(g.validAt(FROM.minusNanos(1))).isFalse();
        assertThat(g.validAt(FROM)).isTrue();
        assertThat(g.validAt(UNTIL.minusNanos(1))).isTrue();
        assertThat(g.validAt(UNTIL)).isFalse();
        assertThat(g.validAt(UNTIL.plusSeconds(1))).isFalse();
    }

    @Test
    void anOpenEndedGrantHoldsForeverOnceStartedButNotBefore() {
        Grant g = grant(null);
        assertThat(g.validAt(FROM.minusSeconds(1))).isFalse();
        assertThat(g.validAt(Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void aGrantMustEndAfterItStarts() {
        assertThatThrownBy(() -> grant(FROM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grant g-1: validUntil must be after validFrom");
        assertThatThrownBy(() -> grant(FROM.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(grant(FROM.plusNanos(1)).validUntil()).isEqualTo(FROM.plusNanos(1));
    }

    @Test
    void aRestrictionStartsAtItsFirstInstantAndEndsBeforeItsLast() {
        Restriction r = restriction(UNTIL);
        assertThat(r.validAt(FROM.minusNanos(1))).isFalse();
        assertThat(r.validAt(FROM)).isTrue();
        assertThat(r.validAt(UNTIL.minusNanos(1))).isTrue();
        assertThat(r.validAt(UNTIL)).isFalse();
    }

    @Test
    void anOpenEndedRestrictionHoldsForeverOnceStartedButNotBefore() {
        Restriction r = restriction(null);
        assertThat(r.validAt(FROM.minusSeconds(1))).isFalse();
        assertThat(r.validAt(Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void aRestrictionMustEndAfterItStarts() {
        assertThatThrownBy(() -> restriction(FROM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("restriction r-1: until must be after from");
        assertThatThrownBy(() -> restriction(FROM.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
