package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;

/**
 * The deferred texts of a denial by the grant search on the fast path (no level for the door, a grant
 * not valid now, outside the schedule): the same texts {@link Authorization#grant} writes.
 */
final class MissText implements Decision.Text {

    private final PolicySnapshot s;
    private final int person;
    private final CardNumber card;
    private final Door door;
    private final int miss;
    private final long localSeconds;

    MissText(PolicySnapshot s, int person, CardNumber card, Door door, int miss, long localSeconds) {
        this.s = s;
        this.person = person;
        this.card = card;
        this.door = door;
        this.miss = miss;
        this.localSeconds = localSeconds;
    }

    @Override
    public String decidedBy() {
        return Authorization.missDecidedBy(s, miss);
    }

    @Override
    public String sentence() {
        return Authorization.missSentence(s, miss, s.personAt(person).name(), card, door, localSeconds);
    }
}
