package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineEntryTest {

    private static final Instant AT = Instant.parse("2026-12-01T21:00:00Z");

    private static GatewayEvent forcedWithNul() {
        return GatewayEvent.door("door:d1:" + (char) 0, EventType.DOOR_FORCED_OPEN, "d1", AT,
                "Door d1 forced " + (char) 0 + (char) 0xD800, Map.of("n", 1));
    }

    private static QuarantineEntry refused(GatewayEvent e) {
        return QuarantineEntry.refused(new RefusedEvent(e, new PgException("invalid byte sequence for encoding \"UTF8\": 0x00",
                "ERROR", "22021", null)), AT);
    }

    @Test
    void keepsTheRefusedEventWholeAndEverythingElseStorable() {
        QuarantineEntry q = refused(forcedWithNul());
        assertThat(EventCodec.decode(q.content())).isEqualTo(forcedWithNul());
        assertThat(q.encoding()).isEqualTo("event");
        assertThat(q.sqlState()).isEqualTo("22021");
        assertThat(q.key()).isEqualTo("door:d1:\\u0000");
        for (String s : new String[] {q.key(), q.type(), q.source(), q.doorId(), q.content(), q.reason(), q.encode()}) {
            assertThat(StorableText.storable(s)).as(s).isTrue();
        }
        assertThat(QuarantineEntry.decode(q.encode())).isEqualTo(q);
    }

    @Test
    void theSameEventQuarantinedTwiceHasTheSameIdentityAndNotice() {
        assertThat(refused(forcedWithNul()).keyHash()).isEqualTo(refused(forcedWithNul()).keyHash());
        assertThat(refused(forcedWithNul()).notice().key()).isEqualTo(refused(forcedWithNul()).notice().key());
        GatewayEvent other = GatewayEvent.door("door:d1:\\u0000", EventType.DOOR_FORCED_OPEN, "d1", AT, "s", Map.of());
        assertThat(refused(other).keyHash()).as("an escaped key is not the key with a NUL").isNotEqualTo(refused(forcedWithNul()).keyHash());
    }

    @Test
    void theNoticeSaysWhatWasRefusedAndWhyAndIsStorable() {
        GatewayEvent n = refused(forcedWithNul()).notice();
        assertThat(n.type()).isEqualTo(EventType.EVENT_QUARANTINED);
        assertThat(n.sentence()).contains("DOOR_FORCED_OPEN").contains("door:d1").contains("22021");
        assertThat(StorableText.storable(n.sentence())).isTrue();
        assertThat(StorableText.storable(n.key())).isTrue();
    }

    @Test
    void theStorableCopyOfARefusedForcedDoorStillRaisesTheForcedDoorAlarm() {
        GatewayEvent copy = refused(forcedWithNul()).storableCopy();
        assertThat(copy.type()).isEqualTo(EventType.DOOR_FORCED_OPEN);
        assertThat(copy.source()).isEqualTo("door:d1");
        assertThat(StorableText.storable(copy.sentence())).isTrue();
        assertThat(io.cagekeeper.gateway.alarms.AlarmRules.actionsFor(copy)).extracting(a -> a.type()).containsExactly("DOOR_FORCED_OPEN");
    }

    @Test
    void aJournalLineThatIsNotAnEventIsKeptAsTextOrAsBase64WhenItIsNotStorableText() {
        assertThat(QuarantineEntry.unreadable("garbage".getBytes(StandardCharsets.UTF_8), AT).content()).isEqualTo("garbage");
        byte[] bad = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 0};
        QuarantineEntry q = QuarantineEntry.unreadable(bad, AT);
        assertThat(q.encoding()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(q.content())).isEqualTo(bad);
        assertThat(q.storableCopy()).isNull();
    }
}
