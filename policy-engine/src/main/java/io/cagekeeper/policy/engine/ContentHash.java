package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of policy data: equal data, equal hash, and (the point of v3) different data,
 * different hash. Three schemes, told apart by their text:
 * <ul>
 * <li><b>v3</b> ({@code "v3:" + 64 hex}), what every snapshot has now: SHA-256 over a tag, the small
 *     parts in an injective encoding ({@link CanonicalRecords}: every string length-prefixed, every list
 *     counted, every value typed) and the roots of three {@link RowDigests} trees (persons, credentials,
 *     grants), so a patch updates it in O(change) instead of hashing a million rows again on the
 *     decision path;</li>
 * <li><b>v2</b> ({@code "v2:" + 64 hex}), what decisions and archived versions recorded before v3: the same
 *     trees, but the small parts as their records' {@code toString}, one a line. That rendering is not
 *     injective: a zone or door name holding a newline and record-like text (or a name ending in
 *     {@code ", parentId=x"}) renders like other zones, so two different policies could share a v2 hash.
 *     Still computed (O(policy)) to verify those old records, never written;</li>
 * <li><b>v1</b> (64 hex, no prefix), what was recorded before v2: SHA-256 over every rendering in list
 *     order. Still computed (O(policy)) to verify those old records.</li>
 * </ul>
 * All hash every field of every row, the PIN hash included (a credential's {@code toString} redacts
 * it, so v1 feeds it explicitly), so a PIN change changes the hash.
 */
final class ContentHash {

    static final String V3 = "v3:";
    static final String V2 = "v2:";
    private static final byte[] TAG_V3 = "cagekeeper policy content hash v3\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAG_V2 = "cagekeeper policy content hash v2\n".getBytes(StandardCharsets.UTF_8);

    private ContentHash() {
    }

    // v2 and v3 render a bulky row field by field, each length-prefixed (text) or as epoch second.nano (instants),
    // so no two rows render alike, without the cost of a record's toString and Instant's ISO text.

    static byte[] person(Person p) {
        return new Fields().text(p.id()).text(p.name()).text(p.type().name()).instant(p.terminatedAt()).bytes();
    }

    static byte[] credential(Credential c) {
        return new Fields().text(c.id()).text(c.card().format().name()).number(c.card().facility()).number(c.card().number())
                .text(c.personId()).text(c.status().name()).instant(c.validFrom()).instant(c.validUntil())
                .instant(c.statusChangedAt()).text(c.statusChangedBy()).text(c.pinHash()).bytes();
    }

    static byte[] grant(Grant g) {
        return new Fields().text(g.id()).text(g.personId()).text(g.accessLevelId()).instant(g.validFrom()).instant(g.validUntil())
                .text(g.approvedBy()).bytes();
    }

    private static final class Fields {
        private final StringBuilder sb = new StringBuilder(96);

        Fields text(String s) {
            if (s == null) {
                sb.append("-;");
            } else {
                sb.append(s.length()).append(':').append(s).append(';');
            }
            return this;
        }

        Fields number(long n) {
            sb.append(n).append(';');
            return this;
        }

        Fields instant(java.time.Instant i) {
            if (i == null) {
                sb.append("-;");
            } else {
                sb.append(i.getEpochSecond()).append('.').append(i.getNano()).append(';');
            }
            return this;
        }

        byte[] bytes() {
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The v1 rendering of a credential (its toString redacts the PIN hash: fed explicitly). */
    private static byte[] credentialV1(Credential c) {
        return (c.toString() + c.validFrom() + c.validUntil() + c.statusChangedAt() + c.statusChangedBy() + c.pinHash())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The v3 hash of {@code data}, computed in full. */
    static String of(PolicyData data) {
        return combine(small(data.site(), data.zones(), data.doors(), data.readers(), data.schedules(), data.accessLevels(), data.rules()),
                RowDigests.build(data.persons(), Person::id, ContentHash::person),
                RowDigests.build(data.credentials(), Credential::id, ContentHash::credential),
                RowDigests.build(data.grants(), Grant::id, ContentHash::grant));
    }

    /** The v2 hash of {@code data} (before v3), computed in full: only to verify what was recorded with it. */
    static String v2(PolicyData data) {
        return hex(V2, TAG_V2, smallV2(data.site(), data.zones(), data.doors(), data.readers(), data.schedules(), data.accessLevels(),
                        data.rules()),
                RowDigests.build(data.persons(), Person::id, ContentHash::person),
                RowDigests.build(data.credentials(), Credential::id, ContentHash::credential),
                RowDigests.build(data.grants(), Grant::id, ContentHash::grant));
    }

    /**
     * The v3 digest of the small parts (site, zones, doors, readers, schedules, access levels, rules): each
     * part a counted list of records in the injective encoding, so no text in a name can make one policy's
     * small parts read as another's.
     */
    static byte[] small(Site site, List<Zone> zones, List<Door> doors, List<Reader> readers, List<Schedule> schedules,
                        List<AccessLevel> levels, PolicyRules rules) {
        CanonicalRecords out = new CanonicalRecords();
        out.value(site).value(zones).value(doors).value(readers).value(schedules).value(levels).value(rules);
        MessageDigest sha = RowDigests.sha();
        sha.update(out.bytes());
        return sha.digest();
    }

    /** The v2 digest of the small parts: records' {@code toString}, one a line (not injective; see the class). */
    static byte[] smallV2(Site site, List<Zone> zones, List<Door> doors, List<Reader> readers, List<Schedule> schedules,
                          List<AccessLevel> levels, PolicyRules rules) {
        MessageDigest sha = RowDigests.sha();
        sha.update(site.toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        for (List<?> part : List.of(zones, doors, readers, schedules, levels)) {
            for (Object o : part) {
                sha.update(o.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            sha.update((byte) 0);
        }
        sha.update(rules.toString().getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    /** The v3 hash from its parts. */
    static String combine(byte[] small, RowDigests persons, RowDigests credentials, RowDigests grants) {
        return hex(V3, TAG_V3, small, persons, credentials, grants);
    }

    private static String hex(String prefix, byte[] tag, byte[] small, RowDigests persons, RowDigests credentials, RowDigests grants) {
        MessageDigest sha = RowDigests.sha();
        sha.update(tag);
        sha.update(small);
        sha.update(persons.root());
        sha.update(credentials.root());
        sha.update(grants.root());
        return prefix + HexFormat.of().formatHex(sha.digest());
    }

    /** True when {@code hash}, in whichever scheme it was written, is the hash of {@code data}. */
    static boolean matches(PolicyData data, String hash) {
        if (hash == null) {
            return false;
        }
        if (hash.startsWith(V3)) {
            return hash.equals(of(data));
        }
        return hash.startsWith(V2) ? hash.equals(v2(data)) : hash.equals(v1(data));
    }

    /** The v1 hash (before v2): kept to verify what was recorded with it. O(policy). */
    static String v1(PolicyData data) {
        MessageDigest sha = RowDigests.sha();
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
            sha.update(credentialV1(c));
            sha.update((byte) '\n');
        }
        // Rules only when present, so that data without rules keeps the hash it had before rules existed.
        if (!data.rules().equals(PolicyRules.none())) {
            sha.update(data.rules().toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
