package io.cagekeeper.reconciliation.input;

/** One heartbeat of a device: when it arrived, and its sequence number and clock if it sent them. */
public record HeartbeatRow(String device, long at, long seq, long deviceTime) {
}
