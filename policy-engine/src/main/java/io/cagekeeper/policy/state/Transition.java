package io.cagekeeper.policy.state;

import java.util.Objects;

/** A new state plus the audit fact of the operator action that produced it. */
public record Transition(EngineState state, EngineFact fact) {
    public Transition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fact, "fact");
    }
}
