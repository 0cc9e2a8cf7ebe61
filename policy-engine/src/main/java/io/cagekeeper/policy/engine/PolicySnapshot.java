package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.Schedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, versioned, indexed view of the policy. The gateway compiles a new one whenever the
 * stored policy changes and swaps it in atomically; every decision names the version it used, and the
 * content hash lets an auditor check that a replay ran against the very same policy.
 */
public final class PolicySnapshot {

    private final long version;
    private final String contentHash;
    private final PolicyData data;
    private final Map<CardNumber, Credential> credentialsByCard;
    private final Map<String, Reader> readers;
    private final Map<String, Door> doors;
    private final Map<String, Person> persons;
    private final Map<String, Schedule> schedules;
    private final Map<String, List<CompiledGrant>> grantsByPerson;

    /** A grant with its access level resolved to door → schedule. */
    record CompiledGrant(Grant grant, Map<String, String> scheduleByDoor) {
    }

    private PolicySnapshot(long version, PolicyData data) {
        this.version = version;
        this.data = data;
        this.credentialsByCard = new HashMap<>(capacity(data.credentials().size()));
        for (Credential c : data.credentials()) {
            Credential previous = credentialsByCard.put(c.card(), c);
            if (previous != null) {
                throw new IllegalArgumentException("card " + c.card() + " is on two credentials: "
                        + previous.id() + " and " + c.id());
            }
        }
        this.readers = index(data.readers(), Reader::id);
        this.doors = index(data.doors(), Door::id);
        this.persons = index(data.persons(), Person::id);
        this.schedules = index(data.schedules(), Schedule::id);
        Map<String, AccessLevel> levels = index(data.accessLevels(), AccessLevel::id);
        for (Reader r : data.readers()) {
            if (!doors.containsKey(r.doorId())) {
                throw new IllegalArgumentException("reader " + r.id() + " names unknown door " + r.doorId());
            }
        }
        this.grantsByPerson = new HashMap<>(capacity(data.persons().size()));
        for (Grant g : data.grants()) {
            AccessLevel level = levels.get(g.accessLevelId());
            if (level == null) {
                throw new IllegalArgumentException("grant " + g.id() + " names unknown access level " + g.accessLevelId());
            }
            Map<String, String> byDoor = new HashMap<>();
            for (DoorSchedule ds : level.doors()) {
                if (!schedules.containsKey(ds.scheduleId())) {
                    throw new IllegalArgumentException("access level " + level.id() + " names unknown schedule " + ds.scheduleId());
                }
                byDoor.put(ds.doorId(), ds.scheduleId());
            }
            grantsByPerson.computeIfAbsent(g.personId(), k -> new ArrayList<>(1)).add(new CompiledGrant(g, Map.copyOf(byDoor)));
        }
        this.contentHash = hash(data);
    }

    /**
     * Compiles policy data into a snapshot.
     *
     * @throws IllegalArgumentException when the data is inconsistent (duplicate ids or cards,
     *                                  references to unknown objects): a broken policy is refused whole
     *                                  rather than half-applied
     */
    public static PolicySnapshot compile(long version, PolicyData data) {
        Objects.requireNonNull(data, "data");
        return new PolicySnapshot(version, data);
    }

    public long version() {
        return version;
    }

    /** SHA-256 (hex) over a canonical rendering of the data: equal data, equal hash. */
    public String contentHash() {
        return contentHash;
    }

    public PolicyData data() {
        return data;
    }

    public Credential credential(CardNumber card) {
        return credentialsByCard.get(card);
    }

    public Reader reader(String id) {
        return readers.get(id);
    }

    public Door door(String id) {
        return doors.get(id);
    }

    public Person person(String id) {
        return persons.get(id);
    }

    public Schedule schedule(String id) {
        return schedules.get(id);
    }

    List<CompiledGrant> grantsOf(String personId) {
        return grantsByPerson.getOrDefault(personId, List.of());
    }

    private static int capacity(int n) {
        return (int) Math.min(Integer.MAX_VALUE - 8, n * 4L / 3 + 16);
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id) {
        Map<String, T> map = new HashMap<>(capacity(items.size()));
        for (T item : items) {
            if (map.put(id.apply(item), item) != null) {
                throw new IllegalArgumentException("duplicate id " + id.apply(item));
            }
        }
        return Map.copyOf(map);
    }

    private static String hash(PolicyData data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Records render every component in declaration order; Credential redacts its PIN hash
            // from toString, so feed that component explicitly to keep PIN changes in the hash.
            sha.update(data.site().toString().getBytes(StandardCharsets.UTF_8));
            for (List<?> part : List.of(data.zones(), data.doors(), data.readers(), data.persons(),
                    data.schedules(), data.accessLevels(), data.grants())) {
                for (Object o : part) {
                    sha.update(o.toString().getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) '\n');
                }
            }
            for (Credential c : data.credentials()) {
                sha.update((c.toString() + c.validFrom() + c.validUntil() + c.statusChangedAt() + c.statusChangedBy()
                        + c.pinHash()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JRE", e);
        }
    }
}
