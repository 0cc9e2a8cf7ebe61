package io.cagekeeper.policy.model;

/** Which side of its door a reader is on: ENTRY faces the door's from-zone, EXIT its to-zone. */
public enum ReaderSide {
    ENTRY, EXIT
}
