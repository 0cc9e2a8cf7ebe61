package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's zip, attacked as a restore would meet it: entries that climb out of the data
 * directory, absolute names, a torn archive. Whatever fails, nothing is written outside {@code db.dataDir}
 * and {@code db.dataDir} itself is left as it was (the unpack goes to a sibling and is renamed at the end).
 */
class EmbeddedStoreArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aRestoredStoreHoldsEveryFileAndDirectoryOfTheBackupReadableByItsOwnerOnly() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Files.writeString(store.resolve("PG_VERSION"), "16\n");
        Files.createDirectories(store.resolve("pg_notify")); // empty, and PostgreSQL needs it
        Files.createDirectories(store.resolve("base/5"));
        Files.writeString(store.resolve("base/5/1259"), "relation");
        Files.writeString(store.resolve("postmaster.pid"), "999999999\n"); // a stale one from a crash
        Path zip = dir.resolve("store.zip");
        EmbeddedStoreArchive.write(store, zip);

        Path restored = dir.resolve("restored");
        EmbeddedStoreArchive.restore(zip, restored);

        assertThat(restored.resolve("PG_VERSION")).hasContent("16");
        assertThat(restored.resolve("base/5/1259")).hasContent("relation");
        assertThat(restored.resolve("pg_notify")).isEmptyDirectory();
        assertThat(restored.resolve("postmaster.pid")).as("the restored store must not look running").doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("base/5")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("base/5/1259")))).isEqualTo("rw-------");
        assertThat(siblingsOf(restored)).as("no staging directory left beside it").containsExactlyInAnyOrder("store", "store.zip", "restored");
    }

    @Test
    void anEntryThatClimbsOutOfTheDataDirectoryIsRefusedAndNothingIsWrittenAnywhere() throws Exception {
        Path zip = zip("evil.zip", "PG_VERSION", "16\n", "base/1", "fine", "../escaped", "owned", "base/../../escaped2", "owned");
        Path target = dir.resolve("data");

        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(zip, target)).isInstanceOf(IOException.class)
                .hasMessage("the backup names a file outside the data directory: ../escaped");

        assertThat(dir.resolve("escaped")).doesNotExist();
        assertThat(target).as("not even the entries before the bad one").doesNotExist();
        assertThat(siblingsOf(target)).containsExactly("evil.zip");
    }

    @Test
    void anEntryThatClimbsOutThroughASubdirectoryIsRefusedToo() throws Exception {
        Path zip = zip("evil.zip", "base/1", "fine", "base/../../escaped", "owned");
        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(zip, dir.resolve("data")))
                .hasMessageContaining("outside the data directory: base/../../escaped");
        assertThat(dir.resolve("escaped")).doesNotExist();
        assertThat(siblingsOf(dir.resolve("data"))).containsExactly("evil.zip");
    }

    @Test
    void anAbsoluteEntryNameIsRefused() throws Exception {
        Path outside = dir.resolve("outside.txt");
        Path zip = zip("evil.zip", outside.toString(), "owned");
        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(zip, dir.resolve("data")))
                .hasMessageContaining("outside the data directory");
        assertThat(outside).doesNotExist();
    }

    @Test
    void anEntryNamingTheDataDirectoryItselfIsRefused() throws Exception {
        Path zip = zip("evil.zip", ".", "x");
        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(zip, dir.resolve("data")))
                .hasMessageContaining("outside the data directory");
    }

    @Test
    void aTornArchiveLeavesTheEmptyDataDirectoryEmpty() throws Exception {
        java.util.Random random = new java.util.Random(1);
        StringBuilder incompressible = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            incompressible.append((char) ('!' + random.nextInt(90)));
        }
        Path whole = zip("whole.zip", "PG_VERSION", "16\n", "base/1", incompressible.toString());
        byte[] bytes = Files.readAllBytes(whole);
        Path torn = Files.write(dir.resolve("torn.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path target = Files.createDirectories(dir.resolve("data"));

        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(torn, target)).isInstanceOf(IOException.class);

        assertThat(target).isEmptyDirectory();
        assertThat(siblingsOf(target)).containsExactlyInAnyOrder("whole.zip", "torn.zip", "data");
    }

    @Test
    void aDataDirectoryThatHoldsAnythingIsNotWrittenInto() throws Exception {
        Path zip = zip("good.zip", "PG_VERSION", "16\n");
        Path target = Files.createDirectories(dir.resolve("data"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> EmbeddedStoreArchive.restore(zip, target)).hasMessageContaining("is not empty");
        assertThat(target.resolve("keep.txt")).hasContent("mine");
        assertThat(target.resolve("PG_VERSION")).doesNotExist();
    }

    /** A zip of the given (name, content) pairs, names taken as they are: nothing normalises them. */
    private Path zip(String file, String... namesAndContents) throws IOException {
        Path zip = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndContents[i]));
                z.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    private List<String> siblingsOf(Path p) throws IOException {
        try (Stream<Path> all = Files.list(p.getParent())) {
            return all.map(f -> f.getFileName().toString()).toList();
        }
    }
}
