package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineFileTest {

    @TempDir
    Path dir;

    private static QuarantineEntry entry(String key) {
        GatewayEvent e = GatewayEvent.door(key, EventType.DOOR_FORCED_OPEN, "d1", Instant.parse("2026-12-01T21:00:00Z"),
                "forced " + (char) 0, Map.of());
        return QuarantineEntry.refused(new RefusedEvent(e, new PgException("bad", "ERROR", "22021", null)), Instant.EPOCH);
    }

    @Test
    void keepsEntriesAcrossAReopenUntilTheyAreDroppedAndOnlyForItsOwner() throws Exception {
        QuarantineFile f = new QuarantineFile(dir);
        f.append(List.of(entry("a"), entry("b")));
        f.close();
        QuarantineFile again = new QuarantineFile(dir);
        QuarantineFile.Contents c = again.read();
        assertThat(c.entries()).containsExactly(entry("a"), entry("b"));
        again.append(List.of(entry("c")));
        again.dropThrough(c.length());
        assertThat(again.read().entries()).containsExactly(entry("c"));
        assertThat(again.count()).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("quarantine.journal")))).isEqualTo("rw-------");
    }

    @Test
    void aLineThatDoesNotDecodeIsKeptAsAnUnreadableEntryNotLost() throws Exception {
        new QuarantineFile(dir).close();
        Files.write(dir.resolve("quarantine.journal"), "garbage\n".getBytes(StandardCharsets.UTF_8));
        List<QuarantineEntry> entries = new QuarantineFile(dir).read().entries();
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.content()).isEqualTo("garbage"));
    }
}
