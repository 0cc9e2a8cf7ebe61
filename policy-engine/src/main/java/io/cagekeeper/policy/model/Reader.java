package io.cagekeeper.policy.model;

import java.util.Objects;

/** A badge reader mounted on one side of one door. */
public record Reader(String id, String doorId, ReaderSide side) {
    public Reader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(side, "side");
    }
}
