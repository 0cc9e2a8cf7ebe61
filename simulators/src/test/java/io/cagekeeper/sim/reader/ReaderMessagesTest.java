package io.cagekeeper.sim.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReaderMessagesTest {

    private static final Instant TS = Instant.parse("2026-11-25T10:15:30.123Z");
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void serialisesACredentialInTheDatasheetsMemberOrder() {
        String json = ReaderMessages.credential("m-1", 1042, TS, Card.h10301(18, 40211), "4821");
        assertThat(json).isEqualTo("{\"v\":1,\"msgId\":\"m-1\",\"seq\":1042,\"ts\":\"2026-11-25T10:15:30.123Z\","
                + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211},\"pin\":\"4821\"}");
    }

    @Test
    void addsTheBiometricResultAfterThePin() {
        String json = ReaderMessages.credential("m", 1, TS, Card.raw("02020002", 26).withBio(false, "t\"1"), null);
        assertThat(json).endsWith(",\"card\":{\"raw\":\"02020002\",\"bits\":26},\"bio\":{\"match\":false,\"template\":\"t\\\"1\"}}");
    }

    @Test
    void writesMillisecondsEvenWhenTheyAreZero() {
        assertThat(ReaderMessages.timestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        java.time.format.DateTimeFormatter reference =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        for (int n = 0; n < 100_000; n++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_799L), random.nextInt(1_000_000_000));
            assertThat(ReaderMessages.timestamp(at)).isEqualTo(reference.format(at));
        }
    }

    @Test
    void insertsAMacThatVerifiesOverThePayloadWithoutIt() throws Exception {
        String json = ReaderMessages.event("m-2", 7, TS, "TAMPER", "case opened");
        String signed = new String(ReaderMessages.signed(json, KEY), StandardCharsets.UTF_8);

        int at = signed.lastIndexOf(",\"mac\":\"");
        assertThat(signed).endsWith("\"}");
        String without = signed.substring(0, at) + "}";
        String mac = signed.substring(at + 8, signed.length() - 2);
        assertThat(without).isEqualTo(json);
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(Base64.getDecoder().decode(mac)).isEqualTo(hmac.doFinal(without.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void leavesThePayloadUnsignedWithoutAKey() {
        String json = ReaderMessages.event("m", 1, TS, "HEARTBEAT", null);
        assertThat(ReaderMessages.signed(json, null)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(json).doesNotContain("detail");
    }

    @Test
    void serialisesStatusWithSeqFirmwareAndTamper() {
        assertThat(ReaderMessages.status(true, TS, "1.4.2", false, 1041)).isEqualTo(
                "{\"v\":1,\"state\":\"online\",\"ts\":\"2026-11-25T10:15:30.123Z\",\"fw\":\"1.4.2\",\"tamper\":false,\"seq\":1041}");
    }

    @Test
    void escapesControlCharactersInStrings() {
        assertThat(ReaderMessages.string("a\\b\n\u0001")).isEqualTo("\"a\\\\b\\n\\u0001\"");
    }
}
