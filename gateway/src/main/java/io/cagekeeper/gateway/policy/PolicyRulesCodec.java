package io.cagekeeper.gateway.policy;

import static io.cagekeeper.gateway.policy.PolicyDataCodec.array;
import static io.cagekeeper.gateway.policy.PolicyDataCodec.instant;
import static io.cagekeeper.gateway.policy.PolicyDataCodec.list;
import static io.cagekeeper.gateway.policy.PolicyDataCodec.text;

import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link PolicyRules} part of {@link PolicyDataCodec}, kept apart so each codec stays readable:
 * every rule changes decisions, so every field must survive the round trip for replay to hold.
 */
final class PolicyRulesCodec {

    private PolicyRulesCodec() {
    }

    static JsonObject encode(PolicyRules r) {
        return new JsonObject()
                .put("doorModes", array(r.doorModes(), m -> new JsonObject().put("doorId", m.doorId())
                        .put("mode", m.mode().name()).put("scheduleId", m.scheduleId())))
                .put("holidayCalendars", array(r.holidayCalendars(), c -> new JsonObject().put("id", c.id())
                        .put("name", c.name()).put("dates", array(c.dates(), LocalDate::toString))))
                .put("scheduleOverrides", array(r.scheduleOverrides(), o -> new JsonObject().put("scheduleId", o.scheduleId())
                        .put("calendarId", o.calendarId()).put("hours", array(o.hours(), h -> new JsonObject()
                                .put("start", h.start().toString()).put("end", h.end().toString())))))
                .put("zonePolicies", array(r.zonePolicies(), z -> new JsonObject().put("zoneId", z.zoneId())
                        .put("apb", z.apb().name()).put("apbMinutes", z.apbMinutes()).put("twoPersonSeconds", z.twoPersonSeconds())))
                .put("visits", array(r.visits(), v -> new JsonObject().put("id", v.id()).put("visitorPersonId", v.visitorPersonId())
                        .put("zoneId", v.zoneId()).put("from", text(v.from())).put("until", text(v.until()))
                        .put("escortPersonId", v.escortPersonId()).put("approvedBy", v.approvedBy())))
                .put("restrictions", array(r.restrictions(), x -> new JsonObject().put("id", x.id()).put("personId", x.personId())
                        .put("zoneId", x.zoneId()).put("from", text(x.from())).put("until", text(x.until()))
                        .put("reason", x.reason()).put("createdBy", x.createdBy())))
                .put("threatRules", array(r.threatRules(), t -> new JsonObject().put("level", t.level().name())
                        .put("personTypes", array(t.personTypes(), Enum::name))
                        .put("accessLevelIds", array(t.accessLevelIds(), id -> id))))
                .put("pinMaxFailures", r.pinMaxFailures())
                .put("escortWindowSeconds", r.escortWindowSeconds());
    }

    static PolicyRules decode(JsonObject o) {
        return new PolicyRules(
                list(o, "doorModes", m -> new DoorModeRule(m.getString("doorId"), DoorMode.valueOf(m.getString("mode")),
                        m.getString("scheduleId"))),
                list(o, "holidayCalendars", c -> new HolidayCalendar(c.getString("id"), c.getString("name"),
                        strings(c.getJsonArray("dates")).stream().map(LocalDate::parse).toList())),
                list(o, "scheduleOverrides", x -> new ScheduleOverride(x.getString("scheduleId"), x.getString("calendarId"),
                        list(x, "hours", h -> new TimeRange(LocalTime.parse(h.getString("start")), LocalTime.parse(h.getString("end")))))),
                list(o, "zonePolicies", z -> new ZonePolicy(z.getString("zoneId"), ApbMode.valueOf(z.getString("apb")),
                        z.getInteger("apbMinutes"), z.getInteger("twoPersonSeconds"))),
                list(o, "visits", v -> new Visit(v.getString("id"), v.getString("visitorPersonId"), v.getString("zoneId"),
                        instant(v, "from"), instant(v, "until"), v.getString("escortPersonId"), v.getString("approvedBy"))),
                list(o, "restrictions", x -> new Restriction(x.getString("id"), x.getString("personId"), x.getString("zoneId"),
                        instant(x, "from"), instant(x, "until"), x.getString("reason"), x.getString("createdBy"))),
                list(o, "threatRules", t -> new ThreatRule(ThreatLevel.valueOf(t.getString("level")),
                        strings(t.getJsonArray("personTypes")).stream().map(PersonType::valueOf).toList(),
                        strings(t.getJsonArray("accessLevelIds")))),
                o.getInteger("pinMaxFailures"),
                o.getInteger("escortWindowSeconds"));
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getString(i));
        }
        return out;
    }
}
