package io.cagekeeper.gateway.tlog;

/** The size and root of the log as committed. */
public record LogHead(long size, byte[] root) {
}
