package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReportEvidenceTest {

    private static final NoteKey SITE = NoteKey.generate("cagekeeper/dc1");
    private static final byte[] REPORT = ("{\"exceptions\":[{\"detail\":\"a sentence with \\\"events\\\":[99] in it\",\"events\":[3,5]}],"
            + "\"sample\":{\"event_ids\":[1,5]}}").getBytes(StandardCharsets.UTF_8);

    private static byte[] leaf(int i) {
        return ("{\"id\":" + i + ",\"kind\":\"event\",\"row\":{},\"v\":1}").getBytes(StandardCharsets.UTF_8);
    }

    /** Evidence for the given events of a log of ten (leaf i = event i). */
    private static ReportEvidence evidence(byte[] report, int... events) {
        MemoryTree t = new MemoryTree();
        for (int i = 0; i < 10; i++) {
            t.append(Merkle.leafHash(leaf(i)));
        }
        Map<Long, ReportEvidence.Proof> proofs = new TreeMap<>();
        for (int e : events) {
            proofs.put((long) e, new ReportEvidence.Proof(e, leaf(e), Merkle.inclusionProof(e, 10, t)));
        }
        String note = new Checkpoint("cagekeeper/dc1", 10, t.root()).sign(List.of(SITE)).encode();
        return new ReportEvidence(ReportEvidence.sha256(report), proofs, Map.of(), note);
    }

    @Test
    void theCitedEventsAreTheExceptionsAndTheSampleButNeverTextInsideAString() {
        assertThat(ReportEvidence.cited(REPORT)).containsExactly(1L, 3L, 5L);
    }

    @Test
    void evidenceOfEveryCitedEventVerifiesAfterARoundTripThroughItsText() {
        ReportEvidence e = ReportEvidence.parse(evidence(REPORT, 1, 3, 5).encode());
        assertThat(e.verify(REPORT, NoteKey.verifier(SITE.verifierKey())).size()).isEqualTo(10);
    }

    @Test
    void refusesAMissingProofAnotherReportAnotherRowsLeafAndAnotherKey() {
        assertThatThrownBy(() -> evidence(REPORT, 1, 5).verify(REPORT, SITE)).hasMessageContaining("event 3 cited by the report is not proven");
        byte[] other = "{\"exceptions\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> evidence(REPORT, 1, 3, 5).verify(other, SITE)).hasMessageContaining("of another report");
        ReportEvidence e = evidence(REPORT, 1, 3, 5);
        Map<Long, ReportEvidence.Proof> swapped = new TreeMap<>(e.proofs());
        swapped.put(3L, e.proofs().get(5L));
        assertThatThrownBy(() -> new ReportEvidence(e.reportSha256(), swapped, Map.of(), e.checkpoint()).verify(REPORT, SITE))
                .hasMessageContaining("event 3");
        assertThatThrownBy(() -> e.verify(REPORT, NoteKey.generate("cagekeeper/dc1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportEvidence.parse("not evidence")).hasMessageContaining("not a 'cagekeeper report evidence v1' file");
    }

    @Test
    void anUnprovenEventSaysWhy() {
        ReportEvidence e = new ReportEvidence(ReportEvidence.sha256(REPORT), evidence(REPORT, 1, 5).proofs(),
                Map.of(3L, "that row was logged after the checkpoint"), evidence(REPORT).checkpoint());
        ReportEvidence back = ReportEvidence.parse(e.encode());
        assertThat(back.unproven()).containsEntry(3L, "that row was logged after the checkpoint");
        assertThatThrownBy(() -> back.verify(REPORT, SITE)).hasMessageContaining("not proven: that row was logged after the checkpoint");
    }
}
