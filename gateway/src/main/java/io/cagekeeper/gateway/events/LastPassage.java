package io.cagekeeper.gateway.events;

import java.time.Instant;

/**
 * A person's most recent granted passage through a door, as the event log recorded it: where the
 * occupancy view believes they are (inside the door's to-zone after an entry, its from-zone after an exit).
 *
 * @param side ENTRY or EXIT (the reader's side); null when the event did not say (taken as an entry)
 */
public record LastPassage(String personId, String doorId, String side, Instant at) {

    public boolean exit() {
        return "EXIT".equals(side);
    }
}
