package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.MessageMac;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
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
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated malformed and hostile reader messages, each invalid by construction, against
 * the real parser and the real access spine (its I/O ends recorded in memory). Every one must be
 * rejected and counted, none may release a door, and the controller must keep going. The mutations
 * start from a credential that WOULD be granted (an enrolled, active card with a grant), so a
 * parser that let one through would show up as a release.
 */
class HostilePayloadFuzzTest {

    static final int MESSAGES = 100_000;
    static final String PIN = "48213579";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String VALID = "{\"v\":1,\"msgId\":\"%s\",\"seq\":%d,\"ts\":\"2026-11-25T10:15:30.123Z\","
            + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";

    @Test
    void rejectsEveryHostilePayloadCountsItAndNeverReleasesADoor() {
        AtomicInteger releases = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        List<GatewayEvent> stored = new ArrayList<>();
        List<String> recorded = new ArrayList<>();
        Metrics metrics = new Metrics();
        PolicySnapshot snapshot = PolicySnapshot.compile(1, site());
        Function<String, byte[]> keys = id -> id.equals("signed") ? KEY : null;
        AccessPorts ports = new AccessPorts(door -> {
            releases.incrementAndGet();
            return Future.succeededFuture();
        }, door -> 5000, (reader, payload) -> Future.succeededFuture(), e -> {
            stored.add(e);
            return Future.succeededFuture();
        }, new InMemoryClaims(), (key, r) -> recorded.add(key), s -> { },
                (hash, pin) -> Future.succeededFuture(false));
        AccessController controller = new AccessController("cage", "dc1", () -> snapshot, new PolicyEngine(), ports,
                new ReaderPolicy(keys, java.util.Set.of("plain"), Duration.ofSeconds(10), 1_000, Duration.ofSeconds(30)), metrics,
                new ReaderGuard(1e9, 1e9, Integer.MAX_VALUE, Duration.ofMinutes(1)), EngineState.initial());

        // The unmutated message is granted: the harness can see a release.
        controller.onMessage(message("cage/dc1/readers/plain/credential", String.format(VALID, "ok", 1).getBytes(StandardCharsets.UTF_8), acks));
        assertThat(releases.get()).isEqualTo(1);
        releases.set(0);
        stored.clear();

        Random random = new Random(20261125L);
        for (int i = 0; i < MESSAGES; i++) {
            Hostile h = hostile(random, i);
            controller.onMessage(message(h.topic, h.payload, acks));
        }
        assertThat(releases.get()).as("doors released by hostile input").isZero();
        assertThat(recorded).as("only the valid message is a recorded decision").containsExactly("reader:plain:ok");
        assertThat(metrics.get("rejected.total")).isEqualTo(MESSAGES);
        assertThat(acks.get()).isEqualTo(MESSAGES + 1);
        // rejections naming no known reader are aggregated (one event per reason per flush), all others stored one by one
        long aggregated = metrics.get("rejected.UNKNOWN_READER") + metrics.get("rejected.BAD_TOPIC");
        assertThat(aggregated).isPositive();
        assertThat(stored).hasSize((int) (MESSAGES - aggregated)).allMatch(e -> e.type() == EventType.MESSAGE_REJECTED);
        controller.flushGaps(Instant.parse("2026-11-25T10:15:32Z"));
        List<GatewayEvent> summaries = stored.subList(MESSAGES - (int) aggregated, stored.size());
        assertThat(summaries).allMatch(e -> e.type() == EventType.REJECTS_AGGREGATED);
        assertThat(summaries.stream().mapToLong(e -> ((Number) e.detail().get("count")).longValue()).sum()).isEqualTo(aggregated);
        // PINs ride along in some hostile payloads: none may surface in what is stored (the hash is not the PIN)
        assertThat(stored).noneMatch(e -> e.sentence().contains(PIN) || String.valueOf(e.detail().get("topic")).contains(PIN));
    }

    record Hostile(String topic, byte[] payload) {
    }

    static Hostile hostile(Random r, int i) {
        String topic = "cage/dc1/readers/plain/credential";
        String valid = String.format(VALID, "m" + i, i + 2);
        String p;
        switch (i % 16) {
            case 0 -> p = valid.substring(0, r.nextInt(valid.length() - 1));                    // truncated
            case 1 -> p = valid.replace("\"seq\":" + (i + 2), "\"seq\":" + pick(r, "\"7\"", "1.5", "-3", "0", "9007199254740992", "true", "null", "[1]"));
            case 2 -> p = valid.replace("\"facility\":18", "\"facility\":" + pick(r, "256", "-1", "\"18\"", "1e2", "18.0", "{}"));
            case 3 -> p = valid.replace("\"v\":1,", pick(r, "\"v\":2,", "\"v\":\"1\",", "", "\"v\":1.0,"));
            case 4 -> p = valid.replace("\"msgId\":\"m" + i + "\",", pick(r, "", "\"msgId\":\"\",", "\"msgId\":7,",
                    "\"msgId\":\"" + "x".repeat(65) + "\","));
            case 5 -> p = valid.replace("2026-11-25T10:15:30.123Z", pick(r, "2026-11-25T10:15:30Z", "yesterday", "2026-13-45T10:15:30.123Z",
                    "2026-11-25 10:15:30.123"));
            case 6 -> p = valid.substring(0, valid.length() - 1) + ",\"pin\":\"" + PIN + "\",\"" + randomName(r) + "\":1}"; // unknown member
            case 7 -> p = valid.substring(0, valid.length() - 1) + ",\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":1}}"; // duplicate
            case 8 -> p = valid.substring(0, valid.length() - 1) + ",\"pin\":\"" + pick(r, "12", "123456789", "12a4", "") + "\"}";
            case 9 -> p = valid.replace("\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}",
                    pick(r, "\"card\":{}", "\"card\":\"18:40211\"", "\"card\":{\"raw\":\"zz\",\"bits\":26}",
                            "\"card\":{\"raw\":\"0123\",\"bits\":30}", "\"card\":{\"format\":\"X\",\"number\":1}", "\"card\":null"));
            case 10 -> p = "[" + valid + "]";
            case 11 -> p = "x".repeat(4097);                                                       // oversize
            case 12 -> {
                topic = pick(r, "cage/dc1/readers/ghost/credential", "cage/dc1/readers/plain/unlock", "cage/dc2/readers/plain/credential",
                        "cage/dc1/readers/plain/credential/extra", "cage/dc1/readers/pl+ain/credential");
                p = valid;                                                                     // fine body, bad topic or reader
            }
            case 13 -> {
                topic = "cage/dc1/readers/signed/credential";                                 // keyed reader
                p = pick(r, "nomac", "badmac").equals("nomac") ? valid
                        : valid.substring(0, valid.length() - 1) + ",\"mac\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
            }
            case 14 -> {
                topic = "cage/dc1/readers/signed/credential";                                 // signed, then tampered
                String signed = sign(valid);
                p = signed.replace("40211", "40212");
            }
            default -> {
                byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                b[r.nextInt(b.length)] = (byte) (0x80 | r.nextInt(0x40));                       // invalid UTF-8 byte
                return new Hostile(topic, b);
            }
        }
        return new Hostile(topic, p.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String json) {
        String mac = Base64.getEncoder().encodeToString(MessageMac.compute(KEY, json.getBytes(StandardCharsets.UTF_8)));
        return json.substring(0, json.length() - 1) + ",\"mac\":\"" + mac + "\"}";
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static String randomName(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return "zz" + b;
    }

    static IncomingMessage message(String topic, byte[] payload, AtomicInteger acks) {
        return new IncomingMessage(topic, payload, false, Instant.parse("2026-11-25T10:15:31Z"), acks::incrementAndGet);
    }

    static PolicyData site() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        return new PolicyData(new Site("dc1", "DC1", ZoneOffset.UTC),
                List.of(new Zone("hall", "Hall", null), new Zone("cage", "Cage", "hall")),
                List.of(new Door("d1", "Door", "hall", "cage", null)),
                List.of(new Reader("plain", "d1", ReaderSide.ENTRY), new Reader("signed", "d1", ReaderSide.ENTRY)),
                List.of(new Person("p1", "Alice", PersonType.EMPLOYEE, null)),
                List.of(new Credential("c1", CardNumber.h10301(18, 40211), "p1", CredentialStatus.ACTIVE, from, null, null, null,
                        null)),
                List.of(Schedule.always("always")),
                List.of(new AccessLevel("l1", "L1", List.of(new DoorSchedule("d1", "always")))),
                List.of(new Grant("g1", "p1", "l1", from, null, "desk")));
    }
}
