package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.mqtt.Rejection.Reason;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Wiegand;
import io.cagekeeper.policy.model.CardNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    // --- boundaries of the datasheet (reader-mqtt.md), one member at a time -------------------------

    private static final String CARD = "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}";

    private ReaderMessageParser.Result status(String json) {
        return parser.parse(ReaderTopic.Kind.STATUS, json.getBytes(StandardCharsets.UTF_8));
    }

    private ReaderMessageParser.Result event(String json) {
        return parser.parse(ReaderTopic.Kind.EVENT, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Reason reason(ReaderMessageParser.Result r) {
        assertThat(r.ok()).as("refused").isFalse();
        assertThat(r.message()).isNull();
        return r.rejection().reason();
    }

    private static ReaderMessage.Credential accepted(ReaderMessageParser.Result r) {
        assertThat(r.rejection()).as("no rejection").isNull();
        assertThat(r.ok()).isTrue();
        return (ReaderMessage.Credential) r.message();
    }

    /** A credential whose card member is {@code card} (a whole {@code "card":...} member). */
    private ReaderMessageParser.Result withCard(String cardObject) {
        return credential(HEAD + "\"card\":" + cardObject + "}");
    }

    private CardRead cardOf(String cardObject) {
        return accepted(withCard(cardObject)).card();
    }

    @Test
    void acceptsAPayloadOfExactlyFourKilobytesAndRefusesOneByteMore() {
        String body = HEAD + CARD + "}";
        String exact = " ".repeat(ReaderMessageParser.MAX_BYTES - body.length()) + body;
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
        assertThat(accepted(credential(exact)).seq()).isEqualTo(1042);
        var over = credential(" " + exact);
        assertThat(reason(over)).isEqualTo(Reason.TOO_LARGE);
        assertThat(over.rejection().detail()).isEqualTo("4097 bytes, limit 4096");
    }

    @Test
    void refusesAnIndicationSentToTheServerAsABadTopic() {
        var r = parser.parse(ReaderTopic.Kind.INDICATE, "{\"v\":1,\"replyTo\":\"m-1\",\"result\":\"GRANT\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(reason(r)).isEqualTo(Reason.BAD_TOPIC);
    }

    @Test
    void refusesAPayloadOfOnlyWhitespaceAsNotAnObject() {
        assertThat(reason(credential(" \t\r\n"))).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(reason(credential("\t[1]"))).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(reason(credential("\n{\"v\":"))).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void returnsEveryMemberOfACredentialAsTheReaderSentIt() {
        var c = accepted(credential(HEAD + CARD + ",\"pin\":\"12345678\",\"bio\":{\"match\":true,\"template\":\"t-7\"}}"));
        assertThat(c.msgId()).isEqualTo("m-1");
        assertThat(c.seq()).isEqualTo(1042);
        assertThat(c.ts()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123Z"));
        assertThat(c.pin()).isEqualTo("12345678");
        assertThat(c.bioMatch()).isTrue();
        assertThat(c.toString()).contains("pin=****").doesNotContain("12345678");
        var plain = accepted(credential(HEAD + CARD + "}"));
        assertThat(plain.pin()).isNull();
        assertThat(plain.bioMatch()).isNull();
        assertThat(plain.toString()).doesNotContain("pin");
        assertThat(accepted(credential(HEAD + CARD + ",\"bio\":{\"match\":false}}")).bioMatch()).isFalse();
    }

    @Test
    void acceptsAPinOfFourToEightDigitsOnlyAndOnlyAsAString() {
        assertThat(accepted(credential(HEAD + CARD + ",\"pin\":\"0000\"}")).pin()).isEqualTo("0000");
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":\"123\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":\"123456789\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":\"12a4\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":4821}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":null}"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void acceptsABiometricResultOnlyInTheDatasheetsShape() {
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"template\":\"t\"}}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":\"yes\"}}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"score\":99}}"))).isEqualTo(Reason.UNKNOWN_MEMBER);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":true}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":null}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(accepted(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"template\":\"" + "t".repeat(64) + "\"}}"))
                .bioMatch()).isTrue();
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"template\":\"" + "t".repeat(65) + "\"}}")))
                .isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"template\":7}}"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void acceptsAnH10301CardAtTheEdgesOfItsRangesAndNotBeyond() {
        assertThat(cardOf("{\"format\":\"H10301\",\"facility\":0,\"number\":0}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.h10301(0, 0)));
        assertThat(cardOf("{\"format\":\"H10301\",\"facility\":255,\"number\":65535}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.h10301(255, 65535)));
        assertThat(reason(withCard("{\"format\":\"H10301\",\"facility\":-1,\"number\":0}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"H10301\",\"facility\":0,\"number\":-1}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"H10301\",\"facility\":0,\"number\":65536}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"H10301\",\"number\":1}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(withCard("{\"format\":\"H10301\",\"facility\":null,\"number\":1}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(withCard("{\"format\":\"H10301\",\"facility\":1,\"number\":1,\"company\":1}")))
                .isEqualTo(Reason.UNKNOWN_MEMBER);
    }

    @Test
    void acceptsACorporate1000CardAtTheEdgesOfItsRangesAndNotBeyond() {
        assertThat(cardOf("{\"format\":\"C1000\",\"company\":0,\"number\":0}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.c1000(0, 0)));
        assertThat(cardOf("{\"format\":\"C1000\",\"company\":4095,\"number\":1048575}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.c1000(4095, 1048575)));
        assertThat(reason(withCard("{\"format\":\"C1000\",\"company\":4096,\"number\":0}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"C1000\",\"company\":0,\"number\":1048576}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"C1000\",\"company\":-1,\"number\":0}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"format\":\"C1000\",\"facility\":1,\"number\":1}"))).isEqualTo(Reason.UNKNOWN_MEMBER);
    }

    @Test
    void refusesACardWithoutAKnownFormat() {
        assertThat(reason(withCard("{}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(withCard("{\"format\":26,\"number\":1}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(withCard("{\"format\":\"H10302\",\"number\":1}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("\"18:40211\""))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(withCard("null"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.substring(0, HEAD.length() - 1) + "}"))).isEqualTo(Reason.MISSING_MEMBER);
    }

    @Test
    void decodesRawFramesOfEachOfTheThreeLengths() {
        assertThat(cardOf("{\"raw\":\"" + Wiegand.encode(CardNumber.h10301(18, 40211)) + "\",\"bits\":26}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.h10301(18, 40211)));
        assertThat(cardOf("{\"bits\":35,\"raw\":\"" + Wiegand.encode(CardNumber.c1000(4000, 1048000)) + "\"}"))
                .isEqualTo(new CardRead.Decoded(CardNumber.c1000(4000, 1048000)));
        CardNumber h10302 = new CardNumber(io.cagekeeper.policy.model.CardFormat.H10302, 0, 12_345_678_901L);
        assertThat(cardOf("{\"raw\":\"" + Wiegand.encode(h10302) + "\",\"bits\":37}")).isEqualTo(new CardRead.Decoded(h10302));
        String lower = Wiegand.encode(CardNumber.h10301(200, 65535)).toLowerCase();
        assertThat(lower).containsPattern("[a-f]").contains("0");
        assertThat(cardOf("{\"raw\":\"" + lower + "\",\"bits\":26}")).isEqualTo(new CardRead.Decoded(CardNumber.h10301(200, 65535)));
    }

    @Test
    void aRawFrameWithAParityErrorInEitherParityBitIsAnUnreadableCardNotARefusedMessage() {
        String good = Wiegand.encode(CardNumber.h10301(18, 40211));
        long frame = Long.parseLong(good, 16);
        for (long flip : new long[] {1L, 1L << 25}) {
            String bad = String.format("%08X", frame ^ flip);
            assertThat(cardOf("{\"raw\":\"" + bad + "\",\"bits\":26}")).as("bit %d", Long.numberOfTrailingZeros(flip))
                    .isInstanceOf(CardRead.Unreadable.class);
        }
        assertThat(cardOf("{\"raw\":\"" + String.format("%08X", frame | 1L << 26) + "\",\"bits\":26}"))
                .as("a padding bit set").isInstanceOf(CardRead.Unreadable.class);
    }

    @Test
    void refusesARawFrameOfTheWrongLengthOrWithAnythingButHexDigits() {
        String good = Wiegand.encode(CardNumber.h10301(18, 40211));
        assertThat(good).hasSize(8);
        assertThat(reason(withCard("{\"raw\":\"" + good + "00\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"raw\":\"" + good.substring(2) + "\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"raw\":\"" + good + "\",\"bits\":35}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"raw\":\"0000000G\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"raw\":\"0000 000\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
        // digits of other scripts are digits to Character.digit, but not hex to the datasheet
        String fullWidth = good.chars().mapToObj(ch -> String.valueOf(ch >= '0' && ch <= '9' ? (char) (ch - '0' + '\uFF10') : (char) ch))
                .collect(java.util.stream.Collectors.joining());
        assertThat(fullWidth).isNotEqualTo(good);
        assertThat(reason(withCard("{\"raw\":\"" + fullWidth + "\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(withCard("{\"raw\":\"\u0663" + good.substring(1) + "\",\"bits\":26}"))).isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void refusesARawFrameWithoutItsBitsOrWithBitsTheReadersDoNotSend() {
        String good = Wiegand.encode(CardNumber.h10301(18, 40211));
        assertThat(reason(withCard("{\"raw\":\"" + good + "\"}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(withCard("{\"bits\":26}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(withCard("{\"raw\":12345678,\"bits\":26}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(withCard("{\"raw\":\"" + good + "\",\"bits\":\"26\"}"))).isEqualTo(Reason.WRONG_TYPE);
        for (int bits : new int[] {0, 1, 25, 27, 34, 36, 38, 64, 65}) {
            String hex = "0".repeat(Math.max(2, (bits + 7) / 8 * 2));
            assertThat(reason(withCard("{\"raw\":\"" + hex + "\",\"bits\":" + bits + "}"))).as("%d bits", bits).isEqualTo(Reason.OUT_OF_RANGE);
        }
        assertThat(reason(withCard("{\"raw\":\"" + good + "\",\"bits\":26,\"format\":\"H10301\"}"))).isEqualTo(Reason.UNKNOWN_MEMBER);
    }

    @Test
    void acceptsSeqFromOneToTwoToTheFiftyThreeMinusOne() {
        assertThat(accepted(credential(HEAD.replace("1042", "1") + CARD + "}")).seq()).isEqualTo(1);
        assertThat(accepted(credential(HEAD.replace("1042", "9007199254740991") + CARD + "}")).seq()).isEqualTo(9007199254740991L);
        assertThat(accepted(credential(HEAD.replace("1042", "2147483648") + CARD + "}")).seq()).isEqualTo(2147483648L);
        assertThat(reason(credential(HEAD.replace("1042", "-1") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("1042", "1.0") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("1042", "null") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("1042", "true") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("\"seq\":1042,", "") + CARD + "}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(credential(HEAD.replace("1042", "18446744073709551616") + CARD + "}")))
                .isIn(Reason.WRONG_TYPE, Reason.OUT_OF_RANGE);
    }

    @Test
    void acceptsVersionOneOnlyWhateverIntegerComesInstead() {
        for (String v : new String[] {"0", "2", "-1", "9223372036854775807", "-9223372036854775808"}) {
            assertThat(reason(credential(HEAD.replace("\"v\":1", "\"v\":" + v) + CARD + "}"))).as(v).isEqualTo(Reason.UNSUPPORTED_VERSION);
        }
        assertThat(reason(credential(HEAD.replace("\"v\":1", "\"v\":\"1\"") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("\"v\":1", "\"v\":1.0") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("\"v\":1,", "") + CARD + "}"))).isEqualTo(Reason.MISSING_MEMBER);
    }

    @Test
    void acceptsAMsgIdOfOneToSixtyFourPrintableCharacters() {
        assertThat(accepted(credential(HEAD.replace("m-1", "x") + CARD + "}")).msgId()).isEqualTo("x");
        String longest = " ~" + "a".repeat(62);
        assertThat(accepted(credential(HEAD.replace("m-1", longest) + CARD + "}")).msgId()).isEqualTo(longest);
        assertThat(accepted(credential(HEAD.replace("m-1", "\\u00e9t\\u00e9") + CARD + "}")).msgId()).isEqualTo("\u00e9t\u00e9");
        assertThat(reason(credential(HEAD.replace("m-1", "a".repeat(65)) + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("m-1", "") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("m-1", "a\\u001fb") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("m-1", "a\u007fb") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("m-1", "a\\tb") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(credential(HEAD.replace("\"m-1\"", "7") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void readsTheTimestampOnlyInTheDatasheetsFormAndOnlyAsARealInstant() {
        assertThat(reason(credential(HEAD.replace("\"ts\":\"2026-11-25T10:15:30.123Z\",", "") + CARD + "}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(credential(HEAD.replace("\"2026-11-25T10:15:30.123Z\"", "null") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("\"2026-11-25T10:15:30.123Z\"", "1764065730123") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("10:15:30.123Z", "10:15:30.123+00:00") + CARD + "}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(credential(HEAD.replace("2026-11-25", "2026-02-30") + CARD + "}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(accepted(credential(HEAD.replace("2026-11-25T10:15:30.123Z", "2028-02-29T23:59:59.999Z") + CARD + "}")).ts())
                .isEqualTo(Instant.parse("2028-02-29T23:59:59.999Z"));
    }

    @Test
    void refusesAPayloadWithADuplicateMemberAtAnyDepth() {
        assertThat(reason(credential(HEAD + CARD + ",\"pin\":\"1234\",\"pin\":\"5678\"}"))).isEqualTo(Reason.DUPLICATE_MEMBER);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":false,\"match\":true}}"))).isEqualTo(Reason.DUPLICATE_MEMBER);
        assertThat(reason(credential("{\"v\":1," + HEAD.substring(1) + CARD + "}"))).isEqualTo(Reason.DUPLICATE_MEMBER);
        var r = credential(HEAD + CARD + ",\"seq\":1043}");
        assertThat(r.rejection().detail()).isEqualTo("duplicate member");
    }

    @Test
    void refusesNulAndLoneSurrogatesWrittenAsEscapesButKeepsRealPairs() {
        assertThat(reason(credential(HEAD.replace("m-1", "m\\u0000") + CARD + "}"))).isEqualTo(Reason.BAD_TEXT);
        assertThat(reason(credential(HEAD.replace("m-1", "m\\ud800") + CARD + "}"))).isEqualTo(Reason.BAD_TEXT);
        assertThat(reason(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"template\":\"\\udc00\"}}"))).isEqualTo(Reason.BAD_TEXT);
        assertThat(reason(credential(HEAD + CARD + ",\"\\u0000\":1}"))).isEqualTo(Reason.BAD_TEXT);
        assertThat(accepted(credential(HEAD.replace("m-1", "m\\ud83d\\ude00") + CARD + "}")).msgId()).isEqualTo("m\ud83d\ude00");
        assertThat(accepted(credential(HEAD.replace("m-1", "m\ud83d\ude00") + CARD + "}")).msgId()).isEqualTo("m\ud83d\ude00");
    }

    @Test
    void namesAnUnknownMemberInFullUpToThirtyTwoCharactersAndMasksWhatIsNotPrintable() {
        String name32 = "n".repeat(32);
        assertThat(credential(HEAD + CARD + ",\"" + name32 + "\":1}").rejection().detail()).isEqualTo("unknown member '" + name32 + "'");
        assertThat(credential(HEAD + CARD + ",\"" + name32 + "x\":1}").rejection().detail())
                .isEqualTo("unknown member '" + name32 + "\u2026'");
        assertThat(credential(HEAD + CARD + ",\"caf\u00e9\":1}").rejection().detail()).isEqualTo("unknown member 'caf?'");
        assertThat(withCard("{\"format\":\"H10301\",\"facility\":1,\"number\":1,\"x\":1}").rejection().detail())
                .isEqualTo("unknown member 'card.x'");
        assertThat(credential(HEAD + CARD + ",\"bio\":{\"match\":true,\"y\":1}}").rejection().detail()).isEqualTo("unknown member 'bio.y'");
        assertThat(reason(credential(HEAD + CARD + ",\"mac\":\"AAAA\"}"))).as("a mac the admission did not remove").isEqualTo(Reason.UNKNOWN_MEMBER);
    }

    @Test
    void readsEveryMemberOfAStatus() {
        var online = (ReaderMessage.Status) status("{\"v\":1,\"state\":\"online\",\"ts\":\"2026-11-25T10:00:00.000Z\",\"fw\":\"1.4.2\","
                + "\"tamper\":true,\"seq\":1041}").message();
        assertThat(online).isEqualTo(new ReaderMessage.Status(true, Instant.parse("2026-11-25T10:00:00Z"), "1.4.2", true, 1041L));
        assertThat(status("{\"v\":1,\"state\":\"offline\"}").message()).isEqualTo(new ReaderMessage.Status(false, null, null, null, null));
        assertThat(((ReaderMessage.Status) status("{\"v\":1,\"state\":\"online\",\"tamper\":false}").message()).tamper()).isFalse();
    }

    @Test
    void refusesAStatusOutsideTheDatasheet() {
        assertThat(reason(status("{\"v\":1}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(status("{\"v\":1,\"state\":true}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(status("{\"v\":1,\"state\":\"asleep\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(status("{\"v\":2,\"state\":\"online\"}"))).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"msgId\":\"m\"}"))).isEqualTo(Reason.UNKNOWN_MEMBER);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"ts\":null}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"ts\":\"2026-11-25T10:00:00Z\"}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"tamper\":\"no\"}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"fw\":142}"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void acceptsAFirmwareVersionOfAtMostThirtyTwoCharacters() {
        String fw32 = "1".repeat(32);
        assertThat(((ReaderMessage.Status) status("{\"v\":1,\"state\":\"online\",\"fw\":\"" + fw32 + "\"}").message()).firmware())
                .isEqualTo(fw32);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"fw\":\"" + fw32 + "1\"}"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void acceptsAStatusSeqFromZeroToTwoToTheFiftyThreeMinusOne() {
        assertThat(((ReaderMessage.Status) status("{\"v\":1,\"state\":\"online\",\"seq\":0}").message()).seq()).isZero();
        assertThat(((ReaderMessage.Status) status("{\"v\":1,\"state\":\"online\",\"seq\":9007199254740991}").message()).seq())
                .isEqualTo(9007199254740991L);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"seq\":9007199254740992}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(status("{\"v\":1,\"state\":\"online\",\"seq\":-1}"))).isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void readsEveryEventTypeOfTheDatasheetWithItsMembers() {
        for (String type : new String[] {"TAMPER", "TAMPER_CLEARED", "HEARTBEAT", "BOOT", "CLOCK_SET"}) {
            var e = (ReaderMessage.Event) event(HEAD + "\"type\":\"" + type + "\"}").message();
            assertThat(e).as(type).isEqualTo(new ReaderMessage.Event("m-1", 1042, Instant.parse("2026-11-25T10:15:30.123Z"), type, null));
        }
        String detail256 = "d".repeat(256);
        assertThat(((ReaderMessage.Event) event(HEAD + "\"type\":\"TAMPER\",\"detail\":\"" + detail256 + "\"}").message()).detail())
                .isEqualTo(detail256);
    }

    @Test
    void refusesAnEventOutsideTheDatasheet() {
        assertThat(reason(event(HEAD + "\"type\":\"TAMPER\",\"detail\":\"" + "d".repeat(257) + "\"}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(event(HEAD + "\"type\":\"TAMPER\",\"detail\":7}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(event(HEAD.substring(0, HEAD.length() - 1) + "}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(event(HEAD + "\"type\":1}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(reason(event(HEAD + "\"type\":\"tamper\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(event(HEAD + "\"type\":\"BOOT\"," + CARD + "}"))).isEqualTo(Reason.UNKNOWN_MEMBER);
        assertThat(reason(event(HEAD.replace("\"v\":1", "\"v\":3") + "\"type\":\"BOOT\"}"))).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(reason(event(HEAD.replace("\"msgId\":\"m-1\",", "") + "\"type\":\"BOOT\"}"))).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(reason(event(HEAD.replace("1042", "0") + "\"type\":\"BOOT\"}"))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(reason(event(HEAD.replace("\"ts\":\"2026-11-25T10:15:30.123Z\",", "") + "\"type\":\"BOOT\"}"))).isEqualTo(Reason.MISSING_MEMBER);
    }

    @Test
    void readsARawFrameWithEveryHexDigitInEitherCaseAndNothingNextToThem() {
        for (String hex : new String[] {"01234567", "0089abcd", "00efABCD", "000000EF", "03FFFFFF"}) {
            assertThat(accepted(withCard("{\"raw\":\"" + hex + "\",\"bits\":26}")).card()).as(hex).isNotNull();
        }
        for (char outside : new char[] {'/', ':', '@', 'G', '`', 'g'}) {
            assertThat(reason(withCard("{\"raw\":\"0000000" + outside + "\",\"bits\":26}"))).as("%s", outside).isEqualTo(Reason.OUT_OF_RANGE);
        }
    }

    @Test
    void saysWhichMemberIsWrongAndWhatItShouldBe() {
        String good = Wiegand.encode(CardNumber.h10301(18, 40211));
        assertThat(withCard("{\"raw\":\"" + good + "00\",\"bits\":26}").rejection().detail())
                .isEqualTo("member 'card.raw' must be 8 hex digits for 26 bits");
        assertThat(withCard("{\"raw\":\"" + good + "\",\"bits\":35}").rejection().detail())
                .isEqualTo("member 'card.raw' must be 10 hex digits for 35 bits");
        assertThat(withCard("{\"raw\":\"" + good + "\",\"bits\":37}").rejection().detail())
                .isEqualTo("member 'card.raw' must be 10 hex digits for 37 bits");
        assertThat(withCard("{\"bits\":26}").rejection().detail()).isEqualTo("member 'card.raw' must be a hex string");
        assertThat(withCard("{\"raw\":\"" + good + "\"}").rejection().detail()).isEqualTo("member 'card.bits' is required");
        assertThat(withCard("{\"number\":1}").rejection().detail()).isEqualTo("member 'card' needs 'format' or 'raw'");
        assertThat(credential("not json").rejection().detail()).isEqualTo("payload is not valid JSON");
        assertThat(credential("[1,2]").rejection().detail()).isEqualTo("payload is not a JSON object");
    }

    /** What does not start with '{' is judged by its first token alone: JSON that is not an object, or not JSON. */
    @Test
    void judgesAPayloadThatDoesNotOpenAnObjectByItsFirstToken() {
        assertThat(reason(credential("7 {}"))).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(reason(credential("[1,2"))).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(reason(credential("nul"))).isEqualTo(Reason.NOT_JSON);
    }
}
