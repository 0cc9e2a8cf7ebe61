package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable, versioned, indexed view of the policy. The gateway compiles one at start-up and then
 * {@link #patch patches} it with each committed change, swapping the result in atomically; every
 * decision names the version it used, and the content hash lets an auditor check that a replay ran
 * against the very same policy.
 *
 * <p>Layout: the bulky parts (persons, credentials, grants; up to millions) live in chunked arrays
 * indexed by stable int slots (see {@link Rows}), with open-addressing tables for card and id lookups
 * and a grant range per person, and equal timestamps and short strings shared. That keeps a
 * 1M-credential snapshot under 512 MB, a decision to a handful of array reads, and a patch to the
 * chunks its change falls into: a patched snapshot shares every other chunk with the one it came from,
 * which stays valid and unchanged. The snapshot does not keep the {@link PolicyData} it was compiled
 * from; {@link #data()} rebuilds an equal one on demand.
 */
public final class PolicySnapshot {

    private final long version;
    private final String contentHash;
    // The content hash's parts (ContentHash, v2), so that a patch updates it in O(change).
    private final byte[] smallDigest;
    private final RowDigests personDigests;
    private final RowDigests credentialDigests;
    private final RowDigests grantDigests;
    private final Site site;
    private final SiteClock clock;
    private final PolicyRules rules;

    // Small parts: kept as given.
    private final List<Zone> zoneList;
    private final List<Door> doorList;
    private final List<Reader> readerList;
    private final List<Schedule> scheduleList;
    private final List<AccessLevel> levelList;
    private final Map<String, Reader> readers;
    private final StringIntTable readerIndex;     // reader id -> position in readerEntries
    private final ReaderEntry[] readerEntries;
    private final Map<String, Door> doors;
    private final Map<String, Integer> doorIndex;
    private final Map<String, Zone> zones;
    private final Map<String, ZonePolicy> zonePolicies;
    private final Map<String, Schedule> schedules;
    private final Map<String, Integer> scheduleIndex;
    private final CompiledSchedule[] compiledSchedules;
    private final int[][] levelDoors;       // per level: sorted door indexes
    private final int[][] levelSchedules;   // per level: schedule index for the door at the same position
    // The same as a level x door matrix of (schedule index + 1), 0 for none, when it is small enough
    // (one load instead of a binary search); null otherwise.
    private final byte[] levelDoorSchedule;
    private final int doorCount;
    private static final int MAX_MATRIX = 1 << 24;
    private final String[] levelIds;
    private final DoorModeRule[][] modeRulesByDoor;
    private final int[][] modeScheduleByDoor;
    private final Map<String, List<String>> interlockGroups;
    private final Map<String, List<Visit>> visitsByVisitor;
    private final Map<String, List<Restriction>> restrictionsByPerson;
    private final Map<ThreatLevel, ThreatRule> threatRules;

    // Bulky parts: chunked, copy-on-write (see Rows); the hot references copied here for the decision path.
    private final Rows rows;
    private final boolean rowsPatched;
    private final Chunks.Refs<Person> persons;
    private final StringIntTable personIndex;
    private final Chunks.Refs<Credential> credentials;
    private final CardTable cardIndex;
    private final Chunks.Ints grantEnd;
    // Per grant slot, four longs: level index | approver index << 32, fast validity bounds (whole
    // seconds surely inside the window), holder. Plus the ready-made "grant:<id>" string, so a granted
    // decision touches one line of numbers and one reference per grant, and the exact bounds for the
    // rare instants near them. No Grant objects are kept: data() rebuilds them.
    private static final int SLOT = Rows.SLOT;
    private final Chunks.Ints grantStart;
    private final Chunks.Longs slotData;
    private final Chunks.Refs<String> slotDecidedBy;
    private final String[] approvers;
    private final Chunks.Refs<Instant> slotFrom;
    private final Chunks.Refs<Instant> slotUntil;

    private PolicySnapshot(long version, PolicyData data) {
        this.version = version;
        this.site = data.site();
        this.clock = new SiteClock(site.timeZone());
        this.rules = data.rules();

        this.zoneList = data.zones();
        this.doorList = data.doors();
        this.readerList = data.readers();
        this.scheduleList = data.schedules();
        this.levelList = data.accessLevels();
        this.zones = index(zoneList, Zone::id);
        this.readers = index(readerList, Reader::id);
        this.doors = index(doorList, Door::id);
        this.doorIndex = positions(doorList, Door::id);
        this.schedules = index(scheduleList, Schedule::id);
        this.scheduleIndex = positions(scheduleList, Schedule::id);
        this.zonePolicies = index(rules.zonePolicies(), ZonePolicy::zoneId);
        for (Reader r : readerList) {
            if (!doors.containsKey(r.doorId())) {
                throw new IllegalArgumentException("reader " + r.id() + " names unknown door " + r.doorId());
            }
        }
        this.compiledSchedules = compileSchedules(scheduleList, rules);
        Map<String, Integer> levelIndex = positions(levelList, AccessLevel::id);
        this.levelIds = levelList.stream().map(AccessLevel::id).toArray(String[]::new);
        this.levelDoors = new int[levelList.size()][];
        this.levelSchedules = new int[levelList.size()][];
        compileLevels();
        this.doorCount = doorList.size();
        this.levelDoorSchedule = levelMatrix();

        int doorCount = doorList.size();
        this.modeRulesByDoor = new DoorModeRule[doorCount][];
        this.modeScheduleByDoor = new int[doorCount][];
        compileDoorModes();
        this.readerIndex = new StringIntTable(readerList.size());
        this.readerEntries = new ReaderEntry[readerList.size()];
        for (int i = 0; i < readerEntries.length; i++) {
            Reader r = readerList.get(i);
            Door d = doors.get(r.doorId());
            int di = doorIndex.get(d.id());
            readerEntries[i] = ReaderEntry.of(r, d, di, zonePolicies.get(d.toZone()), modeRulesByDoor[di].length == 0);
            readerIndex.put(r.id(), i);   // ids are unique: readers() was indexed above
        }
        readerIndex.freeze();
        this.interlockGroups = groupInterlocks(doorList);
        this.visitsByVisitor = group(rules.visits(), Visit::visitorPersonId);
        this.restrictionsByPerson = group(rules.restrictions(), Restriction::personId);
        this.threatRules = new EnumMap<>(ThreatLevel.class);
        for (ThreatRule t : rules.threatRules()) {
            if (threatRules.put(t.level(), t) != null) {
                throw new IllegalArgumentException("two threat rules for " + t.level());
            }
        }

        this.rowsPatched = false;
        // the content hash's trees read only the data: built beside the layout (on a second core, when there is one)
        java.util.concurrent.CompletableFuture<RowDigests[]> digests = data.persons().size() + data.credentials().size() < PARALLEL_FROM
                ? java.util.concurrent.CompletableFuture.completedFuture(digests(data))
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> digests(data));
        this.rows = Rows.compile(data.persons(), data.credentials(), data.grants(), levelIds, levelIndex,
                restrictionsByPerson.keySet());
        this.persons = rows.persons;
        this.personIndex = rows.holderIndex;
        this.credentials = rows.credentials;
        this.cardIndex = rows.cards;
        this.grantStart = rows.grantStart;
        this.grantEnd = rows.grantEnd;
        this.slotData = rows.slotData;
        this.slotDecidedBy = rows.slotDecidedBy;
        this.approvers = rows.approvers;
        this.slotFrom = rows.slotFrom;
        this.slotUntil = rows.slotUntil;
        this.smallDigest = ContentHash.small(site, zoneList, doorList, readerList, scheduleList, levelList, rules);
        RowDigests[] d = digests.join();
        this.personDigests = d[0];
        this.credentialDigests = d[1];
        this.grantDigests = d[2];
        this.contentHash = ContentHash.combine(smallDigest, personDigests, credentialDigests, grantDigests);
    }

    /**
     * A patched snapshot: the small parts of {@code small} (compiled), the bulky parts {@code rows},
     * the content hash {@code before}'s with the rows {@code delta} names re-hashed.
     */
    private PolicySnapshot(long version, PolicySnapshot small, Rows rows, PolicySnapshot before, PolicyDelta delta) {
        this.version = version;
        this.site = small.site;
        this.clock = small.clock;
        this.rules = small.rules;
        this.zoneList = small.zoneList;
        this.doorList = small.doorList;
        this.readerList = small.readerList;
        this.scheduleList = small.scheduleList;
        this.levelList = small.levelList;
        this.readers = small.readers;
        this.readerIndex = small.readerIndex;
        this.readerEntries = small.readerEntries;
        this.doors = small.doors;
        this.doorIndex = small.doorIndex;
        this.zones = small.zones;
        this.zonePolicies = small.zonePolicies;
        this.schedules = small.schedules;
        this.scheduleIndex = small.scheduleIndex;
        this.compiledSchedules = small.compiledSchedules;
        this.levelDoors = small.levelDoors;
        this.levelSchedules = small.levelSchedules;
        this.levelDoorSchedule = small.levelDoorSchedule;
        this.doorCount = small.doorCount;
        this.levelIds = small.levelIds;
        this.modeRulesByDoor = small.modeRulesByDoor;
        this.modeScheduleByDoor = small.modeScheduleByDoor;
        this.interlockGroups = small.interlockGroups;
        this.visitsByVisitor = small.visitsByVisitor;
        this.restrictionsByPerson = small.restrictionsByPerson;
        this.threatRules = small.threatRules;
        this.rows = rows;
        this.rowsPatched = true;
        this.persons = rows.persons;
        this.personIndex = rows.holderIndex;
        this.credentials = rows.credentials;
        this.cardIndex = rows.cards;
        this.grantStart = rows.grantStart;
        this.grantEnd = rows.grantEnd;
        this.slotData = rows.slotData;
        this.slotDecidedBy = rows.slotDecidedBy;
        this.approvers = rows.approvers;
        this.slotFrom = rows.slotFrom;
        this.slotUntil = rows.slotUntil;
        this.smallDigest = small.smallDigest;
        this.personDigests = before.personDigests.patch(delta.persons().keySet(), id -> render(rows.personById(id), ContentHash::person));
        this.credentialDigests = before.credentialDigests.patch(delta.credentials().keySet(),
                id -> render(rows.credentialById(id), ContentHash::credential));
        this.grantDigests = before.grantDigests.patch(delta.grants().keySet(), id -> render(rows.grantById(id), ContentHash::grant));
        this.contentHash = ContentHash.combine(smallDigest, personDigests, credentialDigests, grantDigests);
    }

    /** Rows from which a compile builds the hash's trees on another thread. */
    private static final int PARALLEL_FROM = 20_000;

    private static RowDigests[] digests(PolicyData data) {
        return new RowDigests[] {
            RowDigests.build(data.persons(), Person::id, ContentHash::person),
            RowDigests.build(data.credentials(), Credential::id, ContentHash::credential),
            RowDigests.build(data.grants(), Grant::id, ContentHash::grant)
        };
    }

    private static <T> byte[] render(T row, java.util.function.Function<T, byte[]> how) {
        return row == null ? null : how.apply(row);
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

    /**
     * The snapshot of {@code delta.version()}: this one with the delta applied. Equal, in every
     * decision, in {@link #data()} and in {@link #contentHash()}, to {@code compile(delta.version(),
     * delta.applyTo(data()))}. Incremental: only the persons, credentials and grants the delta names,
     * the badges of the persons they touch and the index entries of both are rebuilt (O(delta), not
     * O(policy)); the small parts are recompiled when the delta carries them. Two cases compile the
     * applied delta in full instead, with the same result: access levels renumbered by new small parts,
     * and a snapshot compiled from bulky lists not ordered by id (the store always loads them by id) or
     * with many grant slots left behind by growing grant lists. This snapshot is never changed.
     *
     * @throws IllegalArgumentException as {@link #compile}, when the result would be inconsistent
     */
    public PolicySnapshot patch(PolicyDelta delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.version() <= version) {
            throw new IllegalArgumentException("delta of version " + delta.version() + " does not follow snapshot version " + version);
        }
        PolicySnapshot small = this;
        if (delta.small() != null) {
            PolicyDelta.SmallParts sp = delta.small();
            small = compile(delta.version(), new PolicyData(sp.site(), sp.zones(), sp.doors(), sp.readers(), List.of(), List.of(),
                    sp.schedules(), sp.accessLevels(), List.of(), sp.rules()));
        }
        Rows patched = Arrays.equals(small.levelIds, levelIds)
                ? rows.patch(delta, small.levelIds, positions(small.levelList, AccessLevel::id),
                        small.restrictionsByPerson.keySet(), moved(restrictionsByPerson.keySet(), small.restrictionsByPerson.keySet()))
                : null;
        if (patched == null) {
            // access levels renumbered, or a layout not kept incrementally: compile the applied delta
            return compile(delta.version(), delta.applyTo(data()));
        }
        return new PolicySnapshot(delta.version(), small, patched, this, delta);
    }

    /** True when this snapshot was patched from another (sharing its unchanged rows), not compiled. */
    boolean patched() {
        return rowsPatched;
    }

    /** Ids in exactly one of the two sets. */
    private static Set<String> moved(Set<String> before, Set<String> after) {
        if (before.equals(after)) {
            return Set.of();
        }
        Set<String> out = new HashSet<>(before);
        out.addAll(after);
        Set<String> both = new HashSet<>(before);
        both.retainAll(after);
        out.removeAll(both);
        return out;
    }

    /** The content hash a snapshot compiled from {@code data} would have, without compiling it (O(policy)). */
    public static String contentHashOf(PolicyData data) {
        return ContentHash.of(Objects.requireNonNull(data, "data"));
    }

    /**
     * True when {@code hash} is {@code data}'s content hash in the scheme it was written in: the current
     * one ({@code v3:…}) or those decisions and archived versions were recorded with before it ({@code v2:…},
     * 64 hex digits for v1).
     */
    public static boolean contentHashMatches(PolicyData data, String hash) {
        return ContentHash.matches(Objects.requireNonNull(data, "data"), hash);
    }

    public long version() {
        return version;
    }

    /**
     * {@code "v3:"} + 64 hex digits: SHA-256 over the small parts (injectively encoded) and the roots of per-table digest trees
     * (see {@link RowDigests}); equal data, equal hash, whatever the order of the lists or of the patches
     * that led here. Computed while compiling and updated by each {@link #patch} in O(change), so asking
     * for it on the decision path (every recorded decision names it) costs nothing.
     */
    public String contentHash() {
        return contentHash;
    }

    /**
     * True when {@code recorded} names this snapshot's content: equal to {@link #contentHash()}, or, for
     * a hash recorded in a scheme before it ({@code v2:}, or no prefix for v1), equal to that scheme's hash of
     * {@link #data()} (O(policy): replay of old records only).
     */
    public boolean hasContentHash(String recorded) {
        if (recorded == null) {
            return false;
        }
        if (recorded.startsWith(ContentHash.V3)) {
            return recorded.equals(contentHash);
        }
        return recorded.startsWith(ContentHash.V2) ? recorded.equals(ContentHash.v2(data())) : recorded.equals(ContentHash.v1(data()));
    }

    /**
     * The policy data, rebuilt from the snapshot's arrays (equal to what was compiled). O(size) per
     * call: meant for lint, export and tests, not for the decision path.
     */
    public PolicyData data() {
        return new PolicyData(site, zoneList, doorList, readerList, rows.personList(), rows.credentialList(), scheduleList,
                levelList, rows.grantList(), rules);
    }

    public Site site() {
        return site;
    }

    public PolicyRules rules() {
        return rules;
    }

    public Credential credential(CardNumber card) {
        int slot = cardIndex.slot(cardKey(card));
        return slot < 0 ? null : credentials.get(cardIndex.credential(slot));
    }

    /** The zones as compiled (the small part of {@link #data()}, without rebuilding the bulky rest). */
    public List<Zone> zones() {
        return zoneList;
    }

    /** The doors as compiled (the small part of {@link #data()}, without rebuilding the bulky rest). */
    public List<Door> doors() {
        return doorList;
    }

    /** The credential with this id, or null: a lookup in the id table, not a pass over {@link #data()}. */
    public Credential credentialById(String id) {
        return rows.credentialById(id);
    }

    public Reader reader(String id) {
        return readers.get(id);
    }

    public Door door(String id) {
        return doors.get(id);
    }

    public Person person(String id) {
        int i = personIndex.get(id);
        return i < 0 ? null : persons.get(i);
    }

    public Schedule schedule(String id) {
        return schedules.get(id);
    }

    public Zone zone(String id) {
        return zones.get(id);
    }

    /** The zone's entry rules, or null when it has none. */
    public ZonePolicy zonePolicy(String zoneId) {
        return zonePolicies.get(zoneId);
    }

    /** True when {@code zoneId} is {@code ancestorId} or nested (at any depth) inside it. */
    public boolean zoneWithin(String zoneId, String ancestorId) {
        return Zone.within(zones, zoneId, ancestorId);
    }

    /** Ids of the doors sharing {@code door}'s interlock group, itself excluded; empty without a group. */
    public List<String> interlockPartners(Door door) {
        if (door.interlockGroup() == null) {
            return List.of();
        }
        List<String> all = interlockGroups.get(door.interlockGroup());
        List<String> others = new ArrayList<>(all.size());
        for (String id : all) {
            if (!id.equals(door.id())) {
                others.add(id);
            }
        }
        return others;
    }

    public List<Visit> visitsOf(String visitorPersonId) {
        return visitsByVisitor.getOrDefault(visitorPersonId, List.of());
    }

    public List<Restriction> restrictionsOf(String personId) {
        return restrictionsByPerson.isEmpty() ? List.of() : restrictionsByPerson.getOrDefault(personId, List.of());
    }

    /** The rule for a threat level, or null (built-in defaults apply). */
    public ThreatRule threatRule(ThreatLevel level) {
        return threatRules.get(level);
    }

    // ---- package-private fast paths for the engine ----

    ReaderEntry readerEntry(String readerId) {
        int i = readerIndex.get(readerId);
        return i < 0 ? null : readerEntries[i];
    }

    SiteClock clock() {
        return clock;
    }

    int doorIndex(String doorId) {
        Integer i = doorIndex.get(doorId);
        return i == null ? -1 : i;
    }

    /** The card's slot in the card index, or -1 when no badge has that card. */
    int cardSlot(CardNumber card) {
        return cardIndex.slot(cardKey(card));
    }

    int credentialOfSlot(int slot) {
        return cardIndex.credential(slot);
    }

    /** Person index owning the badge in this slot, or -1. */
    int personOfSlot(int slot) {
        return cardIndex.person(slot);
    }

    /**
     * True when the badge is ACTIVE and surely valid at this instant, and its owner a known,
     * unrestricted, non-terminated non-visitor (see {@link CardTable}).
     */
    boolean plainlyUsable(int slot, long epochSecond) {
        return cardIndex.plainlyUsable(slot, epochSecond);
    }

    /** The owner's first grant slot, read from the card slot (0 without an owner). */
    int grantSlotsStartOfCard(int slot) {
        return cardIndex.grantStart(slot);
    }

    int grantSlotsEndOfCard(int slot) {
        int count = cardIndex.grantCount(slot);
        return count == CardTable.MANY ? grantEnd.get(personOfSlot(slot)) : cardIndex.grantStart(slot) + count;
    }

    /** The owner has exactly one grant, inlined in the card slot. */
    boolean singleInlinedGrant(int slot) {
        return cardIndex.grantCount(slot) == 1 && cardIndex.firstLevel(slot) != CardTable.NO_LEVEL;
    }

    /** Access level index of the owner's first grant, when {@link #singleInlinedGrant}. */
    int firstLevelOfCard(int slot) {
        return cardIndex.firstLevel(slot);
    }

    boolean firstGrantPlainlyValid(int slot, long epochSecond) {
        return cardIndex.firstGrantPlainlyValid(slot, epochSecond);
    }

    /** Schedule index with which access level {@code level} opens door {@code door}, or -1. */
    int scheduleForLevel(int level, int door) {
        byte[] matrix = levelDoorSchedule;
        if (matrix != null) {
            return matrix[level * doorCount + door] - 1;
        }
        int pos = Arrays.binarySearch(levelDoors[level], door);
        return pos < 0 ? -1 : levelSchedules[level][pos];
    }

    Credential credentialAt(int i) {
        return credentials.get(i);
    }

    Person personAt(int i) {
        return persons.get(i);
    }

    /** First grant slot of a person; slots run to {@link #grantSlotsEnd}. */
    int grantSlotsStart(int person) {
        return grantStart.get(person);
    }

    int grantSlotsEnd(int person) {
        return grantEnd.get(person);
    }


    /** "grant:&lt;id&gt;" for the grant in a slot. */
    String decidedByOfSlot(int slot) {
        return slotDecidedBy.get(slot);
    }

    String levelIdOfSlot(int slot) {
        return levelIds[(int) slotData.get(slot * SLOT)];
    }

    String approverOfSlot(int slot) {
        return approvers[(int) (slotData.get(slot * SLOT) >>> 32)];
    }

    /** Is the grant in this slot valid at {@code at}? Exact: falls back to the Grant near its bounds. */
    boolean grantValidAt(int slot, Instant at) {
        long sec = at.getEpochSecond();
        if (sec >= slotData.get(slot * SLOT + 1) && sec <= slotData.get(slot * SLOT + 2)) {
            return true;
        }
        Instant until = slotUntil.get(slot);
        return !at.isBefore(slotFrom.get(slot)) && (until == null || at.isBefore(until));
    }

    /** Schedule index with which the grant in {@code slot} opens door {@code door}, or -1. */
    int scheduleFor(int slot, int door) {
        return scheduleForLevel((int) slotData.get(slot * SLOT), door);
    }

    boolean scheduleOpen(int schedule, long localSeconds, int nano) {
        return compiledSchedules[schedule].openAt(localSeconds, nano);
    }

    /** True when the named schedule exists and can never open; lint uses it. */
    boolean scheduleNeverOpens(String scheduleId) {
        Integer i = scheduleIndex.get(scheduleId);
        return i != null && compiledSchedules[i].neverOpens();
    }

    DoorModeRule[] modeRules(int door) {
        return modeRulesByDoor[door];
    }

    int[] modeSchedules(int door) {
        return modeScheduleByDoor[door];
    }

    /** Packs a card into one long: 2 bits format, 12 bits facility, 35 bits number. */
    static long cardKey(CardNumber card) {
        return ((long) card.format().ordinal() << 47) | ((long) card.facility() << 35) | card.number();
    }

    // ---- compilation helpers ----

    private CompiledSchedule[] compileSchedules(List<Schedule> list, PolicyRules r) {
        CompiledSchedule[] out = new CompiledSchedule[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new CompiledSchedule(list.get(i));
        }
        Map<String, HolidayCalendar> calendars = index(r.holidayCalendars(), HolidayCalendar::id);
        for (ScheduleOverride o : r.scheduleOverrides()) {
            Integer s = scheduleIndex.get(o.scheduleId());
            HolidayCalendar cal = calendars.get(o.calendarId());
            if (s == null || cal == null) {
                throw new IllegalArgumentException("schedule override names unknown schedule or calendar: " + o);
            }
            out[s].addHolidays(cal.dates(), o.hours());
        }
        return out;
    }

    private void compileLevels() {
        for (int l = 0; l < levelList.size(); l++) {
            List<DoorSchedule> entries = new ArrayList<>(levelList.get(l).doors());
            for (DoorSchedule ds : entries) {
                if (!schedules.containsKey(ds.scheduleId())) {
                    throw new IllegalArgumentException("access level " + levelList.get(l).id()
                            + " names unknown schedule " + ds.scheduleId());
                }
            }
            // Unknown doors are dropped here (lint reports them); a door listed twice keeps its first schedule.
            entries.removeIf(ds -> !doorIndex.containsKey(ds.doorId()));
            Map<Integer, Integer> byDoor = new HashMap<>();
            for (DoorSchedule ds : entries) {
                byDoor.putIfAbsent(doorIndex.get(ds.doorId()), scheduleIndex.get(ds.scheduleId()));
            }
            int[] ds = byDoor.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] ss = new int[ds.length];
            for (int i = 0; i < ds.length; i++) {
                ss[i] = byDoor.get(ds[i]);
            }
            levelDoors[l] = ds;
            levelSchedules[l] = ss;
        }
    }

    private byte[] levelMatrix() {
        if ((long) levelDoors.length * doorCount > MAX_MATRIX || scheduleList.size() >= Byte.MAX_VALUE) {
            return null;
        }
        byte[] m = new byte[levelDoors.length * doorCount];
        for (int l = 0; l < levelDoors.length; l++) {
            for (int i = 0; i < levelDoors[l].length; i++) {
                m[l * doorCount + levelDoors[l][i]] = (byte) (levelSchedules[l][i] + 1);
            }
        }
        return m;
    }

    private void compileDoorModes() {
        Map<String, List<DoorModeRule>> byDoor = group(rules.doorModes(), DoorModeRule::doorId);
        for (int d = 0; d < doorList.size(); d++) {
            List<DoorModeRule> list = byDoor.getOrDefault(doorList.get(d).id(), List.of());
            modeRulesByDoor[d] = list.toArray(DoorModeRule[]::new);
            modeScheduleByDoor[d] = new int[list.size()];
            for (int i = 0; i < list.size(); i++) {
                Integer s = scheduleIndex.get(list.get(i).scheduleId());
                if (s == null) {
                    throw new IllegalArgumentException("door mode names unknown schedule " + list.get(i).scheduleId());
                }
                modeScheduleByDoor[d][i] = s;
            }
        }
        for (DoorModeRule r : rules.doorModes()) {
            if (!doorIndex.containsKey(r.doorId())) {
                throw new IllegalArgumentException("door mode names unknown door " + r.doorId());
            }
        }
    }

    private static Map<String, List<String>> groupInterlocks(List<Door> doors) {
        Map<String, List<String>> groups = new HashMap<>();
        for (Door d : doors) {
            if (d.interlockGroup() != null) {
                groups.computeIfAbsent(d.interlockGroup(), k -> new ArrayList<>()).add(d.id());
            }
        }
        groups.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(groups);
    }

    private static <T> Map<String, List<T>> group(List<T> items, Function<T, String> key) {
        Map<String, List<T>> map = new HashMap<>();
        for (T item : items) {
            map.computeIfAbsent(key.apply(item), k -> new ArrayList<>(1)).add(item);
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Map.copyOf(map);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        Map<String, T> map = new HashMap<>();
        for (T item : items) {
            if (map.put(id.apply(item), item) != null) {
                throw new IllegalArgumentException("duplicate id " + id.apply(item));
            }
        }
        return Map.copyOf(map);
    }

    private static <T> Map<String, Integer> positions(List<T> items, Function<T, String> id) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (map.put(id.apply(items.get(i)), i) != null) {
                throw new IllegalArgumentException("duplicate id " + id.apply(items.get(i)));
            }
        }
        return Map.copyOf(map);
    }
}
