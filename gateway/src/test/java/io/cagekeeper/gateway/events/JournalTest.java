package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static GatewayEvent event(String key) {
        return new GatewayEvent(key, EventType.ACCESS_GRANTED, "reader:r1", "outer", 42L, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-25T10:15:30.200Z"), "18:40211", "p-alice", "GRANT", List.of("ACCESS_LEVEL_GRANTED"),
                "grant:g-1", 7L, "Granted: Alice", List.of("CLOCK_SKEW"), Map.of("side", "ENTRY"));
    }

    @Test
    void keepsEveryFieldOfAnEventAcrossAReopen() throws Exception {
        Journal j = new Journal(dir);
        j.append(event("a"));
        j.close();
        Journal again = new Journal(dir);
        assertThat(again.read().events()).containsExactly(event("a"));
    }

    @Test
    void dropsWhatWasStoredAndKeepsWhatCameAfter() throws Exception {
        Journal j = new Journal(dir);
        j.append(event("a"));
        j.append(event("b"));
        Journal.Contents first = j.read();
        j.append(event("c"));
        j.dropThrough(first.length());
        assertThat(j.read().events()).extracting(GatewayEvent::key).containsExactly("c");
        j.append(event("d"));
        assertThat(j.read().events()).extracting(GatewayEvent::key).containsExactly("c", "d");
    }

    @Test
    void ignoresATornLastLineLeftByACrash() throws Exception {
        Journal j = new Journal(dir);
        j.append(event("a"));
        j.close();
        Files.write(dir.resolve("events.journal"), "{\"key\":\"b\",\"ty".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Journal.Contents c = new Journal(dir).read();
        assertThat(c.events()).extracting(GatewayEvent::key).containsExactly("a");
    }

    @Test
    void isEmptyOnceEverythingIsDropped() throws Exception {
        Journal j = new Journal(dir);
        assertThat(j.isEmpty()).isTrue();
        j.append(event("a"));
        assertThat(j.isEmpty()).isFalse();
        j.dropThrough(j.read().length());
        assertThat(j.isEmpty()).isTrue();
    }
}
