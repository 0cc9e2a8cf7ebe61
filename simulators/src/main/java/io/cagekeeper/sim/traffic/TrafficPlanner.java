package io.cagekeeper.sim.traffic;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.traffic.TrafficEvent.Kind;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the next scene from a seeded {@link Random} and who is inside, and nothing else, so the same
 * seed and the same outcomes give the same script. The mix: when someone is inside, 35 % of steps are an
 * exit; otherwise 10 % unknown card, 10 % bad read, 7 % forced door, 7 % held-open entry, the rest normal
 * entries (an exit instead when everyone is inside).
 */
final class TrafficPlanner {

    /** One chosen scene. {@code card} is what is presented (null for scenes without a badge). */
    record Plan(Kind kind, Person person, Card card, boolean viaExitReader, boolean innerDoor) {
    }

    private final List<Person> persons;
    private final Random random;

    TrafficPlanner(List<Person> persons, long seed) {
        if (persons.isEmpty()) {
            throw new IllegalArgumentException("traffic needs at least one person");
        }
        this.persons = List.copyOf(persons);
        this.random = new Random(seed);
    }

    Plan next(Set<String> inside) {
        List<Person> in = persons.stream().filter(p -> inside.contains(p.name())).toList();
        List<Person> out = persons.stream().filter(p -> !inside.contains(p.name())).toList();
        if (!in.isEmpty() && (out.isEmpty() || random.nextDouble() < 0.35)) {
            Person p = pick(in);
            return new Plan(Kind.EXIT, p, p.card(), random.nextBoolean(), false);
        }
        double r = random.nextDouble();
        if (r < 0.10) {
            return new Plan(Kind.UNKNOWN_CARD, null, stranger(), false, false);
        }
        if (r < 0.20) {
            Person p = pick(persons);
            int bits = Card.rawOf(p.card()).bits();
            return new Plan(Kind.BAD_READ, p, p.card().withBitFlipped(random.nextInt(bits)), false, false);
        }
        if (r < 0.27) {
            return new Plan(Kind.FORCED_OPEN, null, null, false, random.nextBoolean());
        }
        Person p = pick(out);
        return new Plan(r < 0.34 ? Kind.HELD_OPEN : Kind.ENTRY, p, p.card(), false, false);
    }

    private Person pick(List<Person> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** A well-formed H10301 card that no person holds. */
    private Card stranger() {
        Set<Card> known = persons.stream().map(Person::card).collect(Collectors.toSet());
        while (true) {
            Card c = Card.h10301(random.nextInt(256), random.nextInt(65536));
            if (!known.contains(c)) {
                return c;
            }
        }
    }
}
