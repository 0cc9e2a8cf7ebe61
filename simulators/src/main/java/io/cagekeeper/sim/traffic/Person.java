package io.cagekeeper.sim.traffic;

import io.cagekeeper.sim.reader.Card;
import java.util.Objects;

/** Someone who badges in and out: a card and, where the readers ask for one, a PIN (never printed). */
public record Person(String name, Card card, String pinOrNull) {

    public Person {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(card, "card");
    }

    @Override
    public String toString() {
        return "Person[" + name + ", " + card + (pinOrNull == null ? "" : ", pin=***") + "]";
    }
}
