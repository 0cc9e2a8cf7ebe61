package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The bulky parts of a snapshot (persons, credentials, grants; up to millions), laid out for
 * decisions and kept in copy-on-write chunks so that {@link #patch} rebuilds only the rows a delta
 * touches and shares all the others with the snapshot it was patched from.
 *
 * <p>Slots are stable: a row keeps its slot for as long as it exists, so a change never renumbers
 * the rest. A <em>holder</em> slot stands for every person id that a person, credential or grant
 * names (also one of no known person, whose credentials then decide as unknown-person and whose
 * grants wait for the person to appear); it holds the person (or null), the range of its grant slots
 * (sorted by grant id, as compiled) and the list of its credentials, which is what a patch must
 * revisit when a person or their grants change. Freed holder and credential slots are reused; a
 * person's grant range is rewritten in place when the new list fits and appended otherwise.
 *
 * <p>An instance is written only while it is compiled or patched, then frozen.
 */
final class Rows {

    /** Per grant slot: level | approver << 32, fast validity bounds, holder | original index << 32. */
    static final int SLOT = 4;
    /** Appended grant slots left behind, beyond which a patch compiles afresh instead. */
    private static final int GARBAGE_FLOOR = 1 << 16;

    // holders
    Chunks.Refs<Person> persons;
    Chunks.Refs<String> holderIds;
    Chunks.Ints grantStart;
    Chunks.Ints grantEnd;
    Chunks.Ints credHead;
    StringIntTable holderIndex;
    int holderCount;
    private Chunks.Ints freeHolders;
    private int freeHolderCount;
    int personCount;
    // credentials
    Chunks.Refs<Credential> credentials;
    private Chunks.Ints credNext;
    private StringIntTable credIndex;
    CardTable cards;
    int credCount;
    private Chunks.Ints freeCreds;
    private int freeCredCount;
    int credentialCount;
    // grant slots
    Chunks.Longs slotData;
    Chunks.Refs<String> slotDecidedBy;
    Chunks.Refs<Instant> slotFrom;
    Chunks.Refs<Instant> slotUntil;
    private StringIntTable grantIndex;   // keyed by the slot's "grant:<id>" (no second copy of the id)
    int slotCount;
    int garbageSlots;
    int grantCount;
    String[] approvers;
    private Map<String, Integer> approverIndex;
    /** Access level ids by index, for rebuilding grants. */
    private String[] levelIds;
    /** Every bulky list compiled was strictly ordered by id (as the store loads them): data() sorts by id. */
    boolean sortedById;

    private Rows() {
    }

    // ---- compile ----

    /**
     * Lays out the bulky lists.
     *
     * @param levelIds   access level ids by index
     * @param levelIndex access level id → index (a grant naming another level is refused)
     * @param restricted person ids with a restriction on record (their badges are never plainly usable)
     */
    static Rows compile(List<Person> personList, List<Credential> credentialList, List<Grant> grantList,
                        String[] levelIds, Map<String, Integer> levelIndex, Set<String> restricted) {
        Rows r = new Rows();
        r.levelIds = levelIds;
        int holders = personList.size() + 16;
        r.persons = new Chunks.Refs<>(holders);
        r.holderIds = new Chunks.Refs<>(holders);
        r.grantStart = new Chunks.Ints(holders);
        r.grantEnd = new Chunks.Ints(holders);
        r.credHead = new Chunks.Ints(holders);
        r.holderIndex = new StringIntTable(holders);
        r.freeHolders = new Chunks.Ints(1);
        r.credentials = new Chunks.Refs<>(credentialList.size());
        r.credNext = new Chunks.Ints(credentialList.size());
        r.credIndex = new StringIntTable(credentialList.size());
        r.cards = new CardTable(credentialList.size());
        r.freeCreds = new Chunks.Ints(1);
        r.slotData = new Chunks.Longs(grantList.size() * SLOT);
        r.slotDecidedBy = new Chunks.Refs<>(grantList.size());
        r.slotFrom = new Chunks.Refs<>(grantList.size());
        r.slotUntil = new Chunks.Refs<>(grantList.size());
        r.grantIndex = new StringIntTable(grantList.size());
        r.approverIndex = new HashMap<>();
        r.approvers = new String[0];
        r.sortedById = strictlyOrdered(personList, Person::id) && strictlyOrdered(credentialList, Credential::id)
                && strictlyOrdered(grantList, Grant::id);
        Interner interner = new Interner();

        for (Person p : personList) {
            if (r.holderIndex.get(p.id()) >= 0) {
                throw new IllegalArgumentException("duplicate id " + p.id());
            }
            int h = r.newHolder(p.id());
            r.persons.set(h, interner.person(p));
            r.personCount++;
        }

        int n = grantList.size();
        int[] levelOf = new int[n];
        int[] holderOf = new int[n];
        for (int i = 0; i < n; i++) {
            Grant g = grantList.get(i);
            levelOf[i] = level(levelIndex, g);
            holderOf[i] = r.holder(g.personId());
        }
        int[] start = new int[r.holderCount + 1];
        for (int i = 0; i < n; i++) {
            start[holderOf[i] + 1]++;
        }
        for (int h = 0; h < r.holderCount; h++) {
            start[h + 1] += start[h];
            r.grantStart.set(h, start[h]);
            r.grantEnd.set(h, start[h + 1]);
        }
        int[] fill = Arrays.copyOf(start, r.holderCount);
        for (int i = 0; i < n; i++) {
            Grant g = grantList.get(i);
            int k = fill[holderOf[i]]++;
            r.writeGrant(k, g, levelOf[i], holderOf[i], i, interner);
            r.grantIndex.put(r.slotDecidedBy.get(k), k);
        }
        r.slotCount = n;
        r.grantCount = n;

        for (int i = 0; i < credentialList.size(); i++) {
            Credential c = credentialList.get(i);
            int h = r.holder(c.personId());
            Credential shared = interner.credential(c, r.holderIds.get(h));
            r.credentials.set(i, shared);
            r.credIndex.put(c.id(), i);
            r.link(h, i);
            r.putCard(i, shared, h, true, restricted);
        }
        r.credCount = credentialList.size();
        r.credentialCount = r.credCount;
        return r.freeze();
    }

    // ---- patch ----

    /**
     * These rows with the delta's persons, credentials and grants applied (small parts are the
     * caller's). This instance is not changed: the result shares every chunk no change fell into.
     *
     * @param levelIds          access level ids by index after the delta (the same numbering as before)
     * @param levelIndex        the access levels in force after the delta
     * @param restricted        person ids with a restriction on record after the delta
     * @param restrictionMoved  person ids that gained or lost their last restriction with the delta
     * @return the patched rows, or null when the layout should be compiled afresh instead
     * @throws IllegalArgumentException when the result would be inconsistent (a card on two credentials,
     *                                  a grant naming an unknown access level); nothing is changed then
     */
    Rows patch(PolicyDelta d, String[] levelIds, Map<String, Integer> levelIndex, Set<String> restricted,
               Set<String> restrictionMoved) {
        if (!sortedById || garbageSlots > Math.max(GARBAGE_FLOOR, grantCount)) {
            return null;
        }
        Rows r = copy();
        r.levelIds = levelIds;
        Set<Integer> dirty = new LinkedHashSet<>();

        // 1. credentials changed or removed leave their card and their holder (a change of status or
        //    validity only, the usual one, is rewritten in place in step 4)
        Set<String> inPlace = new java.util.HashSet<>();
        for (Map.Entry<String, Credential> e : d.credentials().entrySet()) {
            int c = r.credIndex.get(e.getKey());
            if (c >= 0) {
                Credential old = r.credentials.get(c);
                Credential now = e.getValue();
                if (now != null && now.card().equals(old.card()) && now.personId().equals(old.personId())) {
                    inPlace.add(e.getKey());
                    continue;
                }
                r.cards.remove(PolicySnapshot.cardKey(old.card()));
                int h = r.holderIndex.get(old.personId());
                r.unlink(h, c);
                dirty.add(h);
                if (e.getValue() == null) {
                    r.credentials.set(c, null);
                    r.credIndex.remove(e.getKey());
                    r.freeCreds.set(r.freeCredCount++, c);
                    r.credentialCount--;
                }
            }
        }

        // 2. persons
        for (Map.Entry<String, Person> e : d.persons().entrySet()) {
            int h = r.holderIndex.get(e.getKey());
            Person p = e.getValue();
            if (p == null) {
                if (h >= 0 && r.persons.get(h) != null) {
                    r.persons.set(h, null);
                    r.personCount--;
                    dirty.add(h);
                }
            } else {
                if (h < 0) {
                    h = r.newHolder(p.id());
                }
                if (r.persons.get(h) == null) {
                    r.personCount++;
                }
                r.persons.set(h, p);
                dirty.add(h);
            }
        }

        // 3. grants: each holder touched gets its list rebuilt, sorted by grant id
        Map<Integer, Map<String, Grant>> byHolder = new HashMap<>();
        for (Map.Entry<String, Grant> e : d.grants().entrySet()) {
            String key = "grant:" + e.getKey();
            int k = r.grantIndex.get(key);
            if (k >= 0) {
                byHolder.computeIfAbsent((int) r.slotData.get(k * SLOT + 3), x -> new HashMap<>()).put(e.getKey(), null);
                r.grantIndex.remove(key);
            }
            Grant g = e.getValue();
            if (g != null) {
                level(levelIndex, g);
                byHolder.computeIfAbsent(r.holder(g.personId()), x -> new HashMap<>()).put(g.id(), g);
            }
        }
        for (Map.Entry<Integer, Map<String, Grant>> e : byHolder.entrySet()) {
            r.regrant(e.getKey(), e.getValue(), levelIndex);
            dirty.add(e.getKey());
        }

        // 4. credentials put: their slot (kept or new), holder and card
        for (Map.Entry<String, Credential> e : d.credentials().entrySet()) {
            Credential c = e.getValue();
            if (c == null) {
                continue;
            }
            int slot = r.credIndex.get(c.id());
            if (slot < 0) {
                slot = r.freeCredCount > 0 ? r.freeCreds.get(--r.freeCredCount) : r.credCount++;
                r.credIndex.put(c.id(), slot);
                r.credentialCount++;
            }
            int h = r.holder(c.personId());
            r.credentials.set(slot, c);
            if (inPlace.contains(c.id())) {
                r.putCard(slot, c, h, false, restricted);
                continue;
            }
            r.link(h, slot);
            r.putCard(slot, c, h, true, restricted);
        }

        // 5. every badge of a touched holder is re-derived; holders left with nothing are freed
        for (String id : restrictionMoved) {
            int h = r.holderIndex.get(id);
            if (h >= 0) {
                dirty.add(h);
            }
        }
        for (int h : dirty) {
            for (int c = r.credHead.get(h); c >= 0; c = r.credNext.get(c)) {
                r.putCard(c, r.credentials.get(c), h, false, restricted);
            }
            if (r.persons.get(h) == null && r.credHead.get(h) < 0 && r.grantStart.get(h) == r.grantEnd.get(h)) {
                r.holderIndex.remove(r.holderIds.get(h));
                r.holderIds.set(h, null);
                r.freeHolders.set(r.freeHolderCount++, h);
            }
        }
        return r.freeze();
    }

    /** Rewrites holder {@code h}'s grant range: its grants with {@code changes} (id → grant, or null) applied. */
    private void regrant(int h, Map<String, Grant> changes, Map<String, Integer> levelIndex) {
        int start = grantStart.get(h);
        int end = grantEnd.get(h);
        String holderId = holderIds.get(h);
        TreeMap<String, Grant> list = new TreeMap<>();
        for (int k = start; k < end; k++) {
            Grant g = grantInSlot(k, holderId);
            list.put(g.id(), g);
        }
        changes.forEach((id, g) -> {
            if (g == null) {
                list.remove(id);
            } else {
                list.put(id, g);
            }
        });
        int n = list.size();
        int at = start;
        if (n > end - start) {
            at = slotCount;
            slotCount += n;
            garbageSlots += end - start;
        } else {
            garbageSlots += end - start - n;
        }
        grantCount += n - (end - start);
        int k = at;
        for (Grant g : list.values()) {
            writeGrant(k, g, levelIndex.get(g.accessLevelId()), h, 0, null);
            grantIndex.put(slotDecidedBy.get(k), k);
            k++;
        }
        grantStart.set(h, at);
        grantEnd.set(h, at + n);
    }

    // ---- reading ----

    Grant grantInSlot(int slot, String personId) {
        long w = slotData.get(slot * SLOT);
        return new Grant(slotDecidedBy.get(slot).substring("grant:".length()), personId, levelIds[(int) w],
                slotFrom.get(slot), slotUntil.get(slot), approvers[(int) (w >>> 32)]);
    }

    /** The person with this id, or null. */
    Person personById(String id) {
        int h = holderIndex.get(id);
        return h < 0 ? null : persons.get(h);
    }

    /** The credential with this id, or null. */
    Credential credentialById(String id) {
        int c = credIndex.get(id);
        return c < 0 ? null : credentials.get(c);
    }

    /** The grant with this id, rebuilt from its slot, or null. */
    Grant grantById(String id) {
        int k = grantIndex.get("grant:" + id);
        if (k < 0) {
            return null;
        }
        return grantInSlot(k, holderIds.get((int) slotData.get(k * SLOT + 3)));
    }

    List<Person> personList() {
        List<Person> out = new ArrayList<>(personCount);
        for (int h = 0; h < holderCount; h++) {
            Person p = persons.get(h);
            if (p != null) {
                out.add(p);
            }
        }
        return sortedById ? sorted(out, Person::id) : out;
    }

    List<Credential> credentialList() {
        List<Credential> out = new ArrayList<>(credentialCount);
        for (int c = 0; c < credCount; c++) {
            Credential x = credentials.get(c);
            if (x != null) {
                out.add(x);
            }
        }
        return sortedById ? sorted(out, Credential::id) : out;
    }

    List<Grant> grantList() {
        Grant[] out = new Grant[grantCount];
        int n = 0;
        for (int h = 0; h < holderCount; h++) {
            String id = holderIds.get(h);
            if (id == null) {
                continue;
            }
            for (int k = grantStart.get(h); k < grantEnd.get(h); k++) {
                Grant g = grantInSlot(k, id);
                if (sortedById) {
                    out[n++] = g;
                } else {
                    out[(int) (slotData.get(k * SLOT + 3) >>> 32)] = g;
                }
            }
        }
        List<Grant> list = Arrays.asList(out);
        return sortedById ? sorted(list, Grant::id) : list;
    }

    // ---- writing ----

    private Rows copy() {
        Rows r = new Rows();
        r.persons = persons.copy();
        r.holderIds = holderIds.copy();
        r.grantStart = grantStart.copy();
        r.grantEnd = grantEnd.copy();
        r.credHead = credHead.copy();
        r.holderIndex = holderIndex.copy();
        r.holderCount = holderCount;
        r.freeHolders = freeHolders.copy();
        r.freeHolderCount = freeHolderCount;
        r.personCount = personCount;
        r.credentials = credentials.copy();
        r.credNext = credNext.copy();
        r.credIndex = credIndex.copy();
        r.cards = cards.copy();
        r.credCount = credCount;
        r.freeCreds = freeCreds.copy();
        r.freeCredCount = freeCredCount;
        r.credentialCount = credentialCount;
        r.slotData = slotData.copy();
        r.slotDecidedBy = slotDecidedBy.copy();
        r.slotFrom = slotFrom.copy();
        r.slotUntil = slotUntil.copy();
        r.grantIndex = grantIndex.copy();
        r.slotCount = slotCount;
        r.garbageSlots = garbageSlots;
        r.grantCount = grantCount;
        r.approvers = approvers;
        r.approverIndex = null;
        r.sortedById = sortedById;
        r.levelIds = levelIds;
        return r;
    }

    private Rows freeze() {
        persons.freeze();
        holderIds.freeze();
        grantStart.freeze();
        grantEnd.freeze();
        credHead.freeze();
        holderIndex.freeze();
        freeHolders.freeze();
        credentials.freeze();
        credNext.freeze();
        credIndex.freeze();
        cards.freeze();
        freeCreds.freeze();
        slotData.freeze();
        slotDecidedBy.freeze();
        slotFrom.freeze();
        slotUntil.freeze();
        grantIndex.freeze();
        approverIndex = null;
        return this;
    }

    /** The holder of a person id, created (with no person, grants or credentials) when absent. */
    private int holder(String personId) {
        int h = holderIndex.get(personId);
        return h >= 0 ? h : newHolder(personId);
    }

    private int newHolder(String id) {
        int h = freeHolderCount > 0 ? freeHolders.get(--freeHolderCount) : holderCount++;
        holderIndex.put(id, h);
        holderIds.set(h, id);
        persons.set(h, null);
        credHead.set(h, -1);
        grantStart.set(h, 0);
        grantEnd.set(h, 0);
        return h;
    }

    private void link(int h, int c) {
        credNext.set(c, credHead.get(h));
        credHead.set(h, c);
    }

    private void unlink(int h, int c) {
        int prev = -1;
        for (int x = credHead.get(h); x >= 0; prev = x, x = credNext.get(x)) {
            if (x == c) {
                if (prev < 0) {
                    credHead.set(h, credNext.get(c));
                } else {
                    credNext.set(prev, credNext.get(c));
                }
                return;
            }
        }
        throw new IllegalStateException("credential slot " + c + " is not on its holder's list");
    }

    private void writeGrant(int k, Grant g, int level, int h, int originalIndex, Interner interner) {
        int approver = approver(g.approvedBy());
        slotData.set(k * SLOT, (long) approver << 32 | level);
        slotData.set(k * SLOT + 1, g.validFrom().getEpochSecond() + (g.validFrom().getNano() > 0 ? 1 : 0));
        slotData.set(k * SLOT + 2, g.validUntil() == null ? Long.MAX_VALUE : g.validUntil().getEpochSecond() - 1);
        slotData.set(k * SLOT + 3, (long) originalIndex << 32 | h);
        slotDecidedBy.set(k, "grant:" + g.id());
        slotFrom.set(k, interner == null ? g.validFrom() : interner.share(g.validFrom()));
        slotUntil.set(k, interner == null ? g.validUntil() : interner.share(g.validUntil()));
    }

    private int approver(String name) {
        if (approverIndex == null) {
            approverIndex = new HashMap<>();
            for (int i = 0; i < approvers.length; i++) {
                approverIndex.put(approvers[i], i);
            }
        }
        Integer i = approverIndex.get(name);
        if (i != null) {
            return i;
        }
        approvers = Arrays.copyOf(approvers, approvers.length + 1);
        approvers[approvers.length - 1] = name;
        approverIndex.put(name, approvers.length - 1);
        return approvers.length - 1;
    }

    /** Writes (or, on insert, adds) the card slot of credential slot {@code c}, derived from its holder now. */
    private void putCard(int c, Credential cred, int h, boolean insert, Set<String> restricted) {
        Person p = persons.get(h);
        int owner = p == null ? -1 : h;
        int start = owner < 0 ? 0 : grantStart.get(h);
        int count = owner < 0 ? 0 : grantEnd.get(h) - start;
        int firstLevel = count == 0 || (int) slotData.get(start * SLOT) >= CardTable.NO_LEVEL ? CardTable.NO_LEVEL
                : (int) slotData.get(start * SLOT);
        long firstBounds = count == 0 ? CardTable.NEVER
                : CardTable.bounds(slotData.get(start * SLOT + 1), slotData.get(start * SLOT + 2));
        long usable = usableBounds(cred, p, restricted);
        long key = PolicySnapshot.cardKey(cred.card());
        int grants = Math.min(count, CardTable.MANY);
        if (insert) {
            int previous = cards.put(key, c, owner, usable, start, grants, firstLevel, firstBounds);
            if (previous >= 0) {
                throw new IllegalArgumentException("card " + cred.card() + " is on two credentials: "
                        + credentials.get(previous).id() + " and " + cred.id());
            }
        } else {
            cards.update(key, c, owner, usable, start, grants, firstLevel, firstBounds);
        }
    }

    /**
     * The whole seconds in which the badge is plainly usable (see {@link CardTable}): ACTIVE and inside
     * its validity, its owner known, not a visitor, without restrictions and not yet terminated.
     */
    private static long usableBounds(Credential c, Person p, Set<String> restricted) {
        if (c.status() != CredentialStatus.ACTIVE || p == null) {
            return CardTable.NEVER;
        }
        if (p.type() == PersonType.VISITOR || restricted.contains(p.id())) {
            return CardTable.NEVER;
        }
        long from = c.validFrom().getEpochSecond() + (c.validFrom().getNano() > 0 ? 1 : 0);
        long until = c.validUntil() == null ? Long.MAX_VALUE : c.validUntil().getEpochSecond() - 1;
        if (p.terminatedAt() != null) {
            // terminated from that instant on: every whole second before it is surely fine
            until = Math.min(until, p.terminatedAt().getEpochSecond() - 1);
        }
        return CardTable.bounds(from, until);
    }

    private static int level(Map<String, Integer> levelIndex, Grant g) {
        Integer level = levelIndex.get(g.accessLevelId());
        if (level == null) {
            throw new IllegalArgumentException("grant " + g.id() + " names unknown access level " + g.accessLevelId());
        }
        return level;
    }

    private static <T> boolean strictlyOrdered(List<T> list, Function<T, String> id) {
        for (int i = 1; i < list.size(); i++) {
            if (id.apply(list.get(i - 1)).compareTo(id.apply(list.get(i))) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> sorted(List<T> list, Function<T, String> id) {
        List<T> out = list instanceof ArrayList<T> ? list : new ArrayList<>(list);
        out.sort(Comparator.comparing(id));
        return out;
    }

    /**
     * Shares equal immutable values (timestamps, approver names, owner ids) between records: a million
     * grants typically carry a few dozen distinct instants and approvers, so sharing them is most of
     * the memory. Records compare by value, so the shared copies are equal to what came in.
     */
    static final class Interner {
        private final Map<Object, Object> seen = new HashMap<>();

        @SuppressWarnings("unchecked")
        <T> T share(T value) {
            if (value == null) {
                return null;
            }
            Object prior = seen.putIfAbsent(value, value);
            return prior == null ? value : (T) prior;
        }

        Person person(Person p) {
            Instant t = share(p.terminatedAt());
            return t == p.terminatedAt() ? p : new Person(p.id(), p.name(), p.type(), t);
        }

        Credential credential(Credential c, String ownerId) {
            Instant from = share(c.validFrom());
            Instant until = share(c.validUntil());
            Instant changed = share(c.statusChangedAt());
            String by = share(c.statusChangedBy());
            if (from == c.validFrom() && until == c.validUntil() && changed == c.statusChangedAt()
                    && by == c.statusChangedBy() && ownerId == c.personId()) {
                return c;
            }
            return new Credential(c.id(), c.card(), ownerId, c.status(), from, until, changed, by, c.pinHash());
        }
    }
}
