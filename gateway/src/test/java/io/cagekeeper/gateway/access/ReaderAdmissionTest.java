package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessageParser;
import io.cagekeeper.gateway.mqtt.ReaderTopic;
import io.cagekeeper.gateway.mqtt.Rejection.Reason;
import io.cagekeeper.policy.engine.PolicySnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The first stage of the spine, on its own: topic, reader, retain flag, rate, key, MAC, parse, in that
 * order, with the real parser and MAC check. Readers of the test site: "plain" (no key, allowed unsigned)
 * and "signed" (keyed).
 */
class ReaderAdmissionTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:15:30.123Z");
    private static final PolicySnapshot SNAPSHOT = PolicySnapshot.compile(1, HostilePayloadFuzzTest.site());
    private static final ReaderPolicy TRUST = new ReaderPolicy(id -> id.equals("signed") ? HostilePayloadFuzzTest.KEY : null,
            Set.of("plain"), Duration.ofSeconds(10), 1_000, Duration.ofSeconds(30));
    private static final String CREDENTIAL = "{\"v\":1,\"msgId\":\"m-1\",\"seq\":7,\"ts\":\"2026-11-25T10:15:30.123Z\","
            + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
    private static final String EVENT = "{\"v\":1,\"msgId\":\"e-1\",\"seq\":8,\"ts\":\"2026-11-25T10:15:30.123Z\",\"type\":\"HEARTBEAT\"}";
    private static final String STATUS = "{\"v\":1,\"state\":\"online\"}";

    private final ReaderAdmission admission = new ReaderAdmission("cage", "dc1", TRUST, new ReaderGuard(1e9, 1e9, 1000, Duration.ofMinutes(1)));
    /** Never has a token: every message is over its rate. */
    private final ReaderAdmission overRate = new ReaderAdmission("cage", "dc1", TRUST, new ReaderGuard(0, 0, 1000, Duration.ofMinutes(1)));

    private static IncomingMessage message(String topic, String payload, boolean retained) {
        return new IncomingMessage(topic, payload.getBytes(StandardCharsets.UTF_8), retained, T0, () -> { });
    }

    private static IncomingMessage message(String reader, String kind, String payload) {
        return message("cage/dc1/readers/" + reader + "/" + kind, payload, false);
    }

    private ReaderAdmission.Outcome admit(IncomingMessage m) {
        return admission.admit(m, SNAPSHOT);
    }

    private static Reason refusal(ReaderAdmission.Outcome o) {
        assertThat(o).isInstanceOf(ReaderAdmission.Refused.class);
        return ((ReaderAdmission.Refused) o).rejection().reason();
    }

    private static ReaderAdmission.Admitted admitted(ReaderAdmission.Outcome o) {
        assertThat(o).isInstanceOf(ReaderAdmission.Admitted.class);
        return (ReaderAdmission.Admitted) o;
    }

    /** A signed credential padded with leading spaces to exactly {@code bytes} bytes. */
    private static String signedOf(int bytes) {
        String padding = " ".repeat(bytes - HostilePayloadFuzzTest.sign(CREDENTIAL).length());
        return HostilePayloadFuzzTest.sign(padding + CREDENTIAL);
    }

    @Test
    void aTopicOutsideTheTableIsRefusedNamingNoReader() {
        var o = admit(message("cage/dc1/readers/plain/unlock", CREDENTIAL, false));
        assertThat(o).isEqualTo(new ReaderAdmission.Refused(null, null,
                new io.cagekeeper.gateway.mqtt.Rejection(Reason.BAD_TOPIC, "topic does not match the reader interface")));
        assertThat(refusal(admit(message("cage/dc2/readers/plain/credential", CREDENTIAL, false)))).isEqualTo(Reason.BAD_TOPIC);
    }

    @Test
    void ourOwnIndicationEchoedByTheBrokerIsNoMessageToJudge() {
        assertThat(admit(message("plain", "indicate", "{\"v\":1}"))).isInstanceOf(ReaderAdmission.Echo.class);
        assertThat(admit(message("ghost", "indicate", "junk"))).isInstanceOf(ReaderAdmission.Echo.class);
    }

    @Test
    void aReaderThePolicyDoesNotKnowIsRefusedWithTheIdItClaimed() {
        var o = (ReaderAdmission.Refused) admit(message("ghost", "credential", CREDENTIAL));
        assertThat(o.reader()).isNull();
        assertThat(o.claimedId()).isEqualTo("ghost");
        assertThat(o.rejection().reason()).isEqualTo(Reason.UNKNOWN_READER);
        var noPolicy = (ReaderAdmission.Refused) admission.admit(message("plain", "credential", CREDENTIAL), null);
        assertThat(noPolicy.reader()).isNull();
        assertThat(noPolicy.claimedId()).isEqualTo("plain");
        assertThat(noPolicy.rejection().reason()).isEqualTo(Reason.UNKNOWN_READER);
    }

    @Test
    void aRetainedCredentialOrEventIsRefusedButARetainedStatusIsItsPurpose() {
        var credential = (ReaderAdmission.Refused) admit(message("cage/dc1/readers/plain/credential", CREDENTIAL, true));
        assertThat(credential.rejection().reason()).isEqualTo(Reason.RETAINED);
        assertThat(credential.rejection().detail()).isEqualTo("a credential must never be retained");
        assertThat(credential.reader().id()).isEqualTo("plain");
        assertThat(credential.claimedId()).isEqualTo("plain");
        assertThat(refusal(admit(message("cage/dc1/readers/plain/event", EVENT, true)))).isEqualTo(Reason.RETAINED);
        assertThat(admitted(admit(message("cage/dc1/readers/plain/status", STATUS, true))).message())
                .isInstanceOf(ReaderMessage.Status.class);
    }

    @Test
    void aReaderWithNeitherAKeyNorASettingNamingItUnsignedIsRefused() {
        ReaderAdmission strict = new ReaderAdmission("cage", "dc1", new ReaderPolicy(id -> null, Set.of(), Duration.ofSeconds(10), 1_000,
                Duration.ofSeconds(30)), new ReaderGuard(1e9, 1e9, 1000, Duration.ofMinutes(1)));
        var o = (ReaderAdmission.Refused) strict.admit(message("plain", "credential", CREDENTIAL), SNAPSHOT);
        assertThat(o.rejection().reason()).isEqualTo(Reason.NO_KEY);
        assertThat(o.reader().id()).isEqualTo("plain");
    }

    @Test
    void aKeyedReadersMessageWithoutAMacOrWithOneThatFailsIsRefused() {
        assertThat(refusal(admit(message("signed", "credential", CREDENTIAL)))).isEqualTo(Reason.MISSING_MAC);
        assertThat(refusal(admit(message("signed", "event", EVENT)))).isEqualTo(Reason.MISSING_MAC);
        String tampered = HostilePayloadFuzzTest.sign(CREDENTIAL).replace("40211", "40212");
        assertThat(refusal(admit(message("signed", "credential", tampered)))).isEqualTo(Reason.BAD_MAC);
    }

    @Test
    void aKeyedReadersSignedMessageIsAdmittedAsSignedAndParsedWithoutItsMac() {
        var a = admitted(admit(message("signed", "credential", HostilePayloadFuzzTest.sign(CREDENTIAL))));
        assertThat(a.signed()).isTrue();
        assertThat(a.reader().id()).isEqualTo("signed");
        assertThat(a.topic()).isEqualTo(new ReaderTopic("signed", ReaderTopic.Kind.CREDENTIAL));
        assertThat(((ReaderMessage.Credential) a.message()).msgId()).isEqualTo("m-1");
        assertThat(admitted(admit(message("signed", "event", HostilePayloadFuzzTest.sign(EVENT)))).signed()).isTrue();
    }

    @Test
    void aStatusIsNeverSignedEvenFromAKeyedReader() {
        var plain = admitted(admit(message("signed", "status", STATUS)));
        assertThat(plain.signed()).isFalse();
        var withMac = admitted(admit(message("signed", "status", HostilePayloadFuzzTest.sign(STATUS))));
        assertThat(withMac.signed()).as("its mac proves nothing about a Last Will").isFalse();
        assertThat(withMac.message()).isEqualTo(plain.message());
    }

    @Test
    void anUnsignedReadersMessageIsAdmittedUnsignedWithAnyMacLeftOut() {
        var a = admitted(admit(message("plain", "credential", CREDENTIAL)));
        assertThat(a.signed()).isFalse();
        var withMac = admitted(admit(message("plain", "credential", HostilePayloadFuzzTest.sign(CREDENTIAL))));
        assertThat(withMac.signed()).isFalse();
        assertThat(withMac.message()).isEqualTo(a.message());
    }

    @Test
    void aSignedMessageOfExactlyFourKilobytesIsVerifiedAndOneByteMoreIsTooLarge() {
        var exact = admitted(admit(message("signed", "credential", signedOf(ReaderMessageParser.MAX_BYTES))));
        assertThat(exact.signed()).isTrue();
        assertThat(refusal(admit(message("signed", "credential", signedOf(ReaderMessageParser.MAX_BYTES + 1)))))
                .isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void whatTheParserRefusesIsRefusedForTheReaderItCameFrom() {
        var o = (ReaderAdmission.Refused) admit(message("plain", "credential", "{\"v\":1}"));
        assertThat(o.rejection().reason()).isEqualTo(Reason.MISSING_MEMBER);
        assertThat(o.reader().id()).isEqualTo("plain");
        assertThat(o.claimedId()).isEqualTo("plain");
        var signedJunk = (ReaderAdmission.Refused) admit(message("signed", "credential", HostilePayloadFuzzTest.sign("{\"v\":1}")));
        assertThat(signedJunk.rejection().reason()).isEqualTo(Reason.MISSING_MEMBER);
    }

    @Test
    void aCredentialOverTheRateKeepsItsMsgIdToBeAnsweredDeny() {
        var plain = (ReaderAdmission.OverRate) overRate.admit(message("plain", "credential", CREDENTIAL), SNAPSHOT);
        assertThat(plain.reader().id()).isEqualTo("plain");
        assertThat(plain.credentialMsgId()).isEqualTo("m-1");
        var signed = (ReaderAdmission.OverRate) overRate.admit(message("signed", "credential", HostilePayloadFuzzTest.sign(CREDENTIAL)), SNAPSHOT);
        assertThat(signed.credentialMsgId()).isEqualTo("m-1");
        var exact = (ReaderAdmission.OverRate) overRate.admit(message("signed", "credential", signedOf(ReaderMessageParser.MAX_BYTES)), SNAPSHOT);
        assertThat(exact.credentialMsgId()).isEqualTo("m-1");
    }

    @Test
    void aMessageOverTheRateIsAnsweredOnlyWhenItIsAGenuineCredential() {
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("plain", "event", EVENT), SNAPSHOT)).credentialMsgId()).isNull();
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("plain", "status", STATUS), SNAPSHOT)).credentialMsgId()).isNull();
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("plain", "credential", "{\"v\":1}"), SNAPSHOT)).credentialMsgId())
                .isNull();
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("signed", "credential", CREDENTIAL), SNAPSHOT)).credentialMsgId())
                .as("keyed, no mac").isNull();
        String tampered = HostilePayloadFuzzTest.sign(CREDENTIAL).replace("m-1", "m-2");
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("signed", "credential", tampered), SNAPSHOT)).credentialMsgId())
                .as("keyed, mac fails").isNull();
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("signed", "credential", signedOf(ReaderMessageParser.MAX_BYTES + 1)),
                SNAPSHOT)).credentialMsgId()).as("too large").isNull();
        assertThat(((ReaderAdmission.OverRate) overRate.admit(message("plain", "credential", " ".repeat(4097) + CREDENTIAL), SNAPSHOT))
                .credentialMsgId()).as("too large, unsigned").isNull();
    }
}
