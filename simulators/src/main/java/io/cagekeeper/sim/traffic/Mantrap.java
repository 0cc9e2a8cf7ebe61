package io.cagekeeper.sim.traffic;

import java.util.Objects;

/**
 * Names of the readers and doors of one mantrap: a person badges at the outer reader and passes the outer
 * door, then badges at the inner reader and passes the inner door. Leaving, they badge at the exit reader
 * (null when there is none: REX only) or press the inner door's REX, then press the outer door's REX.
 */
public record Mantrap(String outerReader, String outerDoor, String innerReader, String innerDoor, String exitReaderOrNull) {

    public Mantrap {
        Objects.requireNonNull(outerReader, "outerReader");
        Objects.requireNonNull(outerDoor, "outerDoor");
        Objects.requireNonNull(innerReader, "innerReader");
        Objects.requireNonNull(innerDoor, "innerDoor");
    }
}
