package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The whole {@link PolicyData} as JSON text and back, losslessly: the {@link SnapshotArchive} keeps
 * the data of every version in force so any past decision can be re-decided against exactly the
 * policy it was made with, long after the policy tables changed. Lossless means a recompiled snapshot
 * has the content hash of the original; {@code PolicyDataCodecTest} holds the codec to that.
 * The rules part lives in {@link PolicyRulesCodec}.
 */
public final class PolicyDataCodec {

    private PolicyDataCodec() {
    }

    /** The data as JSON text. */
    public static String encode(PolicyData d) {
        StringBuilder out = new StringBuilder();
        write(d, out);
        return out.toString();
    }

    /** Marks text written by {@link #encodeCompressed}: base64 of the gzip of {@link #encode}'s JSON. */
    static final String COMPRESSED = "gz64:";

    /**
     * The same JSON, gzip-compressed and base64-encoded behind {@value #COMPRESSED}; written row by row
     * into the compressor, so a checkpoint of a million badges never holds its JSON (some hundreds of MB)
     * or a tree of it in memory, only the compressed text (about a tenth). {@link #decode} reads both.
     */
    public static String encodeCompressed(PolicyData d) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.util.zip.GZIPOutputStream(java.util.Base64.getEncoder().wrap(bytes), 1 << 16),
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
            write(d, w);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: does not happen
        }
        return COMPRESSED + bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The JSON object, written member by member and row by row (no tree of the whole). */
    private static void write(PolicyData d, Appendable out) {
        try {
            out.append("{\"site\":").append(new JsonObject().put("id", d.site().id()).put("name", d.site().name())
                    .put("timeZone", d.site().timeZone().getId()).encode());
            member(out, "zones", d.zones(), z -> new JsonObject().put("id", z.id()).put("name", z.name()).put("parentId", z.parentId()));
            member(out, "doors", d.doors(), x -> new JsonObject().put("id", x.id()).put("name", x.name())
                    .put("fromZone", x.fromZone()).put("toZone", x.toZone()).put("interlockGroup", x.interlockGroup()));
            member(out, "readers", d.readers(), r -> new JsonObject().put("id", r.id()).put("doorId", r.doorId())
                    .put("side", r.side().name()));
            member(out, "persons", d.persons(), p -> new JsonObject().put("id", p.id()).put("name", p.name())
                    .put("type", p.type().name()).put("terminatedAt", text(p.terminatedAt())));
            member(out, "credentials", d.credentials(), PolicyDataCodec::credential);
            member(out, "schedules", d.schedules(), s -> new JsonObject().put("id", s.id()).put("name", s.name())
                    .put("intervals", array(s.intervals(), i -> new JsonObject().put("day", i.day().name())
                            .put("start", i.start().toString()).put("end", i.end().toString()))));
            member(out, "accessLevels", d.accessLevels(), l -> new JsonObject().put("id", l.id()).put("name", l.name())
                    .put("doors", array(l.doors(), ds -> new JsonObject().put("doorId", ds.doorId()).put("scheduleId", ds.scheduleId()))));
            member(out, "grants", d.grants(), g -> new JsonObject().put("id", g.id()).put("personId", g.personId())
                    .put("accessLevelId", g.accessLevelId()).put("validFrom", text(g.validFrom()))
                    .put("validUntil", text(g.validUntil())).put("approvedBy", g.approvedBy()));
            out.append(",\"rules\":").append(PolicyRulesCodec.encode(d.rules()).encode()).append('}');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> void member(Appendable out, String name, List<T> items, Function<T, JsonObject> each) throws java.io.IOException {
        out.append(",\"").append(name).append("\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(each.apply(items.get(i)).encode());
        }
        out.append(']');
    }

    /** The inverse of {@link #encode}; throws IllegalArgumentException on text it did not write. */
    public static PolicyData decode(String text) {
        try {
            JsonObject o = text.startsWith(COMPRESSED) ? new JsonObject(io.vertx.core.buffer.Buffer.buffer(
                    new java.util.zip.GZIPInputStream(java.util.Base64.getDecoder().wrap(new java.io.ByteArrayInputStream(
                            text.substring(COMPRESSED.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).readAllBytes()))
                    : new JsonObject(text);
            JsonObject site = o.getJsonObject("site");
            return new PolicyData(
                    new Site(site.getString("id"), site.getString("name"), ZoneId.of(site.getString("timeZone"))),
                    list(o, "zones", z -> new Zone(z.getString("id"), z.getString("name"), z.getString("parentId"))),
                    list(o, "doors", x -> new Door(x.getString("id"), x.getString("name"), x.getString("fromZone"),
                            x.getString("toZone"), x.getString("interlockGroup"))),
                    list(o, "readers", r -> new Reader(r.getString("id"), r.getString("doorId"),
                            ReaderSide.valueOf(r.getString("side")))),
                    list(o, "persons", p -> new Person(p.getString("id"), p.getString("name"),
                            PersonType.valueOf(p.getString("type")), instant(p, "terminatedAt"))),
                    list(o, "credentials", PolicyDataCodec::credential),
                    list(o, "schedules", s -> new Schedule(s.getString("id"), s.getString("name"),
                            list(s, "intervals", i -> new WeeklyInterval(DayOfWeek.valueOf(i.getString("day")),
                                    LocalTime.parse(i.getString("start")), LocalTime.parse(i.getString("end")))))),
                    list(o, "accessLevels", l -> new AccessLevel(l.getString("id"), l.getString("name"),
                            list(l, "doors", ds -> new DoorSchedule(ds.getString("doorId"), ds.getString("scheduleId"))))),
                    list(o, "grants", g -> new Grant(g.getString("id"), g.getString("personId"), g.getString("accessLevelId"),
                            instant(g, "validFrom"), instant(g, "validUntil"), g.getString("approvedBy"))),
                    PolicyRulesCodec.decode(o.getJsonObject("rules")));
        } catch (RuntimeException | java.io.IOException e) {
            throw new IllegalArgumentException("policy data text does not decode: " + e.getMessage(), e);
        }
    }

    private static JsonObject credential(Credential c) {
        return new JsonObject().put("id", c.id()).put("card", c.card().toString()).put("personId", c.personId())
                .put("status", c.status().name()).put("validFrom", text(c.validFrom())).put("validUntil", text(c.validUntil()))
                .put("statusChangedAt", text(c.statusChangedAt())).put("statusChangedBy", c.statusChangedBy())
                .put("pinHash", c.pinHash());
    }

    private static Credential credential(JsonObject c) {
        return new Credential(c.getString("id"), CardNumber.parse(c.getString("card")), c.getString("personId"),
                CredentialStatus.valueOf(c.getString("status")), instant(c, "validFrom"), instant(c, "validUntil"),
                instant(c, "statusChangedAt"), c.getString("statusChangedBy"), c.getString("pinHash"));
    }

    static <T> JsonArray array(List<T> items, Function<T, Object> each) {
        JsonArray out = new JsonArray();
        items.forEach(i -> out.add(each.apply(i)));
        return out;
    }

    static <T> List<T> list(JsonObject o, String key, Function<JsonObject, T> each) {
        JsonArray a = o.getJsonArray(key);
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(each.apply(a.getJsonObject(i)));
        }
        return out;
    }

    static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    static Instant instant(JsonObject o, String key) {
        String s = o.getString(key);
        return s == null ? null : Instant.parse(s);
    }
}
