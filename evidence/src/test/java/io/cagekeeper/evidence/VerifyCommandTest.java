package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int verify(String bundle, NoteKey key) throws Exception {
        Files.writeString(dir.resolve("site.pub"), key.verifierKey() + "\n");
        Files.writeString(dir.resolve("proof.txt"), bundle);
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        return VerifyCommand.run(new String[] {"--key", dir.resolve("site.pub").toString(), dir.resolve("proof.txt").toString()}, p, p);
    }

    private static byte[] leaf(int i) {
        return ("{\"id\":" + i + ",\"kind\":\"event\",\"row\":{\"result\":\"GRANT\"},\"v\":1}").getBytes(StandardCharsets.UTF_8);
    }

    private static String bundle(NoteKey site, int index, byte[] claimed) {
        MemoryTree t = new MemoryTree();
        for (int i = 0; i < 11; i++) {
            t.append(Merkle.leafHash(leaf(i)));
        }
        String note = new Checkpoint("cagekeeper/dc1", 11, t.root()).sign(List.of(site)).encode();
        return new InclusionBundle("event", index, index, claimed, Merkle.inclusionProof(index, 11, t), note).encode();
    }

    @Test
    void acceptsAProofOfALoggedEventWithTheSitesKeyAlone() throws Exception {
        NoteKey site = NoteKey.generate("cagekeeper/dc1");
        assertThat(verify(bundle(site, 7, leaf(7)), NoteKey.verifier(site.verifierKey()))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: event 7 is leaf #7 of the log 'cagekeeper/dc1' of 11 leaves");
    }

    @Test
    void refusesAnEditedLeafAnotherSitesKeyAndAnEditedCheckpoint() throws Exception {
        NoteKey site = NoteKey.generate("cagekeeper/dc1");
        byte[] edited = new String(leaf(7), StandardCharsets.UTF_8).replace("GRANT", "DENY").getBytes(StandardCharsets.UTF_8);
        assertThat(verify(bundle(site, 7, edited), site)).isEqualTo(1);
        assertThat(verify(bundle(site, 7, leaf(7)), NoteKey.generate("cagekeeper/dc1"))).isEqualTo(1);
        assertThat(verify(bundle(site, 7, leaf(7)).replace("\n11\n", "\n12\n"), site)).isEqualTo(1);
        assertThat(verify("not a proof", site)).isEqualTo(2);
    }

    @Test
    void checksADetachedSignatureOfACanonicalJsonReportAndRefusesAnEditedOne() throws Exception {
        NoteKey site = NoteKey.generate("cagekeeper/dc1");
        java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("title", "Reconciliation 2026-11");
        report.put("events", List.of(7, 9));
        String[] signed = DetachedSignature.signJson(report, site);
        assertThat(signed[0]).isEqualTo("{\"events\":[7,9],\"title\":\"Reconciliation 2026-11\"}");
        Files.writeString(dir.resolve("site.pub"), site.verifierKey());
        Files.writeString(dir.resolve("r.json"), signed[0]);
        Files.writeString(dir.resolve("r.sig"), signed[1]);
        String[] args = {"--key", dir.resolve("site.pub").toString(), "--document", dir.resolve("r.json").toString(), "--signature",
            dir.resolve("r.sig").toString()};
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(VerifyCommand.run(args, p, p)).isZero();
        Files.writeString(dir.resolve("r.json"), signed[0].replace("9", "8"));
        assertThat(VerifyCommand.run(args, p, p)).isEqualTo(1);
        assertThat(DetachedSignature.verify(signed[0].getBytes(StandardCharsets.UTF_8), signed[1], NoteKey.generate("cagekeeper/dc1")))
                .as("another key of the same name").isFalse();
    }
}
