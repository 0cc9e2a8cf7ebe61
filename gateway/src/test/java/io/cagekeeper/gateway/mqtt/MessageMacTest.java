package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageMacTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static byte[] sign(String json) {
        String mac = Base64.getEncoder().encodeToString(MessageMac.compute(KEY, json.getBytes(StandardCharsets.UTF_8)));
        return (json.substring(0, json.length() - 1) + ",\"mac\":\"" + mac + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void verifiesAMacInsertedAsTheLastMember() {
        String json = "{\"v\":1,\"msgId\":\"a\",\"seq\":1}";
        MessageMac.Split s = MessageMac.split(sign(json));
        assertThat(new String(s.signed(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(MessageMac.verify(KEY, s.signed(), s.mac())).isTrue();
    }

    @Test
    void refusesATamperedPayload() {
        byte[] signed = sign("{\"v\":1,\"msgId\":\"a\",\"seq\":1}");
        String tampered = new String(signed, StandardCharsets.UTF_8).replace("\"seq\":1", "\"seq\":2");
        MessageMac.Split s = MessageMac.split(tampered.getBytes(StandardCharsets.UTF_8));
        assertThat(MessageMac.verify(KEY, s.signed(), s.mac())).isFalse();
    }

    @Test
    void refusesAWrongKeyAndGarbageMac() {
        MessageMac.Split s = MessageMac.split(sign("{\"v\":1}"));
        assertThat(MessageMac.verify("another key another key another k".getBytes(StandardCharsets.US_ASCII), s.signed(), s.mac())).isFalse();
        assertThat(MessageMac.verify(KEY, s.signed(), "!!!not base64")).isFalse();
    }

    @Test
    void findsNoMacWhenItIsNotTheLastMember() {
        byte[] p = "{\"mac\":\"AAAA\",\"v\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(MessageMac.split(p).mac()).isNull();
        assertThat(MessageMac.split("{}".getBytes(StandardCharsets.UTF_8)).mac()).isNull();
    }
    @Test
    void splitsTheShortestSignedMessage() {
        MessageMac.Split s = MessageMac.split("{,\"mac\":\"\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(s.signed(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(s.mac()).isEmpty();
    }

    @Test
    void acceptsEveryBase64CharacterInTheMacAndNothingElse() {
        MessageMac.Split s = MessageMac.split("{\"v\":1,\"mac\":\"AZaz09+/=\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(s.mac()).isEqualTo("AZaz09+/=");
        assertThat(new String(s.signed(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}");
        for (String outside : new String[] {"@", "[", "`", "{", ":", ".", "-"}) {
            byte[] p = ("{\"v\":1,\"mac\":\"AA" + outside + "AA\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(MessageMac.split(p).mac()).as(outside).isNull();
        }
    }

    @Test
    void findsNoMacUnlessThePayloadEndsWithTheClosingQuoteAndBrace() {
        assertThat(MessageMac.split("{\"v\":1,\"mac\":\"AAAA\"]".getBytes(StandardCharsets.UTF_8)).mac()).isNull();
        assertThat(MessageMac.split("{\"v\":1,\"mac\":\"AAAA}".getBytes(StandardCharsets.UTF_8)).mac()).isNull();
        assertThat(MessageMac.split("{\"v\":1,\"mac\":\"AAAA\" }".getBytes(StandardCharsets.UTF_8)).mac()).isNull();
    }
}
