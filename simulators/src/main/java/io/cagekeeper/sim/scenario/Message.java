package io.cagekeeper.sim.scenario;

import java.time.Instant;

/**
 * One message a device sent, as the scenario writes it: an event (type set) or a heartbeat. The id and
 * the sequence number are given only once all traffic is planned ({@link Traffic#finish}), in time order.
 */
final class Message {
    final Instant at;
    final String device;
    final String type;
    final String card;
    final String person;
    final String door;
    final String zone;
    final boolean out;
    final Instant deviceTime;
    final long order;
    long id;
    long seq;
    /** An event's own clock when it is not {@link #at} (a device that delivered it late). */
    Instant eventDeviceTime;
    /** When the event reached the log, when that is not {@link #at} (stored late). */
    Instant storedAt;
    /** The policy version a logged decision was made with (the ACL change log's newest at {@link #at}); 0 = none. */
    long version;

    Message(Instant at, String device, String type, String card, String person, String door, String zone, boolean out,
            Instant deviceTime, long order) {
        this.at = at;
        this.device = device;
        this.type = type;
        this.card = card;
        this.person = person;
        this.door = door;
        this.zone = zone;
        this.out = out;
        this.deviceTime = deviceTime;
        this.order = order;
    }

    boolean heartbeat() {
        return type == null;
    }
}
