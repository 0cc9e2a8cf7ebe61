package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.MessageMac;
import io.cagekeeper.gateway.mqtt.ReaderMessage;
import io.cagekeeper.gateway.mqtt.ReaderMessageParser;
import io.cagekeeper.gateway.mqtt.ReaderTopic;
import io.cagekeeper.gateway.mqtt.Rejection;
import io.cagekeeper.gateway.mqtt.Rejection.Reason;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Reader;

/**
 * The first stage of the spine: is this message something a reader of this site may have sent? In
 * order, cheapest first: the topic, the reader being known, the retain flag (credentials and events are
 * never retained), the reader's rate, its key (mandatory unless the reader is named unsigned), the MAC,
 * then the strict parse. Nothing here changes state but the rate bucket; what comes out is either an
 * admitted message or the reason it was refused. Replay and freshness come next, in {@link AccessController}.
 */
final class ReaderAdmission {

    sealed interface Outcome {
    }

    /** Our own indication, echoed by the broker. */
    record Echo() implements Outcome {
    }

    /** @param signed whether its MAC was verified (a status cannot be signed: it is also the Last Will) */
    record Admitted(ReaderTopic topic, Reader reader, ReaderMessage message, boolean signed) implements Outcome {
    }

    /** @param reader null when the message names no reader the policy knows ({@code claimedId} is what it named) */
    record Refused(Reader reader, String claimedId, Rejection rejection) implements Outcome {
    }

    /** Over the reader's rate: counted, not stored one by one; a credential's msgId is kept to answer DENY. */
    record OverRate(Reader reader, String credentialMsgId) implements Outcome {
    }

    private final String prefix;
    private final String site;
    private final ReaderPolicy trust;
    private final ReaderGuard guard;
    private final ReaderMessageParser parser = new ReaderMessageParser();

    ReaderAdmission(String prefix, String site, ReaderPolicy trust, ReaderGuard guard) {
        this.prefix = prefix;
        this.site = site;
        this.trust = trust;
        this.guard = guard;
    }

    Outcome admit(IncomingMessage m, PolicySnapshot snapshot) {
        ReaderTopic topic = ReaderTopic.parse(prefix, site, m.topic());
        if (topic == null) {
            return new Refused(null, null, new Rejection(Reason.BAD_TOPIC, "topic does not match the reader interface"));
        }
        if (topic.kind() == ReaderTopic.Kind.INDICATE) {
            return new Echo();
        }
        Reader reader = snapshot == null ? null : snapshot.reader(topic.readerId());
        if (reader == null) {
            return new Refused(null, topic.readerId(), new Rejection(Reason.UNKNOWN_READER, "reader is not configured"));
        }
        boolean signable = topic.kind() != ReaderTopic.Kind.STATUS;
        if (m.retained() && signable) {
            return new Refused(reader, reader.id(), new Rejection(Reason.RETAINED,
                    "a " + topic.kind().name().toLowerCase() + " must never be retained"));
        }
        byte[] key = trust.keys().apply(reader.id());
        if (!guard.admit(reader.id(), System.nanoTime())) {
            return new OverRate(reader, topic.kind() == ReaderTopic.Kind.CREDENTIAL ? msgIdOf(topic, m.payload(), key) : null);
        }
        if (key == null && !trust.unsigned().contains(reader.id())) {
            return new Refused(reader, reader.id(), new Rejection(Reason.NO_KEY,
                    "reader has no provisioned key and is not allowed to run unsigned (readers.unsigned)"));
        }
        byte[] body = m.payload();
        boolean signed = false;
        if (body.length <= ReaderMessageParser.MAX_BYTES) {
            MessageMac.Split split = MessageMac.split(body);
            if (key != null && signable) {
                if (split.mac() == null) {
                    return new Refused(reader, reader.id(), new Rejection(Reason.MISSING_MAC, "reader has a key but sent no mac"));
                }
                if (!MessageMac.verify(key, split.signed(), split.mac())) {
                    return new Refused(reader, reader.id(), new Rejection(Reason.BAD_MAC, "mac does not verify"));
                }
                signed = true;
            }
            body = split.signed();
        }
        ReaderMessageParser.Result parsed = parser.parse(topic.kind(), body);
        if (!parsed.ok()) {
            return new Refused(reader, reader.id(), parsed.rejection());
        }
        return new Admitted(topic, reader, parsed.message(), signed);
    }

    /** The msgId of an over-rate credential, to answer it DENY; null unless it parses (and verifies, when keyed). */
    private String msgIdOf(ReaderTopic topic, byte[] payload, byte[] key) {
        if (payload.length > ReaderMessageParser.MAX_BYTES) {
            return null;
        }
        MessageMac.Split split = MessageMac.split(payload);
        if (key != null && (split.mac() == null || !MessageMac.verify(key, split.signed(), split.mac()))) {
            return null;
        }
        ReaderMessageParser.Result parsed = parser.parse(topic.kind(), split.signed());
        return parsed.ok() && parsed.message() instanceof ReaderMessage.Credential c ? c.msgId() : null;
    }
}
