package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.ZonePolicy;

/** A reader with everything a decision needs about its door resolved at compile time: one lookup per request. */
record ReaderEntry(Reader reader, Door door, int doorIndex, boolean entry, ZonePolicy zonePolicy) {
    static ReaderEntry of(Reader r, Door d, int doorIndex, ZonePolicy zp) {
        return new ReaderEntry(r, d, doorIndex, r.side() == ReaderSide.ENTRY, zp);
    }
}
