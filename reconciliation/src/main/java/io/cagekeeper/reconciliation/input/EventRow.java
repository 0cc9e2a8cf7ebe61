package io.cagekeeper.reconciliation.input;

/**
 * One logged event (events.csv / the events table). {@code at} is when the gateway decided or saw it
 * (the gateway's clock, UTC); {@code deviceTime} the device's own clock, when it sent one. Absent
 * numbers and times are {@link Times#NONE}; {@code direction} is IN unless the row says OUT. {@code storedAt}
 * is when the row reached the event log (the gateway's journal hands it on late after a database outage).
 */
public record EventRow(long id, long at, String device, long seq, String type, String result, String card,
                       String person, String door, String zone, boolean out, long deviceTime,
                       long snapshotVersion, long storedAt) {

    public boolean granted() {
        return "ACCESS_GRANTED".equals(type);
    }
}
