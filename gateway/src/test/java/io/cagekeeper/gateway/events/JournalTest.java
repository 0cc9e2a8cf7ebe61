package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    /** The journal's MAC key (Gateway derives it from the site's log-signing key). */
    static final byte[] KEY = "a journal key of 32 bytes, fixed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static GatewayEvent event(String key) {
        return new GatewayEvent(key, EventType.ACCESS_GRANTED, "reader:r1", "outer", 42L, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-25T10:15:30.200Z"), "18:40211", "p-alice", "GRANT", List.of("ACCESS_LEVEL_GRANTED"),
                "grant:g-1", 7L, "Granted: Alice", List.of("CLOCK_SKEW"), Map.of("side", "ENTRY"));
    }

    @Test
    void keepsEveryFieldOfAnEventAcrossAReopen() throws Exception {
        Journal j = new Journal(dir, KEY);
        j.append(event("a"));
        j.close();
        Journal again = new Journal(dir, KEY);
        assertThat(again.read().events()).containsExactly(event("a"));
    }

    @Test
    void dropsWhatWasStoredAndKeepsWhatCameAfter() throws Exception {
        Journal j = new Journal(dir, KEY);
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
        appendAfterClosing("{\"key\":\"b\",\"ty");
        Journal.Contents c = new Journal(dir, KEY).read();
        assertThat(c.events()).extracting(GatewayEvent::key).containsExactly("a");
    }

    @Test
    void endsATornLastLineOnOpeningSoTheNextEventIsNotGluedOntoIt() throws Exception {
        appendAfterClosing("{\"key\":\"b\",\"ty");
        Journal again = new Journal(dir, KEY);
        again.append(event("c"));
        Journal.Contents c = again.read();
        assertThat(c.events()).extracting(GatewayEvent::key).containsExactly("a", "c");
        assertThat(c.forged()).as("a torn line fails its MAC").hasSize(1);
    }

    @Test
    void anEventThatCannotBeEncodedIsHandedBackAndTheOthersSharingItsFsyncAreWritten() throws Exception {
        GatewayEvent odd = GatewayEvent.door("odd", EventType.DOOR_OPENED, "d1", Instant.EPOCH, "s", Map.of("x", new Object()));
        Journal j = new Journal(dir, KEY);
        assertThat(j.appendAll(List.of(event("a"), odd, event("b")))).containsExactly(odd);
        assertThat(j.read().events()).extracting(GatewayEvent::key).containsExactly("a", "b");
    }

    @Test
    void refusesALineEditedOutsideTheGatewayAndOneWrittenWithAnotherKey() throws Exception {
        Journal j = new Journal(dir, KEY);
        j.append(event("a"));
        j.append(event("b"));
        j.close();
        Path file = dir.resolve("events.journal");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("\"result\":\"GRANT\"", "\"result\":\"DENY\"").replaceFirst("p-alice", "p-mallory"),
                StandardCharsets.UTF_8);
        Journal other = new Journal(dir.resolve("other"), "another journal key, 32 bytes..".getBytes(StandardCharsets.US_ASCII));
        other.append(event("c"));
        other.close();
        Files.write(file, Files.readAllBytes(dir.resolve("other").resolve("events.journal")), StandardOpenOption.APPEND);
        Journal.Contents c = new Journal(dir, KEY).read();
        assertThat(c.events()).isEmpty();
        assertThat(c.forged()).hasSize(3);
        assertThat(c.lines()).isEqualTo(3);
    }

    @Test
    void keepsAnUntouchedLineWhileRefusingAnEditedNeighbour() throws Exception {
        Journal j = new Journal(dir, KEY);
        j.append(event("a"));
        j.append(event("b"));
        j.close();
        Path file = dir.resolve("events.journal");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("\"key\":\"b\"", "\"key\":\"x\"")), StandardCharsets.UTF_8);
        Journal.Contents c = new Journal(dir, KEY).read();
        assertThat(c.events()).extracting(GatewayEvent::key).containsExactly("a");
        assertThat(c.forged()).hasSize(1);
    }

    /** Writes event "a", closes the journal, then appends {@code text} to its file as a crash or a stranger would. */
    private void appendAfterClosing(String text) throws Exception {
        Journal j = new Journal(dir, KEY);
        j.append(event("a"));
        j.close();
        Files.write(dir.resolve("events.journal"), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    @Test
    void isEmptyOnceEverythingIsDropped() throws Exception {
        Journal j = new Journal(dir, KEY);
        assertThat(j.isEmpty()).isTrue();
        j.append(event("a"));
        assertThat(j.isEmpty()).isFalse();
        j.dropThrough(j.read().length());
        assertThat(j.isEmpty()).isTrue();
    }

    @Test
    void keepsTextPostgresqlCannotStoreExactlyAsItWasSoAQuarantinedEventIsWhole() throws Exception {
        String nasty = "x" + (char) 0 + "y" + (char) 0xD800 + "z" + (char) 0xDFFF + "\uD83D\uDEAA";
        GatewayEvent e = new GatewayEvent("k" + (char) 0, EventType.DOOR_FORCED_OPEN, "door:d1", "d1", null, null,
                Instant.parse("2026-11-25T10:15:30Z"), null, null, null, null, null, null, nasty, null, Map.of("note", nasty));
        Journal j = new Journal(dir, KEY);
        j.append(e);
        assertThat(j.read().events()).containsExactly(e);
        byte[] raw = Files.readAllBytes(dir.resolve("events.journal"));
        assertThat(new String(raw, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).as("valid UTF-8").isEqualTo(raw);
    }

    @Test
    void createsItsDirectory0700AndItsFiles0600() throws Exception {
        Path journalDir = dir.resolve("data").resolve("journal");
        Journal j = new Journal(journalDir, KEY);
        j.append(event("a"));
        j.dropThrough(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalDir))).isEqualTo("rwx------");
        try (var files = Files.list(journalDir)) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void narrowsADirectoryAndFileLeftWorldReadableByAnOlderVersion() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(old.resolve("events.journal"), "");
        Files.setPosixFilePermissions(old.resolve("events.journal"), PosixFilePermissions.fromString("rw-r--r--"));
        new Journal(old, KEY).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old.resolve("events.journal")))).isEqualTo("rw-------");
    }

    @Test
    void handsBackALineThatIsNotAnEventInsteadOfDroppingIt() throws Exception {
        appendAfterClosing("not an event\n");
        Journal again = new Journal(dir, KEY);
        Journal.Contents c = again.read();
        assertThat(c.events()).extracting(GatewayEvent::key).containsExactly("a");
        assertThat(c.forged()).as("a stranger's line carries no MAC").hasSize(1);
        assertThat(new String(c.forged().get(0), StandardCharsets.UTF_8)).isEqualTo("not an event");
        assertThat(c.lines()).isEqualTo(2);
    }
}
