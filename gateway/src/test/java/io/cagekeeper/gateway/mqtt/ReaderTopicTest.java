package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topic table of reader-mqtt.md: {@code {prefix}/{site}/readers/{reader}/{kind}}, nothing else. */
class ReaderTopicTest {

    private static ReaderTopic parse(String topic) {
        return ReaderTopic.parse("cage", "dc1", topic);
    }

    @Test
    void readsEachOfTheFourTopicsOfTheTable() {
        assertThat(parse("cage/dc1/readers/r1/credential")).isEqualTo(new ReaderTopic("r1", ReaderTopic.Kind.CREDENTIAL));
        assertThat(parse("cage/dc1/readers/r1/indicate")).isEqualTo(new ReaderTopic("r1", ReaderTopic.Kind.INDICATE));
        assertThat(parse("cage/dc1/readers/r1/status")).isEqualTo(new ReaderTopic("r1", ReaderTopic.Kind.STATUS));
        assertThat(parse("cage/dc1/readers/r1/event")).isEqualTo(new ReaderTopic("r1", ReaderTopic.Kind.EVENT));
    }

    @Test
    void refusesATopicOfAnotherPrefixSiteOrBranch() {
        assertThat(parse("other/dc1/readers/r1/credential")).isNull();
        assertThat(parse("cage/dc2/readers/r1/credential")).isNull();
        assertThat(parse("cage/dc1/reader/r1/credential")).isNull();
        assertThat(parse("cage/dc1/doors/r1/credential")).isNull();
        assertThat(ReaderTopic.parse("site-a", "dc1", "cage/dc1/readers/r1/credential")).isNull();
    }

    @Test
    void refusesATopicWithMoreOrFewerLevels() {
        assertThat(parse("cage/dc1/readers/r1")).isNull();
        assertThat(parse("cage/dc1/readers/r1/credential/x")).isNull();
        assertThat(parse("cage/dc1/readers/r1/credential/")).isNull();
        assertThat(parse("/cage/dc1/readers/r1/credential")).isNull();
        assertThat(parse("cage/dc1/readers//credential")).isNull();
        assertThat(parse("")).isNull();
    }

    @Test
    void refusesAKindOutsideTheTable() {
        assertThat(parse("cage/dc1/readers/r1/unlock")).isNull();
        assertThat(parse("cage/dc1/readers/r1/Credential")).isNull();
        assertThat(parse("cage/dc1/readers/r1/")).isNull();
    }

    @Test
    void acceptsAReaderIdOfOneToSixtyFourLettersDigitsDashesAndUnderscores() {
        String id64 = "A-z_9".repeat(12) + "abcd";
        assertThat(id64).hasSize(64);
        assertThat(parse("cage/dc1/readers/" + id64 + "/event").readerId()).isEqualTo(id64);
        assertThat(parse("cage/dc1/readers/x/event").readerId()).isEqualTo("x");
        assertThat(parse("cage/dc1/readers/" + id64 + "e/event")).isNull();
        for (String bad : new String[] {"r+1", "r#", "r.1", "r 1", "r\u00e91", "+", "#"}) {
            assertThat(parse("cage/dc1/readers/" + bad + "/event")).as(bad).isNull();
        }
    }

    @Test
    void writesTheTopicItReads() {
        assertThat(ReaderTopic.of("cage", "dc1", "r1", ReaderTopic.Kind.INDICATE)).isEqualTo("cage/dc1/readers/r1/indicate");
        for (ReaderTopic.Kind kind : ReaderTopic.Kind.values()) {
            assertThat(parse(ReaderTopic.of("cage", "dc1", "r-7", kind))).isEqualTo(new ReaderTopic("r-7", kind));
        }
    }
}
