package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.ZonePolicy;

/**
 * A reader with everything a decision needs about its door resolved at compile time: one lookup per
 * request.
 *
 * @param plain the door has no zone policy (anti-passback, two-person), no interlock group and no door
 *              mode rule: a grant there needs no factor and changes no state
 */
record ReaderEntry(Reader reader, Door door, int doorIndex, boolean entry, ZonePolicy zonePolicy, boolean plain) {
    static ReaderEntry of(Reader r, Door d, int doorIndex, ZonePolicy zp, boolean noModeRules) {
        return new ReaderEntry(r, d, doorIndex, r.side() == ReaderSide.ENTRY, zp,
                zp == null && d.interlockGroup() == null && noModeRules);
    }
}
