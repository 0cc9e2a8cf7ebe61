package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.mqtt.Rejection.Reason;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Wiegand;
import io.cagekeeper.policy.model.CardNumber;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReaderMessageParserTest {

    private final ReaderMessageParser parser = new ReaderMessageParser();
    private static final String HEAD = "{\"v\":1,\"msgId\":\"m-1\",\"seq\":1042,\"ts\":\"2026-11-25T10:15:30.123Z\",";

    private ReaderMessageParser.Result credential(String json) {
        return parser.parse(ReaderTopic.Kind.CREDENTIAL, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDatasheetExampleCredential() {
        var r = credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211},\"pin\":\"4821\"}");
        assertThat(r.ok()).isTrue();
        var c = (ReaderMessage.Credential) r.message();
        assertThat(c.msgId()).isEqualTo("m-1");
        assertThat(c.seq()).isEqualTo(1042);
        assertThat(c.card()).isEqualTo(new CardRead.Decoded(CardNumber.h10301(18, 40211)));
        assertThat(c.pin()).isEqualTo("4821");
        assertThat(c.toString()).doesNotContain("4821");
    }

    @Test
    void decodesACorporate1000Card() {
        var r = credential(HEAD + "\"card\":{\"format\":\"C1000\",\"company\":4000,\"number\":1048000}}");
        assertThat(((ReaderMessage.Credential) r.message()).card())
                .isEqualTo(new CardRead.Decoded(CardNumber.c1000(4000, 1048000)));
    }

    @Test
    void decodesARawFrameAndTurnsAParityErrorIntoABadRead() {
        String good = Wiegand.encode(CardNumber.h10301(18, 40211));
        var ok = credential(HEAD + "\"card\":{\"raw\":\"" + good + "\",\"bits\":26}}");
        assertThat(((ReaderMessage.Credential) ok.message()).card()).isEqualTo(new CardRead.Decoded(CardNumber.h10301(18, 40211)));
        String flipped = Long.toHexString(Long.parseLong(good, 16) ^ 0b100).toUpperCase();
        flipped = "0".repeat(good.length() - flipped.length()) + flipped;
        var bad = credential(HEAD + "\"card\":{\"raw\":\"" + flipped + "\",\"bits\":26}}");
        assertThat(((ReaderMessage.Credential) bad.message()).card()).isInstanceOf(CardRead.Unreadable.class);
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertThat(credential("not json").rejection().reason()).isEqualTo(Reason.NOT_JSON);
        assertThat(credential("[1,2]").rejection().reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(credential(HEAD + "\"card\":{}} trailing").rejection().reason()).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void judgesTheSyntaxOfAnObjectInOneStrictReading() {
        String card = "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        assertThat(credential(" \r\n\t" + HEAD + card).ok()).isTrue();
        assertThat(credential("  [1,2]").rejection().reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(credential("").rejection().reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(credential("\"a string\"").rejection().reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(credential("{\"v\":1 /* comment */," + HEAD.substring(7) + card).rejection().reason()).isEqualTo(Reason.NOT_JSON);
        assertThat(credential(HEAD + card + " {}").rejection().reason()).isEqualTo(Reason.NOT_JSON);
        assertThat(credential(HEAD + "\"card\":{\"format\":\"H10301\",\"format\":\"raw\",\"facility\":18,\"number\":40211}}")
                .rejection().reason()).isEqualTo(Reason.DUPLICATE_MEMBER);
        assertThat(credential(HEAD + "\"x\":" + "[".repeat(9) + "]".repeat(9) + "," + card).rejection().reason())
                .isEqualTo(Reason.NOT_JSON);
        assertThat(credential(HEAD + "\"seq2\":" + "1".repeat(40) + "," + card).rejection().reason()).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] b = {'{', '"', 'v', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        assertThat(parser.parse(ReaderTopic.Kind.CREDENTIAL, b).rejection().reason()).isEqualTo(Reason.NOT_UTF8);
    }

    @Test
    void rejectsAPayloadOverFourKilobytes() {
        String big = HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2},\"x\":\"" + "a".repeat(4100) + "\"}";
        assertThat(credential(big).rejection().reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void rejectsDuplicateMembersSoNoSecondCardCanHideInAMessage() {
        var r = credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2},\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}");
        assertThat(r.rejection().reason()).isEqualTo(Reason.DUPLICATE_MEMBER);
    }

    @Test
    void rejectsMissingWrongTypedAndOutOfRangeMembers() {
        assertThat(credential("{\"v\":1,\"seq\":1,\"ts\":\"2026-11-25T10:15:30.123Z\",\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(credential(HEAD.replace("1042", "\"1042\"") + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":256,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(credential(HEAD.replace("1042", "0") + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(credential(HEAD.replace("1042", "9007199254740992") + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":1.5,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2},\"pin\":\"12\"}")
                .rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(credential(HEAD.replace(".123Z", "Z") + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(credential(HEAD.replace("\"v\":1", "\"v\":2") + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2}}")
                .rejection().reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(credential(HEAD + "\"card\":{\"raw\":\"00\",\"bits\":30}}").rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void rejectsUnknownMembersWithoutEchoingThemAtLength() {
        var r = credential(HEAD + "\"card\":{\"format\":\"H10301\",\"facility\":1,\"number\":2},\"" + "z".repeat(100) + "\":1}");
        assertThat(r.rejection().reason()).isEqualTo(Reason.UNKNOWN_MEMBER);
        assertThat(r.rejection().detail().length()).isLessThan(80);
    }

    @Test
    void readsStatusAndTheLastWill() {
        var online = parser.parse(ReaderTopic.Kind.STATUS,
                "{\"v\":1,\"state\":\"online\",\"ts\":\"2026-11-25T10:00:00.000Z\",\"fw\":\"1.4.2\",\"tamper\":false,\"seq\":1041}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(((ReaderMessage.Status) online.message()).online()).isTrue();
        var will = parser.parse(ReaderTopic.Kind.STATUS, "{\"v\":1,\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(((ReaderMessage.Status) will.message()).online()).isFalse();
    }

    @Test
    void readsEventsAndRejectsUnknownEventTypes() {
        var ok = parser.parse(ReaderTopic.Kind.EVENT, (HEAD + "\"type\":\"TAMPER\",\"detail\":\"case opened\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(((ReaderMessage.Event) ok.message()).type()).isEqualTo("TAMPER");
        var bad = parser.parse(ReaderTopic.Kind.EVENT, (HEAD + "\"type\":\"UNLOCK\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(bad.rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
    }
}
