package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;

/**
 * The deferred texts of a plain grant: {@code grant:<id>} and "Granted: NAME (CARD) at DOOR by access
 * level L, approved by A". Holds only references the decision already had (the snapshot is immutable),
 * so rendering later gives exactly what rendering at decision time would have.
 */
final class GrantText implements Decision.Text {

    private final PolicySnapshot s;
    private final int person;
    private final CardNumber card;
    private final Door door;
    private final int slot;

    /** The person is only an index: the Person object is read when rendering. */
    GrantText(PolicySnapshot s, int person, CardNumber card, Door door, int slot) {
        this.s = s;
        this.person = person;
        this.card = card;
        this.door = door;
        this.slot = slot;
    }

    @Override
    public String decidedBy() {
        return s.decidedByOfSlot(slot);
    }

    @Override
    public String sentence() {
        return sentence(s, s.personAt(person).name(), card, door, slot);
    }

    static String sentence(PolicySnapshot s, String name, CardNumber card, Door door, int slot) {
        return "Granted: " + name + " (" + card + ") at " + door.name()
                + " by access level " + s.levelIdOfSlot(slot) + ", approved by " + s.approverOfSlot(slot);
    }
}
