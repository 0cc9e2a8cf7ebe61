package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedExportTest {

    private static final NoteKey SITE = NoteKey.generate("cagekeeper/test");

    private static String export(int rows, NoteKey key) {
        SignedExport e = new SignedExport();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", Integer.toString(i));
            row.put("sentence", i == 2 ? "quote \" and \"rows\":99 inside" : "Granted: Ünal " + i);
            row.put("card", null);
            e.append(row, out);
        }
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("filters", Map.of("zone", "vault"));
        about.put("exportedAt", "2026-12-02T19:00:00Z");
        about.put("checkpoint", SignedExport.checkpoint(new Checkpoint("cagekeeper/test", 7, new byte[32]).sign(List.of(SITE)).encode()));
        return out + e.trailer(about, key);
    }

    private static ExportCheck.Result check(String file) throws Exception {
        return ExportCheck.check(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), SITE);
    }

    private static String withLines(String file, java.util.function.Consumer<List<String>> edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(file.split("\n")));
        edit.accept(lines);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void eachLineIsCanonicalJsonNumberedAndChainedAndTheTrailerSignsTheManifest() throws Exception {
        String file = export(3, SITE);
        String[] lines = file.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("{\"n\":1,\"prev\":\"" + "0".repeat(64) + "\",\"row\":{\"card\":null,\"id\":\"1\",");
        assertThat(lines[3]).startsWith("{\"manifest\":{\"checkpoint\":{\"origin\":\"cagekeeper/test\",\"root\":")
                .contains("\"format\":\"cagekeeper-export/1\"", "\"rows\":3", "\"filters\":{\"zone\":\"vault\"}")
                .contains(",\"signature\":{\"alg\":\"Ed25519\",\"key\":\"cagekeeper/test+" + SITE.keyIdHex() + "\",\"value\":\"");
        ExportCheck.Result r = check(file);
        assertThat(r.problem()).isNull();
        assertThat(r.summary()).startsWith("3 rows, SHA-256 ").contains("filters {\"zone\":\"vault\"}", "of 7 leaves");
    }

    @Test
    void anEmptyExportIsJustItsSignedManifest() throws Exception {
        String file = export(0, SITE);
        assertThat(file.split("\n")).hasSize(1);
        assertThat(check(file).ok()).isTrue();
    }

    @Test
    void anEditedLineIsNamed() throws Exception {
        String file = export(5, SITE);
        assertThat(check(withLines(file, l -> l.set(2, l.get(2).replace("Ünal 3", "Ünal 9")))).problem())
                .isEqualTo("line 3 was changed: it does not hash to what line 4 records");
        assertThat(check(withLines(file, l -> l.set(4, l.get(4).replace("Ünal 5", "Ünal 9")))).problem())
                .startsWith("line 5 was changed: it does not hash to what the manifest records");
    }

    @Test
    void aDeletedInsertedOrMovedLineIsNamed() throws Exception {
        String file = export(5, SITE);
        assertThat(check(withLines(file, l -> l.remove(1))).problem()).startsWith("line 2 is numbered 3: the line before it was deleted");
        assertThat(check(withLines(file, l -> l.add(3, l.get(1)))).problem()).startsWith("line 4 is numbered 2: a line was inserted");
        assertThat(check(withLines(file, l -> java.util.Collections.swap(l, 1, 2))).problem()).startsWith("line 2 is numbered 3");
        assertThat(check(withLines(file, l -> l.remove(4))).problem()).isEqualTo("the file ends at line 4 of 5: the lines after it were deleted");
        assertThat(check(withLines(file, l -> l.add(0, "{}"))).problem()).isEqualTo("line 1 is not a line of cagekeeper-export/1");
    }

    @Test
    void aManifestSignedByAnotherKeyOrEditedOrMissingIsRefused() throws Exception {
        assertThat(check(export(2, NoteKey.generate("cagekeeper/test"))).problem()).startsWith("the manifest does not carry a valid signature");
        String file = export(2, SITE);
        assertThat(check(withLines(file, l -> l.set(2, l.get(2).replace("\"rows\":2", "\"rows\":1")))).problem())
                .startsWith("the manifest does not carry a valid signature");
        assertThat(check(withLines(file, l -> l.remove(2))).problem()).startsWith("the last line is not a signed manifest");
    }

    @Test
    void verifyCommandChecksAnExportFileAndNamesTheBadLine() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("export");
        java.nio.file.Path key = dir.resolve("site.pub");
        java.nio.file.Files.writeString(key, SITE.verifierKey() + "\n");
        java.nio.file.Path file = dir.resolve("events.jsonl");
        java.nio.file.Files.writeString(file, export(3, SITE));
        var out = new java.io.ByteArrayOutputStream();
        var ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(VerifyCommand.run(new String[] {"--export", file.toString(), "--key", key.toString()}, ps, ps)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: " + file + " is signed by cagekeeper/test+");
        java.nio.file.Files.writeString(file, withLines(export(3, SITE), l -> l.set(0, l.get(0).replace("Ünal 1", "Ünal 2"))));
        out.reset();
        assertThat(VerifyCommand.run(new String[] {"--key", key.toString(), "--export", file.toString()}, ps, ps)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("FAILED: " + file + ": line 1 was changed: it does not hash to what line 2 records\n");
    }
}
