package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupArchiveTest {

    @TempDir
    Path dir;

    private Path archive(String dumpText, byte[] keys) throws IOException {
        Path dump = Files.writeString(dir.resolve("in.dump"), dumpText);
        Properties info = new Properties();
        info.setProperty("site", "dc1");
        Path out = dir.resolve("site.ckbackup");
        BackupArchive.write(out, BackupArchive.KIND_PG_DUMP, dump, keys, info);
        return out;
    }

    @Test
    void whatIsWrittenIsReadBackWithItsManifest() throws Exception {
        Path out = archive("PGDMP pretend dump", new byte[] {1, 2, 3});
        Path work = Files.createDirectory(dir.resolve("work"));
        BackupArchive.Checked c = BackupArchive.read(out, work);
        assertThat(Files.readString(c.dump())).isEqualTo("PGDMP pretend dump");
        assertThat(c.sealedKeys()).containsExactly(1, 2, 3);
        assertThat(c.manifest().getProperty("site")).isEqualTo("dc1");
        assertThat(c.manifest().getProperty("format")).isEqualTo(BackupArchive.FORMAT);
        assertThat(c.kind()).isEqualTo(BackupArchive.KIND_PG_DUMP);
        assertThat(c.manifest().getProperty("database")).isEqualTo(BackupArchive.KIND_PG_DUMP);
        assertThat(dir.resolve("site.ckbackup.part")).doesNotExist();
    }

    @Test
    void anEntryThatDoesNotMatchTheManifestIsRefusedNamingIt() throws Exception {
        Path good = archive("the real dump", new byte[] {1, 2, 3});
        Path forged = dir.resolve("forged.ckbackup");
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(forged))) {
            for (String name : new String[] {BackupArchive.MANIFEST, BackupArchive.DATABASE, BackupArchive.KEYS}) {
                out.putNextEntry(new ZipEntry(name));
                try (InputStream e = in.getInputStream(in.getEntry(name))) {
                    out.write(name.equals(BackupArchive.DATABASE) ? "another dump".getBytes() : e.readAllBytes());
                }
                out.closeEntry();
            }
        }
        Path work = Files.createDirectory(dir.resolve("work"));
        assertThatThrownBy(() -> BackupArchive.read(forged, work))
                .isInstanceOf(IOException.class).hasMessageContaining("database.dump does not match its checksum");
    }

    @Test
    void aFileThatIsNoBackupIsRefused() throws Exception {
        Path notZip = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path work = Files.createDirectory(dir.resolve("work"));
        assertThatThrownBy(() -> BackupArchive.read(notZip, work)).isInstanceOf(IOException.class);
    }

    @Test
    void anEmbeddedStoresCopyTravelsUnderItsOwnNameAndKind() throws Exception {
        Path files = Files.writeString(dir.resolve("store.zip"), "pretend store");
        Path out = dir.resolve("embedded.ckbackup");
        BackupArchive.write(out, BackupArchive.KIND_EMBEDDED, files, new byte[] {4}, new Properties());
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertThat(zip.getEntry(BackupArchive.STORE)).isNotNull();
            assertThat(zip.getEntry(BackupArchive.DATABASE)).isNull();
        }
        BackupArchive.Checked c = BackupArchive.read(out, Files.createDirectory(dir.resolve("work")));
        assertThat(c.kind()).isEqualTo(BackupArchive.KIND_EMBEDDED);
        assertThat(Files.readString(c.dump())).isEqualTo("pretend store");
    }

    /** Backups written before the embedded store was covered carry no kind: they are pg_dump's, and still restore. */
    @Test
    void aBackupWithoutAKindIsAPgDump() throws Exception {
        Path good = archive("an old dump", new byte[] {1});
        Path old = dir.resolve("old.ckbackup");
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(old))) {
            for (String name : new String[] {BackupArchive.MANIFEST, BackupArchive.DATABASE, BackupArchive.KEYS}) {
                out.putNextEntry(new ZipEntry(name));
                try (InputStream e = in.getInputStream(in.getEntry(name))) {
                    byte[] bytes = e.readAllBytes();
                    if (name.equals(BackupArchive.MANIFEST)) {
                        bytes = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("(?m)^database=.*\\R", "")
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    }
                    out.write(bytes);
                }
                out.closeEntry();
            }
        }
        BackupArchive.Checked c = BackupArchive.read(old, Files.createDirectory(dir.resolve("work")));
        assertThat(c.manifest().getProperty("database")).isNull();
        assertThat(c.kind()).isEqualTo(BackupArchive.KIND_PG_DUMP);
        assertThat(Files.readString(c.dump())).isEqualTo("an old dump");
    }
}
