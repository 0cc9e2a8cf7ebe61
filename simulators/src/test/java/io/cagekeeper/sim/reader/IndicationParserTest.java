package io.cagekeeper.sim.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndicationParserTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:15:30.200Z");

    private static Optional<Indication> parse(String json) {
        return IndicationParser.parse(json.getBytes(StandardCharsets.UTF_8), AT);
    }

    @Test
    void readsEveryMemberOfAGrant() {
        String json = "{\"v\":1,\"replyTo\":\"m-1\",\"result\":\"GRANT\",\"led\":\"green\",\"beep\":1,"
                + "\"text\":\"Welcome\",\"openMs\":5000}";
        assertThat(parse(json)).contains(new Indication("m-1", "GRANT", "green", 1, "Welcome", 5000, AT, json));
    }

    @Test
    void skipsUnknownMembersAndTreatsWrongTypesAsAbsent() {
        Indication i = parse("{\"x\":{\"y\":[1,2]},\"replyTo\":7,\"result\":\"DENY\",\"beep\":\"3\"}").orElseThrow();
        assertThat(i.replyTo()).isNull();
        assertThat(i.result()).isEqualTo("DENY");
        assertThat(i.beep()).isZero();
        assertThat(i.openMs()).isNull();
    }

    @Test
    void rejectsWhatIsNotOneJsonObject() {
        assertThat(parse("[1]")).isEmpty();
        assertThat(parse("{\"result\":")).isEmpty();
        assertThat(parse("{} {}")).isEmpty();
        assertThat(parse("")).isEmpty();
    }
}
